// Turns the run records into the tables of bench/results.md, the target verdicts and the one-line
// summary that scripts read.
import type { BenchConfig, RunRecord, Scenario } from './scenarios';
import { intervalFor, LATENCY_ITEMS, LATENCY_VISITORS, RETURN_ALL_CONTENDERS } from './scenarios';
import {
	fixed,
	markdownTable,
	range,
	ratio,
	spread,
	textTable,
	thousands,
	type Spread,
} from './stats';
import type { SingleOp } from './types';

export const PAGE_SIZE = 100;
export const BURST = 60;

export const requestsFor = (n: number) => Math.ceil(n / PAGE_SIZE);
/** ⌊(R−1)/60⌋ throttle minutes: the earliest the last of R requests may be sent. */
export const floorMinutes = (r: number) => Math.floor(Math.max(0, r - 1) / BURST);

const OP_LABEL: Record<SingleOp, string> = {
	get: 'Visitor → Get',
	identify: 'Visitor → Identify',
	setAttributes: 'Visitor → Set Attributes',
	createActivity: 'Activity → Create',
};

export function contenderLabel(config: BenchConfig, scenario: Scenario, contender: string): string {
	if (contender === 'ours')
		return scenario === 'webhook' ? 'Salespanel Trigger' : 'Salespanel node';
	if (contender === 'http' && scenario === 'latencyReturnAll')
		return 'HTTP Request, Next URL pagination';
	if (contender === 'generic') return 'Webhook (n8n-nodes-base)';
	if (contender === 'ours-no-dedupe') return 'Salespanel Trigger, Ignore Duplicates off';
	if (contender === 'http')
		return scenario === 'returnAll' ? 'HTTP Request, Next URL pagination' : 'HTTP Request';
	if (contender === 'http-interval')
		return `HTTP Request, Next URL pagination + interval ${intervalFor(config.minuteMs)} ms`;
	if (contender === 'http-batched')
		return `HTTP Request + Batching 1 item / ${intervalFor(config.singleMinuteMs)} ms`;
	if (contender === 'probe-seq') return 'baseline: bare request helper, one item after another';
	if (contender === 'probe-par') return 'baseline: bare request helper, all items at once';
	return contender;
}

const select = (
	records: RunRecord[],
	scenario: Scenario,
	contender: string,
	n?: number,
	op?: SingleOp,
) =>
	records.filter(
		(r) =>
			r.scenario === scenario &&
			r.contender === contender &&
			(n === undefined || r.n === n) &&
			(op === undefined || r.op === op),
	);

const seconds = (records: RunRecord[]) => spread(records.map((r) => r.result.wallMs / 1000));
const rssMb = (records: RunRecord[]) => spread(records.map((r) => r.result.maxRssKb / 1024));
const allOk = (records: RunRecord[]) => records.length > 0 && records.every((r) => r.ok);

/** "5/5 ok" or "failed 5/5: status "success" with 6,000 of 10,000 visitors". */
function verdict(records: RunRecord[]): string {
	const failed = records.filter((r) => !r.ok);
	if (failed.length === 0) return `${records.length}/${records.length} ok`;
	const reasons = [...new Set(failed.map((r) => r.why ?? 'failed'))];
	const shown =
		reasons.slice(0, 2).join(' / ') + (reasons.length > 2 ? ` (+${reasons.length - 2} more)` : '');
	return `**failed ${failed.length}/${records.length}**: ${shown}`;
}

export interface ReturnAllSummary {
	n: number;
	r: number;
	floorS: number;
	ours: RunRecord[];
	/** The fastest HTTP set-up that succeeded in every run, if any. */
	bestHttp?: { contender: string; records: RunRecord[] };
	httpSetups: Array<{ contender: string; records: RunRecord[] }>;
	requestsPerR: Spread;
	wallPerFloor: Spread;
	httpPerOurs?: number;
	rssOursPerHttp: number;
	rssAgainst: string;
}

