// The measured scenarios. Each run is one child process; requests, 429s and statuses come from the
// sandbox's own request log; items are counted by distinct id and checked against the sandbox's
// collection, so a "success" status with a short result is reported as the failure it is.
import { selectVisitors, startSandbox, type Sandbox, type ThrottleOptions } from '../sandbox';
import { runInChild, type ChildOptions } from './children';
import type {
	Job,
	JobResult,
	LatencyCase,
	LatencyContender,
	ReturnAllContender,
	SingleContender,
	SingleOp,
	WebhookContender,
} from './types';

export interface BenchConfig {
	ns: number[];
	runs: number;
	/** Length of one sandbox throttle minute for Return All. */
	minuteMs: number;
	singleItems: number;
	ops: SingleOp[];
	/** Throttle minute of the throttled single-item run (0 = skip it). */
	singleMinuteMs: number;
	webhookEvents: number;
	/** Latency section: the sandbox's fixed round trip and the jitter on top of it (0–jitterMs). */
	rttMs: number;
	jitterMs: number;
	/** --quick: only the latency and webhook sections. */
	quick: boolean;
	scenarios: Set<BenchSection>;
	keepNock: boolean;
	/** Latency section: no warm-up run before the measured one (a fresh process's first execution). */
	coldStart: boolean;
	outDir: string;
}

export const BENCH_SECTIONS = ['returnAll', 'single', 'webhook', 'latency'] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

export type Scenario =
	| 'returnAll'
	| 'single'
	| 'singleThrottled'
	| 'webhook'
	| 'latencyReturnAll'
	| 'latencyItems';

export interface RunRecord {
	scenario: Scenario;
	/** Return All: visitors in the account; single: input items; webhook: events. */
	n: number;
	op?: SingleOp;
	contender: ReturnAllContender | SingleContender | WebhookContender | LatencyContender;
	run: number;
	result: Omit<JobResult, 'ids'>;
	requests: number;
	throttled: number;
	/** Answers by status (0 = connection reset). */
	statuses: Record<string, number>;
	unique?: number;
	missing?: number;
	extra?: number;
	duplicates?: number;
	/** Latency: output order and pairing exactly as a sequential run gives them. */
	orderKept?: boolean;
	/** Latency: sum of the round trips the sandbox simulated for this run's requests. */
	delaySumMs?: number;
	ok: boolean;
	/** Why a run counts as failed. */
	why?: string;
}

export const RETURN_ALL_CONTENDERS: ReturnAllContender[] = ['ours', 'http', 'http-interval'];

/** The result without its id list (kept only while checking the run). */
function withoutIds(result: JobResult): Omit<JobResult, 'ids'> {
	const copy: Partial<JobResult> = { ...result };
	delete copy.ids;
	delete copy.orderedIds;
	delete copy.pairedItems;
	return copy as Omit<JobResult, 'ids'>;
}

/** `[a, b, c]` rotated by `k`, so no contender always runs first. */
const rotate = <T>(list: T[], k: number): T[] => list.map((_, i) => list[(i + k) % list.length]);

function logStats(sandbox: Sandbox): Pick<RunRecord, 'requests' | 'throttled' | 'statuses'> {
	const statuses: Record<string, number> = {};
	for (const entry of sandbox.requests) statuses[entry.status] = (statuses[entry.status] ?? 0) + 1;
	return { requests: sandbox.requests.length, throttled: statuses['429'] ?? 0, statuses };
}

export function throttleFor(minuteMs: number) {
	return { burst: 60, sustained: 5000, minuteMs, dayMs: minuteMs * 1440 };
}

/** HTTP Request's interval for "at most 60 per minute": 1,000 ms, on the sandbox's time scale. */
export const intervalFor = (minuteMs: number) => Math.ceil(minuteMs / 60);

export interface Runner {
	config: BenchConfig;
	child: ChildOptions;
	token: string;
	log: (line: string) => void;
	records: RunRecord[];
}

