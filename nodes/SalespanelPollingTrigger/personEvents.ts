import type { IDataObject } from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

import { PAGE_SIZE, type SalespanelClient } from '../Salespanel/transport';
import {
	outputItem,
	parseSegmentFilter,
	segmentAllowed,
	type Delivery,
	type DeliveredSegment,
} from '../SalespanelTrigger/webhookFilter';
import { isObject, trimmedText } from '../Salespanel/helpers/values';
import { lastSeen, type PollEvent, type WindowEventSpec } from './events';
import { readNewestFirst, type CheckContext } from './newestFirst';
import type { Selection } from './newRecords';
import {
	cursorAt,
	cursorMs,
	emptyState,
	MAX_REMEMBERED,
	MAX_SEGMENT_KEY_LENGTH,
	type CursorState,
} from './storedState';

/**
 * Person Identified and Person Segment Qualified. Salespanel has no list of identifications or
 * qualifications, only `/leads/`: the identified visitors active in the last 24 hours, each with
 * its `qualified_segments`. A check reads that whole list and emits the leads, or (lead, segment)
 * pairs, not seen by an earlier check. Remembered keys outlive the 24 hours, so a lead that
 * drops out of the list and comes back is not new again.
 *
 * Past MAX_REMEMBERED keys, the keys seen longest ago are forgotten. A forgotten key that is
 * still in the list raises the state's `cursor` to its lead's last_seen: a key that is not
 * remembered counts as new only when its lead was active after `cursor`. So a list holding more
 * keys than the bound does not emit its overflow again on every check.
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
	/** Identity within the lead: the segment ID, else the lower-cased title, else Salespanel's numeric id. */
	key: string;
	segment_id: string | null;
	title: string | null;
}

interface Sighting {
	/** `<contact_id>` or `<contact_id>|<segment key>`. */
	key: string;
	lead: IDataObject;
	lastSeenMs: number | undefined;
	segment?: QualifiedSegment;
}

const DAY_MS = 86_400_000;

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
export function qualifiedSegments(lead: IDataObject): QualifiedSegment[] {
	const list = lead.qualified_segments;
	if (!Array.isArray(list)) return [];
	const segments: QualifiedSegment[] = [];
	const keys = new Set<string>();
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
		const identity =
			segmentId !== null
				? segmentId.toLowerCase()
				: title !== null
					? `title:${title.toLowerCase()}`
					: pk !== null
						? `id:${pk}`
						: null;
		if (identity === null) continue;
		const key = identity.slice(0, MAX_SEGMENT_KEY_LENGTH);
		if (keys.has(key)) continue;
		keys.add(key);
		segments.push({ key, segment_id: segmentId, title });
	}
	return segments;
}

const activeAt = (sighting: Sighting) => sighting.lastSeenMs ?? Number.MIN_SAFE_INTEGER;

/** The event's keys in the list, most recently active first; each lead counts once (pages may overlap). */
function sightings(leads: IDataObject[], spec: WindowEventSpec): Sighting[] {
	const found: Sighting[] = [];
	const contacts = new Set<string>();
	for (const lead of leads) {
		const contact = spec.key(lead);
		if (contact === undefined || contacts.has(contact)) continue;
		contacts.add(contact);
		const lastSeenMs = lastSeen(lead);
		if (spec.webhookEvent === 'person.identified') {
			found.push({ key: contact, lead, lastSeenMs });
			continue;
		}
		for (const segment of qualifiedSegments(lead)) {
			found.push({ key: `${contact}|${segment.key}`, lead, lastSeenMs, segment });
		}
	}
	return found.sort((a, b) => activeAt(b) - activeAt(a));
}

/**
 * The state after a check that saw `seen`: those keys first, then the remembered keys not seen
 * now, at most MAX_REMEMBERED. Keys cut while still in the list raise `cursor` (see above).
 */
function remember(state: CursorState, seen: Sighting[], ceilingMs: number): CursorState {
	const keys = [...new Set([...seen.map((sighting) => sighting.key), ...state.keys])];
	if (keys.length <= MAX_REMEMBERED) return { ...state, keys };
	const kept = keys.slice(0, MAX_REMEMBERED);
	const keptKeys = new Set(kept);
	let settledMs = cursorMs(state.cursor);
	for (const sighting of seen) {
		if (keptKeys.has(sighting.key)) continue;
		// A lead without last_seen is settled by any cursor; the start of the 24 hours is one.
		const ms = Math.min(sighting.lastSeenMs ?? ceilingMs - DAY_MS, ceilingMs);
		if (settledMs === null || ms > settledMs) settledMs = ms;
	}
	return { ...state, cursor: settledMs === null ? null : cursorAt(settledMs), keys: kept };
}

/** Segment titles by ID and IDs by title, from `/segments/`, to complete a qualified segment. */
interface SegmentDirectory {
	titleById: Map<string, string>;
	idByTitle: Map<string, string>;
}

async function segmentDirectory(client: SalespanelClient): Promise<SegmentDirectory> {
	const directory: SegmentDirectory = { titleById: new Map(), idByTitle: new Map() };
	for (const segment of await client.getMany('segments/', {})) {
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

/** One production poll of a Person event: new leads or (lead, segment) pairs and the next state. */
export async function pollWindowEvent(
	check: CheckContext,
	spec: WindowEventSpec,
	event: PollEvent,
	state: CursorState | undefined,
	options: WindowOptions,
): Promise<Selection> {
	// The whole 24-hour list: a lead identified or qualified without new activity is anywhere in it.
	const leads = await readNewestFirst(check, spec, () => false);
	const seen = sightings(leads, spec);
	if (state === undefined) {
		return { emit: [], next: remember(emptyState(event), seen, check.ceilingMs) };
	}
	const known = new Set(state.keys);
	const settledMs = cursorMs(state.cursor);
	const fresh = seen.filter(
		(sighting) =>
			!known.has(sighting.key) &&
			(settledMs === null ||
				(sighting.lastSeenMs !== undefined && sighting.lastSeenMs > settledMs)),
	);
	// Nothing new: the state stays as stored, so n8n has nothing to write.
	if (fresh.length === 0) return { emit: [], next: state };
	// Oldest activity first, like the other events; a lead's segments in Salespanel's order.
	const oldestFirst = [...fresh].sort((a, b) => activeAt(a) - activeAt(b));
	const emit = await outputItems(check.client, spec, oldestFirst, options);
	return { emit, next: remember(state, seen, check.ceilingMs) };
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
