import { createHash } from 'crypto';
import type { NodeState } from '../shared/helpers/nodeState';
import type { Delivery } from '../shared/eventOutput';

/** A repeat within this time of the delivery that started an execution is dropped. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** At most this many deliveries are remembered (the newest ones). */
export const MAX_REMEMBERED_DELIVERIES = 500;

/**
 * Static data key of the remembered deliveries: one string of fixed-width records, oldest first.
 * n8n copies static data in and JSON-encodes it out for every delivery; one string costs a
 * fraction of what a 500-key object does.
 */
export const RECORDS_KEY = 'deliveryRecords';

/** Characters of a fingerprint (lowercase hex). */
export const FINGERPRINT_LENGTH = 32;

/** Characters of an accepted-at time: ms since 1970 in base 36, zero-padded (enough until 5188). */
const TIME_LENGTH = 9;

/** Characters of one record: fingerprint, then accepted-at time. */
export const RECORD_LENGTH = FINGERPRINT_LENGTH + TIME_LENGTH;

/** Longest record string a healthy store holds. */
const MAX_RECORDS_LENGTH = MAX_REMEMBERED_DELIVERIES * RECORD_LENGTH;

/** Longest record string still read (its newest records kept); a longer one is dropped unread. */
const MAX_SALVAGED_LENGTH = 2 * MAX_RECORDS_LENGTH;

const FINGERPRINT = new RegExp(`^[0-9a-f]{${FINGERPRINT_LENGTH}}$`);
const TIME = new RegExp(`^[0-9a-z]{${TIME_LENGTH}}$`);
const RECORD = new RegExp(`^[0-9a-f]{${FINGERPRINT_LENGTH}}[0-9a-z]{${TIME_LENGTH}}$`);
const LATEST_ENCODABLE_TIME = 36 ** TIME_LENGTH - 1;

/**
 * JSON with object keys sorted at every level, so key order never changes a fingerprint.
 * Recursive: it is only given deliveries parseDelivery has bounded in depth and size.
 */
function canonicalJson(value: unknown): string {
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
	return createHash('sha256').update(material).digest('hex').slice(0, FINGERPRINT_LENGTH);
}

const withinWindow = (at: number, now: number): boolean => Math.abs(now - at) < DUPLICATE_WINDOW_MS;

/** The time as a record stores it, or undefined when it has no such form (a clock out of range). */
export function encodeTime(ms: number): string | undefined {
	const whole = Math.floor(ms);
	if (!(whole >= 0 && whole <= LATEST_ENCODABLE_TIME)) return undefined;
	return whole.toString(36).padStart(TIME_LENGTH, '0');
}

/** The accepted-at time of the record at `start`, or NaN when it is damaged. */
function recordTime(records: string, start: number): number {
	const text = records.slice(start + FINGERPRINT_LENGTH, start + RECORD_LENGTH);
	return TIME.test(text) ? parseInt(text, 36) : NaN;
}

/**
 * Start of the record holding `fingerprint`, or -1. A match must start at a record boundary:
 * the text can also occur across the end of one fingerprint, its time and the next fingerprint.
 */
function recordStart(records: string, fingerprint: string): number {
	let at = records.indexOf(fingerprint);
	while (at !== -1) {
		const offset = at % RECORD_LENGTH;
		if (offset === 0) return at;
		at = records.indexOf(fingerprint, at - offset + RECORD_LENGTH);
	}
	return -1;
}

/**
 * The stored records, within the bound: a store that is not whole records (damaged) starts over,
 * a longer one keeps its newest records. Checked by length only, so a huge string costs nothing
 * here; a record itself is checked when read (at the front, or matched): checking every one would
 * scan the whole string on every delivery.
 */
function boundedRecords(stored: unknown): string {
	if (typeof stored !== 'string') return '';
	if (stored.length % RECORD_LENGTH !== 0 || stored.length > MAX_SALVAGED_LENGTH) return '';
	return stored.length > MAX_RECORDS_LENGTH ? stored.slice(-MAX_RECORDS_LENGTH) : stored;
}

/** Whether the record at `start` is intact and within the window. */
function isLiveRecord(records: string, start: number, now: number): boolean {
	if (!RECORD.test(records.slice(start, start + RECORD_LENGTH))) return false;
	return withinWindow(recordTime(records, start), now);
}

/**
 * Whether `fingerprint` was accepted within the window. When it was not, it is remembered now
 * (appended). Records past the window, or damaged, are dropped from the front, and the oldest
 * beyond the bound. Bounded work, nothing rebuilt or sorted: one native search, slices at the
 * ends. The static data is written only when the records changed.
 */
export function isRepeatedDelivery(state: NodeState, fingerprint: string, now: number): boolean {
	const acceptedAt = encodeTime(now);
	// Without a storable time (a clock before 1970) repeats cannot be told apart: run them.
	if (acceptedAt === undefined || !FINGERPRINT.test(fingerprint)) return false;
	const stored = state.stored[RECORDS_KEY];
	let records = boundedRecords(stored);
	let changed = stored !== undefined && records !== stored;

	let front = 0;
	while (front < records.length && !isLiveRecord(records, front, now)) front += RECORD_LENGTH;
	if (front > 0) {
		records = records.slice(front);
		changed = true;
	}

	const start = recordStart(records, fingerprint);
	if (start !== -1) {
		if (withinWindow(recordTime(records, start), now)) {
			if (changed) state.write(RECORDS_KEY, records);
			return true;
		}
		// Remembered but outside the window (a clock set back) or damaged: it moves to the end.
		records = records.slice(0, start) + records.slice(start + RECORD_LENGTH);
	}
	records += fingerprint + acceptedAt;
	if (records.length > MAX_RECORDS_LENGTH) records = records.slice(-MAX_RECORDS_LENGTH);
	state.write(RECORDS_KEY, records);
	return false;
}
