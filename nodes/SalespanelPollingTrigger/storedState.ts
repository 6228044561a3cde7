import type { IDataObject } from 'n8n-workflow';

import { MAX_KEY_LENGTH } from '../Salespanel/helpers/recordKeys';
import { EVENT_SPECS, type PollEvent } from './events';

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
 *   still in the 24-hour list (see personEvents.ts).
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

/** The state of an event before its first check has seen any record. */
export const emptyState = (event: PollEvent): CursorState => ({
	version: 1,
	event,
	cursor: null,
	keys: [],
});

/** The cursor's time in milliseconds (null: no cursor). */
export const cursorMs = (cursor: string | null): number | null =>
	cursor === null ? null : Date.parse(cursor);

/** A time as the cursor stores it (ISO 8601, UTC). */
export const cursorAt = (ms: number): string => new Date(ms).toISOString();

/**
 * The latest time a cursor may take in a check: the whole second in which the check started.
 * A record dated later (clock skew, bad data) would otherwise move the cursor past every lead
 * still to come; such a record is remembered by its key instead, so it is emitted once.
 */
export function cursorCeiling(checkStartedMs: number): number {
	return Math.floor(checkStartedMs / 1000) * 1000;
}

/** A timestamp event's entry in `keys`: the record's key and time. */
export const timestampEntry = (key: string, ms: number) => `${key}|${ms}`;

/** The time of a `<key>|<ms>` entry; undefined when the entry is malformed. */
function entryMs(text: string): number | undefined {
	const match = /.\|(-?\d{1,16})$/.exec(text);
	return match === null ? undefined : Number(match[1]);
}

/**
 * The entries a timestamp state keeps: well-formed, at or after the cursor (older records are
 * below the cursor and never looked at again), each once, the last MAX_KEYS of them.
 */
export function keptEntries(entries: string[], cursorMs: number | null): string[] {
	const kept = entries.filter((text) => {
		const ms = entryMs(text);
		return ms !== undefined && (cursorMs === null || ms >= cursorMs);
	});
	return [...new Set(kept)].slice(-MAX_KEYS);
}

const isKeyText = (value: unknown, maxLength: number): value is string =>
	typeof value === 'string' && value !== '' && value.length <= maxLength;

/**
 * Reads (and repairs) the stored state. A state of another version or event, or with an
 * unreadable cursor, means "start afresh" (undefined). A cursor after `ceilingMs` (stored
 * before this check clamped it) is brought back to it. The keys keep only well-formed
 * entries, at most MAX_KEYS (MAX_REMEMBERED for the Person events); a keys field that is not a
 * list counts as empty, except for the Person events, which then start afresh.
 */
export function readState(
	stored: IDataObject,
	event: PollEvent,
	ceilingMs: number,
): CursorState | undefined {
	const { version, event: storedEvent, cursor, keys } = stored;
	if (version !== 1 || storedEvent !== event) return undefined;
	if (cursor !== null && (typeof cursor !== 'string' || Number.isNaN(Date.parse(cursor))))
		return undefined;
	const kind = EVENT_SPECS[event].kind;
	const maxLength =
		kind === 'window' ? MAX_KEY_LENGTH + 1 + MAX_SEGMENT_KEY_LENGTH : MAX_KEY_LENGTH + 20;
	const texts = Array.isArray(keys)
		? (keys as unknown[]).filter((key) => isKeyText(key, maxLength))
		: [];
	if (kind === 'key') {
		return { version: 1, event, cursor: null, keys: [...new Set(texts)].slice(0, MAX_KEYS) };
	}
	// The keys are all a Person event's state knows: without a list, every lead would count as new again.
	if (kind === 'window' && !Array.isArray(keys)) return undefined;
	const clampedMs = cursor === null ? null : Math.min(Date.parse(cursor), ceilingMs);
	return {
		version: 1,
		event,
		cursor: clampedMs === null ? null : cursorAt(clampedMs),
		keys:
			kind === 'window'
				? [...new Set(texts)].slice(0, MAX_REMEMBERED)
				: keptEntries(texts, clampedMs),
	};
}

/** The state as the fields stored in the static data. */
export function stateFields(state: CursorState): IDataObject {
	return {
		version: state.version,
		event: state.event,
		cursor: state.cursor,
		keys: [...state.keys],
	};
}
