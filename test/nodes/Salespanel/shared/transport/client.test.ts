// SalespanelClient (transport/client.ts) through the real engine, with nock pinning exact request
// shapes and answers: one credential load per execution, every attempt counted, 429 / Retry-After
// waited, the retry policy carried out by method, getMany's pages, error messages, and the token
// staying out of every error.
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_CLIENT_SETTINGS } from '../../../../../nodes/Salespanel/shared/transport/client';
import { chain, manualTrigger, withItems } from '../../../../tools/harness';
import { PROBE_NAME, recordingClock, runProbe } from '../../../../tools/support/client-probe';
import {
	createSalespanelEngine,
	NODE_NAME,
	salespanelNode,
	startNodeEnv,
	type NodeEnv,
} from '../../../../tools/support/node-env';
import { useNock } from '../../../../tools/support/nock';

const API = 'https://salespanel.io';
const TOKEN = ['nock', 'token', 'do-not-leak-7f3a'].join('-');
const engine = createSalespanelEngine(API, TOKEN);

const run = async (parameters: IDataObject, input?: IDataObject[]) => {
	const node = salespanelNode(parameters as never);
	return await engine.run(input ? withItems(input, node) : chain([manualTrigger(), node]));
};
/** An answer of the segment list, any query. */
const segmentsList = () => nock(API).get('/api/v1/segments/').query(true);
/** The calls these tests make again and again. */
const ALL_SEGMENTS = { resource: 'segment', operation: 'getAll', returnAll: true };
const ALL_VISITORS = { resource: 'visitor', operation: 'getAll', returnAll: true, simplify: false };
const CREATE_ACTIVITY = {
	resource: 'activity',
	operation: 'create',
	visitorIdentifier: 'jane@acme.com',
	category: 'c',
	label: 'l',
};
const visitors = (from: number, count: number) =>
	Array.from({ length: count }, (_, i) => ({
		contact_id: `00000000-0000-0000-0000-${String(from + i).padStart(12, '0')}`,
	}));
const page = (results: IDataObject[], next: boolean, count = 0) => ({
	pagination: {
		count,
		next: next ? `${API}/api/v1/visitors/?limit=100&offset=999` : null,
		previous: null,
	},
	results,
});

useNock();

describe('one client per execution', () => {
	test('loads the credential once for all its requests and counts every attempt it sent', async () => {
		segmentsList().reply(429, { detail: 'Request was throttled.' }, { 'Retry-After': '0' });
		segmentsList().times(3).reply(200, []);
		const result = await runProbe(
			{ baseUrl: API, apiToken: TOKEN },
			{ clock: recordingClock() },
			async (client, context) => {
				const loads = jest.spyOn(context, 'getCredentials');
				await Promise.all(
					[0, 1, 2].map(async () => await client.request({ method: 'GET', path: 'segments/' })),
				);
				return {
					loads: loads.mock.calls.length,
					sent: client.requestsSent,
					throttled: client.waitSummary().throttled,
				};
			},
		);
		expect(result.json(PROBE_NAME)).toEqual([{ value: { loads: 1, sent: 4, throttled: 1 } }]);
	});
});

describe('request shape', () => {
	test('GET with the credential header, JSON accept and the documented trailing slash', async () => {
		const scope = nock(API, {
			reqheaders: { authorization: `Token ${TOKEN}`, accept: /application\/json/ },
		})
			.get('/api/v1/segments/')
			.query({ limit: '5', offset: '0' })
			.reply(200, {
				pagination: { count: 1, next: null, previous: null },
				results: [{ segment_id: 's1', name: 'A' }],
			});
		const result = await run({ resource: 'segment', operation: 'getAll', limit: 5 });
		expect(result.error).toBeUndefined();
		expect(result.json(NODE_NAME)).toEqual([{ segment_id: 's1', name: 'A' }]);
		scope.done();
	});
});

