// Throttling made visible (issue #22, item 4), through the real engine with nock: every 429 and
// every wait longer than 5 s goes to n8n's log at warn (operation, path without query, attempt,
// wait, Retry-After; never the token), and a throttled or paced execution gets an execution hint.
import { ExecuteContext } from 'n8n-core';
import nock from 'nock';
import { sleep, type IDataObject } from 'n8n-workflow';

import { SalespanelApi } from '../../../../../credentials/SalespanelApi.credentials';
import { SalespanelPollingTrigger } from '../../../../../nodes/Salespanel/SalespanelPollingTrigger.node';
import { chain, createEngine, manualTrigger } from '../../../../tools/harness';
import { recordLogs } from '../../../../tools/support/logs';
import {
	createSalespanelEngine,
	NODE_NAME,
	salespanelNode,
} from '../../../../tools/support/node-env';
import { useNock } from '../../../../tools/support/nock';

const API = 'https://salespanel.io';
const TOKEN = ['nock', 'token', 'throttle-5e1d'].join('-');
const engine = createSalespanelEngine(API, TOKEN);

const run = async (parameters: IDataObject, extra: Parameters<typeof salespanelNode>[1] = {}) =>
	await engine.run(chain([manualTrigger(), salespanelNode(parameters as never, extra)]));
const segments = {
	pagination: { count: 1, next: null, previous: null },
	results: [{ segment_id: 's1', name: 'A' }],
};
const hintsOf = (result: Awaited<ReturnType<typeof run>>) =>
	(result.runData[NODE_NAME]?.[0]?.hints ?? []).map((hint) => hint.message);

useNock();
afterEach(() => jest.restoreAllMocks());

