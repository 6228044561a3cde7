// The polling trigger against a server whose list never ends. Outcomes are asserted from nock's
// request count; the poller's sleep is never waited for (the clock the pacer reads runs one second
// per reading).
import nock from 'nock';
import { NodeApiError, type IDataObject } from 'n8n-workflow';

import { MAX_PAGES_PER_CHECK } from '../../../../nodes/Salespanel/polling/newestFirst';

import type { PollState } from '../../../tools/harness';
import { useNock } from '../../../tools/support/nock';
import { createSalespanelEngine } from '../../../tools/support/node-env';

const API = 'https://salespanel.io';
const TOKEN = ['trigger', 'fault', 'token', '91c0'].join('-');
const engine = createSalespanelEngine(API, TOKEN);

const POLLER = 'Salespanel Polling Trigger';
const poller = { name: POLLER, type: 'salespanelPollingTrigger', parameters: { event: 'newLead' } };

const CURSOR_MS = Date.parse('2025-03-10T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
/** Lead number `n`, first seen `n` seconds after the stored cursor. */
const lead = (n: number): IDataObject => ({
	contact_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
	person_details: { email: `lead${n}@example.com` },
	web_activity_summary: {
		first_seen: iso(CURSOR_MS + n * 1000),
		last_seen: iso(CURSOR_MS + n * 1000),
	},
});
const page = (results: unknown[], next: unknown, count?: number) => ({
	pagination: { ...(count === undefined ? {} : { count }), next, previous: null },
	results,
});
/** A stored poller state: everything up to CURSOR_MS is done. */
const storedState = (): PollState => ({
	staticData: {
		[`node:${POLLER}`]: {
			version: 1,
			event: 'newLead',
			cursor: new Date(CURSOR_MS).toISOString(),
			keys: [],
		},
	},
});

/** Answers every GET of the list at `path` with `reply(offset)` and counts the requests. */
function serveList(path: string, reply: (offset: number) => unknown): { requests: () => number } {
	let requests = 0;
	nock(API)
		.get(path)
		.query(true)
		.reply((uri) => {
			requests++;
			const offset = Number(new URL(uri, API).searchParams.get('offset') ?? 0);
			return [200, reply(offset) as nock.Body];
		})
		.persist();
	return { requests: () => requests };
}
const serveLeads = (reply: (offset: number) => unknown) => serveList('/api/v1/leads/', reply);

useNock();
afterEach(() => jest.restoreAllMocks());

describe('polling trigger: a list that never ends fails the check, keeps the position, loses nothing', () => {
	const newestFirst = (from: number, to: number) =>
		Array.from({ length: to - from }, (_, i) => lead(to - i));

	/** After a failed check, a sane server: the next check emits every lead once. */
	async function recovers(state: PollState, total: number) {
		nock.cleanAll();
		serveLeads((offset) =>
			page(
				newestFirst(0, total).slice(offset, offset + 100),
				offset + 100 < total ? `${API}/next` : null,
				total,
			),
		);
		const result = await engine.poll(poller, { mode: 'trigger', state });
		expect((result.items?.[0] ?? []).map((item) => item.json.contact_id)).toEqual(
			newestFirst(0, total)
				.reverse()
				.map((l) => l.contact_id),
		);
	}

	test('the same page forever, with a count: the page loop refuses the next page past the count; the error says the position was kept', async () => {
		const server = serveLeads(() =>
			page(newestFirst(0, 100), `${API}/api/v1/leads/?offset=100`, 100),
		);
		const state = storedState();
		const before = JSON.stringify(state.staticData);
		const error = (await engine
			.poll(poller, { mode: 'trigger', state })
			.catch((thrown: unknown) => thrown)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			"Salespanel's pagination did not end: it announced a next page at offset 100, past its own count of 100 (100 items read)",
		);
		expect(error.description).toMatch(
			/^Nothing was emitted and the position of the trigger was kept, so no record is skipped; the next check reads again\. The node stopped reading/,
		);
		expect(server.requests()).toBe(1);
		expect(JSON.stringify(state.staticData)).toBe(before);
		await recovers(state, 100);
	});

	test('the same page forever, without a count: refused at the second page, which brings nothing new', async () => {
		const server = serveLeads(() => page(newestFirst(0, 100), `${API}/next`));
		const state = storedState();
		await expect(engine.poll(poller, { mode: 'trigger', state })).rejects.toThrow(
			"Salespanel's pagination did not end: it sent only items already read at offset 100 and still announced a next page (100 items read)",
		);
		expect(server.requests()).toBe(2);
		await recovers(state, 150);
	});

	test('an empty page that announces a next one: the check fails (it used to end quietly), the position kept', async () => {
		const server = serveLeads((offset) =>
			page(offset === 0 ? newestFirst(0, 100) : [], `${API}/next`),
		);
		const state = storedState();
		const before = JSON.stringify(state.staticData);
		await expect(engine.poll(poller, { mode: 'trigger', state })).rejects.toThrow(
			"Salespanel's pagination did not end: it announced a next page but sent an empty one at offset 100 (100 items read)",
		);
		expect(server.requests()).toBe(2);
		expect(JSON.stringify(state.staticData)).toBe(before);
		await recovers(state, 120);
	});

	test.each([
		['newLead', '/api/v1/leads/'],
		['newVisitor', '/api/v1/visitors/'],
		['leadActivity', '/api/v1/leads/'],
		['personIdentified', '/api/v1/leads/'],
		['personSegmentQualified', '/api/v1/leads/'],
	])(
		'%s, the same page forever: the same page-loop error at the second page, nothing stored',
		async (event, path) => {
			const server = serveList(path, () => page(newestFirst(0, 100), `${API}/next`));
			// A timestamp event reads on from a stored cursor; a Person event's first check reads the whole list.
			const stored = event.startsWith('person')
				? {}
				: {
						[`node:${POLLER}`]: {
							version: 1,
							event,
							cursor: new Date(CURSOR_MS).toISOString(),
							keys: [],
						},
					};
			const state: PollState = { staticData: stored };
			const before = JSON.stringify(stored);
			await expect(
				engine.poll({ ...poller, parameters: { event } }, { mode: 'trigger', state }),
			).rejects.toThrow(
				"Salespanel's pagination did not end: it sent only items already read at offset 100 and still announced a next page (100 items read)",
			);
			expect(server.requests()).toBe(2);
			expect(JSON.stringify(state.staticData)).toBe(before);
		},
	);

	test(`new leads on every page forever, with a count of 1e12: stops at ${MAX_PAGES_PER_CHECK} pages`, async () => {
		// The pacer waits on this clock: one second passes per reading, so 60 requests never fit a minute.
		let fakeNow = CURSOR_MS + 10 ** 9 * 1000;
		jest.spyOn(Date, 'now').mockImplementation(() => (fakeNow += 1000));
		const server = serveLeads((offset) =>
			page(newestFirst(10 ** 8 - offset - 100, 10 ** 8 - offset), `${API}/next`, 1e12),
		);
		const state = storedState();
		await expect(engine.poll(poller, { mode: 'trigger', state })).rejects.toThrow(
			`Salespanel's pagination did not end: it still announced a next page after ${MAX_PAGES_PER_CHECK} pages, the most one list is read for (${MAX_PAGES_PER_CHECK * 100} items read)`,
		);
		expect(server.requests()).toBe(MAX_PAGES_PER_CHECK);
	}, 120_000);

	test('Person Segment Qualified, the segments list stating count 1e12: the drift error after at most 15 requests, not a plan of 1e10 pages', async () => {
		// A lead whose segment comes as a title only: the check reads /segments/ (Return All) to find its ID.
		serveLeads(() => page([{ ...lead(1), qualified_segments: ['Segment 7'] }], null, 1));
		const segments = serveList('/api/v1/segments/', (offset) => {
			const results = Array.from({ length: Math.max(0, Math.min(100, 250 - offset)) }, (_, i) => ({
				segment_id: `seg-${offset + i}`,
				name: `Segment ${offset + i}`,
			}));
			return page(
				results,
				offset + 100 < 250 ? `${API}/api/v1/segments/?offset=${offset + 100}` : null,
				1e12,
			);
		});
		const manual = engine.poll(
			{ ...poller, parameters: { event: 'personSegmentQualified' } },
			{ mode: 'manual', state: { staticData: {} } },
		);
		// Before the fix the plan of 1e10 pages exhausted the heap and the process died.
		await expect(manual).rejects.toThrow(
			"Salespanel's list changed faster than it could be read: 250 of 1000000000000 items arrived",
		);
		// The first page, at most 11 planned ones (those past the end are stopped), three to re-read the front.
		expect(segments.requests()).toBeLessThanOrEqual(15);
	});

	test(`Person Segment Qualified, a segments list of new segments forever without a count: stops at ${MAX_PAGES_PER_CHECK} pages, the check's bound`, async () => {
		let fakeNow = CURSOR_MS + 10 ** 9 * 1000;
		jest.spyOn(Date, 'now').mockImplementation(() => (fakeNow += 1000));
		serveLeads(() => page([{ ...lead(1), qualified_segments: ['Segment 7'] }], null, 1));
		const segments = serveList('/api/v1/segments/', (offset) =>
			page(
				Array.from({ length: 100 }, (_, i) => ({
					segment_id: `seg-${offset + i}`,
					name: `Segment ${offset + i}`,
				})),
				`${API}/api/v1/segments/?offset=${offset + 100}`,
			),
		);
		const manual = engine.poll(
			{ ...poller, parameters: { event: 'personSegmentQualified' } },
			{ mode: 'manual', state: { staticData: {} } },
		);
		await expect(manual).rejects.toThrow(
			`Salespanel's pagination did not end: it still announced a next page after ${MAX_PAGES_PER_CHECK} pages`,
		);
		// Before the fix the segments were read as Return All: 5,000 pages in one check.
		expect(segments.requests()).toBe(MAX_PAGES_PER_CHECK);
	}, 300_000);

	test('entries that are not objects: a clear error naming the entry, the position kept for the next check', async () => {
		serveLeads(() => page([lead(3), null, 42, 'x', [lead(9)], lead(2), lead(1)], null, 7));
		const state = storedState();
		const before = JSON.stringify(state);
		await expect(engine.poll(poller, { mode: 'trigger', state })).rejects.toThrow(
			/collection entry that is not an object: results\[1\] is null/,
		);
		expect(JSON.stringify(state)).toBe(before);
	});
});
