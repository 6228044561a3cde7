import type { IDataObject, INode } from 'n8n-workflow';

import { PageLoop, type SalespanelClient } from '../shared/transport';
import type { EventSpec } from './events';

/**
 * The page loop's bound for one check: 1,000 pages (100,000 records). A check reads every record
 * that is new since the last one, however many; only a server that never ends its list reaches this.
 */
export const MAX_PAGES_PER_CHECK = 1_000;

/** What a failed check kept: said before the page loop's advice. */
const CHECK_KEPT =
	'Nothing was emitted and the position of the trigger was kept, so no record is skipped; the next check reads again.';

/** What a check reads with: the client, the node (for errors) and the time the check started. */
export interface CheckContext {
	client: SalespanelClient;
	node: INode;
	/** Latest time the cursor may take (see cursorCeiling). */
	ceilingMs: number;
}

/**
 * Reads a newest-first collection through the page loop (100 per page, one at a time) until
 * `stop` says the rest is old or the server has no further page. Every new record is read, so
 * none is dropped; a list that does not end fails the check instead of returning a short list.
 * The records come each once (by `spec.key`), in list order.
 */
export async function readNewestFirst(
	{ client, node }: CheckContext,
	spec: EventSpec,
	stop: (page: IDataObject[]) => boolean,
): Promise<IDataObject[]> {
	const loop = new PageLoop(
		async (offset, limit) => await client.getPage(spec.path, { ...spec.qs, limit, offset }),
		{ node, key: spec.key, maxPages: MAX_PAGES_PER_CHECK, note: CHECK_KEPT },
	);
	const all: IDataObject[] = [];
	for await (const page of loop) {
		all.push(...page);
		if (stop(page)) break;
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
