import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import type { NodeState } from '../Salespanel/helpers/nodeState';
import { isObject } from '../Salespanel/helpers/values';
import type { Delivery } from './webhookFilter';

/** A repeat within this time of the delivery that started an execution is dropped. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** At most this many fingerprints are kept (the newest ones). */
export const MAX_REMEMBERED_DELIVERIES = 500;

/** Static data key of the fingerprint → accepted-at (ms) map: the O(1) look-up. */
export const FINGERPRINTS_KEY = 'deliveryFingerprints';

/**
 * Static data key of the same fingerprints joined oldest first, so the oldest one is found in
 * O(1): a JS object cannot hand out its first key without listing all of them.
 */
export const ORDER_KEY = 'deliveryOrder';

/** Static data key of the previous version's map, rebuilt for every delivery: migrated once. */
export const LEGACY_KEY = 'recentDeliveries';

/**
 * Characters of a fingerprint. Never an array index (at most 10 digits), so a fingerprint key
 * keeps its insertion place in the map.
 */
export const FINGERPRINT_LENGTH = 32;

const FINGERPRINT = /^[0-9a-f]{32}$/;

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

interface Remembered {
	map: IDataObject;
	order: string;
}

/**
 * The stored map and order as they are, when a few O(1) checks find them consistent: the order
 * is whole fingerprints within the bound and its newest one is in the map.
 */
function storedRemembered(state: NodeState): Remembered | undefined {
	const { stored } = state;
	const map = stored[FINGERPRINTS_KEY];
	const order = stored[ORDER_KEY];
	if (stored[LEGACY_KEY] !== undefined || !isObject(map) || typeof order !== 'string')
		return undefined;
	if (order.length % FINGERPRINT_LENGTH !== 0) return undefined;
	if (order.length > MAX_REMEMBERED_DELIVERIES * FINGERPRINT_LENGTH) return undefined;
	if (order === '') return Object.keys(map).length === 0 ? { map, order } : undefined;
	return typeof map[order.slice(-FINGERPRINT_LENGTH)] === 'number' ? { map, order } : undefined;
}

/**
 * Builds map and order from whatever usable entries are stored (the previous version's map
 * included), newest 500 within the window, and stores them. O(n): only for a first delivery,
 * the migration and damaged state.
 */
function rebuildRemembered(state: NodeState, now: number): Remembered {
	const latest = new Map<string, number>();
	for (const source of [state.stored[LEGACY_KEY], state.stored[FINGERPRINTS_KEY]]) {
		if (!isObject(source)) continue;
		for (const [key, at] of Object.entries(source)) {
			if (!FINGERPRINT.test(key) || !withinWindow(at, now)) continue;
			latest.set(key, Math.max(at, latest.get(key) ?? at));
		}
	}
	const kept = [...latest].sort((a, b) => a[1] - b[1]).slice(-MAX_REMEMBERED_DELIVERIES);
	const map: IDataObject = {};
	for (const [key, at] of kept) map[key] = at;
	const order = kept.map(([key]) => key).join('');
	state.write(LEGACY_KEY, undefined);
	return { map, order };
}

/** Position of `fingerprint` in `order`, or -1 (only whole fingerprints count). */
function positionInOrder(order: string, fingerprint: string): number {
	for (let at = order.indexOf(fingerprint); at !== -1; at = order.indexOf(fingerprint, at + 1)) {
		if (at % FINGERPRINT_LENGTH === 0) return at;
	}
	return -1;
}

/**
 * Whether `fingerprint` was accepted within the window: a direct look-up. When it was not, it
 * is remembered now (appended); fingerprints past the window are dropped from the front (the
 * oldest), and so is the oldest one beyond the bound. The map changes in place and nothing is
 * listed or rebuilt, so a delivery costs O(1) however many are remembered.
 */
export function isRepeatedDelivery(state: NodeState, fingerprint: string, now: number): boolean {
	const stored = storedRemembered(state);
	const remembered = stored ?? rebuildRemembered(state, now);
	const { map } = remembered;
	let { order } = remembered;
	const dropOldest = () => {
		delete map[order.slice(0, FINGERPRINT_LENGTH)];
		order = order.slice(FINGERPRINT_LENGTH);
	};
	const persist = () => {
		state.write(FINGERPRINTS_KEY, map);
		state.write(ORDER_KEY, order);
	};

	let changed = stored === undefined;
	while (order !== '' && !withinWindow(map[order.slice(0, FINGERPRINT_LENGTH)], now)) {
		dropOldest();
		changed = true;
	}
	if (withinWindow(map[fingerprint], now)) {
		if (changed) persist();
		return true;
	}
	// Remembered but outside the window (a clock set back): it moves to the end.
	const position = map[fingerprint] === undefined ? -1 : positionInOrder(order, fingerprint);
	if (position !== -1) {
		order = order.slice(0, position) + order.slice(position + FINGERPRINT_LENGTH);
	}
	if (map[fingerprint] !== undefined) delete map[fingerprint];
	map[fingerprint] = now;
	order += fingerprint;
	while (order.length > MAX_REMEMBERED_DELIVERIES * FINGERPRINT_LENGTH) dropOldest();
	persist();
	return false;
}
