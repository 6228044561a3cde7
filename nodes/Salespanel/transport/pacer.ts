import { SYSTEM_CLOCK, type Clock } from './clock';

export interface PacerSettings {
	/** Requests allowed per window (Salespanel's documented burst throttle: 60). 0 disables pacing. */
	requestsPerWindow: number;
	/** Length of the window in milliseconds (60,000 for "per minute"). */
	windowMs: number;
}

/**
 * Client-side mirror of Salespanel's burst throttle (Django REST Framework's sliding-window
 * SimpleRateThrottle): a request may go out while fewer than `requestsPerWindow` requests were
 * sent in the last `windowMs`; otherwise it waits until the oldest one leaves the window.
 * One pacer lives for one node execution, so nothing is shared between workflows or credentials.
 */
export class RequestPacer {
	private readonly sentAt: number[] = [];

	constructor(
		private readonly settings: PacerSettings,
		private readonly signal?: AbortSignal,
		private readonly clock: Clock = SYSTEM_CLOCK,
	) {}

	/** Milliseconds to wait before the next request may be sent (0 when it may go now). */
	delayFor(now: number): number {
		const { requestsPerWindow, windowMs } = this.settings;
		if (requestsPerWindow <= 0 || windowMs <= 0) return 0;
		while (this.sentAt.length > 0 && this.sentAt[0] <= now - windowMs) this.sentAt.shift();
		if (this.sentAt.length < requestsPerWindow) return 0;
		return this.sentAt[0] + windowMs - now;
	}

	/** Waits until a request may be sent without exceeding the window. */
	async waitForSlot(): Promise<void> {
		for (;;) {
			const delay = this.delayFor(this.clock.now());
			if (delay <= 0) return;
			await this.clock.sleep(delay, this.signal);
		}
	}

	/**
	 * Records a request that got an answer, throttled ones included (a retry must find room in
	 * the window too). Called when the answer arrives: the server's own timestamp lies between
	 * send and receipt, so the receipt time never undercounts the window.
	 */
	record(now = this.clock.now()): void {
		this.sentAt.push(now);
	}
}
