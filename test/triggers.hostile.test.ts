// Triggers against hostile input: the polling trigger against a server whose
// list never ends, and the webhook trigger against 600 randomly mangled deliveries. Outcomes are
// asserted from nock's request count and the answers; the poller's sleep is never waited for
// (the clock the pacer reads runs one second per reading).
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import type { PollState } from './harness';
import { mulberry32, pick, int, type Rng } from './sandbox/random';
import { createSalespanelEngine } from './support/node-env';

const API = 'https://salespanel.io';
const TOKEN = ['trigger', 'fault', 'token', '91c0'].join('-');
const engine = createSalespanelEngine(API, TOKEN);

const POLLER = 'Salespanel Polling Trigger';
const poller = { name: POLLER, type: 'salespanelPollingTrigger', parameters: { event: 'newLead' } };
const webhookNode = { name: 'Salespanel Trigger', type: 'salespanelTrigger', parameters: { events: ['*'] } };

const CURSOR_MS = Date.parse('2025-03-10T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
/** Lead number `n`, first seen `n` seconds after the stored cursor. */
const lead = (n: number): IDataObject => ({
	contact_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
	person_details: { email: `lead${n}@example.com` },
	web_activity_summary: { first_seen: iso(CURSOR_MS + n * 1000), last_seen: iso(CURSOR_MS + n * 1000) },
});
const page = (results: unknown[], next: unknown, count?: number) => ({
	pagination: { ...(count === undefined ? {} : { count }), next, previous: null },
	results,
});
/** A stored poller state: everything up to CURSOR_MS is done. */
const storedState = (): PollState => ({
	staticData: { [`node:${POLLER}`]: { version: 1, event: 'newLead', cursor: new Date(CURSOR_MS).toISOString(), keys: [] } },
});

/** Answers every GET of the leads list with `reply(offset)` and counts the requests. */
function serveLeads(reply: (offset: number) => unknown): { requests: () => number } {
	let requests = 0;
	nock(API)
		.get('/api/v1/leads/')
		.query(true)
		.reply((uri) => {
			requests++;
			const offset = Number(new URL(uri, API).searchParams.get('offset') ?? 0);
			return [200, reply(offset) as nock.Body];
		})
		.persist();
	return { requests: () => requests };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	nock.cleanAll();
	jest.restoreAllMocks();
});
afterAll(() => nock.enableNetConnect());

describe('polling trigger: a list that never ends fails the check, keeps the position, loses nothing', () => {
	const newestFirst = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => lead(to - i));

	/** After a failed check, a sane server: the next check emits every lead once. */
	async function recovers(state: PollState, total: number) {
		nock.cleanAll();
		serveLeads((offset) => page(newestFirst(0, total).slice(offset, offset + 100), offset + 100 < total ? `${API}/next` : null, total));
		const result = await engine.poll(poller, { mode: 'trigger', state });
		expect((result.items?.[0] ?? []).map((item) => item.json.contact_id)).toEqual(newestFirst(0, total).reverse().map((l) => l.contact_id));
	}

	test('the same page forever, with a count: stops 2 pages past the count', async () => {
		const server = serveLeads(() => page(newestFirst(0, 100), `${API}/api/v1/leads/?offset=100`, 100));
		const state = storedState();
		const before = JSON.stringify(state.staticData);
		await expect(engine.poll(poller, { mode: 'trigger', state })).rejects.toThrow(
			/leads\/ list did not end: it announced further pages past its own count of 100 after 3 pages/,
		);
		expect(server.requests()).toBe(3);
		expect(JSON.stringify(state.staticData)).toBe(before);
		await recovers(state, 100);
	});

	test('the same page forever, without a count: stops after 3 pages that bring nothing new', async () => {
		const server = serveLeads(() => page(newestFirst(0, 100), `${API}/next`));
		const state = storedState();
		await expect(engine.poll(poller, { mode: 'trigger', state })).rejects.toThrow(/3 pages in a row brought no record not seen before after 4 pages/);
		expect(server.requests()).toBe(4);
		await recovers(state, 150);
	});

	test('new leads on every page forever, with a count of a billion: stops at 1,000 pages', async () => {
		// The pacer waits on this clock: one second passes per reading, so 60 requests never fit a minute.
		let fakeNow = CURSOR_MS + 10 ** 9 * 1000;
		jest.spyOn(Date, 'now').mockImplementation(() => (fakeNow += 1000));
		const server = serveLeads((offset) => page(newestFirst(10 ** 8 - offset - 100, 10 ** 8 - offset), `${API}/next`, 10 ** 9));
		const state = storedState();
		await expect(engine.poll(poller, { mode: 'trigger', state })).rejects.toThrow(/more than 100000 records were listed after 1000 pages/);
		expect(server.requests()).toBe(1000);
	}, 120_000);

	test('entries that are not objects: a clear error naming the entry, the position kept for the next check', async () => {
		serveLeads(() => page([lead(3), null, 42, 'x', [lead(9)], lead(2), lead(1)], null, 7));
		const state = storedState();
		const before = JSON.stringify(state);
		await expect(engine.poll(poller, { mode: 'trigger', state })).rejects.toThrow(/collection entry that is not an object: results\[1\] is null/);
		expect(JSON.stringify(state)).toBe(before);
	});
});

