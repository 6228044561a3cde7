import type { ThrottleOptions } from './types';

interface Rate {
	name: 'burst' | 'sustained';
	num: number;
	durationMs: number;
	/** Per-key request timestamps, newest first (DRF keeps the same list in its cache). */
	history: Map<string, number[]>;
}

export interface ThrottleResult {
	/** Seconds for the Retry-After header (whole seconds, or up to 3 decimals when time-scaled). */
	retryAfter: string;
	detail: string;
	waitMs: number;
}

/**
 * DRF SimpleRateThrottle semantics for the two documented scopes (burst + sustained), keyed per
 * token. Every throttle is evaluated (like APIView.check_throttles); a throttle that allows the
 * request records it in its own history; a throttle that refuses does not. The wait is the time
 * until the oldest request in the window leaves it, divided by the available requests (DRF wait()).
 */
export class Throttler {
	private readonly rates: Rate[];
	private readonly scaled: boolean;

	constructor(
		opts: ThrottleOptions | false | undefined,
		private readonly now: () => number,
	) {
		if (opts === false) {
			this.rates = [];
			this.scaled = false;
			return;
		}
		const minuteMs = opts?.minuteMs ?? 60_000;
		const dayMs = opts?.dayMs ?? 86_400_000;
		this.scaled = minuteMs !== 60_000 || dayMs !== 86_400_000;
		this.rates = [
			{ name: 'burst', num: opts?.burst ?? 60, durationMs: minuteMs, history: new Map() },
			{ name: 'sustained', num: opts?.sustained ?? 5000, durationMs: dayMs, history: new Map() },
		];
	}

	reset() {
		for (const r of this.rates) r.history.clear();
	}

	/** Returns null when allowed, else the 429 details. */
	check(key: string): ThrottleResult | null {
		const now = this.now();
		const waits: number[] = [];
		let throttled = false;
		for (const rate of this.rates) {
			const history = rate.history.get(key) ?? [];
			while (history.length && history[history.length - 1] <= now - rate.durationMs) history.pop();
			if (history.length >= rate.num) {
				throttled = true;
				const remaining = history.length
					? rate.durationMs - (now - history[history.length - 1])
					: rate.durationMs;
				const available = rate.num - history.length + 1;
				if (available > 0) waits.push(remaining / available);
			} else {
				history.unshift(now);
			}
			rate.history.set(key, history);
		}
		if (!throttled) return null;
		const waitMs = waits.length
			? Math.max(...waits)
			: Math.max(...this.rates.map((r) => r.durationMs));
		const wholeSeconds = Math.ceil(waitMs / 1000);
		const retryAfter = this.scaled
			? String(Math.max(1, Math.round(waitMs)) / 1000)
			: String(wholeSeconds);
		const unit = wholeSeconds === 1 ? 'second' : 'seconds';
		return {
			waitMs,
			retryAfter,
			detail: `Request was throttled. Expected available in ${wholeSeconds} ${unit}.`,
		};
	}
}
