/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Hostile and broken servers against the transport, through the real n8n-core engine: redirects
// that try to take the token elsewhere, nonsense Retry-After, answers cut off by the time-out,
// pagination that never ends, junk entries, non-JSON pages, and servers repeating the token.
// Loopback servers stand in for the API and for "another host"; nock blocks everything else.
// Cases that would wait minutes run the client in a probe node with a recording clock.
import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { backoffDelay, DEFAULT_CLIENT_SETTINGS, MAX_REDIRECTS } from '../../../../../nodes/Salespanel/shared/transport';
import { containsText } from '../../../../faults/helpers';
import { chain, manualTrigger, withItems, type RunResult } from '../../../../tools/harness';
import { PROBE_NAME, recordingClock, runProbe, type ProbeWork } from '../../../../tools/support/client-probe';
import { json, startLoopback, type Loopback } from '../../../../tools/support/loopback';
import { createSalespanelEngine, NODE_NAME, salespanelNode } from '../../../../tools/support/node-env';

const TOKEN = ['hostile', 'server', 'token', '3b9e1f0c7d'].join('-');
const { backoffBaseMs, backoffCapMs, maxRetries, maxThrottleRetries, maxWaitMs } = DEFAULT_CLIENT_SETTINGS;
/** The least back-off before retry number `attempt` (0-based): jitter never goes below half. */
const floor = (attempt: number) => backoffDelay(attempt, backoffBaseMs, backoffCapMs, () => 0);

let api: Loopback;
let elsewhere: Loopback;

beforeAll(async () => {
	nock.disableNetConnect();
	nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
	api = await startLoopback();
	elsewhere = await startLoopback((_req, res) => json(res, 200, []));
});
beforeEach(() => {
	api.hits.length = 0;
	elsewhere.hits.length = 0;
});
afterAll(async () => {
	await Promise.all([api.close(), elsewhere.close()]);
	nock.cleanAll();
	nock.enableNetConnect();
});

const engine = () => createSalespanelEngine(api.url, TOKEN);
const runNode = async (parameters: IDataObject, extra: IDataObject = {}, input?: IDataObject[]): Promise<RunResult> => {
	const node = salespanelNode(parameters as INodeParameters, extra);
	return await engine().run(input ? withItems(input, node) : chain([manualTrigger(), node]));
};
const listSegments = async (extra: IDataObject = {}) => await runNode({ resource: 'segment', operation: 'getAll', returnAll: true }, extra);
const createActivity = async (extra: IDataObject = {}) =>
	await runNode({ resource: 'activity', operation: 'create', visitorIdentifier: 'jane@acme.com', category: 'c', label: 'l' }, extra);
const probe = async (settings: Parameters<typeof runProbe>[1], work: ProbeWork) =>
	await runProbe({ baseUrl: api.url, apiToken: TOKEN }, settings, work);
const description = (result: RunResult) => (result.error as { description?: string } | undefined)?.description;
const authorizations = (hits: Loopback['hits']) => hits.map((hit) => hit.authorization);

