/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Visitor → Get (actions/visitor/get.operation.ts): get.workflow.json, as the editor saves it, run by
// the real n8n-core engine against the sandbox; then the same node with other parameters.
import { simplifiedVisitorSchema } from '../../../../tools/schemas';
import { NODE_NAME } from '../../../../tools/support/node-env';
import { describeBadInput, useOperationTest } from '../../../../tools/support/operationTest';

const { env, saved } = useOperationTest(__dirname, 'get', { visitors: 60 });
const SAVED_ID = '129f61c2-031a-358b-8b7a-f5c85ba1e4be';
const apiRequests = () => env.sandbox.requests.map((r) => [r.method, r.path]);
const visitor = (id: string) => env.sandbox.store.visitors.find((v) => v.contact_id === id)!;

test('get.workflow.json: the visitor by ID (By ID mode), untouched with Simplify off, paired with the trigger item', async () => {
	expect(await saved.output()).toEqual([{ json: visitor(SAVED_ID), pairedItem: { item: 0 } }]);
	expect(apiRequests()).toEqual([['GET', `/api/v1/visitors/${SAVED_ID}/`]]);
});

test('By Email: read from the attribution endpoint and returned as the same visitor, attribution extras dropped', async () => {
	const lead = visitor(SAVED_ID);
	const email = lead.person_details!.email!;
	const run = await saved.run({
		parameters: { visitorId: { __rl: true, mode: 'email', value: email } },
	});
	expect(run.error).toBeUndefined();
	expect(run.output(NODE_NAME)).toEqual([{ json: lead, pairedItem: { item: 0 } }]);
	expect(apiRequests()).toEqual([
		['GET', `/api/v1/visitors/attribution/${encodeURIComponent(email)}/`],
	]);
});

test('Simplify on (the default): the flat shape of that visitor', async () => {
	const run = await saved.run({ parameters: { simplify: true } });
	const [item] = run.json(NODE_NAME);
	expect(simplifiedVisitorSchema.parse(item)).toMatchObject({
		contact_id: SAVED_ID,
		email: visitor(SAVED_ID).person_details!.email,
	});
});

test('Continue On Fail: a failing item yields { error } paired with it; the others go on', async () => {
	const leads = env.sandbox.store.visitors.filter((v) => !!v.person_details?.email);
	const [a, b] = leads;
	const run = await saved.run({
		parameters: { visitorId: '={{ $json.id }}', simplify: true },
		settings: { onError: 'continueRegularOutput' },
		input: [
			{ id: a.contact_id },
			{ id: 'not-a-uuid' },
			{ id: '00000000-0000-0000-0000-000000000000' },
			{ id: b.contact_id },
		],
	});
	expect(run.error).toBeUndefined();
	const output = run.output(NODE_NAME);
	expect(output.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
	expect(output[0].json.contact_id).toBe(a.contact_id);
	expect(output[1].json.error).toMatch(/'Visitor' is neither a visitor ID nor an email address/);
	expect(output[2].json.error).toMatch(
		/Visitor "00000000-0000-0000-0000-000000000000" not found \(404\)$/,
	);
	expect(output[2].json.httpCode).toBe('404');
	expect(output[3].json.contact_id).toBe(b.contact_id);
	// The invalid item sent nothing; the three others one request each.
	expect(env.sandbox.requests.filter((r) => r.path.startsWith('/api/v1/'))).toHaveLength(3);
});

describeBadInput(env, () => ({ resource: 'visitor', operation: 'get' }), [
	[
		'visitor ID not a UUID',
		{ visitorId: 'abc' },
		/'Visitor' is neither a visitor ID nor an email address/,
	],
	['empty visitor ID', { visitorId: ' ' }, /'Visitor' is empty/],
]);
