/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// The pacer through its production API (acquire, then answered or release), on a clock where only
// the pacer's own sleeps pass, so a busy machine cannot shorten or lengthen a wait. The client's
// use of it (one pacer per execution, ≤ 60 on the wire) is tested through the engine in
// pagination.test.ts and actions/router.test.ts.
import { StoppedError } from '../../../../../nodes/Salespanel/shared/transport/clock';
import {
	MAX_IN_FLIGHT,
	RequestPacer,
	type PacerSettings,
} from '../../../../../nodes/Salespanel/shared/transport/pacer';

/** A pacer on a clock that moves only when told to, or when the pacer sleeps; its waits recorded. */
function pacerAt(start: number, settings: PacerSettings) {
	const clock = {
		now: start,
		waits: [] as number[],
	};
	const pacer = new RequestPacer(settings, undefined, {
		now: () => clock.now,
		sleep: async (ms: number) => {
			clock.waits.push(ms);
			clock.now += ms;
		},
	});
	/** One request sent at the clock's time and answered at once. */
	const send = async () => (await pacer.acquire()).answered();
	return { pacer, clock, send };
}

/** Whether a promise is still pending after everything queued so far has run. */
async function pending(promise: Promise<unknown>): Promise<boolean> {
	let settled = false;
	void promise.then(
		() => (settled = true),
		() => (settled = true),
	);
	await new Promise((resolve) => setImmediate(resolve));
	return !settled;
}

describe('RequestPacer: a sliding window like DRF', () => {
	it('lets a full window through, then waits until the oldest answer leaves it', async () => {
		const { clock, send } = pacerAt(0, { requestsPerWindow: 3, windowMs: 1000 });
		await send();
		clock.now = 10;
		await send();
		clock.now = 20;
		await send();
		expect(clock.waits).toEqual([]);
		// At 500 the window holds 0, 10 and 20: the next waits until 0 leaves (at 1000).
		clock.now = 500;
		await send();
		expect([clock.waits, clock.now]).toEqual([[500], 1000]);
		// Now 10, 20 and 1000: the next waits until 10 leaves, at 1010.
		clock.now = 1001;
		await send();
		expect([clock.waits, clock.now]).toEqual([[500, 9], 1010]);
	});

	it('paces sequential requests: 5 at 2 per 10 s wait exactly one window twice', async () => {
		const { pacer, clock, send } = pacerAt(1_000_000, { requestsPerWindow: 2, windowMs: 10_000 });
		for (let i = 0; i < 5; i++) await send();
		expect(clock.waits).toEqual([10_000, 10_000]);
		expect(pacer.sent).toBe(5);
	});

	it('never waits when pacing is off', async () => {
		const { pacer, clock, send } = pacerAt(0, { requestsPerWindow: 0, windowMs: 1000 });
		for (let i = 0; i < 100; i++) await send();
		expect(clock.waits).toEqual([]);
		expect(pacer.sent).toBe(100);
	});

	it('counts a request from its answer, not its start: a slow answer keeps its slot longer', async () => {
		const { clock, pacer, send } = pacerAt(0, { requestsPerWindow: 1, windowMs: 1000 });
		const slow = await pacer.acquire();
		clock.now = 5000;
		slow.answered();
		clock.now = 5500;
		await send();
		expect([clock.waits, clock.now]).toEqual([[500], 6000]);
	});

	it('a released slot (the request never went out) is given back and not counted', async () => {
		const { clock, pacer, send } = pacerAt(0, { requestsPerWindow: 1, windowMs: 1000 });
		(await pacer.acquire()).release();
		await send();
		expect(clock.waits).toEqual([]);
		expect(pacer.sent).toBe(1);
	});
});

describe('RequestPacer: requests on the wire', () => {
	it(`at most ${MAX_IN_FLIGHT} by default: the next waits for an answer, with no timed sleep`, async () => {
		const { clock, pacer } = pacerAt(0, { requestsPerWindow: 0, windowMs: 1000 });
		const slots = [];
		for (let i = 0; i < MAX_IN_FLIGHT; i++) slots.push(await pacer.acquire());
		const next = pacer.acquire();
		expect(await pending(next)).toBe(true);
		slots[0].answered();
		await next;
		expect(clock.waits).toEqual([]);
	});

	it('a request on the wire counts in a full window until answered; then the window decides', async () => {
		const { clock, pacer } = pacerAt(0, { requestsPerWindow: 1, windowMs: 1000, maxInFlight: 5 });
		const first = await pacer.acquire();
		const next = pacer.acquire();
		expect(await pending(next)).toBe(true);
		clock.now = 200;
		first.answered();
		await next;
		expect([clock.waits, clock.now]).toEqual([[1000], 1200]);
	});

	it('a caller waiting for an answer is let go by its own stop signal', async () => {
		const { pacer } = pacerAt(0, { requestsPerWindow: 0, windowMs: 1000, maxInFlight: 1 });
		await pacer.acquire();
		const stop = new AbortController();
		const waiting = pacer.acquire(stop.signal);
		expect(await pending(waiting)).toBe(true);
		stop.abort();
		await expect(waiting).rejects.toBeInstanceOf(StoppedError);
	});
});
