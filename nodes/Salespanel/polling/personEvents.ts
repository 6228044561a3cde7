import type { IDataObject } from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

import { PAGE_SIZE, type SalespanelClient } from '../shared/transport';
import {
	outputItem,
	parseSegmentFilter,
	segmentAllowed,
	type Delivery,
	type DeliveredSegment,
} from '../shared/eventOutput';
import { isObject, trimmedText } from '../shared/helpers/values';
import { lastSeen, leadIdentity, type PollEvent, type WindowEventSpec } from './events';
import { MAX_PAGES_PER_CHECK, readNewestFirst, type CheckContext } from './newestFirst';
import { cursorAt, cursorMs, fingerprint, MAX_REMEMBERED, type PersonState } from './storedState';

/**
 * Person Identified and Person Segment Qualified. Salespanel has no list of identifications or
 * qualifications, only `/leads/`: the identified visitors active in the last 24 hours, most
 * recently active first, each with its `qualified_segments`. A check emits the leads, or (lead,
 * segment) pairs, whose fingerprints no earlier check saw. Fingerprints outlive the 24 hours, so
 * a lead that drops out of the list and comes back is not new again.
 *
 * Most checks read the list only down to the leads last active before the previous check (one
 * request when the account is quiet): an identification or qualification that comes with
 * activity puts its lead at the top. One without activity (identify leaves last_seen alone) is
 * caught by a complete read of the list, at most every `fullEveryMs`.
 *
 * Past MAX_REMEMBERED fingerprints, those of leads gone from the 24-hour list are forgotten
 * first, longest ago seen first. Such a lead can come back only with new activity, and is then
 * emitted once more: exactly-once holds for 50,000 keys, of which every one still listed comes
 * first. Only when more than 50,000 keys are listed at once are listed keys forgotten; the
 * state's `floor` then rises to their newest activity: a key that is not remembered counts as new
 * only when its lead is active after that, so an overflow is never emitted again on every check.
 */
/** What the Segments option and Simplify ask for. */
export interface WindowOptions {
	/** Lower-cased segment titles or IDs; empty: every segment. */
	segmentFilter: string[];
	simplify: boolean;
}

/**
 * The Segments option as lower-cased titles or IDs: picked IDs, typed titles, or one
 * comma-separated text. Unlike the webhook trigger's reading, list entries are split at commas too.
 */
export function segmentFilter(value: unknown): string[] {
	const entries = Array.isArray(value) ? (value as unknown[]) : [value];
	const texts = entries
		.filter((entry) => typeof entry === 'string' || typeof entry === 'number')
		.map(String);
	return [...new Set(texts.flatMap((entry) => parseSegmentFilter(entry)))];
}

/** One entry of a lead's `qualified_segments`. */
export interface QualifiedSegment {
	/** Identity within the lead: the segment ID, else the lower-cased title, else Salespanel's numeric id, with its kind. */
	identity: [kind: 'id' | 'title' | 'pk', value: string];
	segment_id: string | null;
	title: string | null;
}

interface Sighting {
	/** Fingerprint of [contact] or [contact, segment kind, segment value]. */
	key: string;
	lead: IDataObject;
	lastSeenMs: number | undefined;
	segment?: QualifiedSegment;
}

/**
 * Segments read per lead (accounts have a few dozen). Each new pair is an item carrying the
 * lead, so a lead listing thousands of segments would otherwise make output quadratic in size.
 */
export const MAX_SEGMENTS_PER_LEAD = 100;

/**
 * The segments a lead qualifies for, each once, the first MAX_SEGMENTS_PER_LEAD of them. The API
 * lists titles (`"Trial Users"`), webhook payloads objects (`{ id, name }`); both are read. Other
 * entries (null, numbers, lists, objects without ID or name) and a field that is not a list are skipped.
 */
