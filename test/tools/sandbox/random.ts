export type Rng = () => number;

/** mulberry32: tiny deterministic 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): Rng {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Integer in [min, max] inclusive. */
export function int(rng: Rng, min: number, max: number): number {
	return min + Math.floor(rng() * (max - min + 1));
}

export function chance(rng: Rng, p: number): boolean {
	return rng() < p;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
	return items[Math.floor(rng() * items.length)];
}

export function sample<T>(rng: Rng, items: readonly T[], n: number): T[] {
	const copy = items.slice();
	shuffle(rng, copy);
	return copy.slice(0, Math.min(n, copy.length));
}

export function shuffle<T>(rng: Rng, items: T[]): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(rng() * (i + 1));
		const tmp = items[i];
		items[i] = items[j];
		items[j] = tmp;
	}
	return items;
}

function hex(rng: Rng, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += Math.floor(rng() * 16).toString(16);
	return out;
}

/** 8-4-4-4-12 lowercase hex id; like Salespanel's documented ids, not necessarily RFC-4122 valid. */
export function uuidLike(rng: Rng): string {
	return `${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}`;
}

/** DRF-style ISO 8601 timestamp with whole seconds: `2024-01-15T10:30:00Z`. */
export function isoSeconds(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
