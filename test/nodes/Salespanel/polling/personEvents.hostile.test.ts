// The Person events of the polling trigger against hostile data: leads whose qualified_segments
// is not a list or holds junk, tens of thousands of (lead, segment) pairs, damaged stored state,
// and a /segments/ endpoint that fails while a qualification waits to be emitted.
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { MAX_SEGMENTS_PER_LEAD } from '../../../../nodes/Salespanel/polling/personEvents';
import {
	FINGERPRINT_LENGTH,
	MAX_REMEMBERED,
} from '../../../../nodes/Salespanel/polling/storedState';
import type { Engine, PollResult, PollState } from '../../../tools/harness';
import { selectVisitors, startSandbox } from '../../../tools/sandbox';
import type { Sandbox } from '../../../tools/sandbox';
import { recordLogs } from '../../../tools/support/logs';
import { createSalespanelEngine } from '../../../tools/support/node-env';

const START = Date.parse('2025-03-10T12:00:00Z');
const NAME = 'Salespanel Polling Trigger';
const STATE_KEY = `node:${NAME}`;

let clock = START;
let sandbox: Sandbox;
let engine: Engine;

// Checks follow each other within milliseconds here: without a cap (the cap has its own tests in dailyBudget.test.ts).
const node = (event: string, parameters: IDataObject = {}) => ({
	name: NAME,
	type: 'salespanelPollingTrigger',
	parameters: { event, options: { maxRequestsPerDay: 0 }, ...parameters },
});
const poll = async (event: string, state: PollState) =>
	await engine.poll(node(event), { mode: 'trigger', state });
const emitted = (result: PollResult): IDataObject[] =>
	result.items === null ? [] : result.items[0].map((i) => i.json);
const tick = (ms = 60_000) => {
	clock += ms;
};
const nodeState = (state: PollState) => state.staticData[STATE_KEY] as IDataObject;
/** How many leads or (lead, segment) pairs the state remembers. */
const remembered = (stored: IDataObject) => String(stored.seen).length / FINGERPRINT_LENGTH;
const leadsInWindow = () => selectVisitors(sandbox.store, clock, true, false);
/** Puts any value into a served lead, as a misbehaving server would send it. */
const setSegments = (lead: { qualified_segments: unknown }, value: unknown) => {
	lead.qualified_segments = value;
};

