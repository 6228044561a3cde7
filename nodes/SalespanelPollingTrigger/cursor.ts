import type { IDataObject } from 'n8n-workflow';

import { MAX_KEY_LENGTH } from '../Salespanel/helpers/recordKeys';
import { EVENT_SPECS } from './events';
import type { KeyEventSpec, PollEvent, TimestampEventSpec } from './events';

/**
 * What the poller keeps in the node's workflow static data (plain JSON):
 * - timestamp events: `cursor` = ISO time up to which records are done (null: the list was
 *   empty when polling started, so every record that shows up is new); `keys` = `<key>|<ms>`
 *   of the records already emitted whose time is at or after the cursor: records that arrive
 *   later with the same (second-precision) timestamp, and records dated after the poll;
 * - visiting companies: `cursor` = null, `keys` = keys of the most recent companies, newest first;
 * - Person Identified / Person Segment Qualified: `keys` = the leads (`<contact_id>`) or
 *   (lead, segment) pairs (`<contact_id>|<segment>`) already seen, most recently seen first;
 *   `cursor` = null, or the last_seen time up to which leads were dropped from `keys` while
 *   still in the 24-hour list (see people.ts).
 * `event` ties the state to the selected event: choosing another event starts afresh.
 */
export interface CursorState {
	version: 1;
	event: PollEvent;
	cursor: string | null;
	keys: string[];
}

/** Bound of the remembered keys: a longer stored list is cut to this on the next poll. */
export const MAX_KEYS = 500;

/**
 * Bound of the leads or (lead, segment) pairs the Person events remember (~40–80 characters
 * each, so at most ~400 KB of static data). Past it, the leads seen longest ago are forgotten.
 */
export const MAX_REMEMBERED = 5_000;

/** Longest segment part of a (lead, segment) key. */
export const MAX_SEGMENT_KEY_LENGTH = 100;

/**
 * Segments read per lead (accounts have a few dozen). Each new pair is an item carrying the
 * lead, so a lead listing thousands of segments would otherwise make output quadratic in size.
 */
export const MAX_SEGMENTS_PER_LEAD = 100;

const isKeyText = (value: unknown, maxLength: number): value is string =>
	typeof value === 'string' && value !== '' && value.length <= maxLength;

const entry = (key: string, ms: number) => `${key}|${ms}`;
const iso = (ms: number) => new Date(ms).toISOString();
/** Largest of many numbers (a spread into Math.max overflows the stack past ~100,000). */
const largest = (values: number[]) => values.reduce((max, value) => (value > max ? value : max), -Infinity);

/** The time of a `<key>|<ms>` entry; undefined when the entry is malformed. */
function entryMs(text: string): number | undefined {
	const match = /.\|(-?\d{1,16})$/.exec(text);
	return match === null ? undefined : Number(match[1]);
}

/**
 * The entries a timestamp state keeps: well-formed, at or after the cursor (older records are
 * below the cursor and never looked at again), each once, the last MAX_KEYS of them.
 */
function keptEntries(entries: string[], cursorMs: number | null): string[] {
	const kept = entries.filter((text) => {
		const ms = entryMs(text);
		return ms !== undefined && (cursorMs === null || ms >= cursorMs);
	});
	return [...new Set(kept)].slice(-MAX_KEYS);
}

/**
 * Reads (and repairs) the stored state. A state of another version or event, or with an
 * unreadable cursor, means "start afresh" (undefined). A cursor after `ceilingMs` (stored
 * before this check clamped it) is brought back to it. The keys keep only well-formed
 * entries, at most MAX_KEYS (MAX_REMEMBERED for the Person events); a keys field that is not a
 * list counts as empty, except for the Person events, which then start afresh.
 */
