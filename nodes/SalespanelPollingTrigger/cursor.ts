import type { IDataObject } from 'n8n-workflow';

import type { KeyEventSpec, PollEvent, TimestampEventSpec } from './events';

/**
 * What the poller keeps in the node's workflow static data (plain JSON):
 * - timestamp events: `cursor` = ISO time of the newest record emitted so far (null: the list
 *   was empty when polling started, so every record that shows up is new), `keys` =
 *   `<key>|<ms>` of the records emitted at exactly that time, for records that arrive later
 *   with the same (second-precision) timestamp;
 * - visiting companies: `cursor` = null, `keys` = keys of the most recent companies, newest first.
 * `event` ties the state to the selected event: choosing another event starts afresh.
 */
export interface CursorState {
	version: 1;
	event: PollEvent;
	cursor: string | null;
	keys: string[];
}

/** Bound of the remembered keys. */
export const MAX_KEYS = 500;

const STATE_FIELDS = ['version', 'event', 'cursor', 'keys'] as const;

export function readState(staticData: IDataObject, event: PollEvent): CursorState | undefined {
	const { version, event: storedEvent, cursor, keys } = staticData;
	if (version !== 1 || storedEvent !== event) return undefined;
	if (cursor !== null && (typeof cursor !== 'string' || Number.isNaN(Date.parse(cursor)))) return undefined;
	if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) return undefined;
	return { version: 1, event, cursor, keys: [...(keys as string[])] };
}

/** Writes only the fields that changed, so an unchanged poll leaves the static data untouched. */
export function writeState(staticData: IDataObject, state: CursorState): void {
	for (const field of STATE_FIELDS) {
		const value = state[field];
		if (JSON.stringify(staticData[field]) !== JSON.stringify(value)) {
			staticData[field] = Array.isArray(value) ? [...value] : value;
		}
	}
}

const entry = (key: string, ms: number) => `${key}|${ms}`;
const iso = (ms: number) => new Date(ms).toISOString();

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
export function initialTimestampState(items: IDataObject[], spec: TimestampEventSpec, event: PollEvent): CursorState {
	const records = stamped(items, spec);
	if (records.length === 0) return { version: 1, event, cursor: null, keys: [] };
	const newest = Math.max(...records.map((record) => record.ms));
	const keys = records.filter((record) => record.ms === newest).map((record) => entry(record.key, record.ms));
	return { version: 1, event, cursor: iso(newest), keys: keys.slice(-MAX_KEYS) };
}

/**
 * Records newer than the cursor, or at the cursor's time but not emitted yet. The cursor moves
 * to the newest emitted time; `keys` keeps the entries at that time (older ones cannot recur).
 */
export function selectByTimestamp(items: IDataObject[], spec: TimestampEventSpec, state: CursorState): Selection {
	const cursorMs = state.cursor === null ? null : Date.parse(state.cursor);
	const known = new Set(state.keys);
	const fresh = stamped(items, spec)
		.filter((record) => cursorMs === null || record.ms >= cursorMs)
		.filter((record) => !known.has(entry(record.key, record.ms)))
		// Oldest first; equal times in reverse list order (the list shows the latest touched first).
		.sort((a, b) => a.ms - b.ms || b.index - a.index);
	if (fresh.length === 0) return { emit: [], next: state };
	const newest = Math.max(cursorMs ?? -Infinity, fresh[fresh.length - 1].ms);
	const carried = newest === cursorMs ? state.keys : [];
	const added = fresh.filter((record) => record.ms === newest).map((record) => entry(record.key, record.ms));
	return {
		emit: fresh.map((record) => record.item),
		next: { ...state, cursor: iso(newest), keys: [...carried, ...added].slice(-MAX_KEYS) },
	};
}

/**
 * Whether paging can stop after this page: a record last seen before `threshold` means every
 * later record (sorted by first_seen or last_seen, newest first) is older than it too.
 */
export function reachedThreshold(page: IDataObject[], spec: TimestampEventSpec, threshold: number | null): boolean {
	if (threshold === null) return false;
	return page.some((item) => {
		const ms = spec.stopAt(item);
		return ms !== undefined && ms < threshold;
	});
}

/** The newest timestamp among the records (null when none has one). */
export function newestTimestamp(items: IDataObject[], spec: TimestampEventSpec): number | null {
	const times = stamped(items, spec).map((record) => record.ms);
	return times.length === 0 ? null : Math.max(...times);
}

/** First production poll of visiting companies: remember the keys of the newest ones. */
export function initialKeyState(items: IDataObject[], spec: KeyEventSpec, event: PollEvent): CursorState {
	const keys = [...new Set(items.map((item) => spec.key(item)).filter((key): key is string => key !== undefined))];
	return { version: 1, event, cursor: null, keys: keys.slice(0, MAX_KEYS) };
}

/** Whether the page holds a company already known: the boundary between new and old ones. */
export function containsKnownKey(page: IDataObject[], spec: KeyEventSpec, state: CursorState): boolean {
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
export function selectByKey(items: IDataObject[], spec: KeyEventSpec, state: CursorState): Selection {
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
