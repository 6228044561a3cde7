/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// npm run bench -- --budget: one simulated day of an account, checked every minute by the Salespanel
// Polling Trigger at default options (Max Requests per Day 1,000, complete re-read every 60
// minutes), for every event, through the real n8n-core engine against the sandbox. The clock is
// virtual (time-scaled): the sandbox's time and the wall clock the trigger schedules by (Date.now)
// are one variable that moves a minute per step. Counts each event's requests over the day, the
// requests of quiet checks, and whether every event was emitted exactly once.
import { mkdtempSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import type { PollEvent } from '../../../nodes/Salespanel/polling/events';

import { SalespanelApi } from '../../../credentials/SalespanelApi.credentials';
import {
	DEFAULT_MAX_REQUESTS_PER_DAY,
	SalespanelPollingTrigger,
} from '../../../nodes/Salespanel/SalespanelPollingTrigger.node';
import { createEngine, type PollState } from '../harness';
import { mulberry32, selectVisitors, startSandbox } from '../sandbox';
import { pick } from '../sandbox/random';
import {
	HOUR,
	MINUTE,
	POLL_EVENTS as EVENTS,
	POLLING_TRIGGER_NAME as NAME,
} from '../support/pollingEvents';

type Event = PollEvent;

export interface BudgetOptions {
	/** Leads active in the 24 hours at the start, spread over 23 hours. */
	leads: number;
	/** Minutes between checks (n8n's default Poll Times: every minute). */
	everyMinutes: number;
	/** Minutes after the day in which nothing happens and checks go on, for delayed events to come. */
	catchUpMinutes: number;
	seed: number;
}

export const DEFAULT_BUDGET_OPTIONS: BudgetOptions = {
	leads: 2_000,
	everyMinutes: 1,
	catchUpMinutes: 180,
	seed: 22,
};

interface EventResult {
	event: Event;
	dayRequests: number;
	checksRun: number;
	checksSkipped: number;
	/** Most requests of a check that emitted nothing, complete re-reads of the Person events aside. */
	quietMax: number;
	/** Complete re-reads of the Person events and their requests. */
	fullReads: number;
	fullReadRequests: number;
	expected: number;
	emitted: number;
	exact: boolean;
	/** Longest time from an event happening to its emission (minutes). */
	maxDelayMinutes: number;
}

export interface BudgetResult {
	options: BudgetOptions;
	cap: number;
	events: EventResult[];
	line: string;
	seconds: number;
}

/** The world's changes over the day: what happened, when, and which events it should cause. */
interface Expected {
	/** key → minute it happened. */
	keys: Map<string, number>;
}

export async function runBudgetBench(
	options: BudgetOptions = DEFAULT_BUDGET_OPTIONS,
): Promise<BudgetResult> {
	const startedAt = performance.now();
	// n8n-core keeps its instance settings (an encryption key) there: a throw-away folder, not ~/.n8n.
	process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-salespanel-budget-'));
	const realNow = Date.now.bind(Date);
	const start = Math.floor(realNow() / MINUTE) * MINUTE;
	let clock = start;
	// The trigger's schedules read the wall clock: here the simulated one.
	Date.now = () => clock;
	const sandbox = await startSandbox({
		now: () => clock,
		throttle: false,
		seed: options.seed,
		visitors: 250,
	});
	try {
		const rng = mulberry32(options.seed);
		const engine = createEngine({
			nodeTypes: [SalespanelPollingTrigger],
			credentialTypes: [SalespanelApi],
			credentials: { salespanelApi: { apiToken: sandbox.token, baseUrl: sandbox.url } },
		});
		const iso = (ms: number) =>
			new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

		// The account at the start: `leads` leads active over the last 23 hours, 300 anonymous visitors.
		const initial = sandbox.addVisitors(options.leads, { lead: true });
		initial.forEach((lead, i) => {
			const last = clock - Math.floor(((i + 1) * 23 * HOUR) / (options.leads + 1));
			lead.web_activity_summary.first_seen = iso(last - 2 * HOUR);
			lead.web_activity_summary.last_seen = iso(last);
		});
		const anonymous = sandbox.addVisitors(300, { lead: false, front: false });
		sandbox.setLastSeen(
			initial[0].contact_id,
			Date.parse(initial[0].web_activity_summary.last_seen),
		);

		const states = new Map<Event, PollState>(EVENTS.map((event) => [event, { staticData: {} }]));
		const expected = new Map<Event, Expected>(EVENTS.map((event) => [event, { keys: new Map() }]));
		const emittedAt = new Map<Event, Map<string, number[]>>(
			EVENTS.map((event) => [event, new Map()]),
		);
		const results = new Map<Event, EventResult>(
			EVENTS.map((event) => [
				event,
				{
					event,
					dayRequests: 0,
					checksRun: 0,
					checksSkipped: 0,
					quietMax: 0,
					fullReads: 0,
					fullReadRequests: 0,
					expected: 0,
					emitted: 0,
					exact: false,
					maxDelayMinutes: 0,
				},
			]),
		);
		const expect = (event: Event, key: string, minute: number) => {
			const keys = expected.get(event)!.keys;
			if (!keys.has(key)) keys.set(key, minute);
		};
		/** leadActivity: the latest activity of each lead counts (earlier ones may be overtaken between checks). */
		const latestActivity = new Map<string, string>();

		const keyOf = (event: Event, item: IDataObject): string => {
			if (event === 'newVisitingCompany') return String(item.domain ?? item.name);
			if (event === 'personSegmentQualified')
				return `${String(item.contact_id)} ${String((item.segment as IDataObject | undefined)?.title)}`;
			if (event === 'leadActivity')
				return `${String(item.contact_id)} ${String(item.last_seen ?? (item.web_activity_summary as IDataObject | undefined)?.last_seen)}`;
			return String(item.contact_id);
		};

		const poll = async (event: Event, minute: number, inDay: boolean) => {
			const state = states.get(event)!;
			const before = sandbox.requests.length;
			const fullAtBefore = (state.staticData[`node:${NAME}`] as IDataObject | undefined)?.fullAt;
			const result = await engine.poll(
				{ name: NAME, type: 'salespanelPollingTrigger', parameters: { event } },
				{ mode: 'trigger', state },
			);
			const requests = sandbox.requests.length - before;
			const items = result.items === null ? [] : result.items[0].map((item) => item.json);
			if (minute === 0) return;
			const record = results.get(event)!;
			const fullRead =
				fullAtBefore !== (state.staticData[`node:${NAME}`] as IDataObject | undefined)?.fullAt;
			if (inDay) record.dayRequests += requests;
			if (requests === 0) record.checksSkipped++;
			else record.checksRun++;
			if (fullRead) {
				record.fullReads++;
				record.fullReadRequests += requests;
			} else if (items.length === 0) record.quietMax = Math.max(record.quietMax, requests);
			for (const item of items) {
				const key = keyOf(event, item);
				const times = emittedAt.get(event)!;
				times.set(key, [...(times.get(key) ?? []), minute]);
			}
		};

		for (const event of EVENTS) await poll(event, 0, true);

		const dayMinutes = 24 * 60;
		for (let minute = 1; minute <= dayMinutes + options.catchUpMinutes; minute++) {
			clock += MINUTE;
			const inDay = minute <= dayMinutes;
			if (inDay) {
				if (minute % 14 === 0) {
					const [lead] = sandbox.addVisitors(1, { lead: true });
					lead.qualified_segments = [];
					for (const event of ['newLead', 'newVisitor', 'personIdentified'] as const)
						expect(event, lead.contact_id, minute);
					latestActivity.set(lead.contact_id, lead.web_activity_summary.last_seen);
				}
				if (minute % 10 === 5) {
					const [visitor] = sandbox.addVisitors(1, { lead: false });
					expect('newVisitor', visitor.contact_id, minute);
				}
				if (minute % 72 === 0) {
					// Identified (a form, a CRM sync) without new activity: last active hours ago.
					const visitor = anonymous.pop()!;
					sandbox.setLastSeen(visitor.contact_id, clock - (1 + Math.floor(rng() * 8)) * HOUR);
					visitor.person_details = {
						...(visitor.person_details ?? {}),
						email: `identified.${minute}@example.com`,
					} as never;
					expect('personIdentified', visitor.contact_id, minute);
					for (const title of visitor.qualified_segments ?? [])
						expect('personSegmentQualified', `${visitor.contact_id} ${title}`, minute);
				}
				if (minute % 90 === 45) {
					// A qualification without activity.
					const lead = pick(rng, selectVisitors(sandbox.store, clock, true, false));
					const segment = sandbox.store.segments.find(
						(s) => !(lead.qualified_segments ?? []).includes(s.name),
					);
					if (segment !== undefined) {
						sandbox.qualifyForSegment(lead.contact_id, segment.name);
						expect('personSegmentQualified', `${lead.contact_id} ${segment.name}`, minute);
					}
				}
				if (minute % 5 === 0) {
					// A returning lead browses the site.
					const lead = pick(rng, selectVisitors(sandbox.store, clock, true, false).slice(0, 1_000));
					sandbox.setLastSeen(lead.contact_id);
					latestActivity.set(lead.contact_id, lead.web_activity_summary.last_seen);
				}
			}
			if (minute % options.everyMinutes !== 0) continue;
			for (const event of EVENTS) await poll(event, minute, inDay);
		}
		for (const [contact, lastSeen] of latestActivity)
			expect('leadActivity', `${contact} ${lastSeen}`, 0);

		for (const event of EVENTS) {
			const record = results.get(event)!;
			const wanted = expected.get(event)!.keys;
			const got = emittedAt.get(event)!;
			const emittedTimes = [...got.values()];
			record.expected = wanted.size;
			record.emitted = emittedTimes.reduce((sum, times) => sum + times.length, 0);
			const noRepeats = emittedTimes.every((times) => times.length === 1);
			const allWanted = [...wanted.keys()].every((key) => got.has(key));
			// leadActivity may also emit activity that a later one overtook before its check: fine, once each.
			const nothingElse =
				event === 'leadActivity' || [...got.keys()].every((key) => wanted.has(key));
			record.exact = noRepeats && allWanted && nothingElse;
			for (const [key, minute] of wanted) {
				const at = got.get(key)?.[0];
				if (at !== undefined && minute > 0)
					record.maxDelayMinutes = Math.max(record.maxDelayMinutes, at - minute);
			}
		}
		const events = EVENTS.map((event) => results.get(event)!);
		const cap = DEFAULT_MAX_REQUESTS_PER_DAY;
		const quietMax = Math.max(...events.map((record) => record.quietMax));
		const personDay = Math.max(
			results.get('personIdentified')!.dayRequests,
			results.get('personSegmentQualified')!.dayRequests,
		);
		const capRespected = events.every((record) => record.dayRequests <= cap);
		const exact = events.every((record) => record.exact);
		const line =
			`bench-budget: leads=${options.leads} quiet_check_requests_max=${quietMax} person_day_requests=${personDay} ` +
			`newLead_day_requests=${results.get('newLead')!.dayRequests} cap_respected=${capRespected ? 1 : 0} events_exact=${exact ? 1 : 0}`;
		return { options, cap, events, line, seconds: (performance.now() - startedAt) / 1000 };
	} finally {
		Date.now = realNow;
		await sandbox.close();
	}
}

const BEGIN = '<!-- bench-budget:begin -->';
const END = '<!-- bench-budget:end -->';

/** The results as Markdown: the day's table per event and the before/after figures. */
export function budgetMarkdown(result: BudgetResult, command: string, when: Date): string {
	const rows = result.events.map(
		(r) =>
			`| ${r.event} | ${r.dayRequests} | ${r.checksRun} | ${r.checksSkipped} | ${r.quietMax} | ${r.fullReads ? `${r.fullReads} (${r.fullReadRequests} req.)` : '—'} | ${r.expected} | ${r.emitted} | ${r.maxDelayMinutes} | ${r.exact ? 'yes' : '**no**'} |`,
	);
	const person = result.events.find((r) => r.event === 'personIdentified')!;
	const newLead = result.events.find((r) => r.event === 'newLead')!;
	return [
		BEGIN,
		'## Daily API budget (`npm run bench -- --budget`)',
		'',
		`Generated by \`${command}\` on ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC (${result.seconds.toFixed(0)} s). One simulated day on a`,
		`time-scaled clock, checks every ${result.options.everyMinutes} minute(s) at default options (Max Requests per Day ${result.cap}, complete`,
		`re-read every 60 min), real n8n-core engine against the sandbox: ${result.options.leads} leads active over the 23 hours before the`,
		'start; a new lead every 14 min, a new anonymous visitor every 10 min, a returning lead every 5 min, an identification',
		`without activity every 72 min, a segment qualification without activity every 90 min; then ${result.options.catchUpMinutes} quiet minutes for delayed`,
		'events. Requests in the day count the 24 hours only; checks run and skipped count the whole simulation.',
		'',
		'| event | requests in the day | checks run | checks skipped (cap) | quiet check max | complete re-reads | events expected | emitted | max delay (min) | exactly once |',
		'|---|---|---|---|---|---|---|---|---|---|',
		...rows,
		'',
		'Before (main f1c7374, measured in issue #22 with the same kind of day, no cap): Person Identified **17,133** requests,',
		`New Lead **1,440**. After: Person Identified **${person.dayRequests}**, New Lead **${newLead.dayRequests}** (cap ${result.cap}).`,
		'',
		'```',
		result.line,
		'```',
		END,
		'',
	].join('\n');
}

/** Writes bench/budget.md and puts the same section into bench/results.md (replacing an earlier one). */
export async function writeBudgetResults(outDir: string, markdown: string): Promise<void> {
	await writeFile(path.join(outDir, 'budget.md'), `# Benchmark: daily API budget\n\n${markdown}`);
	const resultsFile = path.join(outDir, 'results.md');
	const previous = await readFile(resultsFile, 'utf8').catch(() => '');
	const begin = previous.indexOf(BEGIN);
	const end = previous.indexOf(END);
	const kept =
		begin >= 0 && end > begin
			? previous.slice(0, begin) + previous.slice(end + END.length).replace(/^\n+/, '')
			: previous;
	await writeFile(resultsFile, `${kept.replace(/\n*$/, '\n\n')}${markdown}`);
}