export function readState(stored: IDataObject, event: PollEvent, ceilingMs: number): CursorState | undefined {
	const { version, event: storedEvent, cursor, keys } = stored;
	if (version !== 1 || storedEvent !== event) return undefined;
	if (cursor !== null && (typeof cursor !== 'string' || Number.isNaN(Date.parse(cursor)))) return undefined;
	const kind = EVENT_SPECS[event].kind;
	const maxLength = kind === 'window' ? MAX_KEY_LENGTH + 1 + MAX_SEGMENT_KEY_LENGTH : MAX_KEY_LENGTH + 20;
	const texts = Array.isArray(keys) ? (keys as unknown[]).filter((key) => isKeyText(key, maxLength)) : [];
	if (kind === 'key') {
		return { version: 1, event, cursor: null, keys: [...new Set(texts)].slice(0, MAX_KEYS) };
	}
	const cursorMs = cursor === null ? null : Math.min(Date.parse(cursor), ceilingMs);
	if (kind === 'window') {
		// The keys are all this state knows: without a list, every lead would count as new again.
		if (!Array.isArray(keys)) return undefined;
		return {
			version: 1,
			event,
			cursor: cursorMs === null ? null : iso(cursorMs),
			keys: [...new Set(texts)].slice(0, MAX_REMEMBERED),
		};
	}
	return {
		version: 1,
		event,
		cursor: cursorMs === null ? null : iso(cursorMs),
		keys: keptEntries(texts, cursorMs),
	};
}

/** The state as the fields stored in the static data. */
export function stateFields(state: CursorState): IDataObject {
	return { version: state.version, event: state.event, cursor: state.cursor, keys: [...state.keys] };
}

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

/**
 * The latest time a cursor may take in a check: the whole second in which the check started.
 * A record dated later (clock skew, bad data) would otherwise move the cursor past every lead
 * still to come; such a record is remembered by its key instead, so it is emitted once.
 */
export function cursorCeiling(checkStartedMs: number): number {
	return Math.floor(checkStartedMs / 1000) * 1000;
}

/** First production poll: remember where the data stands now, emit nothing. */
export function initialTimestampState(
	items: IDataObject[],
	spec: TimestampEventSpec,
	event: PollEvent,
	ceilingMs: number,
): CursorState {
	const records = stamped(items, spec);
	if (records.length === 0) return { version: 1, event, cursor: null, keys: [] };
	const cursorMs = Math.min(largest(records.map((record) => record.ms)), ceilingMs);
	const keys = keptEntries(
		records.map((record) => entry(record.key, record.ms)),
		cursorMs,
	);
	return { version: 1, event, cursor: iso(cursorMs), keys };
}

/**
 * Records at or after the cursor that were not emitted yet. The cursor moves to the newest
 * emitted time, but never past `ceilingMs`; `keys` keeps the entries at or after the new cursor.
 */
export function selectByTimestamp(
	items: IDataObject[],
	spec: TimestampEventSpec,
	state: CursorState,
	ceilingMs: number,
): Selection {
	const cursorMs = state.cursor === null ? null : Date.parse(state.cursor);
	const known = new Set(state.keys);
	const fresh = stamped(items, spec)
		.filter((record) => cursorMs === null || record.ms >= cursorMs)
		.filter((record) => !known.has(entry(record.key, record.ms)))
		// Oldest first; equal times in reverse list order (the list shows the latest touched first).
		.sort((a, b) => a.ms - b.ms || b.index - a.index);
	if (fresh.length === 0) return { emit: [], next: state };
	const nextMs = Math.max(cursorMs ?? -Infinity, Math.min(fresh[fresh.length - 1].ms, ceilingMs));
	const added = fresh.map((record) => entry(record.key, record.ms));
	return {
		emit: fresh.map((record) => record.item),
		next: { ...state, cursor: iso(nextMs), keys: keptEntries([...state.keys, ...added], nextMs) },
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

/** The newest timestamp among the records, at most `ceilingMs` (null when none has one). */
export function newestTimestamp(items: IDataObject[], spec: TimestampEventSpec, ceilingMs: number): number | null {
	const times = stamped(items, spec).map((record) => record.ms);
	return times.length === 0 ? null : Math.min(largest(times), ceilingMs);
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
