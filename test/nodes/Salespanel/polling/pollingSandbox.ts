// What the polling trigger's engine tests share: a sandbox on a clock the test moves, a fresh one
// for each test, and an engine whose credential points at it. Checks follow each other within
// milliseconds here, so they run without Max Requests per Day (its own tests: dailyBudget.test.ts).
import type { IDataObject } from 'n8n-workflow';

import type { Engine, NodeSpec, PollResult, PollState } from '../../../tools/harness';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../tools/sandbox';
import { createSalespanelEngine } from '../../../tools/support/node-env';

export const START = Date.parse('2025-03-10T12:00:00Z');
export const NAME = 'Salespanel Polling Trigger';

export interface PollingSandbox {
	readonly sandbox: Sandbox;
	readonly engine: Engine;
	/** The sandbox's present (ms). */
	readonly clock: number;
	tick(seconds?: number): void;
	/** A sandbox with other options (e.g. more visitors), for this test. */
	restart(options: SandboxOptions): Promise<void>;
	node(event: string, parameters?: IDataObject): NodeSpec;
	/** A scheduled (production) check. */
	poll(event: string, state: PollState, parameters?: IDataObject): Promise<PollResult>;
	/** A new trigger's state after its first scheduled check (which only sets the position), the clock a minute on. */
	primed(event: string, parameters?: IDataObject): Promise<PollState>;
	/** `n` new leads, first seen now; their contact IDs. */
	newLeads(n: number): string[];
	/** A new lead whose first and last activity lie `days` after the sandbox's present; its contact ID. */
	futureLead(days: number): string;
	/** Lets the check's own clock ("the time of the poll", Date.now) run on the sandbox clock, for this test. */
	atSandboxTime(): void;
}

export function usePollingSandbox(options: SandboxOptions = {}): PollingSandbox {
	let clock = START;
	let sandbox: Sandbox;
	let engine: Engine;
	const start = async (more: SandboxOptions = {}) => {
		sandbox = await startSandbox({ now: () => clock, throttle: false, ...options, ...more });
		engine = createSalespanelEngine(sandbox.url, sandbox.token);
	};
	beforeEach(async () => {
		clock = START;
		await start();
	});
	afterEach(async () => {
		jest.restoreAllMocks();
		await sandbox.close();
	});
	const node = (event: string, parameters: IDataObject = {}): NodeSpec => ({
		name: NAME,
		type: 'salespanelPollingTrigger',
		parameters: {
			event,
			options: { maxRequestsPerDay: 0 },
			...parameters,
		} as NodeSpec['parameters'],
	});
	const poll = async (event: string, state: PollState, parameters: IDataObject = {}) =>
		await engine.poll(node(event, parameters), { mode: 'trigger', state });
	return {
		get sandbox() {
			return sandbox;
		},
		get engine() {
			return engine;
		},
		get clock() {
			return clock;
		},
		tick: (seconds = 60) => {
			clock += seconds * 1000;
		},
		restart: async (more) => {
			await sandbox.close();
			await start(more);
		},
		node,
		poll,
		primed: async (event, parameters = {}) => {
			const state: PollState = { staticData: {} };
			await poll(event, state, parameters);
			clock += 60_000;
			return state;
		},
		newLeads: (n) => sandbox.addVisitors(n, { lead: true }).map((v) => v.contact_id),
		futureLead: (days) => {
			const [lead] = sandbox.addVisitors(1, { lead: true });
			lead.web_activity_summary.first_seen = isoSeconds(clock + days * 86_400_000);
			lead.web_activity_summary.last_seen = lead.web_activity_summary.first_seen;
			return lead.contact_id;
		},
		atSandboxTime: () => {
			jest.spyOn(Date, 'now').mockImplementation(() => clock);
		},
	};
}

/** An ISO time without milliseconds when they are 0, as Salespanel writes times. */
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
export const emitted = (result: PollResult): IDataObject[] =>
	result.items === null ? [] : result.items[0].map((i) => i.json);
export const ids = (result: PollResult) => emitted(result).map((item) => item.contact_id);
/** The node's own static data (n8n keys it by node name inside the workflow's static data). */
export const nodeState = (state: PollState) =>
	state.staticData[`node:${NAME}`] as IDataObject | undefined;
