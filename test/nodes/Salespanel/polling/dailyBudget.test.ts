import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Engine, PollResult, PollState } from '../../../tools/harness';
import { selectVisitors, startSandbox } from '../../../tools/sandbox';
import type { Sandbox } from '../../../tools/sandbox';
import { recordLogs } from '../../../tools/support/logs';
import { createSalespanelEngine } from '../../../tools/support/node-env';
import {
	HOUR,
	MINUTE,
	POLL_EVENTS as EVENTS,
	POLLING_TRIGGER_NAME as NAME,
} from '../../../tools/support/pollingEvents';

// The polling trigger within the account's daily API budget, through the real engine against the
// sandbox, on one clock: the sandbox's time and the wall clock (Date.now) the trigger schedules by.
// Person events read /leads/ only down to the previous check, and all of it at most every 60
// minutes; Max Requests per Day skips checks that would run ahead of its pace.

const START = Date.parse('2025-03-10T12:00:00Z');

let clock = START;
let sandbox: Sandbox;
let engine: Engine;

beforeEach(async () => {
	clock = START;
	jest.spyOn(Date, 'now').mockImplementation(() => clock);
	sandbox = await startSandbox({ now: () => clock, throttle: false, seed: 41 });
	engine = createSalespanelEngine(sandbox.url, sandbox.token);
});

afterEach(async () => {
	jest.restoreAllMocks();
	await sandbox.close();
});

const node = (event: string, options?: IDataObject) => ({
	name: NAME,
	type: 'salespanelPollingTrigger',
	parameters: (options === undefined ? { event } : { event, options }) as INodeParameters,
});
/** One scheduled check: its items and the requests it sent. */
async function check(event: string, state: PollState, options?: IDataObject) {
	const before = sandbox.requests.length;
	const result = await engine.poll(node(event, options), { mode: 'trigger', state });
	return { result, requests: sandbox.requests.length - before };
}
const emitted = (result: PollResult): IDataObject[] =>
	result.items === null ? [] : result.items[0].map((i) => i.json);
const ids = (result: PollResult) => emitted(result).map((item) => String(item.contact_id));
const isoSeconds = (ms: number) =>
	new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const leadsInWindow = () => selectVisitors(sandbox.store, clock, true, false);

/** `n` leads last active over the past `overMs`, evenly, first seen an hour before that. */
function spreadLeads(n: number, overMs: number) {
	const leads = sandbox.addVisitors(n, { lead: true });
	leads.forEach((lead, i) => {
		const last = clock - Math.floor(((i + 1) * overMs) / (n + 1));
		lead.web_activity_summary.first_seen = isoSeconds(last - HOUR);
		lead.web_activity_summary.last_seen = isoSeconds(last);
	});
	// Re-sorts the served order.
	sandbox.setLastSeen(leads[0].contact_id, Date.parse(leads[0].web_activity_summary.last_seen));
	return leads;
}

