import type { IDataObject } from 'n8n-workflow';

import { simplifyVisitor } from '../Salespanel/helpers/simplify';

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

/** The "All Events" value of the Events parameter. */
export const ALL_EVENTS = '*';

export interface Delivery {
	event: WebhookEvent;
	hook: IDataObject;
	payload: IDataObject;
}

export type ParseResult = { ok: true; delivery: Delivery } | { ok: false; reason: string };

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const isWebhookEvent = (value: string): value is WebhookEvent =>
	(WEBHOOK_EVENTS as readonly string[]).includes(value);

export const isSegmentEvent = (event: WebhookEvent): boolean => event.endsWith('.segment_qualified');

/**
 * The request body as an object. n8n has parsed JSON bodies already; a body sent with another
 * content type arrives as text (or raw bytes) and is parsed here.
 */
function bodyAsValue(body: unknown, rawBody: unknown): { ok: true; value: unknown } | { ok: false } {
	let candidate: unknown = body;
	const emptyObject = isObject(body) && Object.keys(body).length === 0;
	if (emptyObject && rawBody instanceof Uint8Array && rawBody.length > 0) candidate = rawBody;
	if (candidate instanceof Uint8Array) candidate = new TextDecoder().decode(candidate);
	if (typeof candidate !== 'string') return { ok: true, value: candidate };
	try {
		return { ok: true, value: JSON.parse(candidate) as unknown };
	} catch {
		return { ok: false };
	}
}

/** Checks the shape Salespanel documents: `{ hook: { id, event, target, title }, payload: {…} }`. */
export function parseDelivery(body: unknown, rawBody?: unknown): ParseResult {
	const parsed = bodyAsValue(body, rawBody);
	if (!parsed.ok) return { ok: false, reason: 'The request body is not valid JSON' };
	const value = parsed.value;
	if (!isObject(value)) return { ok: false, reason: 'The request body must be a JSON object' };
	if (!isObject(value.hook)) return { ok: false, reason: 'The request body has no "hook" object' };
	const event = value.hook.event;
	if (typeof event !== 'string' || event.trim() === '') {
		return { ok: false, reason: 'The request body has no "hook.event"' };
	}
	if (!isObject(value.payload)) {
		return { ok: false, reason: 'The request body has no "payload" object' };
	}
	const name = event.trim();
	if (!isWebhookEvent(name)) return { ok: false, reason: `Unknown Salespanel event "${name}"` };
	return { ok: true, delivery: { event: name, hook: value.hook, payload: value.payload } };
}

/** Whether the delivered event is one of the events selected in the node. */
export function eventSelected(selected: unknown, event: WebhookEvent): boolean {
	const list = Array.isArray(selected) ? selected.map(String) : [];
	return list.includes(ALL_EVENTS) || list.includes(event);
}

/** "Enterprise Prospects, 9887ba45-…" → lower-cased, trimmed, de-duplicated entries. */
export function parseSegmentFilter(text: unknown): string[] {
	if (typeof text !== 'string') return [];
	const entries = text
		.split(',')
		.map((entry) => entry.trim().toLowerCase())
		.filter((entry) => entry !== '');
	return [...new Set(entries)];
}

export interface DeliveredSegment extends IDataObject {
	segment_id: string | null;
	title: string | null;
}

const text = (value: unknown): string | null =>
	typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : null;

/** `payload.segment` of a segment event, or null when Salespanel sent none. */
export function deliveredSegment(payload: IDataObject): DeliveredSegment | null {
	const segment = payload.segment;
	if (!isObject(segment)) return null;
	return { segment_id: text(segment.segment_id), title: text(segment.title ?? segment.name) };
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
		hook_id: text(hook.id),
		hook_title: text(hook.title),
		...simplifyVisitor(payload),
	};
	if (isSegmentEvent(event)) item.segment = deliveredSegment(payload);
	return item;
}
