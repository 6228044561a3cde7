// The page loop (shared/transport/pageLoop.ts) against an honest limit/offset server, as a pure
// helper: a fake FetchPage stands in for the client (the loop does no I/O of its own). Return All,
// the polling trigger and the pickers run it through the engine in their own tests.

import { PAGE_SIZE } from '../../../../../nodes/Salespanel/shared/transport/pageLoop';
import { fakeServer, honest, loopOver, readAll, records } from './pageLoop.fake';

describe('reading one page after another', () => {
	test.each([0, 1, 100, 250, 1000])(
		'%i records: every record once in API order, ⌈N/100⌉ requests (at least one), none after next is null',
		async (total) => {
			const server = honest(total);
			expect(await readAll(loopOver(server))).toEqual(records(0, total));
			expect(server.asked).toEqual(
				Array.from({ length: Math.max(1, Math.ceil(total / PAGE_SIZE)) }, (_, i) => ({
					offset: i * PAGE_SIZE,
					limit: PAGE_SIZE,
				})),
			);
			expect(server.maxInFlight).toBe(1);
		},
	);

	test('one page at a time by default, even when the first page states a count', async () => {
		const server = honest(1000, () => 5);
		await readAll(loopOver(server));
		expect(server.maxInFlight).toBe(1);
		expect(server.asked).toHaveLength(10);
	});

	test('maxItems 250: the last page asks only for the 50 still wanted, and the loop ends there though next says more', async () => {
		const server = honest(1000);
		const loop = loopOver(server, { maxItems: 250 });
		expect(await readAll(loop)).toEqual(records(0, 250));
		expect(server.asked.map((page) => page.limit)).toEqual([100, 100, 50]);
		expect(loop.continues()).toBe(false);
	});

	test('a server sending more than the limit asks for: still only maxItems handed on', async () => {
		const server = fakeServer((offset) => ({
			items: records(offset, 100),
			hasMore: true,
			count: 1000,
			bare: false,
		}));
		expect(await readAll(loopOver(server, { maxItems: 250 }))).toEqual(records(0, 250));
		expect(server.asked).toHaveLength(3);
	});

	test('maxItems 0: no request at all', async () => {
		const server = honest(1000);
		expect(await readAll(loopOver(server, { maxItems: 0 }))).toEqual([]);
		expect(server.asked).toEqual([]);
	});

	test('start: the first page is read at that offset', async () => {
		const server = honest(450);
		expect(await readAll(loopOver(server, { start: 200 }))).toEqual(records(200, 250));
		expect(server.asked.map((page) => page.offset)).toEqual([200, 300, 400]);
	});

	test('a server serving 30 per page whatever the limit: the next page starts after what came', async () => {
		const server = fakeServer((offset) => ({
			items: records(offset, Math.min(30, 75 - offset)),
			hasMore: offset + 30 < 75,
			count: 75,
			bare: false,
		}));
		expect(await readAll(loopOver(server))).toEqual(records(0, 75));
		expect(server.asked.map((page) => page.offset)).toEqual([0, 30, 60]);
	});

	test('a bare array is complete in one answer', async () => {
		const server = fakeServer(() => ({ items: records(0, 3), hasMore: false, bare: true }));
		expect(await readAll(loopOver(server))).toEqual(records(0, 3));
		expect(server.asked).toHaveLength(1);
	});
});

describe('each record once: data moves while paging', () => {
	test('a page repeating records already read (visitors active again moved to the front): each record once, the count of those read', async () => {
		// Page 2 starts 10 records early: 10 records moved down one page between the two requests.
		const server = fakeServer((offset) => {
			const from = offset === 0 ? 0 : offset - 10;
			const items = records(from, Math.min(100, 190 - from));
			return { items, hasMore: from + items.length < 190, count: 190, bare: false };
		});
		const loop = loopOver(server);
		expect(await readAll(loop)).toEqual(records(0, 190));
		expect(loop.read).toBe(190);
		expect(loop.allKeyed).toBe(true);
	});

	test('records without a key are never merged, and the loop says not all were keyed', async () => {
		const server = fakeServer(() => ({
			items: [{ label: 'a' }, { label: 'a' }, { contact_id: 'c-1' }],
			hasMore: false,
			count: 3,
			bare: false,
		}));
		const loop = loopOver(server);
		expect(await readAll(loop)).toEqual([{ label: 'a' }, { label: 'a' }, { contact_id: 'c-1' }]);
		expect(loop.allKeyed).toBe(false);
	});

	test('distinct(): what a reader reads again (Return All reconciling with count) is checked against what the loop handed on', async () => {
		const loop = loopOver(honest(150));
		await readAll(loop);
		expect(loop.distinct([...records(140, 10), ...records(150, 2)])).toEqual(records(150, 2));
		expect(loop.read).toBe(152);
	});
});

describe('stopping early', () => {
	test('a reader that breaks out sends no further request; continues() then says a next page is announced, at offset', async () => {
		const server = honest(1000);
		const loop = loopOver(server);
		let pages = 0;
		for await (const page of loop) {
			expect(page).toHaveLength(100);
			if (++pages === 2) break;
		}
		expect(server.asked).toHaveLength(2);
		expect(loop.continues()).toBe(true);
		expect(loop.offset).toBe(200);
	});

	test('after the last page continues() is false', async () => {
		const loop = loopOver(honest(150));
		await readAll(loop);
		expect(loop.continues()).toBe(false);
		expect(loop.offset).toBe(150);
	});
});

describe('concurrentPages: the pages after the first fetched at once, taken in API order', () => {
	test('pages answered in reverse order: records in API order, at most concurrentPages on the wire, each page asked once', async () => {
		const server = honest(2500, (offset) => (2500 - offset) / 50);
		const loop = loopOver(server, { concurrentPages: 10 });
		expect(await readAll(loop)).toEqual(records(0, 2500));
		expect(server.maxInFlight).toBeGreaterThan(1);
		expect(server.maxInFlight).toBeLessThanOrEqual(10);
		expect(server.asked.map((page) => page.offset).sort((a, b) => a - b)).toEqual(
			Array.from({ length: 25 }, (_, i) => i * 100),
		);
	});

	test('a reader breaking out mid-plan: the pages still in flight are stopped and none is running after the loop', async () => {
		const server = honest(2500, () => 20);
		const loop = loopOver(server, { concurrentPages: 10 });
		for await (const page of loop) if (page[0]?.contact_id === 'c-300') break;
		expect(server.inFlight).toBe(0);
		const stopped = [...server.stops].filter(([offset, stop]) => offset > 300 && stop?.aborted);
		expect(stopped.length).toBeGreaterThan(0);
		expect([...server.stops].filter(([offset, stop]) => offset <= 300 && stop?.aborted)).toEqual(
			[],
		);
	});

	test('no count on the first page: one page at a time', async () => {
		const server = fakeServer(
			(offset, limit) => {
				const items = records(offset, Math.min(limit, 500 - offset));
				return { items, hasMore: offset + items.length < 500, bare: false };
			},
			() => 5,
		);
		expect(await readAll(loopOver(server, { concurrentPages: 10 }))).toEqual(records(0, 500));
		expect(server.maxInFlight).toBe(1);
	});
});