describe('pagination', () => {
	test.each([
		[0, [0]],
		[1, [1]],
		[100, [100]],
		[101, [100, 1]],
		[1234, [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 34]],
	])('%i items: exactly the pages needed, next=null ends it', async (total, pageSizes) => {
		const all = visitors(0, total);
		pageSizes.forEach((size, index) => {
			nock(API)
				.get('/api/v1/visitors/')
				.query({ limit: '100', offset: String(index * 100) })
				.reply(
					200,
					page(all.slice(index * 100, index * 100 + size), index < pageSizes.length - 1, total),
				);
		});
		const result = await run(ALL_VISITORS);
		expect(result.json(NODE_NAME)).toEqual(all);
	});

	test('a bare JSON array is one complete page', async () => {
		const activities = [
			{ activity_type: 'email', subject: 'Hi', created_on: '2024-01-20T09:15:30Z' },
		];
		nock(API)
			.get('/api/v1/visitors/jane%40acme.com/activities/')
			.query(true)
			.reply(200, activities);
		const result = await run({
			resource: 'activity',
			operation: 'getAll',
			visitorIdentifier: 'jane@acme.com',
			returnAll: true,
		});
		expect(result.json(NODE_NAME)).toEqual([{ visitor: 'jane@acme.com', ...activities[0] }]);
	});

	test('items seen on an earlier page are dropped when data shifts while paging', async () => {
		const all = visitors(0, 150);
		nock(API)
			.get('/api/v1/visitors/')
			.query({ limit: '100', offset: '0' })
			.reply(200, page(all.slice(0, 100), true, 150));
		// One visitor moved to the front: the second page starts one item earlier.
		nock(API)
			.get('/api/v1/visitors/')
			.query({ limit: '100', offset: '100' })
			.reply(200, page(all.slice(99, 150), false, 150));
		const result = await run(ALL_VISITORS);
		expect(result.json(NODE_NAME)).toEqual(all);
	});
});

