/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Segment → Get Many (actions/segment/getAll.operation.ts): getAll.workflow.json, as the editor saves it,
// run by the real n8n-core engine against the sandbox.
import { segmentSchema } from '../../../../tools/schemas';
import { NODE_NAME } from '../../../../tools/support/node-env';
import {
	expectRefusedBeforeAnyRequest,
	useOperationTest,
} from '../../../../tools/support/operationTest';

const { env, saved } = useOperationTest(__dirname, 'getAll', { visitors: 60 });
const segmentRequests = () => env.sandbox.requests.filter((r) => r.path === '/api/v1/segments/');

test('getAll.workflow.json (Return All): every segment of the account, paired with the trigger item', async () => {
	const output = await saved.output();
	expect(output).toEqual(
		env.sandbox.store.segments.map((json) => ({ json, pairedItem: { item: 0 } })),
	);
	output.forEach((s) => segmentSchema.parse(s.json));
	expect(segmentRequests().length).toBeGreaterThan(0);
});

test('runs once for every input item, each output paired with its item', async () => {
	const run = await saved.run({
		parameters: { returnAll: false, limit: 3 },
		input: [{ a: 1 }, { a: 2 }, { a: 3 }],
	});
	const output = run.output(NODE_NAME);
	expect(output).toHaveLength(9);
	expect(output.map((i) => (i.pairedItem as { item: number }).item)).toEqual([
		0, 0, 0, 1, 1, 1, 2, 2, 2,
	]);
	expect(segmentRequests()).toHaveLength(3);
});

test('bad input: a Limit of 2.5 from an expression fails before any request', async () => {
	const run = await env.run({ resource: 'segment', operation: 'getAll', limit: '={{ 2.5 }}' });
	expectRefusedBeforeAnyRequest(env, run, /'Limit' must be a whole number/);
});