async function measured(
	runner: Runner,
	sandbox: Sandbox,
	job: Job,
): Promise<{ result: JobResult; log: ReturnType<typeof logStats> }> {
	sandbox.resetThrottle();
	sandbox.resetLog();
	const result = await runInChild({ ...job, keepNock: runner.config.keepNock }, runner.child);
	return { result, log: logStats(sandbox) };
}

/** Records one run: what ran, its result (without the ID lists), the sandbox's log figures, the section's own figures and the verdict. */
function recordRun(
	runner: Runner,
	head: Pick<RunRecord, 'scenario' | 'n' | 'op' | 'contender' | 'run'>,
	{ result, log }: { result: JobResult; log: ReturnType<typeof logStats> },
	problems: string[],
	figures: Pick<
		RunRecord,
		'unique' | 'missing' | 'extra' | 'duplicates' | 'orderKept' | 'delaySumMs'
	> = {},
): RunRecord {
	const record: RunRecord = {
		...head,
		result: withoutIds(result),
		...log,
		...figures,
		ok: problems.length === 0,
		why: problems.length ? problems.join('; ') : undefined,
	};
	runner.records.push(record);
	return record;
}

function describeRun(record: RunRecord): string {
	const r = record.result;
	const items =
		record.unique !== undefined ? `${record.unique} items` : `${r.visitors}/${record.n} ok`;
	const verdict = record.ok ? 'ok' : `FAILED (${record.why})`;
	return `${(r.wallMs / 1000).toFixed(2)} s, ${record.requests} requests (${record.throttled} × 429), ${items}, peak RSS ${Math.round(r.maxRssKb / 1024)} MB — ${verdict}`;
}

export async function runReturnAll(runner: Runner): Promise<void> {
	const { config } = runner;
	for (const n of config.ns) {
		const sandbox = await startSandbox({
			visitors: n,
			token: runner.token,
			throttle: throttleFor(config.minuteMs),
		});
		try {
			const expected = new Set(sandbox.store.visitors.map((v) => v.contact_id));
			for (let run = 1; run <= config.runs; run++) {
				for (const contender of rotate(RETURN_ALL_CONTENDERS, run - 1)) {
					const job: Job = {
						kind: 'returnAll',
						contender,
						url: sandbox.url,
						token: sandbox.token,
						minuteMs: config.minuteMs,
						intervalMs: intervalFor(config.minuteMs),
					};
					const { result, log } = await measured(runner, sandbox, job);
					const ids = result.ids ?? [];
					const got = new Set(ids);
					const missing = [...expected].filter((id) => !got.has(id)).length;
					const extra = ids.filter((id) => !expected.has(id)).length;
					const duplicates = result.visitors - ids.length;
					const problems: string[] = [];
					if (result.status !== 'success')
						problems.push(`status ${result.status}: ${result.error ?? 'no message'}`);
					if (ids.length !== n || missing || extra)
						problems.push(
							`${status(result)} with ${ids.length.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} visitors`,
						);
					if (duplicates) problems.push(`${duplicates} duplicates`);
					const record = recordRun(
						runner,
						{ scenario: 'returnAll', n, contender, run },
						{ result, log },
						problems,
						{ unique: ids.length, missing, extra, duplicates },
					);
					runner.log(`return all N=${n} run ${run} ${contender}: ${describeRun(record)}`);
				}
			}
		} finally {
			await sandbox.close();
		}
	}
}

const status = (result: JobResult) =>
	result.status === 'success' ? 'status "success"' : `status "${result.status}"`;

function inputsOf(sandbox: Sandbox, count: number) {
	return sandbox.store.visitors
		.slice(0, count)
		.map((v, i) => ({ id: v.contact_id, email: `bench.${i}@example.com` }));
}

