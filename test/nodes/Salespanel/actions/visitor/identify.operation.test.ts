/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Visitor → Identify (actions/visitor/identify.operation.ts): identify.workflow.json, as the editor saves
// it, run by the real n8n-core engine against the sandbox; then the same node fed several items.
import { NODE_NAME } from '../../../../tools/support/node-env';
import {
	expectRefusedBeforeAnyRequest,
	useOperationTest,
} from '../../../../tools/support/operationTest';

const { env, saved } = useOperationTest(__dirname, 'identify', { visitors: 60 });
const SAVED_ID = 'fce530e0-45f6-7232-3984-2c190ef346fb';
const anonymous = () => env.sandbox.store.visitors.filter((v) => !v.person_details?.email);
const stored = (id: string) => env.sandbox.store.visitors.find((v) => v.contact_id === id);
const byItems = { visitorId: '={{ $json.id }}', email: '={{ $json.email }}' };

test('identify.workflow.json: the visitor picked From List gets the email; exactly the documented body is sent', async () => {
	expect(stored(SAVED_ID)?.person_details?.email ?? null).toBeNull();
	const output = await saved.output();
	expect(env.sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
		[
			'POST',
			`/api/v1/visitors/${SAVED_ID}/identify/`,
			{ email: 'new.lead+crm@acme.io', identified_through: 'form_submission' },
		],
	]);
	expect(stored(SAVED_ID)?.person_details?.email).toBe('new.lead+crm@acme.io');
	expect(output).toHaveLength(1);
	expect(output[0].pairedItem).toEqual({ item: 0 });
	expect(output[0].json.contact_id).toBe(SAVED_ID);
});

test('runs for every input item, outputs paired', async () => {
	const targets = anonymous().slice(0, 4);
	const input = targets.map((v, i) => ({ id: v.contact_id, email: `person${i}@example.org` }));
	const run = await saved.run({ parameters: byItems, input });
	expect(run.error).toBeUndefined();
	expect(run.output(NODE_NAME).map((i) => i.pairedItem)).toEqual(
		[0, 1, 2, 3].map((item) => ({ item })),
	);
	targets.forEach((v, i) =>
		expect(stored(v.contact_id)?.person_details?.email).toBe(`person${i}@example.org`),
	);
	expect(env.sandbox.requests.map((r) => r.body)).toEqual(
		expect.arrayContaining(
			input.map(({ email }) => ({ email, identified_through: 'form_submission' })),
		),
	);
});

describe('bad input: a clear error naming the field, and no request at all', () => {
	test('a bad email', async () => {
		const run = await env.run({
			resource: 'visitor',
			operation: 'identify',
			visitorId: anonymous()[0].contact_id,
			email: 'jane@',
		});
		expectRefusedBeforeAnyRequest(env, run, /'Email' is not a valid email/);
	});

	test('one bad item among good ones stops the run before the first request: nothing half-written', async () => {
		const targets = anonymous().slice(0, 3);
		const input = [
			{ id: targets[0].contact_id, email: 'ok1@example.org' },
			{ id: targets[1].contact_id, email: 'not-an-email' },
			{ id: targets[2].contact_id, email: 'ok3@example.org' },
		];
		const run = await saved.run({ parameters: byItems, input });
		expect(run.error?.message).toMatch(/'Email' is not a valid email address: "not-an-email"/);
		expect(env.sandbox.requests).toHaveLength(0);
	});
});
