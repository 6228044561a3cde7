import { createHash, timingSafeEqual } from 'crypto';

import { WEBHOOK_EVENTS, type Delivery, type WebhookEvent } from '../shared/eventOutput';
import { isObject } from '../shared/helpers/values';
import { shortened } from '../shared/pickers/labels';

/** The "All Events" value of the Events parameter. */
const ALL_EVENTS = '*';

/** Largest delivery read, in characters of JSON: Salespanel's deliveries are a few kilobytes. */
export const MAX_DELIVERY_CHARS = 1_048_576;

/** Deepest nesting read: Salespanel's deliveries nest 4 levels (payload.acquisition_details.landing_location). */
export const MAX_DELIVERY_DEPTH = 32;

/** Longest part of a delivered value a rejection reason repeats. */
export const MAX_ECHOED_CHARS = 40;

/**
 * Keys n8n drops when it copies workflow data (`__proto__` would even replace an object's
 * prototype): a delivery carrying one is refused rather than passed on incomplete.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type Rejection = { ok: false; status: 400 | 413; reason: string };

export type ParseResult = { ok: true; delivery: Delivery } | Rejection;

const isWebhookEvent = (value: string): value is WebhookEvent =>
	(WEBHOOK_EVENTS as readonly string[]).includes(value);

/** A delivered text as a rejection reason may repeat it: at most MAX_ECHOED_CHARS characters. */
export const clip = (text: string): string => shortened(text, MAX_ECHOED_CHARS);

const reject = (status: 400 | 413, reason: string): Rejection => ({ ok: false, status, reason });

const tooLarge = () =>
	reject(
		413,
		`The delivery is larger than ${MAX_DELIVERY_CHARS} characters of JSON; Salespanel's deliveries are a few kilobytes`,
	);

/**
 * Walks the delivered value without recursion and stops at the first problem: nesting deeper
 * than MAX_DELIVERY_DEPTH, more than MAX_DELIVERY_CHARS of JSON, or a reserved key. Everything
 * that later walks the delivery recursively (duplicate fingerprint, n8n's copies of the item)
 * then only sees bounded values.
 */
function checkShape(root: unknown): Rejection | undefined {
	const pending: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 1 }];
	let size = 0;
	while (pending.length > 0) {
		const { value, depth } = pending.pop() as { value: unknown; depth: number };
		if (typeof value === 'string') size += value.length + 2;
		else if (typeof value === 'number') size += String(value).length;
		else if (value === null || typeof value !== 'object') size += 5;
		else {
			if (depth > MAX_DELIVERY_DEPTH) {
				return reject(400, `The delivery is nested more than ${MAX_DELIVERY_DEPTH} levels deep`);
			}
			const children = Array.isArray(value) ? (value as unknown[]) : Object.keys(value);
			size += 2 + children.length;
			if (size > MAX_DELIVERY_CHARS) return tooLarge();
			if (Array.isArray(value)) {
				for (const child of children) pending.push({ value: child, depth: depth + 1 });
			} else {
				const record = value as Record<string, unknown>;
				for (const key of children as string[]) {
					if (RESERVED_KEYS.has(key)) {
						return reject(400, `The delivery carries the key "${key}", which n8n cannot pass on`);
					}
					size += key.length + 3;
					pending.push({ value: record[key], depth: depth + 1 });
				}
			}
		}
		if (size > MAX_DELIVERY_CHARS) return tooLarge();
	}
	return undefined;
}

/**
 * The request body as a value. n8n has parsed JSON bodies already; a body sent with another
 * content type arrives as text (or raw bytes) and is parsed here, unless it is too large.
 */
function bodyAsValue(body: unknown, rawBody: unknown): { ok: true; value: unknown } | Rejection {
	let candidate: unknown = body;
	const emptyObject = isObject(body) && Object.keys(body).length === 0;
	if (emptyObject && rawBody instanceof Uint8Array && rawBody.length > 0) candidate = rawBody;
	if (candidate instanceof Uint8Array) {
		if (candidate.length > MAX_DELIVERY_CHARS * 4) return tooLarge();
		candidate = new TextDecoder().decode(candidate);
	}
	if (typeof candidate !== 'string') return { ok: true, value: candidate };
	if (candidate.length > MAX_DELIVERY_CHARS) return tooLarge();
	try {
		return { ok: true, value: JSON.parse(candidate) as unknown };
	} catch {
		return reject(400, 'The request body is not valid JSON');
	}
}

/**
 * Checks the size and depth of the delivery, then the shape Salespanel documents:
 * `{ hook: { id, event, target, title }, payload: {…} }`. A rejection's reason is short and
 * repeats at most MAX_ECHOED_CHARS characters of the delivery.
 */
export function parseDelivery(body: unknown, rawBody?: unknown): ParseResult {
	const parsed = bodyAsValue(body, rawBody);
	if (!parsed.ok) return parsed;
	const value = parsed.value;
	const problem = checkShape(value);
	if (problem !== undefined) return problem;
	if (!isObject(value)) return reject(400, 'The request body must be a JSON object');
	if (!isObject(value.hook)) return reject(400, 'The request body has no "hook" object');
	const event = value.hook.event;
	if (typeof event !== 'string' || event.trim() === '') {
		return reject(400, 'The request body has no "hook.event" text');
	}
	if (!isObject(value.payload)) return reject(400, 'The request body has no "payload" object');
	const name = event.trim();
	if (!isWebhookEvent(name)) return reject(400, `Unknown Salespanel event "${clip(name)}"`);
	return { ok: true, delivery: { event: name, hook: value.hook, payload: value.payload } };
}

/** Compares a delivered hook ID with the expected one without leaking where they differ. */
export function hookIdMatches(expected: string, delivered: unknown): boolean {
	if (typeof delivered !== 'string' && typeof delivered !== 'number') return false;
	const digest = (value: string) =>
		createHash('sha256').update(value.trim().toLowerCase()).digest();
	return timingSafeEqual(digest(expected), digest(String(delivered)));
}

/** Whether the delivered event is one of the events selected in the node. */
export function eventSelected(selected: unknown, event: WebhookEvent): boolean {
	const list = Array.isArray(selected) ? selected.map(String) : [];
	return list.includes(ALL_EVENTS) || list.includes(event);
}
