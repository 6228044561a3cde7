// Return All / Limit reading the pages after the first one concurrently, through the real n8n-core
// engine against a loopback server: API order kept when pages answer out of order, exactly the
// pages needed, never more on the wire than the cap or the pacer's window allows, a failing page
// failing the whole read with the error the one-by-one walk would meet (and nothing started after
// it), lying counts, and the one-by-one walk when the first page has no count.
import { sleep, type IDataObject, type INodeParameters } from 'n8n-workflow';

import { MAX_CONCURRENT_PAGES } from '../../../../../nodes/Salespanel/shared/transport/pagination';
import { RequestPacer } from '../../../../../nodes/Salespanel/shared/transport';
import { MAX_IN_FLIGHT } from '../../../../../nodes/Salespanel/shared/transport/pacer';
import { chain, manualTrigger, withItems, type RunResult } from '../../../../tools/harness';
import { PROBE_NAME, recordingClock, runProbe } from '../../../../tools/support/client-probe';
import { json } from '../../../../tools/support/loopback';
import { loopbackOnly, useLoopback } from '../../../../tools/support/loopbackApi';
import {
	createSalespanelEngine,
	NODE_NAME,
	salespanelNode,
} from '../../../../tools/support/node-env';

type ServerResponse = import('node:http').ServerResponse;

const TOKEN = ['concurrent', 'pages', 'token', '9d2c'].join('-');

loopbackOnly();
const api = useLoopback();
const elsewhere = useLoopback((_req, res) => json(res, 200, []));
/** Requests the server has not answered yet, and the most there ever were. */
let open = 0;
let maxOpen = 0;

beforeEach(() => {
	open = 0;
	maxOpen = 0;
});

const visitors = (from: number, count: number) =>
	Array.from({ length: Math.max(0, count) }, (_, i) => ({
		contact_id: `00000000-0000-0000-0000-${String(from + i).padStart(12, '0')}`,
	}));
const query = (url: string) => new URL(url, 'http://x').searchParams;
const offsetOf = (url: string) => Number(query(url).get('offset'));
const limitOf = (url: string) => Number(query(url).get('limit'));
const offsets = () => api.hits.map((hit) => offsetOf(hit.url));

interface Collection {
	total: number;
	/** `count` the server announces (default: the truth). */
	count?: (offset: number) => number | undefined;
	/** Milliseconds before the page at `offset` is answered. */
	delay?: (offset: number) => number;
	/** Answers the page at `offset` some other way (return true when it did). */
	special?: (offset: number, res: ServerResponse) => boolean;
}

/** An honest limit/offset collection of `total` visitors (unless told otherwise), counting open requests. */
function serve({
	total,
	count = () => total,
	delay = () => 0,
	special = () => false,
}: Collection): void {
	api.handle = (req, res) => {
		open++;
		maxOpen = Math.max(maxOpen, open);
		res.on('close', () => open--);
		const offset = offsetOf(req.url ?? '/');
		const limit = limitOf(req.url ?? '/');
		const answer = () => {
			if (special(offset, res)) return;
			const results = visitors(offset, Math.min(limit, total - offset));
			const next =
				offset + results.length < total
					? `${api.url}/api/v1/visitors/?limit=${limit}&offset=${offset + limit}`
					: null;
			json(res, 200, { pagination: { count: count(offset), next, previous: null }, results });
		};
		const ms = delay(offset);
		if (ms > 0) void sleep(ms).then(answer);
		else answer();
	};
}

const engine = () => createSalespanelEngine(api.url, TOKEN);
const listVisitors = async (extra: IDataObject = {}): Promise<RunResult> =>
	await engine().run(
		chain([
			manualTrigger(),
			salespanelNode({
				resource: 'visitor',
				operation: 'getAll',
				returnAll: true,
				simplify: false,
				...extra,
			} as INodeParameters),
		]),
	);
const contactIds = (result: RunResult) => result.json(NODE_NAME).map((item) => item.contact_id);
const ids = (list: IDataObject[]) => list.map((item) => item.contact_id);

