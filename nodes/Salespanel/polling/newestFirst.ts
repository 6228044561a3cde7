import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PAGE_SIZE, type SalespanelClient } from '../shared/transport';
import type { EventSpec } from './events';

/**
 * Bound of one check: 1,000 pages (100,000 records). A check reads every record that is new
 * since the last one, however many; only a server that never ends its list reaches this.
 */
export const MAX_PAGES_PER_CHECK = 1_000;

/** Pages read past the list's own `count` before `next` is no longer believed. */
const COUNT_MARGIN_PAGES = 2;

/** Consecutive pages without one record not seen before, after which the server is repeating itself. */
const MAX_STALLED_PAGES = 3;

/** What a check reads with: the client, the node (for errors) and the time the check started. */
export interface CheckContext {
	client: SalespanelClient;
	node: INode;
	/** Latest time the cursor may take (see cursorCeiling). */
	ceilingMs: number;
}

function endlessListError(
	node: INode,
	path: string,
	pages: number,
	why: string,
): NodeOperationError {
	return new NodeOperationError(
		node,
		`Salespanel's ${path} list did not end: ${why} after ${pages} pages, so this check stopped`,
		{
			description:
				'Nothing was emitted and the position of the trigger was kept, so no record is skipped; the next check reads again. If this persists, Salespanel is sending a broken list: contact Salespanel support.',
		},
	);
}

/**
 * Reads a newest-first collection page by page (100 per page) until `stop` says the rest is
 * old or the server has no further page. Every new record is read, so none is dropped; a
 * server that keeps announcing pages past its own count, repeats itself or passes
 * MAX_PAGES_PER_CHECK fails the check instead of returning a short list.
 */
export async function readNewestFirst(
	{ client, node }: CheckContext,
	spec: EventSpec,
	stop: (page: IDataObject[]) => boolean,
): Promise<IDataObject[]> {
	const all: IDataObject[] = [];
	const seen = new Set<string>();
	let offset = 0;
	let pages = 0;
	let stalled = 0;
	let count: number | undefined;
	for (;;) {
		const page = await client.getPage(spec.path, { ...spec.qs, limit: PAGE_SIZE, offset });
		pages++;
		all.push(...page.items);
		// getPage has checked every entry is an object; `hasMore` is false for a bare array.
		if (!page.hasMore || page.items.length === 0) break;
		if (stop(page.items)) break;

		const before = seen.size;
		for (const item of page.items) {
			const key = spec.key(item);
			if (key !== undefined) seen.add(key);
		}
		stalled = seen.size === before ? stalled + 1 : 0;
		count = page.count ?? count;
		offset += page.items.length;
		if (stalled >= MAX_STALLED_PAGES) {
			throw endlessListError(
				node,
				spec.path,
				pages,
				`${stalled} pages in a row brought no record not seen before`,
			);
		}
		if (count !== undefined && offset >= count + COUNT_MARGIN_PAGES * PAGE_SIZE) {
			throw endlessListError(
				node,
				spec.path,
				pages,
				`it announced further pages past its own count of ${count}`,
			);
		}
		if (pages >= MAX_PAGES_PER_CHECK) {
			throw endlessListError(
				node,
				spec.path,
				pages,
				`more than ${MAX_PAGES_PER_CHECK * PAGE_SIZE} records were listed`,
			);
		}
	}
	return all;
}

/** The newest record (undefined when the list is empty), for a manual test step (no state is read or written). */
export async function newestRecord(
	client: SalespanelClient,
	spec: { path: string; qs: IDataObject },
): Promise<IDataObject | undefined> {
	const page = await client.getPage(spec.path, { ...spec.qs, limit: 1, offset: 0 });
	return page.items[0];
}
