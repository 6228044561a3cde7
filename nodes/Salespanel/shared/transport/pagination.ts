/** Collections: reading one page's shape, and walking limit/offset pages to a limit or to the end. */
import type { IDataObject, INode } from 'n8n-workflow';

import { asObject, isObject } from '../helpers/values';
import { describeJsonValue, listDriftError, paginationError, shapeError } from './errors';

/** The largest page Salespanel serves. */
export const PAGE_SIZE = 100;

/** Return All reads at most `count` plus this share of it (at least two pages) before it calls the walk endless. */
const COUNT_MARGIN = 0.25;
/**
 * Most pages one walk reads, whatever `count` says: the account's default daily request limit
 * (5,000/day), so a read needing more could not finish within a day anyway. `count` only ever
 * ends a walk sooner; it never sizes a plan or an allocation.
 */
export const MAX_PAGES_PER_WALK = 5_000;

export interface Page {
	items: IDataObject[];
	/** Whether the server announced a next page (`pagination.next` not null). */
	hasMore: boolean;
	/** `pagination.count`, when the collection is paginated. */
	count?: number;
	/** The collection came as a bare JSON array: it is complete in one answer. */
	bare: boolean;
}

export interface GetManySpec {
	qs?: IDataObject;
	/** Stop after this many items; undefined fetches everything (Return All). */
	maxResults?: number;
	itemIndex?: number;
	notFoundMessage?: string;
	/** Identity of an item for de-duplication across pages; undefined keys are never merged. */
	key?: (item: IDataObject) => string | undefined;
}

/**
 * Reads one page of a collection at `offset`, asking for at most `limit` items. `stop` ends a
 * page no longer needed: no further attempt of it is sent.
 */
export type FetchPage = (offset: number, limit: number, stop?: AbortSignal) => Promise<Page>;

