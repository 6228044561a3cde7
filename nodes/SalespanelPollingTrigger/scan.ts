import type { IDataObject } from 'n8n-workflow';

import { PAGE_SIZE, type SalespanelClient } from '../Salespanel/transport';
import type { PollEvent, TimestampEventSpec, KeyEventSpec } from './events';
import {
	containsKnownKey,
	initialKeyState,
	initialTimestampState,
	newestTimestamp,
	reachedThreshold,
	selectByKey,
	selectByTimestamp,
	type CursorState,
	type Selection,
} from './cursor';

/** Most records one poll reads (10 pages): the bound on requests per poll. */
export const MAX_RECORDS_PER_POLL = 1_000;

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a newest-first collection page by page (100 per page) until `stop` says the rest is
 * old, the server has no further page, or the per-poll bound is reached.
 */
export async function readNewestFirst(
	client: SalespanelClient,
	spec: { path: string; qs: IDataObject },
	stop: (page: IDataObject[], all: IDataObject[]) => boolean,
	maxRecords = MAX_RECORDS_PER_POLL,
): Promise<IDataObject[]> {
	const all: IDataObject[] = [];
	let offset = 0;
	for (;;) {
		const page = await client.getPage(spec.path, { ...spec.qs, limit: PAGE_SIZE, offset });
		const items = page.items.filter(isObject);
		all.push(...items);
		if (page.bare || !page.hasMore || page.items.length === 0) break;
		if (all.length >= maxRecords || stop(items, all)) break;
		offset += page.items.length;
	}
	return all;
}

/** The newest record, for a manual test step (no state is read or written). */
export async function newestRecord(client: SalespanelClient, spec: { path: string; qs: IDataObject }) {
	const page = await client.getPage(spec.path, { ...spec.qs, limit: 1, offset: 0 });
	return page.items.find(isObject);
}

/** One production poll of a timestamp event: new records and the next state. */
export async function pollTimestampEvent(
	client: SalespanelClient,
	spec: TimestampEventSpec,
	event: PollEvent,
	state: CursorState | undefined,
): Promise<Selection> {
	if (state === undefined) {
		// First poll: read until no later record can be newer than the newest one seen.
		const items = await readNewestFirst(client, spec, (page, all) =>
			reachedThreshold(page, spec, newestTimestamp(all, spec)),
		);
		return { emit: [], next: initialTimestampState(items, spec, event) };
	}
	const cursorMs = state.cursor === null ? null : Date.parse(state.cursor);
	const items = await readNewestFirst(client, spec, (page) => reachedThreshold(page, spec, cursorMs));
	return selectByTimestamp(items, spec, state);
}

/** One production poll of visiting companies: new companies and the next state. */
export async function pollKeyEvent(
	client: SalespanelClient,
	spec: KeyEventSpec,
	event: PollEvent,
	state: CursorState | undefined,
): Promise<Selection> {
	if (state === undefined) {
		const items = await readNewestFirst(client, spec, () => true);
		return { emit: [], next: initialKeyState(items, spec, event) };
	}
	const items = await readNewestFirst(client, spec, (page) => containsKnownKey(page, spec, state));
	return selectByKey(items, spec, state);
}