function qualifiedSegments(lead: IDataObject): QualifiedSegment[] {
	const list = lead.qualified_segments;
	if (!Array.isArray(list)) return [];
	const segments: QualifiedSegment[] = [];
	const identities = new Set<string>();
	for (const entry of list as unknown[]) {
		if (segments.length >= MAX_SEGMENTS_PER_LEAD) break;
		let segmentId: string | null = null;
		let title: string | null = null;
		let pk: string | null = null;
		if (typeof entry === 'string') title = trimmedText(entry);
		else if (isObject(entry)) {
			segmentId = trimmedText(entry.segment_id);
			title = trimmedText(entry.name ?? entry.title);
			pk = trimmedText(entry.id);
		}
		const identity: QualifiedSegment['identity'] | null =
			segmentId !== null
				? ['id', segmentId.toLowerCase()]
				: title !== null
					? ['title', title.toLowerCase()]
					: pk !== null
						? ['pk', pk]
						: null;
		if (identity === null) continue;
		const text = JSON.stringify(identity);
		if (identities.has(text)) continue;
		identities.add(text);
		segments.push({ identity, segment_id: segmentId, title });
	}
	return segments;
}

const activeAt = (sighting: Sighting) => sighting.lastSeenMs ?? Number.MIN_SAFE_INTEGER;

/** The event's keys in the list, most recently active first; each lead counts once (pages may overlap). */
function sightings(leads: IDataObject[], spec: WindowEventSpec): Sighting[] {
	const found: Sighting[] = [];
	const contacts = new Set<string>();
	for (const lead of leads) {
		const contact = leadIdentity(lead);
		if (contact === undefined || contacts.has(contact)) continue;
		contacts.add(contact);
		const lastSeenMs = lastSeen(lead);
		if (spec.webhookEvent === 'person.identified') {
			found.push({ key: fingerprint([contact]), lead, lastSeenMs });
			continue;
		}
		for (const segment of qualifiedSegments(lead)) {
			const key = fingerprint([contact, ...segment.identity]);
			found.push({ key, lead, lastSeenMs, segment });
		}
	}
	return found.sort((a, b) => activeAt(b) - activeAt(a));
}

/**
 * What a check remembers: `sighted` (keys in the list) first, then `earlier`, of which the first
 * `earlierListed` may still be listed too. Past MAX_REMEMBERED the last are forgotten: those of
 * leads gone from the list first, so `listedCut` says whether a key possibly still listed went.
 */
function remember(
	sighted: string[],
	earlier: string[],
	earlierListed: number,
): { seen: string[]; listed: number; listedCut: boolean } {
	const sightedOnce = [...new Set(sighted)];
	const known = new Set(sightedOnce);
	const rest = earlier.filter((key) => !known.has(key));
	const restListed = earlier.slice(0, earlierListed).filter((key) => !known.has(key)).length;
	const all = [...sightedOnce, ...rest];
	const listed = sightedOnce.length + restListed;
	return {
		seen: all.slice(0, MAX_REMEMBERED),
		listed: Math.min(listed, MAX_REMEMBERED),
		listedCut: listed > MAX_REMEMBERED,
	};
}

/** Newest last_seen of the leads read, at most `ceilingMs`; `previous` when none is newer. */
function newestActivity(
	leads: IDataObject[],
	previous: string | null,
	ceilingMs: number,
): string | null {
	let newest = cursorMs(previous) ?? -Infinity;
	for (const lead of leads) {
		const ms = lastSeen(lead);
		if (ms !== undefined && ms > newest) newest = Math.min(ms, ceilingMs);
	}
	return newest === -Infinity ? previous : cursorAt(newest);
}

/** Segment titles by ID and IDs by title, from `/segments/`, to complete a qualified segment. */
interface SegmentDirectory {
	titleById: Map<string, string>;
	idByTitle: Map<string, string>;
}

async function segmentDirectory(client: SalespanelClient): Promise<SegmentDirectory> {
	const directory: SegmentDirectory = { titleById: new Map(), idByTitle: new Map() };
	// Within the check's bound: a segments list that never ends must not spend a day's requests.
	for (const segment of await client.getMany('segments/', { maxPages: MAX_PAGES_PER_CHECK })) {
		const id = trimmedText(segment.segment_id);
		const title = trimmedText(segment.name);
		if (id === null || title === null) continue;
		directory.titleById.set(id.toLowerCase(), title);
		if (!directory.idByTitle.has(title.toLowerCase()))
			directory.idByTitle.set(title.toLowerCase(), id);
	}
	return directory;
}

