/** Collections: reading one page's shape, and Limit / Return All over the page loop (pageLoop.ts). */
import type { IDataObject, INode } from 'n8n-workflow';

import { asObject, isObject } from '../helpers/values';
import { describeJsonValue, listDriftError, shapeError } from './errors';
import { PAGE_SIZE, PageLoop, type FetchPage, type Page } from './pageLoop';

export interface GetManySpec {
	qs?: IDataObject;
	/** Stop after this many items; undefined fetches everything (Return All). */
	maxResults?: number;
	itemIndex?: number;
	notFoundMessage?: string;
	/** Identity of an item for de-duplication across pages; undefined keys are never merged. */
	key?: (item: IDataObject) => string | undefined;
	/** The page loop's bound (default MAX_PAGES_PER_WALK), e.g. a polling check's own. */
	maxPages?: number;
}

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

/** Pages read at once after the first one (each still waits for the pacer's window and in-flight cap). */
export const MAX_CONCURRENT_PAGES = 10;

/**
 * Limit and Return All: pages of 100 through the page loop (pages after the first fetched
 * concurrently, taken in API order; no trailing empty request; the last page asks only for what
 * is still needed; items already read dropped). Return All of a keyed, counted collection is
 * then reconciled with the count.
 */
export async function readCollection(
	fetchPage: FetchPage,
	spec: GetManySpec,
	node: INode,
): Promise<IDataObject[]> {
	const { maxResults, itemIndex } = spec;
	const loop = new PageLoop(fetchPage, {
		node,
		itemIndex,
		key: spec.key ?? defaultItemKey,
		maxItems: maxResults === undefined ? undefined : Math.max(0, Math.floor(maxResults)),
		maxPages: spec.maxPages,
		concurrentPages: MAX_CONCURRENT_PAGES,
	});
	const items: IDataObject[] = [];
	for await (const added of loop) items.push(...added);
	if (maxResults === undefined && loop.count !== undefined && loop.allKeyed) {
		await reconcileWithCount(fetchPage, loop, loop.count, items, node, itemIndex);
	}
	return items;
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
	firstPass: PageLoop,
	firstCount: number,
	items: IDataObject[],
	node: INode,
	itemIndex?: number,
): Promise<void> {
	let count = firstCount;
	let offset = 0;
	for (let extraPages = firstPass.pages; items.length < count && extraPages > 0; extraPages--) {
		const page = await fetchPage(offset, PAGE_SIZE);
		count = page.count ?? count;
		items.push(...firstPass.distinct(page.items));
		if (!page.hasMore || page.items.length === 0) break;
		offset += page.items.length;
	}
	if (items.length < count) throw listDriftError(node, items.length, count, itemIndex);
}