describe('throttling (429)', () => {
	test('waits Retry-After, then succeeds', async () => {
		segmentsList().reply(
			429,
			{ detail: 'Request was throttled. Expected available in 1 second.' },
			{ 'Retry-After': '0.2' },
		);
		segmentsList().reply(200, []);
		const started = Date.now();
		const result = await run(ALL_SEGMENTS);
		expect(result.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(200);
	});

	test('gives up at once when Retry-After exceeds the wait budget, naming the throttle', async () => {
		segmentsList().reply(
			429,
			{ detail: 'Request was throttled. Expected available in 86000 seconds.' },
			{ 'Retry-After': '86000' },
		);
		const result = await run(ALL_SEGMENTS);
		expect(result.error?.message).toBe(
			'Salespanel throttled the requests (429): Request was throttled. Expected available in 86000 seconds.',
		);
		expect((result.error as { description?: string }).description).toMatch(
			/asked for 86000 s more.*60 requests per minute and 5,000 per day/,
		);
	});

	test('a POST is retried after 429: the server did not act on it', async () => {
		nock(API)
			.post('/api/v1/custom-activity/create/')
			.reply(429, { detail: 'Request was throttled.' }, { 'Retry-After': '0.05' });
		nock(API)
			.post('/api/v1/custom-activity/create/')
			.reply(200, { visitor_id: 'v', success: true });
		const result = await run(CREATE_ACTIVITY);
		expect(result.json(NODE_NAME)).toEqual([{ visitor_id: 'v', success: true }]);
	});
});

describe('server errors and broken connections', () => {
	test('GET is retried after 503', async () => {
		segmentsList().reply(503, { detail: 'Service unavailable' }, { 'Retry-After': '0' });
		segmentsList().reply(200, [{ segment_id: 's' }]);
		const result = await run(ALL_SEGMENTS);
		expect(result.json(NODE_NAME)).toEqual([{ segment_id: 's' }]);
	});

	test(`GET gives up after 1 + ${DEFAULT_CLIENT_SETTINGS.maxRetries} attempts with the server's detail`, async () => {
		segmentsList()
			.times(1 + DEFAULT_CLIENT_SETTINGS.maxRetries)
			.reply(500, { detail: 'A server error occurred.' }, { 'Retry-After': '0' });
		const result = await run(ALL_SEGMENTS);
		expect(result.error?.message).toBe(
			'Salespanel had a server error (500): A server error occurred.',
		);
	});

	test('POST is not retried after 500: a custom activity is never logged twice', async () => {
		const scope = nock(API)
			.post('/api/v1/custom-activity/create/')
			.reply(500, { detail: 'A server error occurred.' });
		const result = await run(CREATE_ACTIVITY);
		expect(result.error?.message).toBe(
			'Salespanel had a server error (500): A server error occurred.',
		);
		scope.done();
	});
});

// nock cannot simulate a reset socket with axios (the error never surfaces); the sandbox destroys
// real sockets instead.
describe('against the sandbox: resets and drift', () => {
	let env: NodeEnv;
	beforeAll(async () => {
		nock.enableNetConnect('127.0.0.1');
		env = await startNodeEnv({ visitors: 30 });
	});
	afterAll(async () => {
		await env.close();
		nock.disableNetConnect();
	});
	beforeEach(() => env.sandbox.resetLog());

	test('POST is not retried after a reset, and says why', async () => {
		const visitor = env.sandbox.store.visitors[0];
		env.sandbox.faults.resetNext = 1;
		const result = await env.run({
			resource: 'visitor',
			operation: 'identify',
			visitorId: visitor.contact_id,
			email: 'a@b.co',
		});
		expect(result.error?.message).toBe(
			'Could not reach Salespanel: the connection was reset (after 1 attempt)',
		);
		expect((result.error as { description?: string }).description).toMatch(
			/^Network error ECONNRESET\..*not repeated automatically/,
		);
		expect(env.sandbox.requests.map((r) => r.status)).toEqual([0]);
		expect(JSON.stringify(result.raw)).not.toContain(env.sandbox.token);
	});

	test('visitors re-ordered while paging: none lost, none duplicated', async () => {
		env.sandbox.addVisitors(470, { front: false });
		const before = new Set(env.sandbox.store.visitors.map((v) => v.contact_id));
		env.sandbox.faults.driftPerPage = { reorder: 3, insert: 1 };
		try {
			const result = await env.run(ALL_VISITORS);
			const ids = result.json(NODE_NAME).map((v) => v.contact_id as string);
			expect(new Set(ids).size).toBe(ids.length);
			expect([...before].filter((id) => !ids.includes(id))).toEqual([]);
			// Every visitor in the account at the end was returned, late arrivals included.
			expect(ids.length).toBe(env.sandbox.store.visitors.length - 1);
		} finally {
			env.sandbox.faults.driftPerPage = undefined;
		}
	});

	test('GET is retried after a reset and gets everything', async () => {
		env.sandbox.faults.resetNext = 1;
		const result = await env.run(ALL_VISITORS);
		expect(result.json(NODE_NAME).map((v) => v.contact_id)).toEqual(
			env.sandbox.store.visitors.map((v) => v.contact_id),
		);
		const pages = Math.ceil(env.sandbox.store.visitors.length / 100);
		expect(env.sandbox.requests.map((r) => r.status)).toEqual([0, ...Array(pages).fill(200)]);
	});
});

describe('error messages', () => {
	test('404 names the identifier; 400 shows field errors', async () => {
		nock(API)
			.get('/api/v1/visitors/attribution/ghost%2Btag%40acme.com/')
			.reply(404, { detail: 'Not found.' });
		const missing = await run({
			resource: 'visitor',
			operation: 'getAttribution',
			visitorIdentifier: 'ghost+tag@acme.com',
		});
		expect(missing.error?.message).toBe('Visitor "ghost+tag@acme.com" not found (404)');
		nock(API)
			.post('/api/v1/visitors/00000000-0000-0000-0000-000000000001/identify/')
			.reply(400, { email: ['Enter a valid email address.'] });
		const invalid = await run({
			resource: 'visitor',
			operation: 'identify',
			visitorId: '00000000-0000-0000-0000-000000000001',
			email: 'a@b.co',
		});
		expect(invalid.error?.message).toBe(
			'Salespanel rejected the request (400): email: Enter a valid email address.',
		);
	});

	test('the token never appears in an error, whatever failed', async () => {
		segmentsList().reply(401, { detail: 'Invalid token.' });
		nock(API).post('/api/v1/custom-activity/create/').reply(500, 'Internal Server Error');
		const unauthorized = await run({ resource: 'segment', operation: 'getAll' });
		const failed = await run(CREATE_ACTIVITY);
		expect(unauthorized.error?.message).toBe(
			'Salespanel did not accept the API token (401): Invalid token.',
		);
		for (const result of [unauthorized, failed]) {
			expect(result.error).toBeDefined();
			expect(JSON.stringify(result.raw)).not.toContain(TOKEN);
		}
	});
});