/** The `segment` of the output, as the webhook delivers it: `{ segment_id, title }`. */
function deliveredSegment(
	segment: QualifiedSegment,
	directory: SegmentDirectory | undefined,
): DeliveredSegment {
	const segmentId =
		segment.segment_id ??
		(segment.title === null ? undefined : directory?.idByTitle.get(segment.title.toLowerCase()));
	const title =
		segment.title ??
		(segmentId === undefined ? undefined : directory?.titleById.get(segmentId.toLowerCase()));
	return { segment_id: segmentId ?? null, title: title ?? null };
}

/**
 * The output items, shaped like the webhook trigger's for the same event (no hook: `hook_id`
 * and `hook_title` are null, `hook` is empty), after the Segments option. `/segments/` is read
 * once when a segment lacks its ID or title (the API lists titles only).
 */
async function outputItems(
	client: SalespanelClient,
	spec: WindowEventSpec,
	found: Sighting[],
	options: WindowOptions,
): Promise<IDataObject[]> {
	const incomplete = found.some(
		({ segment }) =>
			segment !== undefined && (segment.segment_id === null || segment.title === null),
	);
	const directory = incomplete ? await segmentDirectory(client) : undefined;
	const items: IDataObject[] = [];
	for (const sighting of found) {
		// Raw items get their own copy: a lead with several new segments is in several items.
		const payload = options.simplify ? { ...sighting.lead } : deepCopy(sighting.lead);
		if (sighting.segment !== undefined)
			payload.segment = deliveredSegment(sighting.segment, directory);
		const delivery: Delivery = { event: spec.webhookEvent, hook: {}, payload };
		if (!segmentAllowed(options.segmentFilter, delivery)) continue;
		items.push(outputItem(delivery, options.simplify));
	}
	return items;
}

export interface PersonSelection {
	emit: IDataObject[];
	next: PersonState;
	/** Whether the whole 24-hour list was read. */
	full: boolean;
	/** Whether fingerprints still possibly listed were forgotten (more than MAX_REMEMBERED keys). */
	overflow: boolean;
}

/** How often a Person event reads the whole list, and the time of this check (wall clock). */
export interface PersonSchedule {
	fullEveryMs: number;
	nowMs: number;
	/** The cap's pace: a day divided by Max Requests per Day (0: no cap). */
	msPerRequest: number;
}

/**
 * The period of complete reads: the option's, but at least twice the time the cap gives to the
 * requests of the last complete read, so complete reads use at most half of the cap and checks
 * down to the previous one run in between (else, past ~4,200 leads at the defaults, every check
 * would read all leads). That stretch stops at MAX_FULL_READ_STRETCH_MS, well inside the 24 hours
 * an identification without activity stays listed.
 */
export const fullReadPeriod = (
	state: PersonState | undefined,
	{ fullEveryMs, msPerRequest }: PersonSchedule,
): number =>
	Math.max(
		fullEveryMs,
		Math.min(MAX_FULL_READ_STRETCH_MS, 2 * (state?.fullRequests ?? 0) * msPerRequest),
	);

const MAX_FULL_READ_STRETCH_MS = 12 * 3_600_000;