describe('action node', () => {
	test('two 429s: two warn lines (operation, path, attempt, wait, Retry-After; no token, no query) and a hint', async () => {
		const logs = recordLogs();
		nock(API)
			.get('/api/v1/segments/')
			.query(true)
			.times(2)
			.reply(429, { detail: `Throttled ${TOKEN}` }, { 'Retry-After': '0.2' });
		nock(API).get('/api/v1/segments/').query(true).reply(200, segments);
		const result = await run({ resource: 'segment', operation: 'getAll', limit: 5 });
		expect(result.json(NODE_NAME)).toEqual(segments.results);
		const warnings = logs.filter((line) => line.level === 'warn');
		expect(warnings.map((line) => line.meta)).toEqual([
			expect.objectContaining({
				operation: 'segment.getAll',
				path: '/api/v1/segments/',
				attempt: 1,
				status: 429,
				retryAfter: '0.2',
				waitMs: expect.any(Number),
			}),
			expect.objectContaining({
				operation: 'segment.getAll',
				path: '/api/v1/segments/',
				attempt: 2,
				status: 429,
				retryAfter: '0.2',
			}),
		]);
		expect(warnings[0].message).toMatch(
			/^Salespanel throttled attempt 1 of a request \(429\); waiting \d+(\.\d)? s before retrying \(segment\.getAll, \/api\/v1\/segments\/\)$/,
		);
		const text = JSON.stringify(logs);
		expect(text).not.toContain(TOKEN);
		expect(text).not.toContain('limit=');
		expect(hintsOf(result)).toEqual([
			expect.stringMatching(
				/^Salespanel throttled 2 requests \(429\); requests were waiting during \d+(\.\d)? s of the run\. /,
			),
		]);
	});

	test('the 429 that ends a request (Retry-After past the 5-minute limit) is logged and counted in the hint', async () => {
		const logs = recordLogs();
		nock(API).get('/api/v1/segments/').query(true).reply(429, {}, { 'Retry-After': '3600' });
		const result = await run(
			{ resource: 'segment', operation: 'getAll', limit: 5 },
			{ continueOnFail: true },
		);
		expect(result.json(NODE_NAME)).toEqual([
			expect.objectContaining({ error: expect.stringContaining('429') }),
		]);
		expect(logs.filter((line) => line.level === 'warn')).toEqual([
			{
				level: 'warn',
				message:
					'Salespanel throttled attempt 1 of a request (429); not retried (segment.getAll, /api/v1/segments/)',
				meta: expect.objectContaining({
					path: '/api/v1/segments/',
					attempt: 1,
					status: 429,
					retryAfter: '3600',
					retried: false,
				}),
			},
		]);
		expect(hintsOf(result)).toEqual([
			expect.stringMatching(/^Salespanel throttled 1 request \(429\); /),
		]);
	});

	test('attempt numbers count attempts of the request, not the redirect before them', async () => {
		const logs = recordLogs();
		nock(API)
			.get('/api/v1/segments/')
			.query(true)
			.reply(301, '', { Location: `${API}/api/v1/segments/?moved=1` });
		nock(API)
			.get('/api/v1/segments/')
			.query({ moved: '1' })
			.times(2)
			.reply(429, {}, { 'Retry-After': '0.1' });
		nock(API).get('/api/v1/segments/').query({ moved: '1' }).reply(200, segments);
		const result = await run({ resource: 'segment', operation: 'getAll', limit: 5 });
		expect(result.error).toBeUndefined();
		expect(
			logs
				.filter((line) => line.level === 'warn')
				.map((line) => (line.meta as IDataObject).attempt),
		).toEqual([1, 2]);
	});

	test.each([
		[
			'email',
			'jane.doe+n8n@acme-corp.com',
			'/api/v1/visitors/attribution/jane.doe%2Bn8n%40acme-corp.com/',
			'/api/v1/visitors/attribution/{id}/',
		],
		[
			'id',
			'be8364a3-59b2-d17e-988f-27fb997df240',
			'/api/v1/visitors/be8364a3-59b2-d17e-988f-27fb997df240/',
			'/api/v1/visitors/{id}/',
		],
	])(
		'a throttled Get by %s logs the path with the identifier masked',
		async (mode, value, sent, logged) => {
			const logs = recordLogs();
			const visitor = {
				contact_id: 'be8364a3-59b2-d17e-988f-27fb997df240',
				person_details: { email: 'jane.doe+n8n@acme-corp.com' },
			};
			nock(API).get(sent).reply(429, {}, { 'Retry-After': '0.1' });
			nock(API).get(sent).reply(200, visitor);
			const result = await run({
				resource: 'visitor',
				operation: 'get',
				visitorId: { __rl: true, mode, value },
				simplify: false,
			});
			expect(result.error).toBeUndefined();
			const warnings = logs.filter((line) => line.level === 'warn');
			expect(warnings.map((line) => (line.meta as IDataObject).path)).toEqual([logged]);
			expect(warnings[0].message).toMatch(
				/^Salespanel throttled attempt 1 of a request \(429\); waiting \d+(\.\d)? s before retrying \(visitor\.get, /,
			);
			expect(warnings[0].message.endsWith(`, ${logged})`)).toBe(true);
			const text = JSON.stringify(logs);
			for (const secret of ['jane', 'acme', '%40', 'be8364a3', '27fb997df240'])
				expect(text).not.toContain(secret);
		},
	);

	test('ten pages throttled at the same time: the hint reports the time spent waiting, not the sum of the waits', async () => {
		const logs = recordLogs();
		const page = (offset: number) => ({
			pagination: {
				count: 1_000,
				next: offset < 900 ? `${API}/api/v1/segments/?limit=100&offset=${offset + 100}` : null,
				previous: null,
			},
			results: Array.from({ length: 100 }, (_, i) => ({
				segment_id: `s${offset + i}`,
				name: `S${offset + i}`,
			})),
		});
		nock(API).get('/api/v1/segments/').query({ limit: '100', offset: '0' }).reply(200, page(0));
		for (let offset = 100; offset < 1_000; offset += 100) {
			nock(API)
				.get('/api/v1/segments/')
				.query({ limit: '100', offset: String(offset) })
				.reply(429, {}, { 'Retry-After': '2' });
			nock(API)
				.get('/api/v1/segments/')
				.query({ limit: '100', offset: String(offset) })
				.reply(200, page(offset));
		}
		const started = Date.now();
		const result = await run({ resource: 'segment', operation: 'getAll', returnAll: true });
		const wallSeconds = (Date.now() - started) / 1_000;
		expect(result.json(NODE_NAME)).toHaveLength(1_000);
		expect(logs.filter((line) => line.level === 'warn')).toHaveLength(9);
		const [hint] = hintsOf(result);
		const reported = Number(
			/^Salespanel throttled 9 requests \(429\); requests were waiting during (\d+(?:\.\d)?) s of the run\./.exec(
				hint,
			)?.[1],
		);
		// Nine waits of 2 s side by side: about 2 s of the run, not 18 s.
		expect(reported).toBeGreaterThanOrEqual(2);
		expect(reported).toBeLessThanOrEqual(wallSeconds);
	}, 30_000);

	test('a Retry-After that is not seconds or a date (a repeated token, free text) is not logged', async () => {
		const logs = recordLogs();
		nock(API).get('/api/v1/segments/').query(true).reply(429, {}, { 'Retry-After': TOKEN });
		nock(API)
			.get('/api/v1/segments/')
			.query(true)
			.reply(429, {}, { 'Retry-After': `later, ${'x'.repeat(10_000)}` });
		nock(API).get('/api/v1/segments/').query(true).reply(200, segments);
		const result = await run({ resource: 'segment', operation: 'getAll', limit: 5 });
		expect(result.error).toBeUndefined();
		const warnings = logs.filter((line) => line.level === 'warn');
		expect(warnings).toHaveLength(2);
		expect(warnings.every((line) => !('retryAfter' in (line.meta as IDataObject)))).toBe(true);
		expect(JSON.stringify(logs)).not.toContain(TOKEN);
	}, 30_000);

	test('pacing to Rate Limit Requests 1 per 6 s: the wait is logged and hinted; an unthrottled run has no hint', async () => {
		const logs = recordLogs();
		const page = (offset: number, next: boolean) => ({
			pagination: {
				count: 101,
				next: next ? `${API}/api/v1/segments/?offset=100` : null,
				previous: null,
			},
			results: Array.from({ length: next ? 100 : 1 }, (_, i) => ({
				segment_id: `s${offset + i}`,
				name: `S${offset + i}`,
			})),
		});
		nock(API)
			.get('/api/v1/segments/')
			.query({ limit: '100', offset: '0' })
			.reply(200, page(0, true));
		nock(API)
			.get('/api/v1/segments/')
			.query({ limit: '100', offset: '100' })
			.reply(200, page(100, false));
		const paced = await run({
			resource: 'segment',
			operation: 'getAll',
			returnAll: true,
			options: { rateLimitRequests: 1, rateLimitWindowSeconds: 6 },
		});
		expect(paced.json(NODE_NAME)).toHaveLength(101);
		const warnings = logs.filter((line) => line.level === 'warn');
		expect(warnings).toEqual([
			expect.objectContaining({
				message: expect.stringMatching(
					/^Salespanel requests paced to the rate limit: waiting [56](\.\d)? s before the next request \(segment\.getAll\)$/,
				),
			}),
		]);
		expect(hintsOf(paced)).toEqual([
			expect.stringMatching(
				/^Salespanel requests were paced to the rate limit; requests were waiting during [56](\.\d)? s of the run\./,
			),
		]);

		nock(API).get('/api/v1/segments/').query(true).reply(200, segments);
		expect(hintsOf(await run({ resource: 'segment', operation: 'getAll', limit: 5 }))).toEqual([]);
	}, 30_000);
});

test('on an n8n line without addExecutionHints, a throttled run still succeeds (no hint, still logged)', async () => {
	const logs = recordLogs();
	const original = Object.getOwnPropertyDescriptor(ExecuteContext.prototype, 'addExecutionHints')!;
	Object.defineProperty(ExecuteContext.prototype, 'addExecutionHints', {
		value: undefined,
		configurable: true,
		writable: true,
	});
	try {
		nock(API).get('/api/v1/segments/').query(true).reply(429, {}, { 'Retry-After': '0.1' });
		nock(API).get('/api/v1/segments/').query(true).reply(200, segments);
		const result = await run({ resource: 'segment', operation: 'getAll', limit: 5 });
		expect(result.error).toBeUndefined();
		expect(result.json(NODE_NAME)).toEqual(segments.results);
		expect(hintsOf(result)).toEqual([]);
		expect(logs.filter((line) => line.level === 'warn')).toHaveLength(1);
	} finally {
		Object.defineProperty(ExecuteContext.prototype, 'addExecutionHints', original);
	}
});

test('an execution cancelled during the wait after a 429 ends at once with "The execution was cancelled"', async () => {
	const controller = new AbortController();
	jest
		.spyOn(ExecuteContext.prototype, 'getExecutionCancelSignal')
		.mockReturnValue(controller.signal);
	nock(API).get('/api/v1/segments/').query(true).reply(429, {}, { 'Retry-After': '60' });
	void sleep(300).then(() => controller.abort());
	const started = Date.now();
	const result = await run({ resource: 'segment', operation: 'getAll', limit: 5 });
	expect(Date.now() - started).toBeLessThan(5_000);
	expect(result.error?.name).toBe('NodeOperationError');
	expect(result.error?.message).toBe('The execution was cancelled');
});

describe('polling trigger', () => {
	test('a 429 during a check is logged with the event as operation', async () => {
		const logs = recordLogs();
		const poller = createEngine({
			nodeTypes: [SalespanelPollingTrigger],
			credentialTypes: [SalespanelApi],
			credentials: { salespanelApi: { apiToken: TOKEN, baseUrl: API } },
		});
		nock(API).get('/api/v1/leads/').query(true).reply(429, {}, { 'Retry-After': '0.1' });
		nock(API)
			.get('/api/v1/leads/')
			.query(true)
			.reply(200, { pagination: { count: 0, next: null, previous: null }, results: [] });
		await poller.poll(
			{ name: 'Poller', type: 'salespanelPollingTrigger', parameters: { event: 'newLead' } },
			{ mode: 'trigger' },
		);
		expect(logs.filter((line) => line.level === 'warn').map((line) => line.meta)).toEqual([
			expect.objectContaining({
				operation: 'newLead',
				path: '/api/v1/leads/',
				attempt: 1,
				status: 429,
				retryAfter: '0.1',
			}),
		]);
	});
});
