import type {
	Activity,
	AttributionDetails,
	CompanyDetails,
	Segment,
	Visitor,
	WebhookEvent,
} from '../schemas';

export type { Activity, CompanyDetails, Segment, Visitor, WebhookEvent };

export interface ThrottleOptions {
	/** Requests allowed per `minuteMs` window (DRF "burst"). Default 60. */
	burst?: number;
	/** Requests allowed per `dayMs` window (DRF "sustained"). Default 5000. */
	sustained?: number;
	minuteMs?: number;
	dayMs?: number;
}

/** Simulated network round trip, added to every request before it is answered. */
export interface LatencyOptions {
	/** Fixed part of the round trip in ms: no request is answered sooner. */
	rttMs: number;
	/** Extra delay drawn uniformly from [0, jitterMs) per request (default 0). */
	jitterMs?: number;
	/**
	 * Seed of the jitter (default: the sandbox's seed). The jitter of a request depends only on the
	 * seed and its position in the request log, so runs that start from resetLog() get the same
	 * sequence of delays.
	 */
	seed?: number;
}

export interface SandboxOptions {
	/** 0 = random free port (default). Host is always 127.0.0.1. */
	port?: number;
	token?: string;
	/** PRNG seed for deterministic data and fault decisions (default 42). */
	seed?: number;
	visitors?: number;
	companies?: number;
	segments?: number;
	/** Sandbox clock in ms (default Date.now). Used for seed timestamps, windows, throttling, log. */
	now?: () => number;
	throttle?: ThrottleOptions | false;
	/** false (default): activities endpoint returns a bare JSON array, as documented. */
	activitiesPaginated?: boolean;
	/** true (default): segments endpoint returns a paginated object. */
	segmentsPaginated?: boolean;
	/** Per-request round trip (fixed RTT plus jitter). Default: none, answers go out at once. */
	latency?: LatencyOptions;
}

export interface FaultConfig {
	/** 0..1 share of API requests answered 500/502/503 with a DRF-style `{"detail"}` body. */
	errorRate?: number;
	/** The next `count` API requests get this status (body defaults to a DRF-style detail). */
	failNext?: { count: number; status: number; body?: string; headers?: Record<string, string> };
	/** 0..1 share of API requests whose socket is destroyed with no response. */
	resetRate?: number;
	/** Destroy the next N sockets. */
	resetNext?: number;
	/** The next N successful list responses get a truncated JSON body with status 200. */
	malformedNext?: number;
	/**
	 * Aims failNext, resetNext and malformedNext at one page: only requests whose `offset` query
	 * parameter (absent = 0) is this value take them; the others pass untouched. With pages read
	 * concurrently, the n-th request to arrive is not a given page, so faults are armed by page.
	 */
	targetOffset?: number;
	/** Delay before answering every API request. */
	latencyMs?: number;
	/** After each visitors/leads list page: insert N new visitors at the front; move N random ones to the front. */
	driftPerPage?: { insert?: number; reorder?: number };
}

export interface LoggedRequest {
	method: string;
	/** Raw (still percent-encoded) path without the query string. */
	path: string;
	query: Record<string, string>;
	/** Parsed JSON body, the raw string when unparsable, undefined when empty. */
	body: unknown;
	/** Response status; 0 when the connection was reset without a response. */
	status: number;
	authorized: boolean;
	/** Sandbox clock (ms) when the request arrived. */
	at: number;
	/** Simulated round trip this request waited before it was handled (latency option), in ms. */
	delayMs?: number;
	/** Name of the injected fault, if any. */
	fault?: 'failNext' | 'errorRate' | 'resetNext' | 'resetRate' | 'malformed';
	/** Stack of an unexpected sandbox exception (answered 500). */
	error?: string;
}

export interface CompanyRecord {
	/** The object served by GET /visiting-companies/. */
	details: CompanyDetails;
	firstSeenMs: number;
	lastSeenMs: number;
}

export interface VisitorExtras {
	attribution_details: AttributionDetails;
	total_time_spent: number;
	lead_score: number;
	/** Tie-breaker for equal last_seen: higher = touched more recently. */
	seq: number;
}

export interface SandboxStore {
	/** Served visitor objects, kept sorted by last_seen desc (ties: most recently touched first). */
	visitors: Visitor[];
	companies: CompanyRecord[];
	segments: Segment[];
	/** Integer ids of segments, used by webhook payloads (`qualified_segments: [{id, name}]`). */
	segmentPks: Map<string, number>;
	/** Activities per contact_id, newest first. */
	activities: Map<string, Activity[]>;
	extras: Map<string, VisitorExtras>;
	/** Attribute names known to the account (for created vs updated attributes). */
	accountAttributes: Set<string>;
}

export interface AddVisitorsOptions {
	/** Identified lead with a person email (default true). */
	lead?: boolean;
	/** last_seen = now, i.e. first in the served order (default true); else a random past time. */
	front?: boolean;
}

export interface SendWebhookOptions {
	event: WebhookEvent;
	hookId?: string;
	contactId?: string;
	title?: string;
	/** Extra identical deliveries after the first one. */
	duplicates?: number;
	segment?: { segment_id: string; title: string };
}

export interface Sandbox {
	url: string;
	token: string;
	port: number;
	store: SandboxStore;
	requests: LoggedRequest[];
	faults: FaultConfig;
	resetLog(): void;
	resetThrottle(): void;
	addVisitors(n: number, opts?: AddVisitorsOptions): Visitor[];
	/**
	 * Sets a visitor's last activity (default: the sandbox's now), so it moves into or out of the
	 * 24-hour window of /leads/ and to its place in the lists.
	 */
	setLastSeen(contactId: string, ms?: number): Visitor;
	/** Adds a segment of the account (by name, as the API lists it) to a visitor's qualified_segments. */
	qualifyForSegment(contactId: string, segmentName: string): Visitor;
	sendWebhook(
		targetUrl: string,
		opts: SendWebhookOptions,
	): Promise<Array<{ status: number; body: string }>>;
	close(): Promise<void>;
}