describe('1. redirects: the token goes to the Base URL origin only', () => {
	const STATUSES = [301, 302, 303, 307, 308];
	const redirectElsewhere = (status: number) => {
		api.handle = (_req, res) => res.writeHead(status, { Location: `${elsewhere.url}/api/v1/segments/?limit=100&offset=0` }).end();
	};
	const refusal = () => `Salespanel redirected the request to ${elsewhere.url}; the token is only sent to ${api.url}. Check the Base URL.`;

	test.each([
		['GET', 302],
		['POST', 307],
	])('control: n8n-core on its own follows a %s redirect (%i) and re-sends the token to the other origin', async (method, status) => {
		redirectElsewhere(status);
		const result = await probe({}, async (_client, context) =>
			await context.helpers.httpRequestWithAuthentication.call(context, 'salespanelApi', {
				method: method as 'GET' | 'POST',
				url: `${api.url}/api/v1/segments/`,
				body: method === 'POST' ? { label: 'l' } : undefined,
				json: true,
			}),
		);
		expect(result.error).toBeUndefined();
		// What this suite guards against: without the node's own handling, the token leaves.
		expect(authorizations(elsewhere.hits)).toEqual([`Token ${TOKEN}`]);
		expect(elsewhere.hits[0].method).toBe(method);
	});

	describe.each(STATUSES)('%i to another origin', (status) => {
		test('GET (action node): clear error, the other origin gets nothing', async () => {
			redirectElsewhere(status);
			const result = await listSegments();
			expect(result.error?.message).toBe(refusal());
			expect(result.error?.name).toBe('NodeApiError');
			expect(authorizations(api.hits)).toEqual([`Token ${TOKEN}`]);
			expect(elsewhere.hits).toEqual([]);
		});

		test('POST (action node): clear error, the write is not re-sent anywhere', async () => {
			redirectElsewhere(status);
			const result = await createActivity();
			expect(result.error?.message).toBe(refusal());
			expect(api.hits.map((hit) => hit.method)).toEqual(['POST']);
			expect(elsewhere.hits).toEqual([]);
		});

		test('credential test: fails with a clear message, the other origin gets nothing', async () => {
			redirectElsewhere(status);
			const test = await engine().testCredential('salespanelApi', { apiToken: TOKEN, baseUrl: api.url });
			// n8n 1.x (this n8n-core) drops the HTTP cause of the error, so the credential's redirect
			// rules cannot match and n8n shows axios' message; n8n 2.x keeps it and shows the rule's text.
			expect(test).toEqual({ status: 'Error', message: `Request failed with status code ${status}` });
			expect(authorizations(api.hits)).toEqual([`Token ${TOKEN}`]);
			expect(elsewhere.hits).toEqual([]);
		});

		test('polling trigger: the poll fails clearly, the other origin gets nothing', async () => {
			redirectElsewhere(status);
			const poll = engine().poll({ name: 'Salespanel Polling Trigger', type: 'salespanelPollingTrigger', parameters: { event: 'newLead' } });
			await expect(poll).rejects.toThrow(refusal());
			expect(api.hits).toHaveLength(1);
			expect(elsewhere.hits).toEqual([]);
		});
	});

	test('the webhook trigger sends no requests at all (nothing to redirect)', async () => {
		const result = await engine().webhook(
			{ name: 'Salespanel Trigger', type: 'salespanelTrigger', parameters: { events: ['*'] } },
			{ method: 'POST', body: { hook: { event: 'new_lead' }, payload: {} } },
			{ staticData: {} },
		);
		expect(result).toBeDefined();
		expect([...api.hits, ...elsewhere.hits]).toEqual([]);
	});

	test('plain http to a non-loopback host: refused, never contacted', async () => {
		api.handle = (_req, res) => res.writeHead(302, { Location: 'http://other.example/api/v1/segments/' }).end();
		const result = await listSegments();
		expect(result.error?.message).toBe(`Salespanel redirected the request to http://other.example; the token is only sent to ${api.url}. Check the Base URL.`);
		// nock (outside connections disabled) reports every request it saw; none went to other.example.
		expect(result.unmatchedRequests).toEqual([`GET ${api.url}/api/v1/segments/?limit=100&offset=0`]);
	});

	test('same origin, GET: followed (the query of the location replaces the original one)', async () => {
		api.handle = (req, res) => {
			if (req.url?.startsWith('/api/v1/segments/?')) res.writeHead(301, { Location: '/api/v2/segments/?page=1' }).end();
			else json(res, 200, { pagination: { count: 1, next: null, previous: null }, results: [{ segment_id: 's1' }] });
		};
		const result = await listSegments();
		expect(result.json(NODE_NAME)).toEqual([{ segment_id: 's1' }]);
		expect(api.hits.map((hit) => hit.url)).toEqual(['/api/v1/segments/?limit=100&offset=0', '/api/v2/segments/?page=1']);
		expect(authorizations(api.hits)).toEqual([`Token ${TOKEN}`, `Token ${TOKEN}`]);
	});

	test.each([301, 302, 303, 307, 308])('same origin, POST answered %i: not re-sent, a clear error', async (status) => {
		api.handle = (_req, res) => res.writeHead(status, { Location: '/api/v1/custom-activity/create/' }).end();
		const result = await createActivity();
		expect(result.error?.message).toBe(
			`Salespanel answered the POST request with a redirect (${status}) to ${api.url}/api/v1/custom-activity/create/; a write is never re-sent to a redirect target, so nothing was written. Check the Base URL.`,
		);
		expect(api.hits).toHaveLength(1);
	});

	test(`a same-origin redirect loop stops after ${MAX_REDIRECTS} hops`, async () => {
		api.handle = (_req, res) => res.writeHead(302, { Location: '/api/v1/segments/?again' }).end();
		const result = await listSegments();
		expect(result.error?.message).toBe(`Salespanel redirected the request more than ${MAX_REDIRECTS} times (last to ${api.url}/api/v1/segments/). Check the Base URL.`);
		expect(api.hits).toHaveLength(MAX_REDIRECTS + 1);
	});

	test('a redirect without a location is an error, not a success', async () => {
		api.handle = (_req, res) => res.writeHead(302).end();
		const result = await listSegments();
		expect(result.error?.message).toBe('Salespanel answered with a redirect (302) without a usable location');
	});
});

