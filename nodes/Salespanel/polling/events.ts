import type { IDataObject } from 'n8n-workflow';
import { companyKey, contactKey } from '../shared/helpers/recordKeys';
import { asObject } from '../shared/helpers/values';

export type PollEvent =
	| 'newLead'
	| 'newVisitingCompany'
	| 'newVisitor'
	| 'leadActivity'
	| 'personIdentified'
	| 'personSegmentQualified';

interface BaseSpec {
	/** Collection path below /api/v1/. */
	path: string;
	qs: IDataObject;
	/** Identity of a record. */
	key: (item: IDataObject) => string | undefined;
}

/** Visitor-shaped records ordered newest first, detected by a timestamp cursor. */
export interface TimestampEventSpec extends BaseSpec {
	kind: 'timestamp';
	/** The moment that makes a record "new" for this event (ms since epoch). */
	timestamp: (item: IDataObject) => number | undefined;
	/**
	 * last_seen: never earlier than first_seen, and the list is sorted by it or by first_seen,
	 * newest first. Once a record's last_seen is older than the cursor, no later record in either
	 * order can be newer than the cursor, so paging stops there.
	 */
	stopAt: (item: IDataObject) => number | undefined;
}

/** Records without timestamps (visiting companies), detected by their keys. */
export interface KeyEventSpec extends BaseSpec {
	kind: 'key';
}

/**
 * Changes of the leads active in the last 24 hours (identification, segments), detected by
 * comparing the whole list with the leads and (lead, segment) pairs remembered from earlier checks.
 */
export interface WindowEventSpec extends BaseSpec {
	kind: 'window';
	/** The webhook event whose simplified output the items copy. */
	webhookEvent: 'person.identified' | 'person.segment_qualified';
}

export type EventSpec = TimestampEventSpec | KeyEventSpec | WindowEventSpec;

/** Milliseconds of an ISO 8601 timestamp; undefined when missing or unreadable. */
export function parseTimestamp(value: unknown): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

const firstSeen = (item: IDataObject) =>
	parseTimestamp(asObject(item.web_activity_summary).first_seen);
export const lastSeen = (item: IDataObject) =>
	parseTimestamp(asObject(item.web_activity_summary).last_seen);

/** New leads or visitors: listed by first activity, new by first_seen. */
const firstSeenEvent = (path: string): TimestampEventSpec => ({
	kind: 'timestamp',
	path,
	qs: { select_by_first_activity: true },
	key: contactKey,
	timestamp: firstSeen,
	stopAt: lastSeen,
});

/**
 * A lead's identity for the Person events: its whole contact ID, lower-cased (not cut, unlike the
 * record keys: these are fingerprinted, so two IDs sharing their first 300 characters stay two).
 */
export const leadIdentity = (lead: IDataObject): string | undefined =>
	typeof lead.contact_id === 'string' && lead.contact_id !== ''
		? lead.contact_id.toLowerCase()
		: undefined;

/** A Person event: the 24-hour list of leads, compared as a whole. */
const personEvent = (webhookEvent: WindowEventSpec['webhookEvent']): WindowEventSpec => ({
	kind: 'window',
	path: 'leads/',
	qs: {},
	key: leadIdentity,
	webhookEvent,
});

/** How each event is read and what makes a record new. */
export const EVENT_SPECS: Record<PollEvent, EventSpec> = {
	newLead: firstSeenEvent('leads/'),
	newVisitor: firstSeenEvent('visitors/'),
	leadActivity: {
		kind: 'timestamp',
		path: 'leads/',
		qs: {},
		key: contactKey,
		timestamp: lastSeen,
		stopAt: lastSeen,
	},
	newVisitingCompany: {
		kind: 'key',
		path: 'visiting-companies/',
		qs: { select_by_first_activity: true },
		key: companyKey,
	},
	personIdentified: personEvent('person.identified'),
	personSegmentQualified: personEvent('person.segment_qualified'),
};

export function isPollEvent(value: unknown): value is PollEvent {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENT_SPECS, value);
}