export function summarizeReturnAll(
	config: BenchConfig,
	records: RunRecord[],
	n: number,
): ReturnAllSummary {
	const r = requestsFor(n);
	const floorS = (floorMinutes(r) * config.minuteMs) / 1000;
	const ours = select(records, 'returnAll', 'ours', n);
	const httpSetups = RETURN_ALL_CONTENDERS.filter((c) => c !== 'ours').map((contender) => ({
		contender,
		records: select(records, 'returnAll', contender, n),
	}));
	const succeeded = httpSetups
		.filter((s) => allOk(s.records))
		.sort((a, b) => seconds(a.records).median - seconds(b.records).median);
	const bestHttp = succeeded[0];
	const rssReference =
		bestHttp ?? httpSetups.find((s) => s.contender === 'http-interval') ?? httpSetups[0];
	return {
		n,
		r,
		floorS,
		ours,
		bestHttp,
		httpSetups,
		requestsPerR: spread(ours.map((x) => x.requests / r)),
		wallPerFloor:
			floorS > 0 ? spread(ours.map((x) => x.result.wallMs / 1000 / floorS)) : spread([]),
		httpPerOurs: bestHttp
			? ratio(seconds(bestHttp.records).median, seconds(ours).median)
			: undefined,
		rssOursPerHttp: ratio(
			rssMb(ours).median,
			rssReference ? rssMb(rssReference.records).median : NaN,
		),
		rssAgainst: rssReference ? rssReference.contender : 'none',
	};
}

export interface Tables {
	returnAll: { header: string[]; rows: string[][] };
	ratios: { header: string[]; rows: string[][] };
	single: { header: string[]; rows: string[][] };
	singleThrottled: { header: string[]; rows: string[][] };
	webhook: { header: string[]; rows: string[][] };
	latency: { header: string[]; rows: string[][] };
}

export function perItemCpu(records: RunRecord[]): Spread {
	return spread(records.map((r) => r.result.cpuMs / r.n));
}

/** Our and HTTP Request's CPU per item, and each minus the bare requests in its own I/O pattern. */
export function overheadOf(records: RunRecord[], op: SingleOp) {
	const cpu = (contender: string) =>
		perItemCpu(select(records, 'single', contender, undefined, op)).median;
	const ours = cpu('ours');
	const http = cpu('http');
	// Both run their items concurrently (ours up to 60 at once), so both are compared with the
	// bare requests sent all at once.
	const oursOwn = ours - cpu('probe-par');
	const httpOwn = http - cpu('probe-par');
	return { ours, http, total: ratio(ours, http), oursOwn, httpOwn, own: ratio(oursOwn, httpOwn) };
}

const nodeSeconds = (records: RunRecord[]) => spread(records.map((r) => r.result.nodeMs / 1000));
const eventsPerSecond = (rs: RunRecord[]) => spread(rs.map((x) => x.n / (x.result.wallMs / 1000)));

export interface LatencySummary {
	/** Our node's execution time ÷ RTT (median over runs). */
	returnAllPerRtt: number;
	itemsPerRtt: number;
	/** HTTP Request's Return All time ÷ ours; undefined when HTTP Request came back incomplete. */
	httpPerOurs?: number;
	httpComplete: boolean;
	/** Every run of our node kept the sequential order and pairing; undefined without runs. */
	orderKept?: boolean;
	webhookOursPerGeneric: number;
	ours: RunRecord[];
}

export function summarizeLatency(config: BenchConfig, records: RunRecord[]): LatencySummary {
	const oursReturnAll = select(records, 'latencyReturnAll', 'ours');
	const oursItems = select(records, 'latencyItems', 'ours');
	const httpReturnAll = select(records, 'latencyReturnAll', 'http');
	const ours = [...oursReturnAll, ...oursItems];
	const httpComplete = allOk(httpReturnAll);
	return {
		returnAllPerRtt: nodeSeconds(oursReturnAll).median / (config.rttMs / 1000),
		itemsPerRtt: nodeSeconds(oursItems).median / (config.rttMs / 1000),
		httpComplete,
		httpPerOurs: httpComplete
			? ratio(nodeSeconds(httpReturnAll).median, nodeSeconds(oursReturnAll).median)
			: undefined,
		orderKept: ours.length ? ours.every((r) => r.orderKept === true) : undefined,
		webhookOursPerGeneric: ratio(
			eventsPerSecond(select(records, 'webhook', 'ours')).median,
			eventsPerSecond(select(records, 'webhook', 'generic')).median,
		),
		ours,
	};
}

