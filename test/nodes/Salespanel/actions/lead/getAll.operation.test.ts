/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Lead → Get Many (actions/lead/getAll.operation.ts, a listing of actions/listing.ts): getAll.workflow.json,
// as the editor saves it, run by the real n8n-core engine against a sandbox of 1,234 visitors.
import { selectVisitors } from '../../../../tools/sandbox';
import { NODE_NAME } from '../../../../tools/support/node-env';
import {
	expectRefusedBeforeAnyRequest,
	SANDBOX_NOW,
	useOperationTest,
} from '../../../../tools/support/operationTest';

const { env, saved } = useOperationTest(__dirname, 'getAll', { visitors: 1234 });
const leadRequests = () => env.sandbox.requests.filter((r) => r.path === '/api/v1/leads/');
const leads = (byFirstActivity: boolean) =>
	selectVisitors(env.sandbox.store, SANDBOX_NOW, true, byFirstActivity);

test('getAll.workflow.json (Return All, Simplify off): exactly the leads active in the last 24 h, most recent first, untouched', async () => {
	const expected = leads(false);
	expect(expected.length).toBeGreaterThan(100);
	expect(await saved.output()).toEqual(expected.map((json) => ({ json, pairedItem: { item: 0 } })));
	expect(leadRequests().map((r) => r.query.offset)).toEqual(
		Array.from({ length: Math.ceil(expected.length / 100) }, (_, i) => String(i * 100)),
	);
	expect(leadRequests().every((r) => r.query.select_by_first_activity === undefined)).toBe(true);
});

test('Select by First Activity sends the flag and returns that set', async () => {
	const expected = leads(true).map((v) => v.contact_id);
	const run = await saved.run({
		parameters: { options: { selectByFirstActivity: true } },
	});
	expect(run.json(NODE_NAME).map((v) => v.contact_id)).toEqual(expected);
	expect(leadRequests().every((r) => r.query.select_by_first_activity === 'true')).toBe(true);
});

test('Limit 3 with Simplify off: the first three, untouched', async () => {
	const run = await env.run({ resource: 'lead', operation: 'getAll', limit: 3, simplify: false });
	expect(run.json(NODE_NAME)).toEqual(leads(false).slice(0, 3));
});

test('bad input: Limit 0 fails before any request', async () => {
	const run = await env.run({ resource: 'lead', operation: 'getAll', limit: 0 });
	expectRefusedBeforeAnyRequest(env, run, /'Limit' must be a whole number/);
});
