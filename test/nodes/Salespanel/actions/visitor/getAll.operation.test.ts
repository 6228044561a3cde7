/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Visitor → Get Many (actions/visitor/getAll.operation.ts, a listing of actions/listing.ts): getAll.workflow.json,
// as the editor saves it, run by the real n8n-core engine against a sandbox of 1,234 visitors.
import { simplifiedVisitorSchema, visitorSchema } from '../../../../tools/schemas';
import { NODE_NAME } from '../../../../tools/support/node-env';
import { useOperationTest } from '../../../../tools/support/operationTest';

const { env, saved } = useOperationTest(__dirname, 'getAll', { visitors: 1234 });
const pages = () =>
	env.sandbox.requests
		.filter((r) => r.path === '/api/v1/visitors/')
		.map((r) => [r.query.limit, r.query.offset]);
const contactIds = (list: Array<{ contact_id?: unknown }>) => list.map((v) => v.contact_id);

test('getAll.workflow.json (Return All): every one of 1,234, in 13 pages of 100, no trailing empty request', async () => {
	const output = await saved.output();
	expect(contactIds(output.map((i) => i.json))).toEqual(contactIds(env.sandbox.store.visitors));
	expect(output.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(
		true,
	);
	output.forEach((i) => visitorSchema.parse(i.json));
	expect(pages()).toEqual(Array.from({ length: 13 }, (_, i) => ['100', String(i * 100)]));
});

describe('Limit', () => {
	test.each([
		[1, [['1', '0']]],
		[50, [['50', '0']]],
		[100, [['100', '0']]],
		[
			101,
			[
				['100', '0'],
				['1', '100'],
			],
		],
		[
			250,
			[
				['100', '0'],
				['100', '100'],
				['50', '200'],
			],
		],
	])('limit %i asks only for what is still needed', async (limit, expectedPages) => {
		const run = await saved.run({ parameters: { returnAll: false, limit } });
		expect(contactIds(run.json(NODE_NAME))).toEqual(
			contactIds(env.sandbox.store.visitors.slice(0, limit)),
		);
		expect(pages()).toEqual(expectedPages);
	});

	test('the default limit is 50', async () => {
		const run = await env.run({ resource: 'visitor', operation: 'getAll' });
		expect(run.json(NODE_NAME)).toHaveLength(50);
		expect(pages()).toEqual([['50', '0']]);
	});
});

test('Simplify on (the default): the flat shape, values taken from the API object', async () => {
	const run = await env.run({ resource: 'visitor', operation: 'getAll', limit: 20 });
	const items = run.json(NODE_NAME);
	items.forEach((v) => simplifiedVisitorSchema.parse(v));
	const source = env.sandbox.store.visitors[0];
	expect(items[0]).toMatchObject({
		contact_id: source.contact_id,
		email: source.person_details?.email ?? null,
		company_name: source.company_details?.name ?? null,
		page_visits: source.web_activity_summary.total_page_visits,
		last_seen: source.web_activity_summary.last_seen,
		tags: source.visitor_tags ?? [],
	});
});
