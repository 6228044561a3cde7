import type { Logger } from 'n8n-workflow';

import type { Clock } from './clock';

/** Waits longer than this are logged (every 429 is, whatever its wait). */
const LOGGED_WAIT_MS = 5_000;

/** Longest Retry-After text put in a log line: the header is the server's, of any length. */
const MAX_RETRY_AFTER_TEXT = 40;

/**
 * Retry-After as logged: only a number of seconds or an HTTP date, so nothing else the server
 * put there (its text, a repeated token) reaches the log.
 */
function loggedRetryAfter(value: unknown): string | undefined {
	const text = Array.isArray(value) ? (value as unknown[])[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const trimmed = String(text).trim();
	if (trimmed.length > MAX_RETRY_AFTER_TEXT) return undefined;
	if (/^\d+(\.\d+)?$/.test(trimmed)) return trimmed;
	return /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)
		? trimmed
		: undefined;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/**
 * The fixed words of the API's paths (API reference); every other segment is an identifier (a
 * visitor's email, a visitor or contact ID) and is logged as `{id}`, so no person reaches the log.
 */
const API_PATH_WORDS = new Set([
	'api',
	'v1',
	'visitors',
	'attribution',
	'activities',
	'identify',
	'custom-activity',
	'create',
	'leads',
	'segments',
	'visiting-companies',
	'visitor-attributes',
]);

/** `/api/v1/<path>` with every identifier segment replaced by `{id}`. */
function loggedPath(path: string): string {
	const segments = `/api/v1/${path.replace(/^\/+/, '')}`.split('/');
	return segments
		.map((segment) => (segment === '' || API_PATH_WORDS.has(segment) ? segment : '{id}'))
		.join('/');
}

/** What one execution's client waited for, and why: for n8n's log and the execution hint. */
export interface WaitSummary {
	/** 429 answers received, the one that ended a request included. */
	throttled: number;
	/**
	 * Time during which at least one request was waiting (after a 429 or a failure, or for the
	 * pacer): requests wait in parallel (items, pages), so their waits are not added up.
	 */
	waitedMs: number;
}

/**
 * Makes throttling visible (the API reference asks integrations to log 429s to tune their
 * volume): each 429 and each wait longer than LOGGED_WAIT_MS goes to n8n's log at warn level
 * (operation, API path without query or identifiers, attempt, wait, Retry-After; never the
 * token), and the totals feed the execution hint.
 */
export class WaitLog {
	private throttled = 0;

	private waitedMs = 0;

	/** Waits going on now, and since when at least one is. */
	private activeWaits = 0;

	private waitingSince = 0;

	/** `clock` with every sleep timed: the time with at least one wait going on is the total. */
	readonly clock: Clock;

	constructor(
		private readonly logger: () => Logger | undefined,
		private readonly nodeName: string,
		private readonly operation: string,
		clock: Clock,
	) {
		this.clock = {
			now: () => clock.now(),
			sleep: async (ms, signal) => {
				if (this.activeWaits++ === 0) this.waitingSince = clock.now();
				try {
					await clock.sleep(ms, signal);
				} finally {
					if (--this.activeWaits === 0) this.waitedMs += clock.now() - this.waitingSince;
				}
			},
		};
	}

	/**
	 * An answer the client acts on: a 429 (always logged and counted) or another failure. `waitMs`
	 * is the wait before the next attempt, undefined when the request ends here (no retry left,
	 * or Retry-After past the limit). `attempt` is the attempt that got this answer (1 = first).
	 */
	answered(
		path: string,
		attempt: number,
		waitMs: number | undefined,
		status?: number,
		retryAfter?: unknown,
	): void {
		const throttled = status === 429;
		if (throttled) this.throttled++;
		if (!throttled && (waitMs === undefined || waitMs <= LOGGED_WAIT_MS)) return;
		const retryAfterText = loggedRetryAfter(retryAfter);
		const what = throttled
			? `Salespanel throttled attempt ${attempt} of a request (429)`
			: `Attempt ${attempt} of a Salespanel request failed`;
		const next =
			waitMs === undefined ? 'not retried' : `waiting ${seconds(waitMs)} s before retrying`;
		const logged = loggedPath(path);
		this.logger()?.warn(`${what}; ${next} (${this.operation}, ${logged})`, {
			node: this.nodeName,
			operation: this.operation,
			path: logged,
			attempt,
			...(waitMs === undefined ? { retried: false } : { waitMs }),
			...(status === undefined ? {} : { status }),
			...(retryAfterText === undefined ? {} : { retryAfter: retryAfterText }),
		});
	}

	/** A wait for the pacer's window before a request was sent. */
	paced(waitMs: number): void {
		if (waitMs <= LOGGED_WAIT_MS) return;
		this.logger()?.warn(
			`Salespanel requests paced to the rate limit: waiting ${seconds(waitMs)} s before the next request (${this.operation})`,
			{ node: this.nodeName, operation: this.operation, waitMs },
		);
	}

	totals(): WaitSummary {
		return { throttled: this.throttled, waitedMs: this.waitedMs };
	}
}

/**
 * The execution hint for an execution that was throttled or paced (undefined when its requests
 * waited less than a second in all and got no 429).
 */
export function waitHint(summary: WaitSummary): string | undefined {
	if (summary.throttled === 0 && summary.waitedMs < 1_000) return undefined;
	const waited = `requests were waiting during ${seconds(summary.waitedMs)} s of the run`;
	const throttled =
		summary.throttled === 0
			? `Salespanel requests were paced to the rate limit; ${waited}.`
			: `Salespanel throttled ${summary.throttled} request${summary.throttled === 1 ? '' : 's'} (429); ${waited}.`;
	return `${throttled} Salespanel allows 5,000 requests a day for all your integrations: fetch fewer items, or lower Rate Limit Requests in Options if other integrations share the account.`;
}