async function singleRuns(
	runner: Runner,
	scenario: 'single' | 'singleThrottled',
	ops: SingleOp[],
	contenders: SingleContender[],
	minuteMs: number | undefined,
) {
	const { config } = runner;
	const items = config.singleItems;
	const sandbox = await startSandbox({
		visitors: Math.max(items, 250),
		token: runner.token,
		throttle: minuteMs === undefined ? false : throttleFor(minuteMs),
	});
	try {
		const inputs = inputsOf(sandbox, items);
		for (const op of ops) {
			for (let run = 1; run <= config.runs; run++) {
				for (const contender of rotate(contenders, run - 1)) {
					const job: Job = {
						kind: 'single',
						contender,
						op,
						url: sandbox.url,
						token: sandbox.token,
						inputs,
						minuteMs,
						batchIntervalMs: minuteMs === undefined ? undefined : intervalFor(minuteMs),
					};
					const { result, log } = await measured(runner, sandbox, job);
					const answered2xx = Object.entries(log.statuses)
						.filter(([code]) => code.startsWith('2'))
						.reduce((sum, [, count]) => sum + count, 0);
					const problems: string[] = [];
					if (result.status !== 'success')
						problems.push(`status ${result.status}: ${result.error ?? 'no message'}`);
					if (result.outputItems !== items || result.otherItems)
						problems.push(`${result.visitors} of ${items} items succeeded`);
					if (answered2xx !== items)
						problems.push(`${answered2xx} of ${items} requests answered 2xx`);
					const record = recordRun(
						runner,
						{ scenario, n: items, op, contender, run },
						{ result, log },
						problems,
					);
					runner.log(`${scenario} ${op} ×${items} run ${run} ${contender}: ${describeRun(record)}`);
				}
			}
		}
	} finally {
		await sandbox.close();
	}
}

export async function runSingle(runner: Runner): Promise<void> {
	await singleRuns(
		runner,
		'single',
		runner.config.ops,
		['ours', 'http', 'probe-seq', 'probe-par'],
		undefined,
	);
	if (runner.config.singleMinuteMs > 0) {
		await singleRuns(
			runner,
			'singleThrottled',
			['get'],
			['ours', 'http', 'http-batched'],
			runner.config.singleMinuteMs,
		);
	}
}

export async function runWebhook(runner: Runner): Promise<void> {
	const { config } = runner;
	for (let run = 1; run <= config.runs; run++) {
		for (const contender of rotate<WebhookContender>(
			['ours', 'ours-no-dedupe', 'generic'],
			run - 1,
		)) {
			const job: Job = {
				kind: 'webhook',
				contender,
				events: config.webhookEvents,
				seed: 4242,
				url: 'http://127.0.0.1:9',
				token: runner.token,
			};
			const result = await runInChild({ ...job, keepNock: config.keepNock }, runner.child);
			const ok = result.status === 'success' && result.visitors === config.webhookEvents;
			const noRequests = { requests: 0, throttled: 0, statuses: {} };
			const problems = ok
				? []
				: [`${result.visitors} of ${config.webhookEvents} deliveries accepted`];
			const record = recordRun(
				runner,
				{ scenario: 'webhook', n: config.webhookEvents, contender, run },
				{ result, log: noRequests },
				problems,
			);
			runner.log(
				`webhook ×${config.webhookEvents} run ${run} ${contender}: ${(config.webhookEvents / (result.wallMs / 1000)).toFixed(0)} events/s — ${ok ? 'ok' : `FAILED (${record.why})`}`,
			);
		}
	}
}

/** The latency section's sizes: 10 pages of Return All, and the documented burst of single Gets. */
export const LATENCY_VISITORS = 1000;
export const LATENCY_ITEMS = 60;

/**
 * The sandbox throttle of the latency section: Salespanel's documented limits on the real clock
 * (60 per 60 s burst, 5,000 per day). Our node keeps its Rate Limit options at their defaults (60
 * per 60 s), so its pacer and the server both allow the 60 Gets at once; the throttle never makes
 * a client wait here, and it counts every request, so a 429 would show up in the table.
 */
export const LATENCY_THROTTLE: ThrottleOptions = {
	burst: 60,
	sustained: 5000,
	minuteMs: 60_000,
	dayMs: 86_400_000,
};

/** Seed of the jitter: every run sees the same sequence of round trips (by arrival position). */
export const LATENCY_SEED = 4242;

