/** How one item's work ended; undefined in `runItems`' result for an item that was never started. */
export type ItemOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface ItemPoolOptions {
	/** How many items there are; they are started in index order. */
	count: number;
	/** At most this many items run at once (pacing is the client's job, not the pool's). */
	maxInFlight: number;
	/** Items sharing a key run one after another, in index order; items without one run freely. */
	orderKeys(index: number): readonly string[];
	/** Whether a failure stops the run: no item above the lowest failing index is started after it is known. */
	stopOnFailure: boolean;
	/** A cancelled execution starts no further item. */
	signal?: AbortSignal;
}

/**
 * Runs `work` for every item, at most `maxInFlight` at once, and returns the outcomes by index.
 * Each item runs once: the pool never repeats work, so a write is never sent again because of it.
 * Items with a common order key wait for the earlier ones to settle (fail or succeed), so
 * two writes to one visitor reach the server in input order. Every started item is awaited before
 * this returns, so no work is left running after the node has finished.
 */
export async function runItems<T>(
	options: ItemPoolOptions,
	work: (index: number) => Promise<T>,
): Promise<Array<ItemOutcome<T> | undefined>> {
	const { count, maxInFlight, orderKeys, stopOnFailure, signal } = options;
	const outcomes: Array<ItemOutcome<T> | undefined> = new Array(count).fill(undefined);
	/** Per order key, the settling of the last item started with it. */
	const lastWithKey = new Map<string, Promise<void>>();
	let lowestFailure = Number.POSITIVE_INFINITY;
	let next = 0;

	const mayStart = (index: number): boolean =>
		!signal?.aborted && !(stopOnFailure && index > lowestFailure);

	const runOne = async (index: number): Promise<void> => {
		const keys = [...new Set(orderKeys(index))];
		const earlier = keys.flatMap((key) => lastWithKey.get(key) ?? []);
		let settled!: () => void;
		const settling = new Promise<void>((resolve) => (settled = resolve));
		for (const key of keys) lastWithKey.set(key, settling);
		try {
			// Earlier items' promises never reject: they only say "settled".
			await Promise.all(earlier);
			if (!mayStart(index)) return;
			outcomes[index] = { ok: true, value: await work(index) };
		} catch (error) {
			outcomes[index] = { ok: false, error };
			lowestFailure = Math.min(lowestFailure, index);
		} finally {
			settled();
		}
	};

	const worker = async (): Promise<void> => {
		while (next < count && mayStart(next)) await runOne(next++);
	};
	const workers = Math.max(0, Math.min(maxInFlight, count));
	await Promise.all(Array.from({ length: workers }, worker));
	return outcomes;
}