describe('2. Retry-After and time-outs', () => {
	test.each([
		['0', () => '0'],
		['-5', () => '-5'],
		['a date in the past', () => new Date(Date.now() - 3_600_000).toUTCString()],
	])('429 with Retry-After %s, forever: bounded attempts, each after the back-off floor, paced', async (_label, retryAfter) => {
		const clock = recordingClock();
		const arrivals: number[] = [];
		api.handle = (_req, res) => {
			arrivals.push(clock.now());
			json(res, 429, { detail: 'Request was throttled.' }, { 'Retry-After': retryAfter() });
		};
		const pacing = { requestsPerWindow: 3, windowMs: 10_000 };
		const result = await probe({ clock, pacing }, async (client) => await client.request({ method: 'GET', path: 'segments/' }));
		expect(result.error?.message).toBe('Salespanel throttled the requests (429): Request was throttled.');
		expect(description(result)).toMatch(new RegExp(`^Throttled ${maxThrottleRetries + 1} times in a row for one request .*gave up after ${maxThrottleRetries} retries\\.`));
		expect(api.hits).toHaveLength(maxThrottleRetries + 1);
		// Every retry waited at least the back-off floor of its attempt …
		const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]);
		gaps.forEach((gap, attempt) => expect(gap).toBeGreaterThanOrEqual(floor(attempt)));
		// … and went through the pacer: never more than 3 requests in any 10 s.
		arrivals.forEach((at) => expect(arrivals.filter((other) => other > at - pacing.windowMs && other <= at).length).toBeLessThanOrEqual(3));
		expect(clock.waits.length).toBeGreaterThanOrEqual(maxThrottleRetries);
	});

	test('429 with Retry-After 0 through the Salespanel node: retried after the floor, then succeeds', async () => {
		let throttled = 0;
		api.handle = (_req, res) => (throttled++ < 2 ? json(res, 429, { detail: 'Request was throttled.' }, { 'Retry-After': '0' }) : json(res, 200, []));
		const started = Date.now();
		const result = await listSegments();
		expect(result.error).toBeUndefined();
		expect(api.hits).toHaveLength(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(floor(0) + floor(1));
	});

	test('503 with Retry-After 1,000,000 s: no sleep at all, a clear error at once', async () => {
		const clock = recordingClock();
		api.handle = (_req, res) => json(res, 503, { detail: 'Service temporarily unavailable, try again later.' }, { 'Retry-After': '1000000' });
		const result = await probe({ clock }, async (client) => await client.request({ method: 'GET', path: 'segments/' }));
		expect(result.error?.message).toBe('Salespanel had a server error (503): Service temporarily unavailable, try again later.');
		expect(description(result)).toBe(
			`Salespanel asked to wait 1000000 s before trying again, past the ${maxWaitMs / 1000} s limit for one request (0 s waited already). This is usually temporary: try again later.`,
		);
		expect(clock.waits).toEqual([]);
		expect(api.hits).toHaveLength(1);
	});

	test('503 with Retry-After 1,000,000 s through the Salespanel node: one request, then the error', async () => {
		api.handle = (_req, res) => json(res, 503, { detail: 'Down.' }, { 'Retry-After': '1000000' });
		const result = await listSegments();
		expect(result.error?.message).toBe('Salespanel had a server error (503): Down.');
		expect(description(result)).toMatch(/^Salespanel asked to wait 1000000 s before trying again/);
		expect(api.hits).toHaveLength(1);
	});

	test('waits add up: a second 200 s Retry-After passes the 300 s budget and stops', async () => {
		const clock = recordingClock();
		api.handle = (_req, res) => json(res, 502, { detail: 'Bad gateway.' }, { 'Retry-After': '200' });
		const result = await probe({ clock }, async (client) => await client.request({ method: 'GET', path: 'segments/' }));
		expect(clock.waits).toEqual([200_000]);
		expect(api.hits).toHaveLength(2);
		expect(description(result)).toMatch(/^Salespanel asked to wait 200 s before trying again, past the 300 s limit for one request \(200 s waited already\)/);
	});

	describe.each([
		['no answer at all', (res: import('node:http').ServerResponse) => void res],
		['headers, then nothing', (res: import('node:http').ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/json' }).flushHeaders()],
		['half a body, then nothing', (res: import('node:http').ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/json' }).write('{"results": [')],
	])('a server that stalls (%s)', (_label, stall) => {
		const timeoutMs = 300;

		test('GET: says it timed out and is retried like a reset', async () => {
			const clock = recordingClock();
			api.handle = (_req, res) => stall(res);
			const result = await probe({ clock, timeoutMs }, async (client) => await client.request({ method: 'GET', path: 'segments/' }));
			expect(result.error?.message).toBe(`Could not reach Salespanel: the request timed out (after ${maxRetries + 1} attempts)`);
			expect(description(result)).toMatch(/^Network error ETIMEDOUT\. Check the network/);
			expect(api.hits).toHaveLength(maxRetries + 1);
			clock.waits.forEach((wait, attempt) => expect(wait).toBeGreaterThanOrEqual(floor(attempt)));
		});

		test('GET: a time-out, then an answer: succeeds', async () => {
			const clock = recordingClock();
			api.handle = (_req, res) => (api.hits.length === 1 ? stall(res) : json(res, 200, [{ segment_id: 's' }]));
			const result = await probe({ clock, timeoutMs }, async (client) => await client.request({ method: 'GET', path: 'segments/' }));
			expect(result.json(PROBE_NAME)).toEqual([{ value: [{ segment_id: 's' }] }]);
			expect(api.hits).toHaveLength(2);
		});

		test('POST: says it timed out, not repeated', async () => {
			api.handle = (_req, res) => stall(res);
			const result = await probe({ clock: recordingClock(), timeoutMs }, async (client) =>
				await client.request({ method: 'POST', path: 'custom-activity/create/', body: { label: 'l' } }),
			);
			expect(result.error?.message).toBe('Could not reach Salespanel: the request timed out (after 1 attempt)');
			expect(description(result)).toMatch(/^Network error ETIMEDOUT\. .*not repeated automatically/);
			expect(api.hits).toHaveLength(1);
		});
	});
});

describe('7. the answer\'s bytes: read as n8n would read them', () => {
	// The client asks n8n for raw bytes and reads them itself (transport/jsonBody.ts): the node's
	// output must be what JSON.parse of the UTF-8 text gives, whatever characters come.
	const VISITOR_TEXT =
		'{"contact_id":"c0ffee00-0000-4000-8000-000000000001","name":"Zoë Müller 🏢",' +
		'"größe":"价格","__proto__":{"polluted":"ja ✓"},"nested":[{"title":"Über uns – 会社"}]}';
	/** The same with \\u escapes of non-ASCII characters (as a server with ensure_ascii would send some). */
	const ESCAPED_TEXT = VISITOR_TEXT.replace('"name"', '"escaped":"caf\\u00e9 \\u2603","name"');
	const send = (bytes: Buffer) => (api.handle = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(bytes));
	const getVisitor = async () =>
		await runNode({ resource: 'visitor', operation: 'get', visitorId: 'c0ffee00-0000-4000-8000-000000000001', simplify: false });

	test.each([
		['UTF-8', VISITOR_TEXT, false],
		['UTF-8 with a BOM', VISITOR_TEXT, true],
		['UTF-8 with \\u escapes too', ESCAPED_TEXT, false],
	])('%s, with accents, emoji, CJK, a non-ASCII key and "__proto__": exactly the parsed text', async (_label, text, bom) => {
		send(Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]));
		const result = await getVisitor();
		expect(result.error).toBeUndefined();
		const [item] = result.json(NODE_NAME);
		expect(JSON.stringify(item)).toBe(JSON.stringify(JSON.parse(text)));
		expect(item.name).toBe('Zoë Müller 🏢');
		expect(item['größe']).toBe('价格');
		if (text === ESCAPED_TEXT) expect(item.escaped).toBe('café ☃');
		expect(({} as IDataObject).polluted).toBeUndefined();
	});

	test('a page with non-ASCII visitors through Return All: every name intact, in order', async () => {
		const names = ['Ana', 'Zoë', '李雷', 'Ørsted 🌬️', 'Renée'];
		const page = { pagination: { count: names.length, next: null, previous: null }, results: names.map((name, i) => ({ contact_id: `00000000-0000-0000-0000-00000000000${i}`, name })) };
		send(Buffer.from(JSON.stringify(page), 'utf8'));
		const result = await runNode({ resource: 'visitor', operation: 'getAll', returnAll: true, simplify: false });
		expect(result.error).toBeUndefined();
		expect(result.json(NODE_NAME).map((item) => item.name)).toEqual(names);
	});

	test('invalid UTF-8 inside a string: U+FFFD, as n8n itself would read it', async () => {
		send(Buffer.concat([Buffer.from('{"contact_id":"x","name":"Zo'), Buffer.from([0xc3]), Buffer.from('"}')]));
		const result = await getVisitor();
		expect(result.json(NODE_NAME)[0]).toEqual({ contact_id: 'x', name: 'Zo\ufffd' });
	});
});

describe('6a. a server repeating the token: redacted from everything the node passes on', () => {
	const cases: Array<[string, () => void, () => Promise<RunResult>, (extra: IDataObject) => Promise<RunResult>]> = [
		['401 detail', () => (api.handle = (_req, res) => json(res, 401, { detail: `Invalid token "${TOKEN}".` })), listSegments, listSegments],
		['400 field error', () => (api.handle = (_req, res) => json(res, 400, { email: [`"${TOKEN}" is not a valid email address.`] })), createActivity, createActivity],
		['500 text body', () => (api.handle = (_req, res) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`KeyError at /api/v1/ (Authorization: Token ${TOKEN})`)), createActivity, createActivity],
		['500 JSON body', () => (api.handle = (_req, res) => json(res, 500, { detail: `Traceback: token=${TOKEN}` })), createActivity, createActivity],
		['entry preview', () => (api.handle = (_req, res) => json(res, 200, { pagination: { count: 1, next: null }, results: [TOKEN] })), listSegments, listSegments],
		['redirect location', () => (api.handle = (_req, res) => res.writeHead(302, { Location: `/api/v1/${TOKEN}/` }).end()), createActivity, createActivity],
	];

	test.each(cases)('%s: in no error, description, Continue On Fail item or stored run', async (label, arm, run, runWith) => {
		arm();
		const failed = await run();
		arm();
		const continued = await runWith({ onError: 'continueRegularOutput' });
		expect(failed.error).toBeDefined();
		const item = continued.json(NODE_NAME)[0];
		expect(typeof item.error).toBe('string');
		for (const result of [failed, continued]) {
			expect(JSON.stringify(result.raw)).not.toContain(TOKEN);
			expect(containsText(result.raw, TOKEN)).toBe(false);
			expect(containsText(result.error, TOKEN)).toBe(false);
		}
		// An entry's text is never shown (describeJsonValue); every other server text comes through with the token replaced.
		const shown = label === 'entry preview' ? 'a text of' : '[redacted]';
		expect(`${failed.error?.message} ${description(failed)}`).toContain(shown);
		expect(`${String(item.error)} ${String(item.description)}`).toContain(shown);
	});
});