/** One production poll of a Person event: new leads or (lead, segment) pairs and the next state. */
export async function pollWindowEvent(
	check: CheckContext,
	spec: WindowEventSpec,
	event: PollEvent,
	state: PersonState | undefined,
	options: WindowOptions,
	schedule: PersonSchedule,
): Promise<PersonSelection> {
	const { nowMs } = schedule;
	const fullEveryMs = fullReadPeriod(state, schedule);
	const fullAtMs = state === undefined ? null : cursorMs(state.fullAt);
	// A clock set back (fullAt in the future) also reads the whole list, then starts counting anew.
	const full =
		state === undefined || fullAtMs === null || nowMs - fullAtMs >= fullEveryMs || fullAtMs > nowMs;
	const sentBefore = check.client.requestsSent;
	const fromMs = full ? null : cursorMs(state.cursor);
	// Sorted by last activity: past a lead last active before the previous read, nothing changed with activity.
	const leads = await readNewestFirst(
		check,
		spec,
		(page) =>
			fromMs !== null &&
			page.some((lead) => {
				const ms = lastSeen(lead);
				return ms !== undefined && ms < fromMs;
			}),
	);
	const seen = sightings(leads, spec);
	const cursor = newestActivity(leads, state?.cursor ?? null, check.ceilingMs);
	const fullAt = full ? cursorAt(nowMs) : (state?.fullAt ?? null);
	const fullRequests = full ? check.client.requestsSent - sentBefore : (state?.fullRequests ?? 0);
	if (state === undefined) {
		const kept = remember(
			seen.map((sighting) => sighting.key),
			[],
			0,
		);
		const floor = kept.listedCut ? floorAfterCut(seen, kept.seen, null, cursor) : null;
		const next: PersonState = {
			version: 2,
			event,
			cursor,
			fullAt,
			floor,
			seen: kept.seen,
			listed: kept.listed,
			fullRequests,
		};
		return { emit: [], next, full, overflow: kept.listedCut };
	}
	const known = new Set(state.seen);
	const floorMs = cursorMs(state.floor);
	const fresh = seen.filter(
		(sighting) =>
			!known.has(sighting.key) &&
			(floorMs === null || (sighting.lastSeenMs !== undefined && sighting.lastSeenMs > floorMs)),
	);
	// Between complete reads the order of the fingerprints stays as it is, so a quiet check
	// rewrites only the cursor, not the (up to 500 KB) list.
	if (fresh.length === 0 && !full) {
		return { emit: [], next: { ...state, cursor }, full, overflow: false };
	}
	// Oldest activity first, like the other events; a lead's segments in Salespanel's order.
	const oldestFirst = [...fresh].sort((a, b) => activeAt(a) - activeAt(b));
	const emit = await outputItems(check.client, spec, oldestFirst, options);
	// A complete read knows every listed key: the earlier ones not sighted are gone from the list.
	const kept = full
		? remember(
				seen.map((sighting) => sighting.key),
				state.seen,
				0,
			)
		: remember(
				fresh.map((sighting) => sighting.key),
				state.seen,
				state.listed,
			);
	// Only forgetting a key still listed needs the floor: a lead gone from the list comes back
	// only with new activity, and then its key counts as new again (see the module comment).
	const floor = !kept.listedCut
		? state.floor
		: full
			? floorAfterCut(seen, kept.seen, state.floor, cursor)
			: cursor;
	return {
		emit,
		next: { ...state, cursor, fullAt, floor, seen: kept.seen, listed: kept.listed, fullRequests },
		full,
		overflow: kept.listedCut,
	};
}

/**
 * The floor after a complete read forgot listed keys: the newest activity among their leads (so
 * the leads active after it, all remembered, stay exact), never lower than `previous`; `cursor`
 * when no forgotten lead has a time.
 */
function floorAfterCut(
	seen: Sighting[],
	kept: string[],
	previous: string | null,
	cursor: string | null,
): string | null {
	const remembered = new Set(kept);
	let newest = cursorMs(previous) ?? -Infinity;
	let timeless = false;
	for (const sighting of seen) {
		if (remembered.has(sighting.key)) continue;
		if (sighting.lastSeenMs === undefined) timeless = true;
		else newest = Math.max(newest, sighting.lastSeenMs);
	}
	if (timeless) return cursor;
	return newest === -Infinity ? previous : cursorAt(newest);
}

/** A manual test step: the most recently active lead (with a segment the option allows) as one item. */
export async function sampleWindowEvent(
	client: SalespanelClient,
	spec: WindowEventSpec,
	options: WindowOptions,
): Promise<IDataObject | undefined> {
	const limit = spec.webhookEvent === 'person.identified' ? 1 : PAGE_SIZE;
	const page = await client.getPage(spec.path, { ...spec.qs, limit, offset: 0 });
	const seen = sightings(page.items, spec);
	const [item] = await outputItems(client, spec, seen, options);
	return item;
}
