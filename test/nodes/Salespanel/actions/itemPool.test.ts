// The item pool on its own (a pure helper): cancellation and the order-key chain, which the
// engine tests cannot reach (the harness cannot cancel an execution).
import { sleep } from 'n8n-workflow';

import { runItems, type ItemPoolOptions } from '../../../../nodes/Salespanel/actions/itemPool';

const tick = async (ms = 0) => await sleep(ms);
const options = (overrides: Partial<ItemPoolOptions>): ItemPoolOptions => ({
	count: 10,
	maxInFlight: 3,
	orderKeys: () => [],
	stopOnFailure: false,
	...overrides,
});

test('a cancelled execution starts no further item; started ones are awaited and each item runs at most once', async () => {
	const controller = new AbortController();
	const started: number[] = [];
	const outcomes = await runItems(
		options({ count: 20, signal: controller.signal }),
		async (index) => {
			started.push(index);
			if (index === 4) controller.abort();
			await tick(5);
			return index;
		},
	);
	expect(started).toEqual([0, 1, 2, 3, 4]);
	expect(new Set(started).size).toBe(started.length);
	expect(outcomes.slice(0, 5)).toEqual([0, 1, 2, 3, 4].map((value) => ({ ok: true, value })));
	expect(outcomes.slice(5)).toEqual(Array(15).fill(undefined));
});

test('an item waiting for an earlier one with its key is not started once the execution is cancelled', async () => {
	const controller = new AbortController();
	const started: number[] = [];
	await runItems(
		options({ count: 2, orderKeys: () => ['k'], signal: controller.signal }),
		async (index) => {
			started.push(index);
			await tick(5);
			controller.abort();
			return index;
		},
	);
	expect(started).toEqual([0]);
});

test('items sharing any key run one after another in index order; a failure releases the next', async () => {
	const keys = [['a'], ['b'], ['a', 'b'], ['c'], ['a']];
	const events: string[] = [];
	const outcomes = await runItems(
		options({ count: keys.length, maxInFlight: 5, orderKeys: (index) => keys[index] }),
		async (index) => {
			events.push(`start ${index}`);
			await tick(index === 0 ? 20 : 2);
			events.push(`end ${index}`);
			if (index === 2) throw new Error('item 2');
			return index;
		},
	);
	const at = (event: string) => events.indexOf(event);
	expect(at('end 0')).toBeLessThan(at('start 2'));
	expect(at('end 1')).toBeLessThan(at('start 2'));
	expect(at('end 2')).toBeLessThan(at('start 4'));
	// Item 3 shares no key and does not wait for item 0.
	expect(at('start 3')).toBeLessThan(at('end 0'));
	expect(outcomes[2]).toEqual({ ok: false, error: new Error('item 2') });
	expect(outcomes[4]).toEqual({ ok: true, value: 4 });
});

test('stopOnFailure: no item above the failing one starts later, lower ones still run', async () => {
	const started: number[] = [];
	const outcomes = await runItems(
		options({
			count: 10,
			maxInFlight: 3,
			stopOnFailure: true,
			orderKeys: (index) => (index === 1 ? ['x'] : index === 2 ? ['x'] : []),
		}),
		async (index) => {
			started.push(index);
			await tick(index === 1 ? 15 : 1);
			if (index === 3) throw new Error('item 3');
			return index;
		},
	);
	// Item 2 waited for item 1 (same key) and still ran after item 3 failed: it is below the failure.
	expect(outcomes[2]).toEqual({ ok: true, value: 2 });
	expect(started).toEqual([0, 1, 3, 2]);
	expect(outcomes[3]).toEqual({ ok: false, error: new Error('item 3') });
	expect(outcomes.slice(4)).toEqual(Array(6).fill(undefined));
});
