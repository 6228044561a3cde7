import { sleep } from 'n8n-workflow';

/**
 * Time source of the transport: every wait (pacing, back-off, Retry-After) goes through `sleep`
 * and every elapsed-time reading through `now`. Tests pass a clock that records the waits and
 * advances its own time instead of sleeping.
 */
export interface Clock {
	now(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The longest single timer of a wait. n8n-workflow's `sleep` is the only timer every supported n8n
 * line exports (`sleepWithAbort` is missing from n8n 2.x), and it cannot be cleared: a stopped wait
 * rejects at once, and the timer it leaves behind ends within this slice.
 */
export const SLEEP_SLICE_MS = 1_000;

/** What a wait ended by its signal (the execution's cancel signal or a caller's `stop`) rejects with. */
export class StoppedError extends Error {
	constructor() {
		super('The request was stopped before it was sent');
		this.name = 'StoppedError';
	}
}

/** Sleeps `ms` in slices of at most SLEEP_SLICE_MS; `signal` ends the wait at once. */
export async function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal === undefined) return await sleep(Math.max(0, ms));
	if (signal.aborted) throw new StoppedError();
	let onAbort = () => {};
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(new StoppedError());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		for (let left = ms; left > 0 && !signal.aborted; left -= SLEEP_SLICE_MS) {
			await Promise.race([sleep(Math.min(left, SLEEP_SLICE_MS)), aborted]);
		}
		if (signal.aborted) throw new StoppedError();
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

export const SYSTEM_CLOCK: Clock = {
	now: () => Date.now(),
	sleep: sleepUnlessAborted,
};