export function buildTables(config: BenchConfig, records: RunRecord[]): Tables {
	const returnAllRows: string[][] = [];
	const ratioRows: string[][] = [];
	for (const n of config.ns) {
		const s = summarizeReturnAll(config, records, n);
		for (const contender of RETURN_ALL_CONTENDERS) {
			const rs = select(records, 'returnAll', contender, n);
			if (rs.length === 0) continue;
			const walls = seconds(rs);
			returnAllRows.push([
				thousands(n),
				String(s.r),
				contenderLabel(config, 'returnAll', contender),
				verdict(rs),
				range(spread(rs.map((x) => x.unique ?? 0)), 0),
				range(spread(rs.map((x) => x.requests)), 0),
				range(spread(rs.map((x) => x.throttled)), 0),
				range(walls),
				fixed(s.floorS, 0),
				s.floorS > 0
					? range(spread(rs.map((x) => x.result.wallMs / 1000 / s.floorS)))
					: 'n/a (floor 0)',
				range(rssMb(rs), 0),
			]);
		}
		const httpCells = s.httpSetups.map(({ records: rs }) => {
			if (rs.length === 0) return 'n/a';
			if (!allOk(rs))
				return `failed (${rs.filter((x) => !x.ok).length}/${rs.length} runs, median ${thousands(spread(rs.map((x) => x.unique ?? 0)).median)} items)`;
			return fixed(ratio(seconds(rs).median, seconds(s.ours).median));
		});
		ratioRows.push([
			thousands(n),
			range(s.requestsPerR),
			s.floorS > 0 ? range(s.wallPerFloor) : 'n/a (floor 0)',
			...httpCells,
			`${fixed(s.rssOursPerHttp)} (vs ${s.rssAgainst})`,
		]);
	}

	const singleRows: string[][] = [];
	for (const op of config.ops) {
		const o = overheadOf(records, op);
		const baselines: Record<string, string> = { ours: 'probe-par', http: 'probe-par' };
		for (const contender of ['ours', 'http', 'probe-seq', 'probe-par']) {
			const rs = select(records, 'single', contender, undefined, op);
			if (rs.length === 0) continue;
			const baseline = baselines[contender];
			const base = baseline
				? perItemCpu(select(records, 'single', baseline, undefined, op)).median
				: NaN;
			singleRows.push([
				OP_LABEL[op],
				contenderLabel(config, 'single', contender),
				verdict(rs),
				range(spread(rs.map((x) => x.requests)), 0),
				range(seconds(rs)),
				range(spread(rs.map((x) => x.result.wallMs / x.n)), 3),
				range(perItemCpu(rs), 3),
				baseline ? fixed(perItemCpu(rs).median - base, 3) : '',
				range(rssMb(rs), 0),
				contender === 'ours' ? `${fixed(o.total)} (own: ${fixed(o.own)})` : '',
			]);
		}
	}

	const throttledRows: string[][] = [];
	const throttledFloorS = (floorMinutes(config.singleItems) * config.singleMinuteMs) / 1000;
	for (const contender of ['ours', 'http', 'http-batched']) {
		const rs = select(records, 'singleThrottled', contender, undefined, 'get');
		if (rs.length === 0) continue;
		throttledRows.push([
			OP_LABEL.get,
			contenderLabel(config, 'singleThrottled', contender),
			verdict(rs),
			range(spread(rs.map((x) => x.requests)), 0),
			range(spread(rs.map((x) => x.throttled)), 0),
			range(seconds(rs)),
			fixed(throttledFloorS, 0),
			range(spread(rs.map((x) => x.result.wallMs / 1000 / throttledFloorS))),
		]);
	}

	const webhookRows: string[][] = [];
	const genericHooks = select(records, 'webhook', 'generic');
	for (const contender of ['ours', 'ours-no-dedupe', 'generic']) {
		const rs = select(records, 'webhook', contender);
		if (rs.length === 0) continue;
		webhookRows.push([
			contenderLabel(config, 'webhook', contender),
			verdict(rs),
			thousands(config.webhookEvents),
			range(eventsPerSecond(rs), 0),
			range(spread(rs.map((x) => (x.result.wallMs * 1000) / x.n)), 0),
			contender === 'generic'
				? ''
				: fixed(ratio(eventsPerSecond(rs).median, eventsPerSecond(genericHooks).median)),
		]);
	}

	const latencyRows: string[][] = [];
	const rttS = config.rttMs / 1000;
	for (const [scenario, label] of [
		[
			'latencyReturnAll',
			`Visitor → Get Many, Return All of ${thousands(LATENCY_VISITORS)} (10 pages)`,
		],
		['latencyItems', `Visitor → Get × ${LATENCY_ITEMS} input items`],
	] as const) {
		for (const contender of ['ours', 'http']) {
			const rs = select(records, scenario, contender);
			if (rs.length === 0) continue;
			const kept = rs.filter((r) => r.orderKept).length;
			latencyRows.push([
				label,
				contenderLabel(config, scenario, contender),
				verdict(rs),
				range(spread(rs.map((x) => x.requests)), 0),
				range(spread(rs.map((x) => x.throttled)), 0),
				range(nodeSeconds(rs)),
				range(spread(rs.map((x) => x.result.nodeMs / 1000 / rttS))),
				range(spread(rs.map((x) => (x.delaySumMs ?? 0) / x.result.nodeMs))),
				kept === rs.length ? `yes (${kept}/${rs.length})` : `**no** (${kept}/${rs.length})`,
			]);
		}
	}

	return {
		latency: {
			header: [
				'Case',
				'Node',
				'Runs',
				'Requests',
				'429s',
				'Node wall s',
				'Wall / RTT',
				'Requests in flight (Σ RTT ÷ wall)',
				'Order and pairing as sequential',
			],
			rows: latencyRows,
		},
		returnAll: {
			header: [
				'N',
				'R',
				'Set-up',
				'Runs',
				'Distinct items',
				'Requests',
				'429s',
				'Wall s',
				'Floor s',
				'Wall / floor',
				'Peak RSS MB',
			],
			rows: returnAllRows,
		},
		ratios: {
			header: [
				'N',
				'Requests / R (ours)',
				'Wall / floor (ours)',
				...RETURN_ALL_CONTENDERS.filter((c) => c !== 'ours').map(
					(c) => `${contenderLabel(config, 'returnAll', c)} ÷ ours (wall)`,
				),
				'Peak RSS ours ÷ HTTP',
			],
			rows: ratioRows,
		},
		single: {
			header: [
				'Operation',
				'Node',
				'Runs',
				'Requests',
				'Wall s',
				'Wall ms / item',
				'CPU ms / item',
				'Own CPU ms / item (minus baseline)',
				'Peak RSS MB',
				'CPU / item ours ÷ HTTP',
			],
			rows: singleRows,
		},
		singleThrottled: {
			header: [
				'Operation',
				'Node',
				'Runs',
				'Requests',
				'429s',
				'Wall s',
				'Floor s',
				'Wall / floor',
			],
			rows: throttledRows,
		},
		webhook: {
			header: ['Node', 'Runs', 'Deliveries per run', 'Events / s', 'µs / event', 'Ours ÷ generic'],
			rows: webhookRows,
		},
	};
}

