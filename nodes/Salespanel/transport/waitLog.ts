import type { Logger } from 'n8n-workflow';

/** Waits longer than this are logged (every 429 is, whatever its wait). */
export const LOGGED_WAIT_MS = 5_000;

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

/** What one execution's client waited for, and why: for n8n's log and the execution hint. */
export interface WaitSummary {
	/** 429 answers received. */
	throttled: number;
	/** Time spent waiting: after 429s, before retries, and for the pacer. */
	waitedMs: number;
	/** Of it, the pacer's share (waiting for the rate limit window before sending). */
	pacedMs: number;
}

/**
 * Makes throttling visible (the API reference asks integrations to log 429s to tune their
 * volume): each 429 and each wait longer than LOGGED_WAIT_MS goes to n8n's log at warn level
 * (operation, API path without query, attempt, wait, Retry-After; never the token or the query),
 * and the totals feed the execution hint.
 */
export class WaitLog {
	private readonly summary: WaitSummary = { throttled: 0, waitedMs: 0, pacedMs: 0 };

	constructor(
		private readonly logger: () => Logger | undefined,
		private readonly nodeName: string,
		private readonly operation: string,
	) {}

	/** A retry the client is about to wait for: after a 429 (`status` 429) or another failure. */
	retry(
		path: string,
		attempt: number,
		waitMs: number,
		status?: number,
		retryAfter?: unknown,
	): void {
		this.summary.waitedMs += waitMs;
		const throttled = status === 429;
		if (throttled) this.summary.throttled++;
		if (!throttled && waitMs <= LOGGED_WAIT_MS) return;
		const retryAfterText = loggedRetryAfter(retryAfter);
		const why = throttled ? 'Salespanel throttled a request (429)' : 'A Salespanel request failed';
		this.logger()?.warn(
			`${why}; waiting ${seconds(waitMs)} s before attempt ${attempt} (${this.operation}, ${path})`,
			{
				node: this.nodeName,
				operation: this.operation,
				path,
				attempt,
				waitMs,
				...(status === undefined ? {} : { status }),
				...(retryAfterText === undefined ? {} : { retryAfter: retryAfterText }),
			},
		);
	}

	/** A wait for the pacer's window before a request was sent. */
	paced(waitMs: number): void {
		this.summary.waitedMs += waitMs;
		this.summary.pacedMs += waitMs;
		if (waitMs <= LOGGED_WAIT_MS) return;
		this.logger()?.warn(
			`Salespanel requests paced to the rate limit: waiting ${seconds(waitMs)} s before the next request (${this.operation})`,
			{ node: this.nodeName, operation: this.operation, waitMs },
		);
	}

	totals(): WaitSummary {
		return { ...this.summary };
	}
}

/**
 * The execution hint for an execution that was throttled or paced (undefined when it waited
 * less than a second in all and got no 429).
 */
export function waitHint(summary: WaitSummary): string | undefined {
	if (summary.throttled === 0 && summary.waitedMs < 1_000) return undefined;
	const waited = `the node waited ${seconds(summary.waitedMs)} s in total`;
	const throttled =
		summary.throttled === 0
			? `Salespanel requests were paced to the rate limit; ${waited}.`
			: `Salespanel throttled ${summary.throttled} request${summary.throttled === 1 ? '' : 's'} (429); ${waited}.`;
	return `${throttled} Salespanel allows 5,000 requests a day for all your integrations: fetch fewer items, or lower Rate Limit Requests in Options if other integrations share the account.`;
}
