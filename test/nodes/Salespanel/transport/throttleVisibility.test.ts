// Throttling made visible (issue #22, item 4), through the real engine with nock: every 429 and
// every wait longer than 5 s goes to n8n's log at warn (operation, path without query, attempt,
// wait, Retry-After; never the token), and a throttled or paced execution gets an execution hint.
import { ExecuteContext } from 'n8n-core';
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { SalespanelApi } from '../../../../credentials/SalespanelApi.credentials';
import { SalespanelPollingTrigger } from '../../../../nodes/SalespanelPollingTrigger/SalespanelPollingTrigger.node';
import { chain, createEngine, manualTrigger } from '../../../tools/harness';
import { recordLogs } from '../../../tools/support/logs';
import { createSalespanelEngine, NODE_NAME, salespanelNode } from '../../../tools/support/node-env';

const API = 'https://salespanel.io';
const TOKEN = ['nock', 'token', 'throttle-5e1d'].join('-');
const engine = createSalespanelEngine(API, TOKEN);

const run = async (parameters: IDataObject) => await engine.run(chain([manualTrigger(), salespanelNode(parameters as never)]));
const segments = { pagination: { count: 1, next: null, previous: null }, results: [{ segment_id: 's1', name: 'A' }] };
const hintsOf = (result: Awaited<ReturnType<typeof run>>) => (result.runData[NODE_NAME]?.[0]?.hints ?? []).map((hint) => hint.message);

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	nock.cleanAll();
	jest.restoreAllMocks();
});
afterAll(() => nock.enableNetConnect());

describe('action node', () => {
	test('two 429s: two warn lines (operation, path, attempt, wait, Retry-After; no token, no query) and a hint', async () => {
		const logs = recordLogs();
		nock(API).get('/api/v1/segments/').query(true).times(2).reply(429, { detail: `Throttled ${TOKEN}` }, { 'Retry-After': '0.2' });
		nock(API).get('/api/v1/segments/').query(true).reply(200, segments);
		const result = await run({ resource: 'segment', operation: 'getAll', limit: 5 });
		expect(result.json(NODE_NAME)).toEqual(segments.results);
		const warnings = logs.filter((line) => line.level === 'warn');
		expect(warnings.map((line) => line.meta)).toEqual([
			expect.objectContaining({ operation: 'segment.getAll', path: '/api/v1/segments/', attempt: 2, status: 429, retryAfter: '0.2', waitMs: expect.any(Number) }),
			expect.objectContaining({ operation: 'segment.getAll', path: '/api/v1/segments/', attempt: 3, status: 429, retryAfter: '0.2' }),
		]);
		expect(warnings[0].message).toMatch(/^Salespanel throttled a request \(429\); waiting \d+(\.\d)? s before attempt 2 \(segment\.getAll, \/api\/v1\/segments\/\)$/);
		const text = JSON.stringify(logs);
		expect(text).not.toContain(TOKEN);
		expect(text).not.toContain('limit=');
		expect(hintsOf(result)).toEqual([expect.stringMatching(/^Salespanel throttled 2 requests \(429\); the node waited \d+(\.\d)? s in total\. /)]);
	});

	test('a Retry-After that is not seconds or a date (a repeated token, free text) is not logged', async () => {
		const logs = recordLogs();
		nock(API).get('/api/v1/segments/').query(true).reply(429, {}, { 'Retry-After': TOKEN });
		nock(API).get('/api/v1/segments/').query(true).reply(429, {}, { 'Retry-After': `later, ${'x'.repeat(10_000)}` });
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
			pagination: { count: 101, next: next ? `${API}/api/v1/segments/?offset=100` : null, previous: null },
			results: Array.from({ length: next ? 100 : 1 }, (_, i) => ({ segment_id: `s${offset + i}`, name: `S${offset + i}` })),
		});
		nock(API).get('/api/v1/segments/').query({ limit: '100', offset: '0' }).reply(200, page(0, true));
		nock(API).get('/api/v1/segments/').query({ limit: '100', offset: '100' }).reply(200, page(100, false));
		const paced = await run({ resource: 'segment', operation: 'getAll', returnAll: true, options: { rateLimitRequests: 1, rateLimitWindowSeconds: 6 } });
		expect(paced.json(NODE_NAME)).toHaveLength(101);
		const warnings = logs.filter((line) => line.level === 'warn');
		expect(warnings).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Salespanel requests paced to the rate limit: waiting [56](\.\d)? s before the next request \(segment\.getAll\)$/) })]);
		expect(hintsOf(paced)).toEqual([expect.stringMatching(/^Salespanel requests were paced to the rate limit; the node waited [56](\.\d)? s in total\./)]);

		nock(API).get('/api/v1/segments/').query(true).reply(200, segments);
		expect(hintsOf(await run({ resource: 'segment', operation: 'getAll', limit: 5 }))).toEqual([]);
	}, 30_000);
});

test('on an n8n line without addExecutionHints, a throttled run still succeeds (no hint, still logged)', async () => {
	const logs = recordLogs();
	const original = Object.getOwnPropertyDescriptor(ExecuteContext.prototype, 'addExecutionHints')!;
	Object.defineProperty(ExecuteContext.prototype, 'addExecutionHints', { value: undefined, configurable: true, writable: true });
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

describe('polling trigger', () => {
	test('a 429 during a check is logged with the event as operation', async () => {
		const logs = recordLogs();
		const poller = createEngine({
			nodeTypes: [SalespanelPollingTrigger],
			credentialTypes: [SalespanelApi],
			credentials: { salespanelApi: { apiToken: TOKEN, baseUrl: API } },
		});
		nock(API).get('/api/v1/leads/').query(true).reply(429, {}, { 'Retry-After': '0.1' });
		nock(API).get('/api/v1/leads/').query(true).reply(200, { pagination: { count: 0, next: null, previous: null }, results: [] });
		await poller.poll({ name: 'Poller', type: 'salespanelPollingTrigger', parameters: { event: 'newLead' } }, { mode: 'trigger' });
		expect(logs.filter((line) => line.level === 'warn').map((line) => line.meta)).toEqual([
			expect.objectContaining({ operation: 'newLead', path: '/api/v1/leads/', attempt: 2, status: 429, retryAfter: '0.1' }),
		]);
	});
});