describe('Person events against the sandbox', () => {
	beforeEach(async () => {
		clock = START;
		sandbox = await startSandbox({ now: () => clock, throttle: false, seed: 31 });
		engine = createSalespanelEngine(sandbox.url, sandbox.token);
	});
	afterEach(async () => {
		jest.restoreAllMocks();
		await sandbox.close();
	});

	test.each([
		['a text', 'Enterprise Prospects'],
		['an object', { name: 'Enterprise Prospects' }],
		['a number', 42],
		['null', null],
		['true', true],
	])(
		'a lead whose qualified_segments is %s yields no pair; the leads around it still do',
		async (_label, value) => {
			const state: PollState = { staticData: {} };
			await poll('personSegmentQualified', state);
			tick();
			const [before, odd, after] = sandbox.addVisitors(3, { lead: true });
			setSegments(before, [sandbox.store.segments[0].name]);
			setSegments(odd, value);
			setSegments(after, [sandbox.store.segments[1].name]);
			const result = emitted(await poll('personSegmentQualified', state));
			expect(result.map((item) => item.contact_id).sort()).toEqual(
				[before.contact_id, after.contact_id].sort(),
			);
			expect((await poll('personSegmentQualified', state)).items).toBeNull();
		},
	);

	test('entries that are not segments are skipped; titles, {name} and {segment_id} objects each emit once', async () => {
		const state: PollState = { staticData: {} };
		await poll('personSegmentQualified', state);
		const pairsBefore = remembered(nodeState(state));
		tick();
		const [lead] = sandbox.addVisitors(1, { lead: true });
		const known = sandbox.store.segments[3];
		const long = 'L'.repeat(10_000);
		setSegments(lead, [
			null,
			42,
			true,
			['Nested'],
			{},
			{ name: {} },
			{ id: { deep: 1 } },
			'',
			'   ',
			known.name,
			known.name.toUpperCase(), // the same segment twice
			{ name: 'Object Title' },
			{ segment_id: 'ABC-1', name: 'With Id' },
			{ id: 7 },
			'__proto__',
			long,
		]);
		const result = emitted(await poll('personSegmentQualified', state));
		expect(result.map((item) => item.segment)).toEqual([
			{ segment_id: known.segment_id, title: known.name },
			{ segment_id: null, title: 'Object Title' },
			{ segment_id: 'ABC-1', title: 'With Id' },
			{ segment_id: null, title: null },
			{ segment_id: null, title: '__proto__' },
			{ segment_id: null, title: long },
		]);
		// Six fingerprints of 10 characters, whatever the length of a title.
		expect(remembered(nodeState(state))).toBe(pairsBefore + 6);
		expect((await poll('personSegmentQualified', state)).items).toBeNull();
	});

	test('52,250 pairs in the 24 hours: 50,000 remembered (500 KB), the overflow logged, never re-emitted per check; a forgotten lead returning repeats once', async () => {
		const titles = Array.from({ length: 95 }, (_, i) => `Segment ${String(i).padStart(3, '0')}`);
		const many = [];
		for (let i = 0; i < 550; i++) {
			tick(1000);
			const [lead] = sandbox.addVisitors(1, { lead: true });
			setSegments(lead, titles);
			many.push(lead);
		}
		const pairs = leadsInWindow().reduce(
			(sum, lead) =>
				sum + (Array.isArray(lead.qualified_segments) ? lead.qualified_segments.length : 0),
			0,
		);
		expect(pairs).toBeGreaterThanOrEqual(52_250);

		const logs = recordLogs();
		const state: PollState = { staticData: {} };
		expect((await poll('personSegmentQualified', state)).items).toBeNull();
		expect(logs.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
			expect.stringContaining('more than 50000 leads or (lead, segment) pairs to remember'),
		]);
		expect(remembered(nodeState(state))).toBe(MAX_REMEMBERED);
		expect(String(nodeState(state).seen).length).toBe(500_000);
		expect(nodeState(state).floor).toEqual(expect.any(String));
		sandbox.resetLog();
		expect((await poll('personSegmentQualified', state)).items).toBeNull();
		expect(state.changed).toBe(false);
		expect(sandbox.requests.length).toBe(1);

		// A remembered lead, active again with one more segment: only that pair is new.
		tick();
		const newest = many[many.length - 1];
		sandbox.setLastSeen(newest.contact_id);
		setSegments(newest, [...titles, 'Brand New']);
		const pairOf = (item: IDataObject) => [item.contact_id, (item.segment as IDataObject).title];
		expect(emitted(await poll('personSegmentQualified', state)).map(pairOf)).toEqual([
			[newest.contact_id, 'Brand New'],
		]);

		// A lead forgotten past the bound, active again: its segments come once more (repeated, not
		// lost), then never again. Untouched leads past the bound stay quiet.
		tick();
		const oldest = many[0];
		sandbox.setLastSeen(oldest.contact_id);
		expect(emitted(await poll('personSegmentQualified', state)).map(pairOf)).toEqual(
			titles.map((title) => [oldest.contact_id, title]),
		);
		expect((await poll('personSegmentQualified', state)).items).toBeNull();

		// One lead suddenly in 20,000 segments: its first 100 are read, each pair once; the state stays bounded.
		tick();
		const [flood] = sandbox.addVisitors(1, { lead: true });
		setSegments(
			flood,
			Array.from({ length: 20_000 }, (_, i) => `Flood ${i}`),
		);
		const flooded = emitted(await poll('personSegmentQualified', state));
		expect(flooded.map((item) => (item.segment as IDataObject).title)).toEqual(
			Array.from({ length: MAX_SEGMENTS_PER_LEAD }, (_, i) => `Flood ${i}`),
		);
		expect(remembered(nodeState(state))).toBe(MAX_REMEMBERED);
		expect((await poll('personSegmentQualified', state)).items).toBeNull();
		tick();
		const [late] = sandbox.addVisitors(1, { lead: true });
		setSegments(late, ['Late']);
		expect(
			emitted(await poll('personSegmentQualified', state)).map((item) => item.contact_id),
		).toEqual([late.contact_id]);
	}, 60_000);

	test('50,000 fingerprints of leads long gone: an identification without activity still comes at the next complete read, once; new leads meanwhile once each', async () => {
		// The schedule of complete reads follows the wall clock.
		jest.spyOn(Date, 'now').mockImplementation(() => clock);
		// 250 leads active in the last hour: the identified lead below is on the third page.
		sandbox
			.addVisitors(250, { lead: true })
			.forEach((lead, i) => sandbox.setLastSeen(lead.contact_id, clock - 60_000 - i * 1000));
		const state: PollState = { staticData: {} };
		expect((await poll('personIdentified', state)).items).toBeNull();
		// Weeks of leads no longer in the 24-hour list, seen before the current ones.
		const gone = Array.from({ length: MAX_REMEMBERED }, (_, i) =>
			`gone${i.toString(36)}`.padEnd(FINGERPRINT_LENGTH, '_'),
		);
		state.staticData[STATE_KEY] = {
			...nodeState(state),
			seen: String(nodeState(state).seen) + gone.join(''),
		};
		const logs = recordLogs();

		// A lead active 16 hours ago, identified now without new activity (identify leaves last_seen alone).
		const [visitor] = sandbox.addVisitors(1, { lead: false, front: false });
		visitor.web_activity_summary.first_seen = new Date(clock - 20 * 24 * 3_600_000)
			.toISOString()
			.replace('.000Z', 'Z');
		sandbox.setLastSeen(visitor.contact_id, clock - 16 * 3_600_000);
		const identify = await fetch(`${sandbox.url}/api/v1/visitors/${visitor.contact_id}/identify/`, {
			method: 'POST',
			headers: { Authorization: `Token ${sandbox.token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ email: 'late@example.com' }),
		});
		expect(identify.status).toBe(200);

		// Checks every 10 minutes for 70 minutes (Re-Read All Leads Every 60), a new lead before each:
		// each one forgets a fingerprint, which must not hide the identification.
		const newLeads: string[] = [];
		const got: string[] = [];
		for (let step = 0; step < 7; step++) {
			tick(10 * 60_000);
			newLeads.push(sandbox.addVisitors(1, { lead: true })[0].contact_id);
			got.push(
				...emitted(await poll('personIdentified', state)).map((item) => String(item.contact_id)),
			);
		}
		expect(got.filter((id) => id === visitor.contact_id)).toHaveLength(1);
		expect(got.filter((id) => id !== visitor.contact_id)).toEqual(newLeads);
		expect(remembered(nodeState(state))).toBe(MAX_REMEMBERED);
		// Only gone leads were forgotten: no floor, no overflow warning.
		expect(nodeState(state).floor).toBeNull();
		expect(logs.filter((line) => line.level === 'warn')).toEqual([]);
		tick(10 * 60_000);
		expect((await poll('personIdentified', state)).items).toBeNull();
	}, 60_000);

	const good = async (event: string) => {
		const state: PollState = { staticData: {} };
		await poll(event, state);
		return { state, stored: nodeState(state) };
	};
	const later = () => {
		tick();
		const [lead] = sandbox.addVisitors(1, { lead: true });
		setSegments(lead, [sandbox.store.segments[0].name]);
		return lead.contact_id;
	};

	test.each(['personIdentified', 'personSegmentQualified'])(
		'%s: damaged stored state is repaired and nothing old comes back',
		async (event) => {
			/** The state as version 1 (never published) stored it: the keys in clear text; it starts afresh. */
			const versionOne = (stored: IDataObject) => ({
				version: 1,
				event: stored.event,
				cursor: null,
				keys: leadsInWindow().flatMap((lead) =>
					event === 'personIdentified'
						? [lead.contact_id]
						: (lead.qualified_segments ?? []).map(
								(title) => `${lead.contact_id}|title:${title.toLowerCase()}`,
							),
				),
			});
			const cases: Array<[string, (stored: IDataObject) => unknown, 'kept' | 'afresh']> = [
				['seen not a text', (stored) => ({ ...stored, seen: ['x'] }), 'afresh'],
				[
					'seen cut inside a fingerprint',
					(stored) => ({ ...stored, seen: `abc${String(stored.seen)}` }),
					'afresh',
				],
				[
					'seen with a character outside base64url',
					(stored) => ({ ...stored, seen: `${String(stored.seen).slice(10)}+aaaaaaaaa` }),
					'afresh',
				],
				[
					'60,000 fingerprints appended',
					(stored) => ({ ...stored, seen: String(stored.seen) + 'AbCdEfGhIj'.repeat(60_000) }),
					'kept',
				],
				['an unreadable cursor', (stored) => ({ ...stored, cursor: 'yesterday-ish' }), 'afresh'],
				['a cursor that is a number', (stored) => ({ ...stored, cursor: 12 }), 'afresh'],
				[
					'a complete read dated in the year 9999',
					(stored) => ({ ...stored, fullAt: '9999-01-01T00:00:00.000Z' }),
					'kept',
				],
				['an unreadable floor', (stored) => ({ ...stored, floor: {} }), 'afresh'],
				['another event', (stored) => ({ ...stored, event: 'newLead' }), 'afresh'],
				['version 1 (keys in clear text; never published)', versionOne, 'afresh'],
				['version 3', (stored) => ({ ...stored, version: 3 }), 'afresh'],
				['a text instead of an object', () => 'garbage', 'afresh'],
			];
			for (const [label, damage, outcome] of cases) {
				const { state, stored } = await good(event);
				state.staticData[STATE_KEY] = damage(stored) as IDataObject;
				tick();
				const fresh = later();
				const repaired = await poll(event, state);
				// Kept: the state still knows the old leads, so only the new one comes. Afresh: the check
				// records the present like a first check. Either way nothing old is emitted.
				expect([label, emitted(repaired).map((item) => item.contact_id)]).toEqual([
					label,
					outcome === 'kept' ? [fresh] : [],
				]);
				const next = later();
				expect([label, emitted(await poll(event, state)).map((item) => item.contact_id)]).toEqual([
					label,
					[next],
				]);
				expect((await poll(event, state)).items).toBeNull();
				const own = nodeState(state);
				// A node state that is not an object moves to the global static data (nodeState.ts).
				const stateNow = (
					typeof own === 'object'
						? own
						: (state.staticData.global as IDataObject)[`salespanelState:${NAME}`]
				) as IDataObject;
				expect([label, stateNow.version, stateNow.keys]).toEqual([label, 2, undefined]);
				expect(
					Number.isInteger(remembered(stateNow)) && remembered(stateNow) <= MAX_REMEMBERED,
				).toBe(true);
			}
		},
		60_000,
	);
});

describe('Person Segment Qualified against a failing /segments/ (nock)', () => {
	const API = 'https://salespanel.io';
	const lead = (segments: string[]) => ({
		contact_id: '00000000-0000-4000-8000-000000000001',
		person_details: { email: 'jane@example.com' },
		qualified_segments: segments,
		web_activity_summary: { first_seen: '2025-03-01T10:00:00Z', last_seen: '2025-03-10T11:59:00Z' },
	});
	const leads = (segments: string[]) => ({
		pagination: { count: 1, next: null, previous: null },
		results: [lead(segments)],
	});

	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	test('the check fails, the state is kept, and the next check emits the qualification once', async () => {
		const nockEngine = createSalespanelEngine(API, ['hostile', 'poll', 'token'].join('-'));
		const run = async (state: PollState) =>
			await nockEngine.poll(node('personSegmentQualified'), { mode: 'trigger', state });
		const state: PollState = { staticData: {} };
		nock(API)
			.get('/api/v1/leads/')
			.query(true)
			.reply(200, leads(['Trial Users']));
		await run(state);
		const before = JSON.stringify(state.staticData);

		nock(API)
			.get('/api/v1/leads/')
			.query(true)
			.reply(200, leads(['Trial Users', 'Enterprise']));
		nock(API).get('/api/v1/segments/').query(true).reply(404, { detail: 'Not found.' });
		await expect(run(state)).rejects.toThrow();
		expect(JSON.stringify(state.staticData)).toBe(before);

		nock(API)
			.get('/api/v1/leads/')
			.query(true)
			.reply(200, leads(['Trial Users', 'Enterprise']));
		nock(API)
			.get('/api/v1/segments/')
			.query(true)
			.reply(200, {
				pagination: { count: 1, next: null, previous: null },
				results: [{ segment_id: 'seg-ent', name: 'Enterprise' }],
			});
		const result = await run(state);
		expect(emitted(result).map((item) => item.segment)).toEqual([
			{ segment_id: 'seg-ent', title: 'Enterprise' },
		]);
		nock(API)
			.get('/api/v1/leads/')
			.query(true)
			.reply(200, leads(['Trial Users', 'Enterprise']));
		expect((await run(state)).items).toBeNull();
		expect(nock.isDone()).toBe(true);
	});
});