export interface Target {
	name: string;
	met: boolean | undefined;
	detail: string;
}

export function evaluateTargets(config: BenchConfig, records: RunRecord[]): Target[] {
	const targets: Target[] = [];
	const summaries = config.ns.map((n) => summarizeReturnAll(config, records, n));
	const withReturnAll = summaries.filter((s) => s.ours.length > 0);
	if (withReturnAll.length) {
		const badRequests = withReturnAll.flatMap((s) =>
			s.ours.filter((x) => x.requests !== s.r).map((x) => `N=${s.n} run ${x.run}: ${x.requests}`),
		);
		targets.push({
			name: 'requests = R exactly',
			met: badRequests.length === 0,
			detail: badRequests.length
				? `off in ${badRequests.join(', ')}`
				: withReturnAll.map((s) => `N=${thousands(s.n)}: ${s.r} in every run`).join('; '),
		});
		const floored = withReturnAll.filter((s) => s.floorS > 0);
		const worst = floored.map((s) => ({
			n: s.n,
			max: s.wallPerFloor.max,
			median: s.wallPerFloor.median,
		}));
		targets.push({
			name: 'wall time ≤ 1.10 × floor',
			met: floored.length ? worst.every((w) => w.max <= 1.1) : undefined,
			detail:
				worst
					.map((w) => `N=${thousands(w.n)}: median ${fixed(w.median, 3)}, worst ${fixed(w.max, 3)}`)
					.join('; ') +
				(floored.length < withReturnAll.length ? '; N with floor 0 have no ratio' : ''),
		});
		const failed = withReturnAll.flatMap((s) => s.ours.filter((x) => !x.ok));
		targets.push({
			name: '0 failed runs at the default throttle',
			met: failed.length === 0,
			detail: failed.length
				? failed.map((x) => `N=${x.n} run ${x.run}: ${x.why}`).join('; ')
				: `${withReturnAll.reduce((sum, s) => sum + s.ours.length, 0)} runs, 0 failed, 0 × 429`,
		});
		const speed = withReturnAll.map((s) => {
			const oursOk = allOk(s.ours);
			if (!oursOk) return { n: s.n, met: false, text: 'ours failed' };
			if (s.httpPerOurs !== undefined) {
				return {
					n: s.n,
					met: s.httpPerOurs >= 1.5,
					text: `${fixed(s.httpPerOurs)}× (${s.bestHttp?.contender})`,
				};
			}
			return {
				n: s.n,
				met: true,
				text: 'HTTP Request failed in every set-up where ours succeeded',
			};
		});
		targets.push({
			name: '≥ 1.5× faster than HTTP Request at equal success (or it fails where we succeed)',
			met: speed.every((x) => x.met),
			detail: speed.map((x) => `N=${thousands(x.n)}: ${x.text}`).join('; '),
		});
		const largest =
			withReturnAll.find((s) => s.n === 50_000) ?? withReturnAll[withReturnAll.length - 1];
		targets.push({
			name: `peak RSS for ${thousands(largest.n)} visitors ≤ HTTP Request's`,
			met: Number.isFinite(largest.rssOursPerHttp) ? largest.rssOursPerHttp <= 1 : undefined,
			detail: `ours ${fixed(rssMb(largest.ours).median, 0)} MB vs ${largest.rssAgainst} ${fixed(rssMb(largest.httpSetups.find((h) => h.contender === largest.rssAgainst)?.records ?? []).median, 0)} MB (ratio ${fixed(largest.rssOursPerHttp)})`,
		});
	}
	const latency = summarizeLatency(config, records);
	if (latency.ours.length) {
		const oursReturnAll = select(records, 'latencyReturnAll', 'ours');
		const oursItems = select(records, 'latencyItems', 'ours');
		const failed = latency.ours.filter((r) => !r.ok);
		targets.push({
			name: `latency: Return All of ${thousands(LATENCY_VISITORS)} ≤ 3 RTT (RTT ${config.rttMs} ms)`,
			met: allOk(oursReturnAll) ? latency.returnAllPerRtt <= 3 : false,
			detail: `${fixed(latency.returnAllPerRtt)} RTT (${range(nodeSeconds(oursReturnAll))} s)${allOk(oursReturnAll) ? '' : '; ' + verdict(oursReturnAll)}`,
		});
		targets.push({
			name: `latency: ${LATENCY_ITEMS} single-item Gets ≤ 2.5 RTT`,
			met: allOk(oursItems) ? latency.itemsPerRtt <= 2.5 : false,
			detail: `${fixed(latency.itemsPerRtt)} RTT (${range(nodeSeconds(oursItems))} s)${allOk(oursItems) ? '' : '; ' + verdict(oursItems)}`,
		});
		const httpReturnAll = select(records, 'latencyReturnAll', 'http');
		if (httpReturnAll.length) {
			targets.push({
				name: "latency: HTTP Request's paginated Return All ≥ 2× slower (or incomplete)",
				met: latency.httpComplete ? (latency.httpPerOurs ?? 0) >= 2 : true,
				detail: latency.httpComplete
					? `${fixed(latency.httpPerOurs ?? NaN)}× ours (${range(nodeSeconds(httpReturnAll))} s)`
					: `incomplete: ${verdict(httpReturnAll)}`,
			});
		}
		targets.push({
			name: 'latency: output order and pairing exactly as sequential',
			met: latency.orderKept === true,
			detail: `${latency.ours.filter((r) => r.orderKept).length} of ${latency.ours.length} runs${failed.length ? `; failed runs: ${failed.map((r) => `${r.scenario} run ${r.run}: ${r.why}`).join('; ')}` : ''}`,
		});
	}
	if (select(records, 'webhook', 'ours').length && select(records, 'webhook', 'generic').length) {
		targets.push({
			name: 'webhook: Salespanel Trigger (Ignore Duplicates on) ≥ 0.95 × the Webhook node',
			met: latency.webhookOursPerGeneric >= 0.95,
			detail: `${fixed(latency.webhookOursPerGeneric)}× (${fixed(eventsPerSecond(select(records, 'webhook', 'ours')).median, 0)} vs ${fixed(eventsPerSecond(select(records, 'webhook', 'generic')).median, 0)} events/s)`,
		});
	}
	const overheads = config.ops
		.map((op) => ({ op, ...overheadOf(records, op) }))
		.filter((x) => Number.isFinite(x.total));
	if (overheads.length) {
		targets.push({
			name: 'per-item overhead ≤ 1.05 × HTTP Request (CPU per item)',
			met: overheads.every((x) => x.total <= 1.05),
			detail:
				overheads
					.map(
						(x) =>
							`${OP_LABEL[x.op]} ${fixed(x.total)} (${fixed(x.ours, 3)} vs ${fixed(x.http, 3)} ms)`,
					)
					.join('; ') +
				'. Minus the bare requests sent all at once (both nodes run their items concurrently; ours up to 60 at once): ' +
				overheads
					.map(
						(x) =>
							`${OP_LABEL[x.op]} ${fixed(x.oursOwn, 3)} vs ${fixed(x.httpOwn, 3)} ms = ${fixed(x.own)}`,
					)
					.join('; '),
		});
	}
	return targets;
}

