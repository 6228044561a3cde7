/**
 * The one loop over limit/offset pages: Return All and Limit, the polling trigger, the visitor
 * picker and the segment lists all read through it. It hands on each page's items not read
 * before, in API order, and holds the one rule that stops a server whose `next` never ends.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { paginationError } from './errors';

/** The largest page Salespanel serves. */
export const PAGE_SIZE = 100;

/**
 * Most pages one loop reads, whatever `count` says: the account's default daily request limit
 * (5,000/day), so a read needing more could not finish within a day anyway. `count` only ever
 * ends a loop sooner; it never sizes a plan or an allocation.
 */
export const MAX_PAGES_PER_WALK = 5_000;

/** A loop reads at most the first `count` plus this share of it (at least two pages) before it calls the list endless. */
const COUNT_MARGIN = 0.25;

export interface Page {
	items: IDataObject[];
	/** Whether the server announced a next page (`pagination.next` not null). */
	hasMore: boolean;
	/** `pagination.count`, when the collection is paginated. */
	count?: number;
	/** The collection came as a bare JSON array: it is complete in one answer. */
	bare: boolean;
}

/**
 * Reads one page of a collection at `offset`, asking for at most `limit` items. `stop` ends a
 * page no longer needed: no further attempt of it is sent.
 */
export type FetchPage = (offset: number, limit: number, stop?: AbortSignal) => Promise<Page>;

export interface PageLoopSpec {
	node: INode;
	itemIndex?: number;
	/** Identity of an item: data moves while paging, so a page may repeat items already read. Undefined keys are never merged. */
	key: (item: IDataObject) => string | undefined;
	/** Offset of the first page (default 0). */
	start?: number;
	/** Items wanted (default: all); the last page asks only for what is still missing. */
	maxItems?: number;
	/** The bound: pages read before the list is called endless (default MAX_PAGES_PER_WALK). */
	maxPages?: number;
	/**
	 * Pages fetched at once after the first one, once its `count` is known (default 1: one at a
	 * time, for readers that stop on what a page holds). They are still taken in API order.
	 */
	concurrentPages?: number;
	/** Put before the error's advice: what the caller kept (e.g. the trigger's position). */
	note?: string;
}

/** Where a loop is stopped as endless: past the first `count` plus a margin for items arriving while paging. */
function readBound(count: number): number {
	return count + Math.max(2 * PAGE_SIZE, Math.ceil(count * COUNT_MARGIN));
}

interface PlannedPage {
	offset: number;
	limit: number;
}

/**
 * Iterate with `for await`: each step is one page's new items (possibly none). Breaking out
 * stops every page still in flight. After the loop, `continues()` says whether the server
 * announced a page the loop would read next, at `offset`.
 */
export class PageLoop implements AsyncIterable<IDataObject[]> {
	/** Where the next page starts. */
	offset: number;

	/** Pages read. */
	pages = 0;

	/** The latest `count` the server stated. */
	count: number | undefined;

	/** Items handed on. */
	read = 0;

	/** Whether every item handed on had a key: only then does the number of items say which are missing. */
	allKeyed = true;

	private readonly seen = new Set<string>();

	/** Without a count, only the page bound ends a loop that goes on getting new items. */
	private bound = Infinity;

	/** The page read last, where it started and how many of its items were new. */
	private last: { page: Page; offset: number; added: number } | undefined;

	constructor(
		private readonly fetchPage: FetchPage,
		private readonly spec: PageLoopSpec,
	) {
		this.offset = spec.start ?? 0;
	}

	/** How many items are still wanted (Infinity: all). */
	private get missing(): number {
		return (this.spec.maxItems ?? Infinity) - this.read;
	}

	/** The size the next page asks for: a full page, or only what is still needed. */
	private get limit(): number {
		return Math.min(PAGE_SIZE, this.missing);
	}

