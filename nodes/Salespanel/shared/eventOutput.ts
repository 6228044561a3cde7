import type { IDataObject } from 'n8n-workflow';

import { simplifyVisitor } from './helpers/simplify';
import { isObject, visibleText } from './helpers/values';

// The event items both triggers output: the webhook trigger for a delivery, the polling trigger's
// Person events in the same shape, and the Segments option that narrows segment events in both.

/** The events Salespanel sends, as written in `hook.event`. */
export const WEBHOOK_EVENTS = [
	'person.identified',
	'person.page_visit',
	'person.segment_qualified',
	'company.identified',
	'company.page_visit',
	'company.segment_qualified',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Delivery {
	event: WebhookEvent;
	hook: IDataObject;
	payload: IDataObject;
}

const isSegmentEvent = (event: WebhookEvent): boolean => event.endsWith('.segment_qualified');

/**
 * The Segments option as lower-cased, trimmed, de-duplicated entries. Takes the list the picker
 * stores (segment IDs; an expression may give titles) and the comma-separated text that workflows
 * saved before the picker existed ("Enterprise Prospects, 9887ba45-…"). List entries are not split
 * at commas, so a title containing one still matches.
 */
export function parseSegmentFilter(value: unknown): string[] {
	const entries =
		typeof value === 'string'
			? value.split(',')
			: Array.isArray(value)
				? value.map((entry) =>
						typeof entry === 'string' || typeof entry === 'number' ? String(entry) : '',
					)
				: [];
	const normalized = entries
		.map((entry) => entry.trim().toLowerCase())
		.filter((entry) => entry !== '');
	return [...new Set(normalized)];
}

export interface DeliveredSegment extends IDataObject {
	segment_id: string | null;
	title: string | null;
}

/** `payload.segment` of a segment event, or null when Salespanel sent none. */
export function deliveredSegment(payload: IDataObject): DeliveredSegment | null {
	const segment = payload.segment;
	if (!isObject(segment)) return null;
	return {
		segment_id: visibleText(segment.segment_id),
		title: visibleText(segment.title ?? segment.name),
	};
}

/**
 * Whether the delivery passes the Segments option. The option only narrows segment events;
 * other events always pass. A segment event passes when its segment's title or ID is listed.
 */
export function segmentAllowed(filter: string[], delivery: Delivery): boolean {
	if (filter.length === 0 || !isSegmentEvent(delivery.event)) return true;
	const segment = deliveredSegment(delivery.payload);
	if (segment === null) return false;
	const names = [segment.title, segment.segment_id]
		.filter((name): name is string => name !== null)
		.map((name) => name.trim().toLowerCase());
	return names.some((name) => filter.includes(name));
}

/** The item the trigger outputs for an accepted delivery. */
export function outputItem(delivery: Delivery, simplify: boolean): IDataObject {
	const { event, hook, payload } = delivery;
	if (!simplify) return { event, hook, payload };
	const item: IDataObject = {
		event,
		hook_id: visibleText(hook.id),
		hook_title: visibleText(hook.title),
		...simplifyVisitor(payload),
	};
	if (isSegmentEvent(event)) item.segment = deliveredSegment(payload);
	return item;
}