describe('webhook trigger: 600 mangled deliveries, each answered 200 or 4xx with a short reason', () => {
	const valid = (): IDataObject => ({
		hook: { id: '2ac9c790-9431-4609-9696-cac25b9b5ad3', event: 'person.segment_qualified', target: 'https://n8n.example/w', title: 'Leads' },
		payload: {
			contact_id: 'c1e82a57-bc6f-ad03-d6c1-2a2cc23948fe',
			person_details: { name: 'Jane Roe', email: 'jane@acme.com' },
			company_details: { name: 'Acme', domain: 'acme.com', employees: 15 },
			acquisition_details: { source: 'Direct', landing_location: { country: 'India' } },
			visitor_tags: ['hot-lead'],
			qualified_segments: [{ id: 42, name: 'Enterprise' }],
			web_activity_summary: { total_page_views: 12, first_visit: '2024-01-15T10:30:00Z' },
			segment: { segment_id: '9887ba45-b350-42eb-ac1e-062b4f55328a', title: 'Enterprise' },
		},
	});

	const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'hook', 'payload', 'event', 'id', 'segment', 'name', 'toJSON', ''];

	/** A hostile JSON text for a value slot: deep, wide, huge, odd keys or plain junk. */
	function junk(rng: Rng): string {
		switch (int(rng, 0, 9)) {
			case 0: {
				const depth = int(rng, 20, 40_000);
				return `${'['.repeat(depth)}${']'.repeat(depth)}`;
			}
			case 1: {
				const depth = int(rng, 20, 40_000);
				return `${`{"${pick(rng, KEYS)}":`.repeat(depth)}1${'}'.repeat(depth)}`;
			}
			case 2:
				return JSON.stringify('z'.repeat(int(rng, 0, 3) === 0 ? 1_200_000 : int(rng, 0, 5000)));
			case 3:
				return `{${KEYS.map((key) => `${JSON.stringify(key)}:${pick(rng, ['1', 'null', '{}', '[]', '"x"', '{"a":1}'])}`).join(',')}}`;
			case 4:
				return `[${Array.from({ length: int(rng, 0, 2000) }, () => pick(rng, ['null', '0', '"t"', '{"toString":1}', '[[]]', 'true'])).join(',')}]`;
			case 5:
				return pick(rng, ['null', 'true', 'false', '0', '-1e308', '1e400', '""', '"person.identified"']);
			case 6:
				return `{${JSON.stringify(pick(rng, KEYS))}:${junk(rng)}}`;
			default:
				return JSON.stringify(pick(rng, ['PERSON.IDENTIFIED', ' person.identified ', 'company.identified', 'x'.repeat(300), '\u0000', '🎉']));
		}
	}

	/** A valid delivery with one value (anywhere up to 3 levels down) replaced by junk, or junk as the whole body. */
	function mangled(rng: Rng): string {
		if (int(rng, 0, 7) === 0) return junk(rng);
		const delivery = valid();
		let target = delivery;
		for (let level = int(rng, 0, 2); level > 0; level--) {
			const objects = Object.keys(target).filter((key) => typeof target[key] === 'object' && target[key] !== null && !Array.isArray(target[key]));
			if (objects.length === 0) break;
			target = target[pick(rng, objects)] as IDataObject;
		}
		const key = int(rng, 0, 2) === 0 ? pick(rng, KEYS) : pick(rng, Object.keys(target));
		const marker = '"<<junk>>"';
		target[key] = '<<junk>>';
		return JSON.stringify(delivery).replace(marker, junk(rng));
	}

	test('no exception, no 5xx, every reason at most 160 characters, every accepted item plain JSON', async () => {
		const rng = mulberry32(2024);
		const tally: Record<string, number> = {};
		for (let i = 0; i < 600; i++) {
			const text = mangled(rng);
			let body: unknown;
			try {
				body = JSON.parse(text);
			} catch {
				body = {};
			}
			const label = `delivery ${i}: ${text.slice(0, 80)}`;
			const result = await engine.webhook(webhookNode, { body, rawBody: Buffer.from(text, 'utf8') }, { staticData: {} }).catch((error: Error) => {
				throw new Error(`${label} threw ${error.name}: ${error.message.slice(0, 200)}`);
			});
			const status = result.response?.statusCode ?? 200;
			tally[status] = (tally[status] ?? 0) + 1;
			expect([label, [200, 400, 413]]).toEqual([label, expect.arrayContaining([status])]);
			if (result.workflowData !== undefined) {
				const items = result.workflowData[0].map((item) => item.json);
				expect(JSON.parse(JSON.stringify(items))).toEqual(items);
			} else {
				const reason = (result.response?.body as IDataObject).reason as string;
				expect([label, reason.length <= 160]).toEqual([label, true]);
			}
		}
		// Every kind of answer occurred, so the generator reached each branch of the checks.
		expect(Object.keys(tally).sort()).toEqual(['200', '400', '413']);
	}, 120_000);
});
