import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { Delivery } from './webhookFilter';

/** A repeat within this time of the delivery that started an execution is dropped. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** At most this many fingerprints are kept (the newest ones). */
export const MAX_REMEMBERED_DELIVERIES = 500;

/** Key of the fingerprint map in the node's workflow static data. */
export const STATIC_DATA_KEY = 'recentDeliveries';

/** JSON with object keys sorted at every level, so key order never changes a fingerprint. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map((entry) => canonicalJson(entry)).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		const entries = Object.keys(record)
			.filter((key) => record[key] !== undefined)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
		return `{${entries.join(',')}}`;
	}
	const json = JSON.stringify(value);
	return json === undefined ? 'null' : json;
}

/** Short hash of hook ID, event, contact ID and the payload's canonical JSON. */
export function deliveryFingerprint(delivery: Delivery): string {
	const { hook, event, payload } = delivery;
	const material = canonicalJson([hook.id ?? null, event, payload.contact_id ?? null, payload]);
	return createHash('sha256').update(material).digest('hex').slice(0, 32);
}

/** Compares a delivered hook ID with the expected one without leaking where they differ. */
export function hookIdMatches(expected: string, delivered: unknown): boolean {
	if (typeof delivered !== 'string' && typeof delivered !== 'number') return false;
	const digest = (value: string) => createHash('sha256').update(value.trim().toLowerCase()).digest();
	return timingSafeEqual(digest(expected), digest(String(delivered)));
}

/** The remembered fingerprints still inside the window, newest last, at most the bounded count. */
function recentEntries(staticData: IDataObject, now: number): Array<[string, number]> {
	const stored = staticData[STATIC_DATA_KEY];
	if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return [];
	return Object.entries(stored as Record<string, unknown>)
		.filter((entry): entry is [string, number] => typeof entry[1] === 'number')
		.filter(([, at]) => Math.abs(now - at) < DUPLICATE_WINDOW_MS)
		.sort((a, b) => a[1] - b[1])
		.slice(-MAX_REMEMBERED_DELIVERIES);
}

/**
 * Whether `fingerprint` was accepted within the window. When it was not, it is remembered now
 * (and old fingerprints are pruned), so the next identical delivery is recognised.
 */
export function isRepeatedDelivery(staticData: IDataObject, fingerprint: string, now: number): boolean {
	const entries = recentEntries(staticData, now);
	if (entries.some(([known]) => known === fingerprint)) return true;
	entries.push([fingerprint, now]);
	staticData[STATIC_DATA_KEY] = Object.fromEntries(entries.slice(-MAX_REMEMBERED_DELIVERIES));
	return false;
}