describe('order and request count', () => {
	test('pages answered in reverse order: the items come out in API order', async () => {
		serve({ total: 1000, delay: (offset) => (1000 - offset) / 5 });
		const result = await listVisitors();
		expect(contactIds(result)).toEqual(ids(visitors(0, 1000)));
		// The later pages were answered first: arrival order at the node is not API order.
		expect(maxOpen).toBeGreaterThan(1);
		expect(maxOpen).toBeLessThanOrEqual(9);
		expect(api.hits).toHaveLength(10);
	});

	test.each([0, 1, 100, 101, 250, 999, 1000, 1234, 2500])(
		'%i visitors: exactly ⌈N/100⌉ requests (at least one), each offset once',
		async (total) => {
			serve({ total });
			const result = await listVisitors();
			expect(contactIds(result)).toEqual(ids(visitors(0, total)));
			const pages = Math.max(1, Math.ceil(total / 100));
			expect([...offsets()].sort((a, b) => a - b)).toEqual(
				Array.from({ length: pages }, (_, i) => i * 100),
			);
			expect(api.hits.every((hit) => limitOf(hit.url) === 100)).toBe(true);
		},
	);

	test('Limit 250 of 1,000: 3 requests asking 100, 100 and 50', async () => {
		serve({ total: 1000 });
		const result = await listVisitors({ returnAll: false, limit: 250 });
		expect(contactIds(result)).toEqual(ids(visitors(0, 250)));
		expect(
			api.hits.map((hit) => [offsetOf(hit.url), limitOf(hit.url)]).sort((a, b) => a[0] - b[0]),
		).toEqual([
			[0, 100],
			[100, 100],
			[200, 50],
		]);
	});

	test('a server serving 50 per page whatever the limit: the plan steps by 50, nothing lost', async () => {
		api.handle = (req, res) => {
			const offset = offsetOf(req.url ?? '/');
			const results = visitors(offset, Math.min(50, 200 - offset));
			json(res, 200, {
				pagination: {
					count: 200,
					next: offset + 50 < 200 ? `${api.url}/api/v1/visitors/?offset=${offset + 50}` : null,
				},
				results,
			});
		};
		const result = await listVisitors();
		expect(contactIds(result)).toEqual(ids(visitors(0, 200)));
		expect([...offsets()].sort((a, b) => a - b)).toEqual([0, 50, 100, 150]);
	});
});

