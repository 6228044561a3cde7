/** Retry timing of the transport (network failures: network.ts). Pure functions, so they are testable on their own. */

/** Whether an HTTP status may be retried for this method (429 always: the server did not act). */
export function isRetryableStatus(method: string, status: number): boolean {
	if (status === 429) return true;
	return method.toUpperCase() === 'GET' && (status >= 500 || status === 408);
}

/**
 * `Retry-After` in milliseconds: delta-seconds (decimals accepted, as a time-scaled sandbox sends
 * them) or an HTTP date (0 once past). Undefined when absent or unreadable, negative included.
 */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const trimmed = String(text).trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(parseFloat(trimmed) * 1000);
	// An HTTP date names its weekday and month; bare numbers like "-4" are not dates.
	const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : NaN;
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Exponential back-off with jitter: base·2^attempt, capped, scaled by a random 50–100 %. */
export function backoffDelay(
	attempt: number,
	baseMs: number,
	capMs: number,
	random = Math.random,
): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
	return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * How long to wait before retry number `attempt` (0-based): what the server asked for, but never
 * less than the back-off, so `Retry-After: 0` (or a past date) cannot make the node hammer the API.
 */
export function retryDelay(
	retryAfter: unknown,
	attempt: number,
	baseMs: number,
	capMs: number,
	now = Date.now(),
	random = Math.random,
): number {
	return Math.max(
		parseRetryAfter(retryAfter, now) ?? 0,
		backoffDelay(attempt, baseMs, capMs, random),
	);
}