	private get maxPages(): number {
		return this.spec.maxPages ?? MAX_PAGES_PER_WALK;
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<IDataObject[]> {
		if (this.missing <= 0) return;
		const first = await this.fetchPage(this.offset, this.limit);
		yield this.take(first);
		if (!this.continues()) return;
		if (first.count !== undefined && (this.spec.concurrentPages ?? 1) > 1) {
			if (!(yield* this.plannedPages(first.count, first.items.length))) return;
		}
		for (;;) {
			yield this.take(await this.fetchPage(this.offset, this.limit));
			if (!this.continues()) return;
		}
	}

	/** The items of `items` not read before, up to the number still wanted; each is then read. */
	distinct(items: IDataObject[]): IDataObject[] {
		const added: IDataObject[] = [];
		for (const item of items) {
			if (added.length >= this.missing) break;
			const id = this.spec.key(item);
			if (id !== undefined) {
				if (this.seen.has(id)) continue;
				this.seen.add(id);
			} else this.allKeyed = false;
			added.push(item);
		}
		this.read += added.length;
		return added;
	}

	private take(page: Page): IDataObject[] {
		this.pages++;
		if (this.count === undefined && page.count !== undefined) this.bound = readBound(page.count);
		this.count = page.count ?? this.count;
		const added = this.distinct(page.items);
		this.last = { page, offset: this.offset, added: added.length };
		this.offset += page.items.length;
		return added;
	}

	private endless(why: string) {
		return paginationError(
			this.spec.node,
			`${why} (${this.read} items read)`,
			this.spec.itemIndex,
			this.spec.note,
		);
	}

	/**
	 * Whether the server announced a next page the loop reads; throws when that page would not
	 * end the list: the last page was empty or added nothing new, the offset passed `count`, far
	 * more was read than the first `count` said (see readBound), or maxPages pages were read.
	 * Never a short or padded result.
	 */
	continues(): boolean {
		if (this.last === undefined) return this.missing > 0;
		const { page, offset, added } = this.last;
		if (page.bare || !page.hasMore || this.missing <= 0) return false;
		if (page.items.length === 0)
			throw this.endless(`it announced a next page but sent an empty one at offset ${offset}`);
		if (added === 0)
			throw this.endless(
				`it sent only items already read at offset ${offset} and still announced a next page`,
			);
		const { count } = this;
		if (count !== undefined && this.offset >= count) {
			throw this.endless(
				`it announced a next page at offset ${this.offset}, past its own count of ${count}`,
			);
		}
		if (this.offset >= this.bound)
			throw this.endless(`it still announced a next page at offset ${this.offset}`);
		if (this.pages >= this.maxPages) {
			throw this.endless(
				`it still announced a next page after ${this.maxPages} pages, the most one list is read for`,
			);
		}
		return true;
	}

	/**
	 * From here in steps of the first page's size, up to `count` or to the items still wanted,
	 * each asking only for what is needed; never past maxPages pages in all, so a `count` of any
	 * size plans no more than that. Made one page at a time as they are fetched.
	 */
	private plan(count: number, step: number): { length: number; page(index: number): PlannedPage } {
		const start = this.offset;
		const wantedEnd = start + this.missing;
		const end = Math.min(count, wantedEnd);
		const length = Math.max(
			0,
			Math.min(Math.ceil((end - start) / step), this.maxPages - this.pages),
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
	 * Fetches the planned pages, at most concurrentPages ahead of the page taken next, and takes
	 * them in API order, so ordering, de-duplication and every end rule are those of the
	 * one-by-one loop. A failed page stops every later one (no new request, no retry of theirs is
	 * sent) and its error is thrown once the pages before it are taken: the error the one-by-one
	 * loop would have met. A page that does not start where the loop stands (the server's pages
	 * are not the planned ones) ends the plan. Pages fetched past the end are dropped. Nothing is
	 * left running when this returns. Returns whether the loop goes on.
	 */
	private async *plannedPages(count: number, step: number): AsyncGenerator<IDataObject[], boolean> {
		const ahead = this.spec.concurrentPages ?? 1;
		const plan = this.plan(count, step);
		const stops: AbortController[] = [];
		const answers: Array<Promise<Page>> = [];
		const running: Array<Promise<unknown>> = [];
		let failedAt = Infinity;
		const stopAfter = (index: number) => {
			for (let later = index + 1; later < stops.length; later++) stops[later].abort();
		};
		const launch = (until: number) => {
			for (
				let index = answers.length;
				index < Math.min(until, plan.length, failedAt + 1);
				index++
			) {
				const { offset, limit } = plan.page(index);
				const stop = new AbortController();
				const answer = this.fetchPage(offset, limit, stop.signal);
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
				if (plan.page(taken).offset !== this.offset) {
					stopAfter(taken - 1);
					return true;
				}
				launch(taken + ahead);
				yield this.take(await answers[taken]);
				if (!this.continues()) return false;
			}
			return true;
		} finally {
			stopAfter(taken);
			await Promise.all(running);
		}
	}
}
