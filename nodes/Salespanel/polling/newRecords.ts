import type { IDataObject } from 'n8n-workflow';

import type { KeyEventSpec, PollEvent, TimestampEventSpec } from './events';
import { readNewestFirst, type CheckContext } from './newestFirst';
import {
	cursorAt,
	cursorMs,
	emptyState,
	keptEntries,
	MAX_KEYS,
	timestampEntry,
	type CursorState,
} from './storedState';

/*
 * Which records are new, for the events whose list is ordered by the moment that makes a record
 * new (New Lead, New Visitor, Lead Activity: by timestamp; New Visiting Company: by key), and
 * how far a check reads that list. The Person events compare the whole 24-hour list: personEvents.ts.
 */

/** Largest of many numbers (a spread into Math.max overflows the stack past ~100,000). */
const largest = (values: number[]) =>
	values.reduce((max, value) => (value > max ? value : max), -Infinity);

export interface Selection {
	/** New records, oldest first. */
	emit: IDataObject[];
	next: CursorState;
}

interface Stamped {
	item: IDataObject;
	key: string;
	ms: number;
	index: number;
}

/** Records with a key and a readable timestamp, first occurrence only (pages may overlap). */
function stamped(items: IDataObject[], spec: TimestampEventSpec): Stamped[] {
	const seen = new Set<string>();
	const out: Stamped[] = [];
	items.forEach((item, index) => {
		const key = spec.key(item);
		const ms = spec.timestamp(item);
		if (key === undefined || ms === undefined || seen.has(key)) return;
		seen.add(key);
		out.push({ item, key, ms, index });
	});
	return out;
}

/** First production poll: remember where the data stands now, emit nothing. */
function initialTimestampState(
	items: IDataObject[],
	spec: TimestampEventSpec,
	event: PollEvent,
	ceilingMs: number,
): CursorState {
	const records = stamped(items, spec);
	if (records.length === 0) return emptyState(event);
	const newestMs = Math.min(largest(records.map((record) => record.ms)), ceilingMs);
	const keys = keptEntries(
		records.map((record) => timestampEntry(record.key, record.ms)),
		newestMs,
	);
	return { version: 1, event, cursor: cursorAt(newestMs), keys };
}

/**
 * Records at or after the cursor that were not emitted yet. The cursor moves to the newest
 * emitted time, but never past `ceilingMs`; `keys` keeps the entries at or after the new cursor.
 */
function selectByTimestamp(
	items: IDataObject[],
	spec: TimestampEventSpec,
	state: CursorState,
	ceilingMs: number,
): Selection {
	const fromMs = cursorMs(state.cursor);
	const known = new Set(state.keys);
	const fresh = stamped(items, spec)
		.filter((record) => fromMs === null || record.ms >= fromMs)
		.filter((record) => !known.has(timestampEntry(record.key, record.ms)))
		// Oldest first; equal times in reverse list order (the list shows the latest touched first).
		.sort((a, b) => a.ms - b.ms || b.index - a.index);
	if (fresh.length === 0) return { emit: [], next: state };
	const nextMs = Math.max(fromMs ?? -Infinity, Math.min(fresh[fresh.length - 1].ms, ceilingMs));
	const added = fresh.map((record) => timestampEntry(record.key, record.ms));
	return {
		emit: fresh.map((record) => record.item),
		next: {
			...state,
			cursor: cursorAt(nextMs),
			keys: keptEntries([...state.keys, ...added], nextMs),
		},
	};
}

/**
 * Whether paging can stop after this page: a record last seen before `threshold` means every
 * later record (sorted by first_seen or last_seen, newest first) is older than it too.
 */
function reachedThreshold(
	page: IDataObject[],
	spec: TimestampEventSpec,
	threshold: number | null,
): boolean {
	if (threshold === null) return false;
	return page.some((item) => {
		const ms = spec.stopAt(item);
		return ms !== undefined && ms < threshold;
	});
}

/** The newest timestamp among the records, at most `ceilingMs` (null when none has one). */
function newestTimestamp(
	items: IDataObject[],
	spec: TimestampEventSpec,
	ceilingMs: number,
): number | null {
	const times = stamped(items, spec).map((record) => record.ms);
	return times.length === 0 ? null : Math.min(largest(times), ceilingMs);
}

/** First production poll of visiting companies: remember the keys of the newest ones. */
function initialKeyState(items: IDataObject[], spec: KeyEventSpec, event: PollEvent): CursorState {
	const keys = [
		...new Set(
			items.map((item) => spec.key(item)).filter((key): key is string => key !== undefined),
		),
	];
	return { version: 1, event, cursor: null, keys: keys.slice(0, MAX_KEYS) };
}

/** Whether the page holds a company already known: the boundary between new and old ones. */
function containsKnownKey(page: IDataObject[], spec: KeyEventSpec, state: CursorState): boolean {
	const known = new Set(state.keys);
	return page.some((item) => {
		const key = spec.key(item);
		return key !== undefined && known.has(key);
	});
}

/**
 * Companies listed before the first known one. The list is ordered by first activity, newest
 * first, so everything after a known company was first active before it and is not new.
 */
function selectByKey(items: IDataObject[], spec: KeyEventSpec, state: CursorState): Selection {
	const known = new Set(state.keys);
	const fresh: Array<{ item: IDataObject; key: string }> = [];
	const freshKeys = new Set<string>();
	for (const item of items) {
		const key = spec.key(item);
		if (key === undefined || freshKeys.has(key)) continue;
		if (known.has(key)) break;
		freshKeys.add(key);
		fresh.push({ item, key });
	}
	if (fresh.length === 0) return { emit: [], next: state };
	const keys = [...fresh.map((record) => record.key), ...state.keys].slice(0, MAX_KEYS);
	return { emit: fresh.map((record) => record.item).reverse(), next: { ...state, keys } };
}

/** One production poll of a timestamp event: new records and the next state. */
export async function pollTimestampEvent(
	check: CheckContext,
	spec: TimestampEventSpec,
	event: PollEvent,
	state: CursorState | undefined,
): Promise<Selection> {
	const { ceilingMs } = check;
	if (state === undefined) {
		// First poll: read until no later record can be newer than the newest one seen.
		let newest: number | null = null;
		const items = await readNewestFirst(check, spec, (page) => {
			const pageNewest = newestTimestamp(page, spec, ceilingMs);
			if (pageNewest !== null && (newest === null || pageNewest > newest)) newest = pageNewest;
			return reachedThreshold(page, spec, newest);
		});
		return { emit: [], next: initialTimestampState(items, spec, event, ceilingMs) };
	}
	const fromMs = cursorMs(state.cursor);
	const items = await readNewestFirst(check, spec, (page) => reachedThreshold(page, spec, fromMs));
	return selectByTimestamp(items, spec, state, ceilingMs);
}

/** One production poll of visiting companies: new companies and the next state. */
export async function pollKeyEvent(
	check: CheckContext,
	spec: KeyEventSpec,
	event: PollEvent,
	state: CursorState | undefined,
): Promise<Selection> {
	if (state === undefined) {
		const items = await readNewestFirst(check, spec, () => true);
		return { emit: [], next: initialKeyState(items, spec, event) };
	}
	const items = await readNewestFirst(check, spec, (page) => containsKnownKey(page, spec, state));
	return selectByKey(items, spec, state);
}
