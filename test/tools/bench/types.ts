// Messages between the benchmark runner and its child processes.

export type SingleOp = 'get' | 'identify' | 'setAttributes' | 'createActivity';

export const SINGLE_OPS: SingleOp[] = ['get', 'identify', 'setAttributes', 'createActivity'];

export type ReturnAllContender = 'ours' | 'http' | 'http-interval';
/** probe-seq / probe-par: a bare node sending the same requests through n8n's request helper (baselines). */
export type SingleContender = 'ours' | 'http' | 'http-batched' | 'probe-seq' | 'probe-par';
/** ours-no-dedupe: the Salespanel Trigger with Ignore Duplicates off. */
export type WebhookContender = 'ours' | 'ours-no-dedupe' | 'generic';

/** The latency section's two cases: Return All of 1,000 visitors (10 pages) and 60 single-item Gets. */
export type LatencyCase = 'returnAll1k' | 'items60';
export type LatencyContender = 'ours' | 'http';

interface JobBase {
	url: string;
	token: string;
	/** Keep nock's interceptor (loaded by the harness) active instead of restoring plain http. */
	keepNock?: boolean;
}

export interface ReturnAllJob extends JobBase {
	kind: 'returnAll';
	contender: ReturnAllContender;
	/** Length of the sandbox's throttle minute; our pacer's window is set to it. */
	minuteMs: number;
	/** HTTP Request's "Interval Between Requests" for the careful set-up. */
	intervalMs: number;
}

export interface SingleJob extends JobBase {
	kind: 'single';
	contender: SingleContender;
	op: SingleOp;
	inputs: Array<{ id: string; email: string }>;
	/** Throttled run: our pacer's window (60 per minuteMs). Undefined: no throttle, pacing off. */
	minuteMs?: number;
	/** HTTP Request Batching interval for 'http-batched' (1 item per batch). */
	batchIntervalMs?: number;
}

export interface WebhookJob extends JobBase {
	kind: 'webhook';
	contender: WebhookContender;
	events: number;
	seed: number;
}

/** One case of the latency section against a sandbox with a per-request round trip. */
export interface LatencyJob extends JobBase {
	kind: 'latency';
	latencyCase: LatencyCase;
	contender: LatencyContender;
	/** items60: the input items (visitor ids), in order. */
	inputs: Array<{ id: string; email: string }>;
	/** Run the workflow once, unmeasured, against a local sandbox first (default; --cold turns it off). */
	warmUp: boolean;
}

export type Job = ReturnAllJob | SingleJob | WebhookJob | LatencyJob;

export interface JobResult {
	status: string;
	error?: string;
	/** Whole engine.run() (or all webhook() calls). */
	wallMs: number;
	/** The contender node's own executionTime as n8n recorded it. */
	nodeMs: number;
	/** CPU (user + system) of the child during the measured part. */
	cpuMs: number;
	/** Peak RSS of the child (getrusage maxrss, KiB). */
	maxRssKb: number;
	/** RSS just before the measured part (modules loaded, engine built). */
	baselineRssKb: number;
	outputItems: number;
	/** Return All: visitor objects received (with repeats); single: items without error; webhook: accepted. */
	visitors: number;
	/** Return All (HTTP): items that were no page (an error body); single: error items; webhook: refused. */
	otherItems: number;
	/** Return All: distinct contact_ids. */
	ids?: string[];
	/** Latency: contact_ids in output order, repeats kept (HTTP Request's pages flattened in order). */
	orderedIds?: string[];
	/** Latency: each output item's pairedItem.item (null when missing or not a single item). */
	pairedItems?: Array<number | null>;
	nockActive: boolean;
	versions: { n8nCore: string; n8nWorkflow: string; n8nNodesBase: string };
}

export type ChildMessage = { ok: true; result: JobResult } | { ok: false; error: string };
