// Read operations of the Salespanel node, run through the real n8n-core engine against the sandbox.
import type { IDataObject } from 'n8n-workflow';

import { selectCompanies, selectVisitors } from '../../../tools/sandbox';
import {
	activitySchema,
	attributionVisitorSchema,
	segmentSchema,
	simplifiedVisitorSchema,
	visitingCompanySchema,
	visitorSchema,
} from '../../../tools/schemas';
import { NODE_NAME, startNodeEnv, type NodeEnv } from '../../../tools/support/node-env';

let env: NodeEnv;
const NOW = Date.parse('2026-11-27T12:00:00Z');

beforeAll(async () => {
	env = await startNodeEnv({ visitors: 1234, now: () => NOW });
});
afterAll(async () => await env.close());
beforeEach(() => env.sandbox.resetLog());

/** Activity items carry the visitor they belong to; strip it to compare with the API objects. */
const withoutVisitor = (item: IDataObject) => {
	const copy = { ...item };
	delete copy.visitor;
	return copy;
};
const listRequests = (path: string) => env.sandbox.requests.filter((r) => r.path === path);
const json = async (parameters: IDataObject, input?: IDataObject[]) => {
	const run = await env.run(parameters as never, input);
	expect(run.error).toBeUndefined();
	return run.json(NODE_NAME);
};

describe('Get Many with Return All', () => {
	test('visitors: every one of 1,234, in 13 pages of 100, no trailing empty request', async () => {
		const items = await json({ resource: 'visitor', operation: 'getAll', returnAll: true, simplify: false });
		expect(items.map((v) => v.contact_id)).toEqual(env.sandbox.store.visitors.map((v) => v.contact_id));
		items.forEach((v) => visitorSchema.parse(v));
		const pages = listRequests('/api/v1/visitors/');
		expect(pages.map((r) => [r.query.limit, r.query.offset])).toEqual(
			Array.from({ length: 13 }, (_, i) => ['100', String(i * 100)]),
		);
	});

	test('leads: exactly the leads active in the last 24 h, most recent first', async () => {
		const expected = selectVisitors(env.sandbox.store, NOW, true, false).map((v) => v.contact_id);
		expect(expected.length).toBeGreaterThan(100);
		const items = await json({ resource: 'lead', operation: 'getAll', returnAll: true, simplify: false });
		expect(items.map((v) => v.contact_id)).toEqual(expected);
	});

	test('leads with Select by First Activity sends the flag and returns that set', async () => {
		const expected = selectVisitors(env.sandbox.store, NOW, true, true).map((v) => v.contact_id);
		const items = await json({ resource: 'lead', operation: 'getAll', returnAll: true, options: { selectByFirstActivity: true } });
		expect(items.map((v) => v.contact_id)).toEqual(expected);
		expect(listRequests('/api/v1/leads/').every((r) => r.query.select_by_first_activity === 'true')).toBe(true);
	});

	test('visiting companies: the companies of the last 24 h, validated against the schema', async () => {
		const expected = selectCompanies(env.sandbox.store, NOW, false);
		const items = await json({ resource: 'visitingCompany', operation: 'getAll', returnAll: true });
		expect(items).toEqual(expected);
		items.forEach((c) => visitingCompanySchema.parse(c));
	});

	test('segments: all of them', async () => {
		const items = await json({ resource: 'segment', operation: 'getAll', returnAll: true });
		expect(items.map((s) => s.segment_id)).toEqual(env.sandbox.store.segments.map((s) => s.segment_id));
		items.forEach((s) => segmentSchema.parse(s));
	});
});

