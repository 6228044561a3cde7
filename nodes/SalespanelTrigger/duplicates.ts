import { createHash } from 'crypto';
import type { NodeState } from '../Salespanel/helpers/nodeState';
import { asObject } from '../Salespanel/helpers/values';
import type { Delivery } from './webhookFilter';

/** A repeat within this time of the delivery that started an execution is dropped. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** At most this many fingerprints are kept (the newest ones). */
export const MAX_REMEMBERED_DELIVERIES = 500;

/** Key of the fingerprint map in the node's workflow static data. */
export const STATIC_DATA_KEY = 'recentDeliveries';

/**
 * JSON with object keys sorted at every level, so key order never changes a fingerprint.
 * Recursive: it is only given deliveries parseDelivery has bounded in depth and size.
 */
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

const withinWindow = (at: unknown, now: number): at is number =>
	typeof at === 'number' && Math.abs(now - at) < DUPLICATE_WINDOW_MS;

/**
 * Whether `fingerprint` was accepted within the window: a direct look-up, so a repeat costs
 * nothing. When it was not, it is remembered now (appended, so the map stays oldest first) and
 * fingerprints past the window or beyond the bounded count are dropped.
 */
export function isRepeatedDelivery(state: NodeState, fingerprint: string, now: number): boolean {
	// The stored fingerprint → accepted-at map (insertion order is oldest first).
	const remembered = asObject(state.stored[STATIC_DATA_KEY]);
	if (withinWindow(remembered[fingerprint], now)) return true;
	const kept = Object.entries(remembered)
		.filter(([key, at]) => key !== fingerprint && withinWindow(at, now))
		.slice(-(MAX_REMEMBERED_DELIVERIES - 1));
	kept.push([fingerprint, now]);
	state.save({ [STATIC_DATA_KEY]: Object.fromEntries(kept) });
	return false;
}