export function defaultItemKey(item: IDataObject): string | undefined {
	const id = item.contact_id ?? item.segment_id ?? item.id;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** A collection answer as a Page: paginated (`{pagination, results}`, or `next`/`count` at the top) or a bare array. */
export function parsePage(node: INode, body: unknown, itemIndex?: number): Page {
	const bare = Array.isArray(body);
	const record = asObject(body) as {
		results?: unknown;
		pagination?: { next?: unknown; count?: unknown } | null;
		next?: unknown;
		count?: unknown;
	};
	const items: unknown = bare ? body : record.results;
	if (!Array.isArray(items)) {
		throw shapeError(
			node,
			'Salespanel sent a collection in an unexpected shape (no "results" list)',
			itemIndex,
		);
	}
	const bad = items.findIndex((entry) => !isObject(entry));
	if (bad >= 0) {
		throw shapeError(
			node,
			`Salespanel sent a collection entry that is not an object: ${bare ? 'entry' : 'results'}[${bad}] is ${describeJsonValue(items[bad])}`,
			itemIndex,
		);
	}
	const pagination = isObject(record.pagination)
		? record.pagination
		: { next: record.next, count: record.count };
	const { count } = pagination;
	return {
		items: items as IDataObject[],
		// Only a URL announces a next page; `false`, `0` and the like mean there is none.
		hasMore: !bare && typeof pagination.next === 'string' && pagination.next !== '',
		count: typeof count === 'number' && Number.isFinite(count) && count >= 0 ? count : undefined,
		bare,
	};
}

/**
 * The items of one walk in arrival order, each keyed item once: data moves while paging (a
 * visitor active again shifts to the front), so a page may repeat items already read.
 */
class DistinctItems {
	readonly items: IDataObject[] = [];

	private readonly seen = new Set<string>();

	private keyed = 0;

	constructor(
		private readonly key: (item: IDataObject) => string | undefined,
		private readonly wanted: number,
	) {}

	/** Adds the items not read before, up to `wanted`; returns how many were new. */
	add(items: IDataObject[]): number {
		const before = this.items.length;
		for (const item of items) {
			if (this.items.length >= this.wanted) break;
			const id = this.key(item);
			if (id !== undefined) {
				if (this.seen.has(id)) continue;
				this.seen.add(id);
				this.keyed++;
			}
			this.items.push(item);
		}
		return this.items.length - before;
	}

	/** How many items are still wanted (Infinity for Return All). */
	get missing(): number {
		return this.wanted - this.items.length;
	}

	get full(): boolean {
		return this.missing <= 0;
	}

	/** Whether every item has a key: only then does the number of items say which are missing. */
	get allKeyed(): boolean {
		return this.keyed === this.items.length;
	}
}

/** Where a walk is stopped as endless: past the first `count` plus a margin for items arriving while paging. */
function readBound(count: number): number {
	return count + Math.max(2 * PAGE_SIZE, Math.ceil(count * COUNT_MARGIN));
}

/**
 * Walks a limit/offset collection: pages of 100, stops when `pagination.next` is null (no
 * trailing empty request), asks the last page only for what is still needed, and drops items
 * already seen. Return All of a keyed, counted collection is then reconciled with the count.
 */
export async function readCollection(
	fetchPage: FetchPage,
	spec: GetManySpec,
	node: INode,
): Promise<IDataObject[]> {
	const { maxResults, itemIndex } = spec;
	const wanted = maxResults === undefined ? Infinity : Math.max(0, Math.floor(maxResults));
	const collected = new DistinctItems(spec.key ?? defaultItemKey, wanted);
	const { count, pages } = await walkPages(fetchPage, collected, node, itemIndex);
	if (maxResults === undefined && count !== undefined && collected.allKeyed) {
		await reconcileWithCount(fetchPage, collected, { count, pages }, node, itemIndex);
	}
	return collected.items;
}

/** Pages read at once after the first one (each still waits for the pacer's window and in-flight cap). */
export const MAX_CONCURRENT_PAGES = 10;

/**
 * One pass from offset 0 until the server announces no next page or enough items arrived.
 * A server whose `next` never ends is stopped with an error (never a short or padded result)
 * when a page is empty or adds nothing new, when the offset passes `count`, when far more
 * was read than the first `count` (see readBound), or after MAX_PAGES_PER_WALK pages.
 * Returns the last `count` and the pages read.
 *
 * Once the first page gives `count` and the page size, the pages up to the count (or the limit)
 * are fetched concurrently (see readPlannedPages) and taken in API order exactly as if read one
 * by one; whatever the pass still needs after them is read one page at a time, as without a count.
 */
async function walkPages(
	fetchPage: FetchPage,
	collected: DistinctItems,
	node: INode,
	itemIndex?: number,
): Promise<{ count: number | undefined; pages: number }> {
	const walk = new Walk(collected, node, itemIndex);
	if (collected.full) return walk;
	const first = await fetchPage(0, walk.limit);
	let going = walk.take(first);
	if (going && first.count !== undefined) {
		going = await readPlannedPages(fetchPage, walk, planPages(walk, first.count, collected));
	}
	while (going) going = walk.take(await fetchPage(walk.offset, walk.limit));
	return walk;
}

/** The state of one pass: where its next page starts, and the rules that end it. */
class Walk {
	offset = 0;

	pages = 0;

	count: number | undefined;

	/** Without a count, only MAX_PAGES_PER_WALK ends a walk that goes on getting new items. */
	private bound = Infinity;

	constructor(
		private readonly collected: DistinctItems,
		private readonly node: INode,
		private readonly itemIndex?: number,
	) {}

	/** The size the next page asks for: a full page, or only what is still needed. */
	get limit(): number {
		return Math.min(PAGE_SIZE, this.collected.missing);
	}

	private endless(why: string) {
		return paginationError(
			this.node,
			`${why} (${this.collected.items.length} items read)`,
			this.itemIndex,
		);
	}

	/** Takes the page read at `offset`; returns whether the pass goes on, throws if it would not end. */
	take(page: Page): boolean {
		const { collected, offset } = this;
		this.pages++;
		if (this.count === undefined && page.count !== undefined) this.bound = readBound(page.count);
		this.count = page.count ?? this.count;
		const added = collected.add(page.items);
		if (page.bare || !page.hasMore || collected.full) return false;
		// The server announces another page: make sure the walk is still getting somewhere.
		if (page.items.length === 0)
			throw this.endless(`it announced a next page but sent an empty one at offset ${offset}`);
		if (added === 0)
			throw this.endless(
				`it sent only items already read at offset ${offset} and still announced a next page`,
			);
		this.offset += page.items.length;
		const { count } = this;
		if (count !== undefined && this.offset >= count) {
			throw this.endless(
				`it announced a next page at offset ${this.offset}, past its own count of ${count}`,
			);
		}
		if (this.offset >= this.bound)
			throw this.endless(`it still announced a next page at offset ${this.offset}`);
		if (this.pages >= MAX_PAGES_PER_WALK) {
			throw this.endless(
				`it still announced a next page after ${MAX_PAGES_PER_WALK} pages, the most one list is read for (a day's default request limit)`,
			);
		}
		return true;
	}
}

interface PlannedPage {
	offset: number;
	limit: number;
}

/** The pages still needed if the server is honest, made one at a time as they are fetched. */
interface PagePlan {
	length: number;
	page(index: number): PlannedPage;
}

/**
 * From the walk's offset in steps of the first page's size, up to `count` or to the items still
 * wanted, each asking only for what is needed; never past MAX_PAGES_PER_WALK pages in all, so a
 * `count` of any size plans no more than that.
 */
function planPages(walk: Walk, count: number, collected: DistinctItems): PagePlan {
	const start = walk.offset;
	const step = walk.offset;
	const wantedEnd = start + collected.missing;
	const end = Math.min(count, wantedEnd);
	const length = Math.max(
		0,
		Math.min(Math.ceil((end - start) / step), MAX_PAGES_PER_WALK - walk.pages),
	);
	return {
		length,
		page(index) {
			const offset = start + index * step;
			return { offset, limit: Math.min(PAGE_SIZE, wantedEnd - offset) };
		},
	};
}

/**
 * Fetches the planned pages, at most MAX_CONCURRENT_PAGES ahead of the page taken next, and
 * takes them in API order, so ordering, de-duplication and every end rule are those of the
 * one-by-one walk. A failed page stops every later one (no new request, no retry of theirs is
 * sent) and its error is thrown once the pages before it are taken — the error the one-by-one
 * walk would have met. A page that does not start where the walk stands (the server's pages are
 * not the planned ones) ends the plan. Pages fetched past the end are dropped. Nothing is left
 * running when this returns. Returns whether the pass goes on.
 */
async function readPlannedPages(
	fetchPage: FetchPage,
	walk: Walk,
	plan: PagePlan,
): Promise<boolean> {
	const stops: AbortController[] = [];
	const answers: Array<Promise<Page>> = [];
	const running: Array<Promise<unknown>> = [];
	let failedAt = Infinity;
	const stopAfter = (index: number) => {
		for (let later = index + 1; later < stops.length; later++) stops[later].abort();
	};
	const launch = (until: number) => {
		for (let index = answers.length; index < Math.min(until, plan.length, failedAt + 1); index++) {
			const { offset, limit } = plan.page(index);
			const stop = new AbortController();
			const answer = fetchPage(offset, limit, stop.signal);
			stops.push(stop);
			answers.push(answer);
			running.push(
				answer.catch(() => {
					failedAt = Math.min(failedAt, index);
					stopAfter(index);
				}),
			);
		}
	};
	let taken = 0;
	try {
		for (; taken < plan.length; taken++) {
			// The server's pages are not the planned ones: the rest is read one by one.
			if (plan.page(taken).offset !== walk.offset) {
				stopAfter(taken - 1);
				return true;
			}
			launch(taken + MAX_CONCURRENT_PAGES);
			if (!walk.take(await answers[taken])) return false;
		}
		return true;
	} finally {
		stopAfter(taken);
		await Promise.all(running);
	}
}

/**
 * Return All's check against the count. Offset paging can skip an item that moves from the
 * unread part to the read part while paging; when fewer distinct items arrived than the last
 * `count`, the collection is read again from the front (where moved items land) until the counts
 * agree or it ends, for at most as many pages as the first pass took. A gap that remains is an
 * error, never a silently short result.
 */
async function reconcileWithCount(
	fetchPage: FetchPage,
	collected: DistinctItems,
	firstPass: { count: number; pages: number },
	node: INode,
	itemIndex?: number,
): Promise<void> {
	let { count } = firstPass;
	let offset = 0;
	for (
		let extraPages = firstPass.pages;
		collected.items.length < count && extraPages > 0;
		extraPages--
	) {
		const page = await fetchPage(offset, PAGE_SIZE);
		count = page.count ?? count;
		collected.add(page.items);
		if (!page.hasMore || page.items.length === 0) break;
		offset += page.items.length;
	}
	if (collected.items.length < count)
		throw listDriftError(node, collected.items.length, count, itemIndex);
}