describe('bounds on concurrency', () => {
	test(`2,500 visitors, answers held 30 ms: never more than ${MAX_CONCURRENT_PAGES} requests on the wire, and more than one`, async () => {
		serve({ total: 2500, delay: () => 30 });
		const result = await listVisitors();
		expect(contactIds(result)).toEqual(ids(visitors(0, 2500)));
		// Exactly the cap when the machine keeps up; never above it.
		expect(maxOpen).toBeGreaterThan(1);
		expect(maxOpen).toBeLessThanOrEqual(MAX_CONCURRENT_PAGES);
		expect(api.hits).toHaveLength(25);
	});

	test(`10 items each reading 1,500 visitors (Rate Limit off): the execution never has more than ${MAX_IN_FLIGHT} requests on the wire`, async () => {
		serve({ total: 1500, delay: () => 60 });
		const node = salespanelNode({
			resource: 'visitor',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
			options: { rateLimitRequests: 0 },
		} as INodeParameters);
		const result = await engine().run(
			withItems(
				Array.from({ length: 10 }, (_, item) => ({ item })),
				node,
			),
		);
		expect(result.error).toBeUndefined();
		const output = result.output(NODE_NAME);
		expect(output).toHaveLength(10 * 1500);
		// Each item's visitors in API order, paired with that item.
		for (let item = 0; item < 10; item++) {
			const own = output.filter((entry) => (entry.pairedItem as { item: number }).item === item);
			expect(own.map((entry) => entry.json.contact_id)).toEqual(ids(visitors(0, 1500)));
		}
		expect(api.hits).toHaveLength(10 * 15);
		// 10 items × up to 10 pages want 100 at once; the execution-wide cap holds them to it.
		expect(maxOpen).toBeGreaterThan(MAX_CONCURRENT_PAGES);
		expect(maxOpen).toBeLessThanOrEqual(MAX_IN_FLIGHT);
	});

	test('25 pages with 10 requests per 10 s: no window of 10 s holds more than 10 requests, nothing lost', async () => {
		const clock = recordingClock();
		const arrivals: number[] = [];
		serve({ total: 2500, delay: () => 5 });
		const inner = api.handle;
		api.handle = (req, res, hit) => {
			arrivals.push(clock.now());
			inner(req, res, hit);
		};
		const pacing = { requestsPerWindow: 10, windowMs: 10_000 };
		const result = await runProbe(
			{ baseUrl: api.url, apiToken: TOKEN },
			{ clock, pacing },
			async (client) => await client.getMany('visitors/', {}),
		);
		expect(result.error).toBeUndefined();
		expect(ids(result.json(PROBE_NAME)[0].value as IDataObject[])).toEqual(ids(visitors(0, 2500)));
		expect(arrivals).toHaveLength(25);
		arrivals.forEach((at) =>
			expect(
				arrivals.filter((other) => other > at - pacing.windowMs && other <= at).length,
			).toBeLessThanOrEqual(10),
		);
		// Two waits for the window at least: 25 requests need three windows.
		expect(clock.waited()).toBeGreaterThanOrEqual(2 * pacing.windowMs - 1000);
		expect(maxOpen).toBeLessThanOrEqual(MAX_CONCURRENT_PAGES);
	});

	test('the pacer under 30 concurrent callers: a slot is reserved when let through, so no window and no cap is exceeded', async () => {
		const clock = recordingClock();
		const pacer = new RequestPacer(
			{ requestsPerWindow: 7, windowMs: 1000, maxInFlight: 4 },
			undefined,
			clock,
		);
		const sent: number[] = [];
		let wire = 0;
		let maxWire = 0;
		await Promise.all(
			Array.from({ length: 30 }, async () => {
				const slot = await pacer.acquire();
				sent.push(clock.now());
				wire++;
				maxWire = Math.max(maxWire, wire);
				await sleep(2);
				wire--;
				slot.answered();
			}),
		);
		expect(sent).toHaveLength(30);
		expect(maxWire).toBe(4);
		// A request counts from its sending; it leaves the window 1 s after its answer, which came later.
		sent.forEach((at) =>
			expect(sent.filter((other) => other > at - 1000 && other <= at).length).toBeLessThanOrEqual(
				7,
			),
		);
	});

	test('the pacer: a stopped caller gives up its wait, a released slot is free again at once', async () => {
		const pacer = new RequestPacer({ requestsPerWindow: 0, windowMs: 1000, maxInFlight: 1 });
		const held = await pacer.acquire();
		const stop = new AbortController();
		const waiting = pacer.acquire(stop.signal);
		stop.abort();
		await expect(waiting).rejects.toThrow('The request was stopped before it was sent');
		const next = pacer.acquire();
		held.release();
		(await next).release();
		expect(pacer.freeSlots()).toBe(1);
	});
});