/** Identifies a visitor through the sandbox's API, as a form integration would (last_seen stays). */
async function identify(contactId: string, email: string) {
	const response = await fetch(`${sandbox.url}/api/v1/visitors/${contactId}/identify/`, {
		method: 'POST',
		headers: { Authorization: `Token ${sandbox.token}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ email }),
	});
	expect(response.status).toBe(200);
}

/** An anonymous visitor last active `agoMs` ago: deep in /leads/ once identified. */
function anonymousVisitorActive(agoMs: number) {
	const [visitor] = sandbox.addVisitors(1, { lead: false, front: false });
	visitor.web_activity_summary.first_seen = isoSeconds(clock - agoMs - 20 * 24 * HOUR);
	sandbox.setLastSeen(visitor.contact_id, clock - agoMs);
	return visitor;
}

describe('a quiet hour of checks every minute, 2,000 active leads, default options', () => {
	test.each(EVENTS)(
		'%s: ≤ 1.5 requests per check on average, quiet checks 1 request, nothing emitted',
		async (event) => {
			spreadLeads(2_000, 23 * HOUR);
			const state: PollState = { staticData: {} };
			await check(event, state);
			const perCheck: number[] = [];
			for (let minute = 1; minute <= 60; minute++) {
				clock += MINUTE;
				const { result, requests } = await check(event, state);
				expect([minute, result.items]).toEqual([minute, null]);
				perCheck.push(requests);
			}
			const total = perCheck.reduce((a, b) => a + b, 0);
			expect(total / 60).toBeLessThanOrEqual(1.5);
			// Besides the complete re-read of the Person events (one, at 60 minutes), a check is 0 or 1 request.
			const large = perCheck.filter((n) => n > 1);
			expect(large.length).toBeLessThanOrEqual(event.startsWith('person') ? 1 : 0);
		},
		60_000,
	);
});

describe('Person events: found at the next check with activity, within the re-read period without', () => {
	test('Person Identified: with activity → next check (1 request); without (last active 16 h ago) → the complete read ≤ 60 min later; each once', async () => {
		spreadLeads(500, 23 * HOUR);
		const options = { maxRequestsPerDay: 0 };
		const state: PollState = { staticData: {} };
		const fullRead = () => Math.ceil(leadsInWindow().length / 100);
		expect((await check('personIdentified', state, options)).requests).toBe(fullRead());

		clock += MINUTE;
		const quietOne = anonymousVisitorActive(16 * HOUR);
		const active = anonymousVisitorActive(2 * HOUR);
		await identify(quietOne.contact_id, 'quiet.one@example.com');
		await identify(active.contact_id, 'active.one@example.com');
		sandbox.setLastSeen(active.contact_id);
		const next = await check('personIdentified', state, options);
		expect([ids(next.result), next.requests]).toEqual([[active.contact_id], 1]);

		// Quiet checks until the hour since the last complete read is over: then the quiet identification comes, once.
		const found: string[][] = [];
		for (let minute = 2; minute <= 75; minute++) {
			clock += MINUTE;
			const { result, requests } = await check('personIdentified', state, options);
			if (result.items !== null) found.push([String(minute), ...ids(result)]);
			expect([minute, requests]).toEqual([minute, minute === 60 ? fullRead() : 1]);
		}
		expect(found).toEqual([['60', quietOne.contact_id]]);
	}, 60_000);

	test('Person Segment Qualified: a qualification without activity → the complete read; the option sets the period', async () => {
		const leads = spreadLeads(400, 23 * HOUR);
		const options = { maxRequestsPerDay: 0, fullReadMinutes: 15 };
		const state: PollState = { staticData: {} };
		await check('personSegmentQualified', state, options);
		const deep = leads[350];
		const segment = sandbox.store.segments.find(
			(s) => !(deep.qualified_segments ?? []).includes(s.name),
		)!;
		clock += MINUTE;
		sandbox.qualifyForSegment(deep.contact_id, segment.name);
		const found: string[] = [];
		for (let minute = 1; minute <= 40; minute++) {
			const { result } = await check('personSegmentQualified', state, options);
			for (const item of emitted(result))
				found.push(
					`${minute} ${String(item.contact_id)} ${String((item.segment as IDataObject).title)}`,
				);
			clock += MINUTE;
		}
		expect(found).toEqual([`15 ${deep.contact_id} ${segment.name}`]);
	}, 60_000);

	test('7,000 leads in the 24 hours: lead #7,000 gaining a segment and a lead identified 16 h after its activity are emitted, once', async () => {
		const leads = spreadLeads(7_000, 20 * HOUR);
		// A complete read is 71 requests, past the 60 a minute the client paces to: the wall clock
		// moves a second per reading, so the pacer's waits end.
		let drift = 0;
		jest.spyOn(Date, 'now').mockImplementation(() => clock + (drift += 1000));
		const options = { maxRequestsPerDay: 0 };
		const qualified: PollState = { staticData: {} };
		const identified: PollState = { staticData: {} };
		await check('personSegmentQualified', qualified, options);
		await check('personIdentified', identified, options);
		const last = leads[leads.length - 1];
		const segment = sandbox.store.segments.find(
			(s) => !(last.qualified_segments ?? []).includes(s.name),
		)!;
		sandbox.qualifyForSegment(last.contact_id, segment.name);
		const quiet = anonymousVisitorActive(16 * HOUR);
		await identify(quiet.contact_id, 'sixteen.hours@example.com');
		clock += HOUR;
		const [q, i] = [
			await check('personSegmentQualified', qualified, options),
			await check('personIdentified', identified, options),
		];
		expect(
			emitted(q.result).map((item) => [item.contact_id, (item.segment as IDataObject).title]),
		).toEqual([[last.contact_id, segment.name]]);
		expect(ids(i.result)).toEqual([quiet.contact_id]);
		clock += HOUR;
		expect((await check('personSegmentQualified', qualified, options)).result.items).toBeNull();
		expect((await check('personIdentified', identified, options)).result.items).toBeNull();
	}, 120_000);
});

describe('Person events with more leads than the cap reads hourly', () => {
	test('4,500 active leads, default options, checks every minute for 6 hours: complete reads stretched to 2 × their requests × 86.4 s (~130 min), checks down to the previous one in between; every new lead once', async () => {
		const logs = recordLogs();
		spreadLeads(4_500, 23 * HOUR);
		const state: PollState = { staticData: {} };
		const pages = Math.ceil(leadsInWindow().length / 100);
		expect(pages).toBeGreaterThanOrEqual(45);
		expect((await check('personIdentified', state)).requests).toBe(pages);
		const periodMinutes = Math.ceil((2 * pages * 86.4) / 60);
		const added: string[] = [];
		const got: string[] = [];
		const fullReadsAt: number[] = [];
		let checksRun = 0;
		// 6 hours with a new lead every 10 minutes, then 70 minutes to catch up with the pace.
		for (let minute = 1; minute <= 7 * 60 + 10; minute++) {
			clock += MINUTE;
			if (minute % 10 === 0 && minute <= 6 * 60)
				added.push(sandbox.addVisitors(1, { lead: true })[0].contact_id);
			const one = await check('personIdentified', state);
			if (one.requests > 0) checksRun++;
			if (one.requests > 5) fullReadsAt.push(minute);
			got.push(...ids(one.result));
		}
		// 2 × pages × 86.4 s between complete reads (the option says 60 minutes); fewer pages as
		// leads leave the 24 hours, so later gaps shrink. Without the stretch: 6 complete reads, 10 checks in all.
		expect(fullReadsAt.length).toBeLessThanOrEqual(4);
		expect(fullReadsAt[0]).toBeGreaterThanOrEqual(periodMinutes);
		expect(
			fullReadsAt
				.slice(1)
				.map((at, i) => at - fullReadsAt[i])
				.every((gap) => gap >= 100),
		).toBe(true);
		expect(checksRun).toBeGreaterThan(3 * fullReadsAt.length + 20);
		expect(got).toEqual(added);
		expect(
			logs.some(
				(line) =>
					line.level === 'debug' &&
					line.message.includes(`all leads are read every ${periodMinutes} minutes (not 60)`),
			),
		).toBe(true);
	}, 120_000);
});

describe('Max Requests per Day', () => {
	test('default 1,000: six hours of checks every minute, a new lead every 14 minutes: ≤ 250 requests, every lead once, skipped checks send nothing', async () => {
		const state: PollState = { staticData: {} };
		await check('newLead', state);
		const added: string[] = [];
		const got: string[] = [];
		let requests = 0;
		let skipped = 0;
		let latestDelay = 0;
		const addedAt = new Map<string, number>();
		for (let minute = 1; minute <= 6 * 60; minute++) {
			clock += MINUTE;
			if (minute % 14 === 0) {
				const [lead] = sandbox.addVisitors(1, { lead: true });
				added.push(lead.contact_id);
				addedAt.set(lead.contact_id, clock);
			}
			const one = await check('newLead', state);
			requests += one.requests;
			if (one.requests === 0) {
				skipped++;
				expect(one.result.items).toBeNull();
			}
			for (const id of ids(one.result)) {
				got.push(id);
				latestDelay = Math.max(latestDelay, clock - addedAt.get(id)!);
			}
		}
		expect(requests).toBeLessThanOrEqual(250);
		expect(skipped).toBeGreaterThan(100);
		expect(got).toEqual(added);
		// Delayed by the pace (86.4 s a request), never more than two minutes here.
		expect(latestDelay).toBeLessThanOrEqual(2 * MINUTE);
	}, 60_000);

	test('a backlog of 250 new leads is read in one check (3 requests); the cap then spaces the next check 3 × 86.4 s', async () => {
		const state: PollState = { staticData: {} };
		await check('newLead', state);
		const backlog: string[] = [];
		for (let i = 0; i < 250; i++) {
			clock += 1000;
			backlog.push(sandbox.addVisitors(1, { lead: true })[0].contact_id);
		}
		const first = await check('newLead', state);
		expect(first.requests).toBe(3);
		expect([...ids(first.result)].sort()).toEqual([...backlog].sort());
		const after: number[] = [];
		for (let minute = 1; minute <= 5; minute++) {
			clock += MINUTE;
			after.push((await check('newLead', state)).requests);
		}
		expect(after).toEqual([0, 0, 0, 0, 1]);
	});

	test('a check that spends the cap pauses the trigger at most 12 h 10 min, so a lead arriving just after it is emitted once; a reached cap is logged once a day (warn), each skipped check at debug', async () => {
		const logs = recordLogs();
		const options = { maxRequestsPerDay: 5 };
		const state: PollState = { staticData: {} };
		expect((await check('newLead', state, options)).requests).toBe(1);
		// 900 new leads over 5 hours, one every 20 s.
		for (let i = 0; i < 900; i++) {
			clock += 20_000;
			sandbox.addVisitors(1, { lead: true });
		}
		const backlogAt = clock;
		const backlog = await check('newLead', state, options);
		expect([backlog.requests, emitted(backlog.result).length]).toEqual([10, 900]);
		clock += MINUTE;
		const [late] = sandbox.addVisitors(1, { lead: true });
		const ran: number[] = [];
		const ranAt = [backlogAt];
		const got: string[] = [];
		for (let step = 1; step <= 60; step++) {
			clock += 30 * MINUTE;
			const one = await check('newLead', state, options);
			if (one.requests > 0) {
				ran.push(step);
				ranAt.push(clock);
			}
			got.push(...ids(one.result));
		}
		// Poll Times every 30 minutes: the first check that runs is the first at least 12 h 10 min
		// after the backlog (T + 12 h 31 min); still over the cap, the next one 12 h later; then at the pace (4.8 h).
		expect(ran).toEqual([25, 49, 59]);
		const gaps = ranAt.slice(1).map((at, i) => at - ranAt[i]);
		expect(Math.min(...gaps.slice(0, 2))).toBeGreaterThanOrEqual(12 * HOUR);
		expect(Math.max(...gaps)).toBeLessThanOrEqual(12 * HOUR + 10 * MINUTE + 30 * MINUTE);
		expect(got).toEqual([late.contact_id]);
		const capWarnings = logs.filter(
			(line) => line.level === 'warn' && line.message.includes('reached Max Requests per Day'),
		);
		expect(capWarnings).toHaveLength(1);
		expect(capWarnings[0].message).toContain('(11 of 5 in the last 24 hours)');
		expect(
			logs.filter((line) => line.level === 'debug' && line.message.includes('check skipped')),
		).toHaveLength(60 - ran.length - 1);
	}, 60_000);

	test.each([
		[-1, "'Max Requests per Day' must be a whole number from 0 to 1000000"],
		[2.5, "'Max Requests per Day' must be a whole number from 0 to 1000000"],
		['100', "'Max Requests per Day' must be a whole number from 0 to 1000000"],
	])(
		'Max Requests per Day %p fails before any request, naming the field',
		async (value, message) => {
			const state: PollState = { staticData: {} };
			await expect(
				engine.poll(node('newLead', { maxRequestsPerDay: value }), { mode: 'trigger', state }),
			).rejects.toThrow(message);
			expect(sandbox.requests).toEqual([]);
		},
	);

	test.each([0, 1441, 30.5])(
		'Re-Read All Leads Every (Minutes) %p fails before any request, naming the field',
		async (value) => {
			const state: PollState = { staticData: {} };
			await expect(
				engine.poll(node('personIdentified', { fullReadMinutes: value }), {
					mode: 'trigger',
					state,
				}),
			).rejects.toThrow(
				"'Re-Read All Leads Every (Minutes)' must be a whole number from 1 to 1440",
			);
			expect(sandbox.requests).toEqual([]);
		},
	);

	test('0 = no cap: checks every minute all run, and a quiet check writes nothing', async () => {
		const state: PollState = { staticData: {} };
		const options = { maxRequestsPerDay: 0 };
		await check('newLead', state, options);
		const runs: number[] = [];
		for (let i = 0; i < 5; i++) {
			clock += MINUTE;
			runs.push((await check('newLead', state, options)).requests);
			expect(state.changed).toBe(false);
		}
		expect(runs).toEqual([1, 1, 1, 1, 1]);
		expect(state.staticData[`node:${NAME}`]).not.toHaveProperty('dailyBudget');
	});

	test('a damaged count in the static data never blocks the trigger for more than 12 h 10 min, nor lets it run past the cap', async () => {
		recordLogs();
		const state: PollState = { staticData: {} };
		await check('newLead', state);
		// [label, stored value, least and most minutes of checks every minute skipped before one runs]
		const cases: Array<[string, () => unknown, number, number]> = [
			['not an object', () => 'lots', 0, 0],
			[
				'junk buckets',
				() => ({
					buckets: [['a', 1], [1, -5], null, [Number.MAX_SAFE_INTEGER, 1]],
					nextAt: 'soon',
				}),
				0,
				0,
			],
			[
				'a next check in the year 275760',
				() => ({ buckets: [], nextAt: 8.64e15 }),
				12 * 60 - 1,
				12 * 60,
			],
			[
				'the whole day spent in the last 10 minutes',
				() => ({ buckets: [[Math.floor(clock / 600_000), 1000]], nextAt: 0 }),
				12 * 60 - 10,
				12 * 60 + 10,
			],
		];
		for (const [label, damaged, leastMinutes, mostMinutes] of cases) {
			(state.staticData[`node:${NAME}`] as IDataObject).dailyBudget = damaged() as IDataObject;
			let waited = 0;
			while (waited <= mostMinutes) {
				clock += MINUTE;
				if ((await check('newLead', state)).requests > 0) break;
				waited++;
			}
			expect([label, waited >= leastMinutes && waited <= mostMinutes]).toEqual([label, true]);
			clock += HOUR;
		}
	}, 60_000);

	test.each(['newLead', 'personIdentified'])(
		'%s: two overlapping polls of one active workflow: one skips without a request, each event once, every request counted',
		async (event) => {
			const logs = recordLogs();
			spreadLeads(150, 2 * HOUR);
			// One Workflow object for all polls, as n8n keeps for an active workflow.
			const state: PollState = { staticData: {}, live: true };
			await check(event, state);
			clock += 5 * MINUTE;
			const [lead] = sandbox.addVisitors(1, { lead: true });
			const before = sandbox.requests.length;
			// Two Poll Times entries firing together (or a check outlasting the interval).
			const [a, b] = await Promise.all([
				engine.poll(node(event), { mode: 'trigger', state }),
				engine.poll(node(event), { mode: 'trigger', state }),
			]);
			expect([...ids(a), ...ids(b)]).toEqual([lead.contact_id]);
			expect(sandbox.requests.length - before).toBe(1);
			expect(
				logs.filter(
					(line) =>
						line.level === 'debug' && line.message.includes('the previous one is still running'),
				),
			).toHaveLength(1);
			// The count holds every request sent; the next check, after the pace, runs again.
			const budget = (state.staticData[`node:${NAME}`] as IDataObject).dailyBudget as IDataObject;
			expect((budget.buckets as Array<[number, number]>).reduce((sum, [, n]) => sum + n, 0)).toBe(
				sandbox.requests.length,
			);
			clock += 10 * MINUTE;
			const [another] = sandbox.addVisitors(1, { lead: true });
			expect(ids((await check(event, state)).result)).toEqual([another.contact_id]);
		},
		60_000,
	);

	test('a manual test step is not held back by the cap and leaves the count alone', async () => {
		const state: PollState = { staticData: {} };
		await check('newLead', state);
		const before = JSON.stringify(state.staticData);
		const manual = await engine.poll(node('newLead'), { mode: 'manual', state });
		expect(manual.items?.[0]).toHaveLength(1);
		expect(JSON.stringify(state.staticData)).toBe(before);
	});
});
