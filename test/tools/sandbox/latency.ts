/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// The sandbox's simulated network round trip: every answer leaves a fixed RTT plus a seeded jitter
// after its request arrived (handled half-way, when a server would receive it), so a client that sends its
// requests one after another pays one RTT each, as it would against the real API. Off unless
// SandboxOptions.latency is given.
import { mulberry32 } from './random';
import type { LatencyOptions } from './types';

export interface Latency {
	/** Delay in ms of the request at position `index` of the request log. */
	delayFor(index: number): number;
}

/** Validates the option and returns the delay function (undefined: no latency). */
export function createLatency(
	options: LatencyOptions | undefined,
	sandboxSeed: number,
): Latency | undefined {
	if (options === undefined) return undefined;
	const { rttMs, jitterMs = 0 } = options;
	if (!Number.isFinite(rttMs) || rttMs < 0)
		throw new Error(`latency.rttMs must be a number ≥ 0 (got ${rttMs})`);
	if (!Number.isFinite(jitterMs) || jitterMs < 0)
		throw new Error(`latency.jitterMs must be a number ≥ 0 (got ${jitterMs})`);
	const seed = options.seed ?? sandboxSeed;
	return {
		// One fresh generator per position: the delay of the n-th request after resetLog() is the
		// same in every run, whatever order concurrent requests arrive in.
		delayFor: (index) =>
			rttMs +
			(jitterMs > 0 ? mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0)() * jitterMs : 0),
	};
}

/** Waits at least `ms` by the monotonic clock (a timer alone may fire a fraction of a millisecond early). */
export async function sleepAtLeast(ms: number): Promise<void> {
	const end = performance.now() + ms;
	for (;;) {
		const left = end - performance.now();
		if (left <= 0) return;
		await new Promise<void>((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(left))));
	}
}