const LATENCY_CASES: Array<{ latencyCase: LatencyCase; scenario: Scenario }> = [
	{ latencyCase: 'returnAll1k', scenario: 'latencyReturnAll' },
	{ latencyCase: 'items60', scenario: 'latencyItems' },
];

const sameList = (a: readonly unknown[], b: readonly unknown[]) =>
	a.length === b.length && a.every((value, i) => value === b[i]);

export async function runLatency(runner: Runner): Promise<void> {
	const { config } = runner;
	const sandbox = await startSandbox({
		visitors: LATENCY_VISITORS,
		token: runner.token,
		throttle: LATENCY_THROTTLE,
		latency: { rttMs: config.rttMs, jitterMs: config.jitterMs, seed: LATENCY_SEED },
	});
	try {
		// The order /visitors/ serves (nothing changes the collection during the section).
		const apiOrder = selectVisitors(sandbox.store, Date.now(), false, false).map(
			(v) => v.contact_id,
		);
		const inputs = inputsOf(sandbox, LATENCY_ITEMS);
		runner.log(
			`latency: sandbox RTT ${config.rttMs} ms + 0–${config.jitterMs} ms jitter (seed ${LATENCY_SEED}); sandbox throttle burst ${LATENCY_THROTTLE.burst} per 60 s, ` +
				`sustained ${LATENCY_THROTTLE.sustained} per day (real clock, reset before every run); Salespanel node Rate Limit options at their defaults (60 per 60 s); ` +
				(config.coldStart
					? 'cold: each measured run is the first execution of a fresh process'
					: `warm: each child first runs the same workflow once, unmeasured, against a local sandbox of its own (as in a running n8n; --cold to measure a fresh process)`),
		);
		for (let run = 1; run <= config.runs; run++) {
			for (const { latencyCase, scenario } of LATENCY_CASES) {
				for (const contender of rotate<LatencyContender>(['ours', 'http'], run - 1)) {
					const job: Job = {
						kind: 'latency',
						latencyCase,
						contender,
						url: sandbox.url,
						token: sandbox.token,
						inputs: latencyCase === 'items60' ? inputs : [],
						warmUp: !config.coldStart,
					};
					const { result, log } = await measured(runner, sandbox, job);
					const delaySumMs = sandbox.requests.reduce((sum, entry) => sum + (entry.delayMs ?? 0), 0);
					const ids = result.orderedIds ?? [];
					const expectedIds =
						latencyCase === 'returnAll1k' ? apiOrder : inputs.map((input) => input.id);
					const problems: string[] = [];
					if (result.status !== 'success')
						problems.push(`status ${result.status}: ${result.error ?? 'no message'}`);
					const got = new Set(ids);
					const missing = expectedIds.filter((id) => !got.has(id)).length;
					if (missing || ids.length !== expectedIds.length || result.otherItems) {
						problems.push(
							`${status(result)} with ${got.size.toLocaleString('en-US')} of ${expectedIds.length.toLocaleString('en-US')} ${latencyCase === 'returnAll1k' ? 'visitors' : 'items'}`,
						);
					}
					if (log.throttled) problems.push(`${log.throttled} × 429`);
					const orderKept =
						sameList(ids, expectedIds) &&
						(latencyCase === 'returnAll1k' ||
							sameList(
								result.pairedItems ?? [],
								expectedIds.map((_, i) => i),
							));
					const record = recordRun(
						runner,
						{ scenario, n: expectedIds.length, contender, run },
						{ result, log },
						problems,
						{ unique: got.size, missing, orderKept, delaySumMs },
					);
					runner.log(
						`latency ${latencyCase} run ${run} ${contender}: node ${(result.nodeMs / 1000).toFixed(2)} s = ${(result.nodeMs / config.rttMs).toFixed(2)} RTT, ` +
							`${describeRun(record)}, order ${orderKept ? 'kept' : 'NOT kept'}`,
					);
				}
			}
		}
	} finally {
		await sandbox.close();
	}
}