describe('a page failing mid-way: the error of the one-by-one walk, nothing started after it', () => {
	/** 25 pages; the page at 300 answers with `fail` at once, every other page after 400 ms (the failure comes first). */
	const failAt300 = (fail: (res: ServerResponse) => void) =>
		serve({
			total: 2500,
			delay: (offset) => (offset === 300 ? 0 : 400),
			special: (offset, res) => {
				if (offset !== 300) return false;
				fail(res);
				return true;
			},
		});
	/** Requests still open after the run, and requests arriving after it. */
	const settledAfter = async (run: () => Promise<RunResult>) => {
		const result = await run();
		const openAtEnd = open;
		const hitsAtEnd = api.hits.length;
		await sleep(500);
		return { result, openAtEnd, lateHits: api.hits.length - hitsAtEnd };
	};
	/** The first wave: the first page, then the 10 pages after it. */
	const firstWave = Array.from({ length: 11 }, (_, i) => i * 100);

	test('5xx on every attempt: the retry budget, then the server error; no page past the first wave', async () => {
		failAt300((res) => json(res, 503, { detail: 'Down.' }));
		const { result, openAtEnd, lateHits } = await settledAfter(
			async () =>
				await runProbe(
					{ baseUrl: api.url, apiToken: TOKEN },
					{ backoffBaseMs: 1, backoffCapMs: 4 },
					async (client) => await client.getMany('visitors/', {}),
				),
		);
		expect(result.error?.message).toBe('Salespanel had a server error (503): Down.');
		expect(offsets().filter((offset) => offset === 300)).toHaveLength(5);
		expect([...new Set(offsets())].sort((a, b) => a - b)).toEqual(firstWave);
		expect(offsets().filter((offset) => offset !== 300)).toHaveLength(10);
		expect({ openAtEnd, lateHits }).toEqual({ openAtEnd: 0, lateHits: 0 });
	});

	test('401: the token error, no retry, no page past the first wave', async () => {
		failAt300((res) => json(res, 401, { detail: 'Invalid token.' }));
		const { result, openAtEnd, lateHits } = await settledAfter(async () => await listVisitors());
		expect(result.error?.message).toBe(
			'Salespanel did not accept the API token (401): Invalid token.',
		);
		expect(offsets().sort((a, b) => a - b)).toEqual(firstWave);
		expect({ openAtEnd, lateHits }).toEqual({ openAtEnd: 0, lateHits: 0 });
	});

	test('a redirect to another origin: refused, the other origin gets nothing', async () => {
		failAt300((res) =>
			res.writeHead(302, { Location: `${elsewhere.url}/api/v1/visitors/?offset=300` }).end(),
		);
		const { result, openAtEnd, lateHits } = await settledAfter(async () => await listVisitors());
		expect(result.error?.message).toBe(
			`Salespanel redirected the request to ${elsewhere.url}; the token is only sent to ${api.url}. Check the Base URL.`,
		);
		expect(elsewhere.hits).toEqual([]);
		expect(offsets().sort((a, b) => a - b)).toEqual(firstWave);
		expect({ openAtEnd, lateHits }).toEqual({ openAtEnd: 0, lateHits: 0 });
	});

	test('two pages failing, the later one first: the error of the earlier page, as read one by one', async () => {
		serve({
			total: 1000,
			delay: (offset) => (offset === 200 ? 60 : 0),
			special: (offset, res) => {
				if (offset === 200) json(res, 401, { detail: 'Page 200 refused.' });
				else if (offset === 600) json(res, 401, { detail: 'Page 600 refused.' });
				else return false;
				return true;
			},
		});
		const result = await listVisitors();
		expect(result.error?.message).toBe(
			'Salespanel did not accept the API token (401): Page 200 refused.',
		);
	});
});

describe('lying counts', () => {
	test('count higher than the truth (1,000 for 250): the drift error the one-by-one walk gives', async () => {
		serve({ total: 250, count: () => 1000 });
		const result = await listVisitors();
		expect(result.error?.message).toBe(
			"Salespanel's list changed faster than it could be read: 250 of 1000 items arrived",
		);
		// The first pass (the planned pages past the end answer empty) and the re-read of the front.
		expect(
			offsets()
				.filter((offset) => offset >= 300)
				.sort((a, b) => a - b),
		).toEqual([300, 400, 500, 600, 700, 800, 900]);
	});

	test('count lower than the truth and never updated: the "past its own count" error', async () => {
		serve({ total: 300, count: () => 150 });
		const result = await listVisitors();
		expect(result.error?.message).toBe(
			"Salespanel's pagination did not end: it announced a next page at offset 200, past its own count of 150 (200 items read)",
		);
		expect(offsets()).toEqual([0, 100]);
	});

	test('count growing while paging (250, then 450): the planned pages at once, the rest one by one, nothing lost', async () => {
		serve({ total: 450, count: (offset) => (offset === 0 ? 250 : 450) });
		const result = await listVisitors();
		expect(contactIds(result)).toEqual(ids(visitors(0, 450)));
		expect(offsets().slice(3)).toEqual([300, 400]);
		expect(api.hits).toHaveLength(5);
	});
});

describe('one page at a time when the plan cannot be made', () => {
	test('no count on the first page: one request at a time, everything read', async () => {
		serve({ total: 650, count: () => undefined, delay: () => 10 });
		const result = await listVisitors();
		expect(contactIds(result)).toEqual(ids(visitors(0, 650)));
		expect(offsets()).toEqual([0, 100, 200, 300, 400, 500, 600]);
		expect(maxOpen).toBe(1);
	});
});