/** `bench: requests/R=1.00 wall/floor=1.04 http/ours=2.31 rss_ours/http=0.93 overhead_ours/http=1.01` */
export function summaryLine(config: BenchConfig, records: RunRecord[]): string {
	const n = config.ns.includes(10_000) ? 10_000 : config.ns[config.ns.length - 1];
	const s = n !== undefined ? summarizeReturnAll(config, records, n) : undefined;
	const overheads = config.ops
		.map((op) => overheadOf(records, op).total)
		.filter((x) => Number.isFinite(x));
	const has = s !== undefined && s.ours.length > 0;
	const httpPart = !has ? 'n/a' : s.httpPerOurs === undefined ? 'failed' : fixed(s.httpPerOurs);
	return [
		'bench:',
		`requests/R=${has ? fixed(s.requestsPerR.median) : 'n/a'}`,
		`wall/floor=${has ? fixed(s.wallPerFloor.median) : 'n/a'}`,
		`http/ours=${httpPart}`,
		`rss_ours/http=${has ? fixed(s.rssOursPerHttp) : 'n/a'}`,
		`overhead_ours/http=${overheads.length ? fixed(Math.max(...overheads)) : 'n/a'}`,
	].join(' ');
}

/**
 * `bench-latency: rtt_ms=100 returnAll1k_wall/rtt=10.42 items60_wall/rtt=61.3 http/ours_returnAll1k=1.01 webhook_ours/generic=0.17 order_kept=1`
 * Every figure is a median of the measured runs; n/a when its section did not run.
 */