describe('Get Many with Limit', () => {
	test.each([
		[1, [['1', '0']]],
		[50, [['50', '0']]],
		[100, [['100', '0']]],
		[101, [['100', '0'], ['1', '100']]],
		[250, [['100', '0'], ['100', '100'], ['50', '200']]],
	])('limit %i asks only for what is still needed', async (limit, expectedPages) => {
		const items = await json({ resource: 'visitor', operation: 'getAll', returnAll: false, limit, simplify: false });
		expect(items.map((v) => v.contact_id)).toEqual(env.sandbox.store.visitors.slice(0, limit).map((v) => v.contact_id));
		expect(listRequests('/api/v1/visitors/').map((r) => [r.query.limit, r.query.offset])).toEqual(expectedPages);
	});

	test('the default limit is 50', async () => {
		const items = await json({ resource: 'visitor', operation: 'getAll' });
		expect(items).toHaveLength(50);
	});

	test('Get Many runs once for every input item, each output paired with its item', async () => {
		const run = await env.run({ resource: 'segment', operation: 'getAll', limit: 3 } as never, [{ a: 1 }, { a: 2 }, { a: 3 }]);
		const output = run.output(NODE_NAME);
		expect(output).toHaveLength(9);
		expect(output.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
		expect(listRequests('/api/v1/segments/')).toHaveLength(3);
	});
});

describe('Simplify', () => {
	test('on (default): the flat shape, values taken from the API object', async () => {
		const items = await json({ resource: 'visitor', operation: 'getAll', limit: 20 });
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

	test('off: the API object untouched', async () => {
		const items = await json({ resource: 'lead', operation: 'getAll', limit: 3, simplify: false });
		const expected = selectVisitors(env.sandbox.store, NOW, true, false).slice(0, 3);
		expect(items).toEqual(expected);
	});
});

describe('Get, Get Attribution, activities', () => {
	test('Get returns the visitor by ID', async () => {
		const visitor = env.sandbox.store.visitors[7];
		const [item] = await json({ resource: 'visitor', operation: 'get', visitorId: visitor.contact_id, simplify: false });
		expect(item).toEqual(visitor);
	});

	test('Get Attribution by an email with "+" percent-encodes the path', async () => {
		const visitor = env.sandbox.store.visitors.find((v) => v.person_details?.email?.includes('+'));
		expect(visitor).toBeDefined();
		const email = visitor!.person_details!.email as string;
		const [raw] = await json({ resource: 'visitor', operation: 'getAttribution', visitorIdentifier: email, simplify: false });
		attributionVisitorSchema.parse(raw);
		expect(raw.contact_id).toBe(visitor!.contact_id);
		expect(env.sandbox.requests[0].path).toBe(`/api/v1/visitors/attribution/${encodeURIComponent(email)}/`);
		expect(env.sandbox.requests[0].path).toContain('%2B');
		const [simple] = await json({ resource: 'visitor', operation: 'getAttribution', visitorIdentifier: visitor!.contact_id });
		expect(simple).toMatchObject({
			contact_id: visitor!.contact_id,
			landing_page: (raw.attribution_details as IDataObject).landing_page,
			first_touch_source: (raw.attribution_details as IDataObject).landing_page_source,
		});
	});

	test('activities: all of a visitor, newest first; type filter applies before the limit', async () => {
		const visitor = env.sandbox.store.visitors.find((v) => (env.sandbox.store.activities.get(v.contact_id) ?? []).length >= 8)!;
		const all = env.sandbox.store.activities.get(visitor.contact_id)!;
		const items = await json({ resource: 'activity', operation: 'getAll', visitorIdentifier: visitor.contact_id, returnAll: true });
		expect(items.map(withoutVisitor)).toEqual(all);
		items.forEach(({ visitor: id, ...a }) => {
			expect(id).toBe(visitor.contact_id);
			activitySchema.parse(a);
		});
		const links = all.filter((a) => a.activity_type === 'links');
		const limited = await json({
			resource: 'activity',
			operation: 'getAll',
			visitorIdentifier: visitor.contact_id,
			limit: 2,
			options: { activityTypes: ['links'] },
		});
		expect(limited.map(withoutVisitor)).toEqual(links.slice(0, 2));
	});
});
