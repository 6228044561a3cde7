import { StoppedError, SYSTEM_CLOCK, type Clock } from './clock';

export interface PacerSettings {
	/** Requests allowed per window (Salespanel's documented burst throttle: 60). 0 disables pacing. */
	requestsPerWindow: number;
	/** Length of the window in milliseconds (60,000 for "per minute"). */
	windowMs: number;
	/** Requests on the wire at once, whoever sends them (default MAX_IN_FLIGHT). */
	maxInFlight?: number;
}

/**
 * Default bound on the requests of one execution that are on the wire at the same time, and on
 * the items the action node runs at once: the documented burst (60 per minute), so a full burst
 * costs one round trip, not six.
 */
export const MAX_IN_FLIGHT = 60;

/** A request let through by the pacer: it holds its place in the window until it is settled. */
export interface PacerSlot {
	/** The request got an answer (or failed on the wire): it counts in the window from now on. */
	answered(): void;
	/** The request never went out (or the execution stopped): the slot is given back. */
	release(): void;
}

interface Entry {
	/** When the answer arrived; undefined while the request is on the wire. */
	at?: number;
}

/**
 * Client-side mirror of Salespanel's burst throttle (Django REST Framework's sliding-window
 * SimpleRateThrottle): a request may go out while fewer than `requestsPerWindow` requests were
 * sent in the last `windowMs`; otherwise it waits until the oldest one leaves the window.
 *
 * Safe for concurrent callers: a slot is reserved when a request is let through (so callers
 * waiting together cannot all see the same free slot), and its time becomes the receipt time
 * when the answer arrives — the server's timestamp lies between send and receipt, so the window
 * never undercounts. A request on the wire counts as "now" until then. Callers are let through
 * one at a time, in the order they asked. One pacer lives for one node execution, so nothing is
 * shared between workflows or credentials.
 */
export class RequestPacer {
	private readonly entries: Entry[] = [];

	/** Callers asking for a slot, served one at a time in order. */
	private queue: Promise<unknown> = Promise.resolve();

	/** Wakes a caller waiting for a request on the wire to settle. */
	private readonly onSettle = new Set<() => void>();

	/** Requests that went out (answered or failed on the wire), for the polling trigger's daily count. */
	private sentCount = 0;

	constructor(
		private readonly settings: PacerSettings,
		private readonly signal?: AbortSignal,
		private readonly clock: Clock = SYSTEM_CLOCK,
		/** Told of every timed wait for the window (for the log and the execution hint). */
		private readonly onWait?: (ms: number) => void,
	) {}

	/** Requests that went out through this pacer so far. */
	get sent(): number {
		return this.sentCount;
	}

	private get maxInFlight(): number {
		const { maxInFlight } = this.settings;
		return maxInFlight !== undefined && maxInFlight >= 1 ? Math.floor(maxInFlight) : MAX_IN_FLIGHT;
	}

	private get paced(): boolean {
		return this.settings.requestsPerWindow > 0 && this.settings.windowMs > 0;
	}

	private inFlight(): number {
		return this.entries.filter((entry) => entry.at === undefined).length;
	}

	/** Drops answered requests that left the window. */
	private prune(now: number): void {
		const since = now - this.settings.windowMs;
		for (let i = this.entries.length - 1; i >= 0; i--) {
			const { at } = this.entries[i];
			if (at !== undefined && (!this.paced || at <= since)) this.entries.splice(i, 1);
		}
	}

	/** How many requests may go out now without waiting (window and in-flight cap alike). */
	freeSlots(now = this.clock.now()): number {
		this.prune(now);
		const byFlight = this.maxInFlight - this.inFlight();
		const byWindow = this.paced ? this.settings.requestsPerWindow - this.entries.length : Infinity;
		return Math.max(0, Math.min(byFlight, byWindow));
	}

	/**
	 * Milliseconds until a request may be sent: 0 when it may go now, undefined when only a
	 * request on the wire can make room (its answer, then the window, decide when).
	 */
	private delayFor(now: number): number | undefined {
		if (this.freeSlots(now) > 0) return 0;
		if (this.inFlight() >= this.maxInFlight) return undefined;
		// The window is full: wait until enough answered requests leave it.
		const answered = this.entries
			.map((entry) => entry.at)
			.filter((at): at is number => at !== undefined)
			.sort((a, b) => a - b);
		const leaving = this.entries.length - this.settings.requestsPerWindow;
		if (answered.length <= leaving) return undefined;
		return Math.max(1, answered[leaving] + this.settings.windowMs - now);
	}

	/**
	 * Waits until a request may be sent without exceeding the window or the in-flight cap, and
	 * reserves its slot. `stop` (besides the execution's own signal) ends the wait early.
	 */
	async acquire(stop?: AbortSignal): Promise<PacerSlot> {
		const turn = this.queue.then(async () => await this.waitForRoom(stop));
		this.queue = turn.catch(() => undefined);
		return await turn;
	}

	private async waitForRoom(stop?: AbortSignal): Promise<PacerSlot> {
		for (;;) {
			if (stop?.aborted) throw new StoppedError();
			const delay = this.delayFor(this.clock.now());
			if (delay === 0) return this.reserve();
			if (delay === undefined) await this.nextSettle(stop);
			else {
				this.onWait?.(delay);
				await sleepUnlessStopped(this.clock, delay, this.signal, stop);
			}
		}
	}

	private reserve(): PacerSlot {
		const entry: Entry = {};
		this.entries.push(entry);
		let settled = false;
		const settle = (keep: boolean) => {
			if (settled) return;
			settled = true;
			if (keep) {
				entry.at = this.clock.now();
				this.sentCount++;
			} else this.entries.splice(this.entries.indexOf(entry), 1);
			for (const wake of [...this.onSettle]) wake();
		};
		return { answered: () => settle(true), release: () => settle(false) };
	}

	/** Resolves when a request on the wire settles; rejects when the execution or `stop` ends. */
	private async nextSettle(stop?: AbortSignal): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			const signals = [this.signal, stop].filter((s): s is AbortSignal => s !== undefined);
			const done = () => {
				this.onSettle.delete(done);
				for (const s of signals) s.removeEventListener('abort', aborted);
				resolve();
			};
			const aborted = () => {
				done();
				reject(new StoppedError());
			};
			this.onSettle.add(done);
			for (const s of signals) s.addEventListener('abort', aborted, { once: true });
		});
	}
}

/**
 * Sleeps on the clock; a stop (the execution's signal or the caller's) ends it at once. The
 * clock sees the signal that fires first, so a recording clock still records every wait.
 */
export async function sleepUnlessStopped(
	clock: Clock,
	ms: number,
	execution?: AbortSignal,
	stop?: AbortSignal,
): Promise<void> {
	if (stop === undefined) return await clock.sleep(ms, execution);
	if (execution === undefined) return await clock.sleep(ms, stop);
	const either = new AbortController();
	const abort = () => either.abort();
	execution.addEventListener('abort', abort, { once: true });
	stop.addEventListener('abort', abort, { once: true });
	if (execution.aborted || stop.aborted) either.abort();
	try {
		await clock.sleep(ms, either.signal);
	} finally {
		execution.removeEventListener('abort', abort);
		stop.removeEventListener('abort', abort);
	}
}