export function latencyLine(config: BenchConfig, records: RunRecord[]): string {
	const s = summarizeLatency(config, records);
	const ran = s.ours.length > 0;
	const httpRan = select(records, 'latencyReturnAll', 'http').length > 0;
	return [
		'bench-latency:',
		`rtt_ms=${config.rttMs}`,
		`returnAll1k_wall/rtt=${ran ? fixed(s.returnAllPerRtt) : 'n/a'}`,
		`items60_wall/rtt=${ran ? fixed(s.itemsPerRtt) : 'n/a'}`,
		`http/ours_returnAll1k=${!httpRan ? 'n/a' : s.httpComplete ? fixed(s.httpPerOurs ?? NaN) : 'incomplete'}`,
		`webhook_ours/generic=${fixed(s.webhookOursPerGeneric)}`,
		`order_kept=${s.orderKept === undefined ? 'n/a' : s.orderKept ? 1 : 0}`,
	].join(' ');
}

/** The one-table sections of the text report, in order, each shown only when it has rows. */
const TEXT_SECTIONS: ReadonlyArray<[title: string, table: keyof Tables]> = [
	['Single-item operations (no throttle)', 'single'],
	['Single-item operations under the throttle', 'singleThrottled'],
	['Webhook trigger', 'webhook'],
	['At real-world latency (settings: see the "latency:" line above and results.md)', 'latency'],
];

export function renderText(tables: Tables, targets: Target[]): string {
	const parts: string[] = [];
	if (tables.returnAll.rows.length) {
		parts.push(
			'Return All',
			textTable(tables.returnAll.header, tables.returnAll.rows.map(stripMd)),
			'',
			textTable(tables.ratios.header, tables.ratios.rows.map(stripMd)),
			'',
		);
	}
	for (const [title, key] of TEXT_SECTIONS) {
		const { header, rows } = tables[key];
		if (rows.length) parts.push(title, textTable(header, rows.map(stripMd)), '');
	}
	parts.push(
		'Targets',
		...targets.map(
			(t) => `  [${t.met === undefined ? 'n/a' : t.met ? 'met' : 'MISSED'}] ${t.name}: ${t.detail}`,
		),
	);
	return parts.join('\n');
}

const stripMd = (row: string[]) => row.map((cell) => cell.replace(/\*\*/g, ''));

export { markdownTable };
