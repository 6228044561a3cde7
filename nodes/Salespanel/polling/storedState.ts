import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { MAX_KEY_LENGTH } from '../shared/helpers/recordKeys';
import { EVENT_SPECS, type PollEvent } from './events';

/**
 * What the poller keeps in the node's workflow static data (plain JSON):
 * - timestamp events: `cursor` = ISO time up to which records are done (null: the list was
 *   empty when polling started, so every record that shows up is new); `keys` = `<key>|<ms>`
 *   of the records already emitted whose time is at or after the cursor: records that arrive
 *   later with the same (second-precision) timestamp, and records dated after the poll;
 * - visiting companies: `cursor` = null, `keys` = keys of the most recent companies, newest first;
 * - Person Identified / Person Segment Qualified: PersonState (version 2, below).
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
 * Bound of the leads or (lead, segment) pairs the Person events remember: 50,000 fingerprints of
 * FINGERPRINT_LENGTH characters, at most 500 KB of static data. Past it, the keys seen longest
 * ago are forgotten (see personEvents.ts).
 */
export const MAX_REMEMBERED = 50_000;

/** Characters of a Person event fingerprint: 60 bits, base64url. */
export const FINGERPRINT_LENGTH = 10;

/**
 * The fixed-size identity of a lead or (lead, segment) pair: SHA-256 of the JSON array of its
 * parts, so no part's length or content (a `|`, a shared prefix) can make two identities one.
 * 60 bits: among 50,000 remembered, a new key looks known with a chance of 1 in 2 * 10^13.
 */
export function fingerprint(parts: string[]): string {
	return createHash('sha256')
		.update(JSON.stringify(parts))
		.digest('base64url')
		.slice(0, FINGERPRINT_LENGTH);
}

/**
 * What a Person event keeps (version 2):
 * - `seen`: the fingerprints of the leads or (lead, segment) pairs already seen, joined, most
 *   recently seen first (10 bytes each);
 * - `cursor`: the newest last_seen read so far (null: none yet): a check reads /leads/ until it
 *   reaches leads last active before it;
 * - `fullAt`: when (wall clock, ISO) the whole 24-hour list was last read (null: never);
 * - `floor`: null, or the last_seen time up to which keys were forgotten while still possibly
 *   listed: a key not remembered counts as new only when its lead was active after it;
 * - `listed`: how many of the first fingerprints of `seen` may still be in the 24-hour list (read
 *   at the last complete read or since); the rest belong to leads gone from it, and forgetting
 *   those needs no floor. Missing (older states): all of them;
 * - `fullRequests`: the requests of the last complete read (paces the next one under a cap).
 */
export interface PersonState {
	version: 2;
	event: PollEvent;
	cursor: string | null;
	fullAt: string | null;
	floor: string | null;
	seen: string[];
	listed: number;
	fullRequests: number;
}

/** A whole number of at least 0, as stored counts and times (ms) must be. */
export const isCount = (value: unknown): value is number =>
	typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const FINGERPRINTS = new RegExp(`^(?:[A-Za-z0-9_-]{${FINGERPRINT_LENGTH}})*$`);

const timeOrNull = (value: unknown): string | null | undefined =>
	value === null
		? null
		: typeof value === 'string' && !Number.isNaN(Date.parse(value))
			? value
			: undefined;

/**
 * Reads (and repairs) a Person event's state. Unreadable fields mean "start afresh" (undefined):
 * the fingerprints are all the state knows, so a damaged list would make every lead new again.
 */
export function readPersonState(
	stored: IDataObject,
	event: PollEvent,
	ceilingMs: number,
): PersonState | undefined {
	if (stored.event !== event) return undefined;
	if (stored.version !== 2) return undefined;
	const cursor = timeOrNull(stored.cursor);
	const fullAt = timeOrNull(stored.fullAt);
	const floor = timeOrNull(stored.floor);
	const { seen } = stored;
	if (cursor === undefined || fullAt === undefined || floor === undefined) return undefined;
	if (typeof seen !== 'string' || !FINGERPRINTS.test(seen)) return undefined;
	const fingerprints: string[] = [];
	for (
		let at = 0;
		at < seen.length && fingerprints.length < MAX_REMEMBERED;
		at += FINGERPRINT_LENGTH
	)
		fingerprints.push(seen.slice(at, at + FINGERPRINT_LENGTH));
	const clamp = (time: string | null) =>
		time === null ? null : cursorAt(Math.min(Date.parse(time), ceilingMs));
	const { listed, fullRequests } = stored;
	return {
		version: 2,
		event,
		cursor: clamp(cursor),
		fullAt,
		floor: clamp(floor),
		seen: fingerprints,
		// Unknown or damaged: every fingerprint may still be listed (forgetting one raises the floor).
		listed: isCount(listed) ? Math.min(listed, fingerprints.length) : fingerprints.length,
		fullRequests: isCount(fullRequests) ? fullRequests : 0,
	};
}

/** A Person event's state as the fields stored in the static data (`keys` of another event's state removed). */
export function personStateFields(state: PersonState): IDataObject {
	return {
		version: state.version,
		event: state.event,
		cursor: state.cursor,
		fullAt: state.fullAt,
		floor: state.floor,
		seen: state.seen.join(''),
		listed: state.listed,
		fullRequests: state.fullRequests,
		keys: undefined,
	};
}

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
 * entries, at most MAX_KEYS; a keys field that is not a list counts as empty. The Person events
 * keep a PersonState instead (readPersonState).
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
	const texts = Array.isArray(keys)
		? (keys as unknown[]).filter((key) => isKeyText(key, MAX_KEY_LENGTH + 20))
		: [];
	if (kind === 'key') {
		return { version: 1, event, cursor: null, keys: [...new Set(texts)].slice(0, MAX_KEYS) };
	}
	const clampedMs = cursor === null ? null : Math.min(Date.parse(cursor), ceilingMs);
	return {
		version: 1,
		event,
		cursor: clampedMs === null ? null : cursorAt(clampedMs),
		keys: keptEntries(texts, clampedMs),
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
