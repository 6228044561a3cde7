// Retry timings and which statuses are retried (pure).
import {
	backoffDelay,
	isRetryableStatus,
	parseRetryAfter,
	retryDelay,
} from '../../../../../nodes/Salespanel/shared/transport/retry';

describe('parseRetryAfter', () => {
	it('reads whole and decimal seconds and HTTP dates', () => {
		expect(parseRetryAfter('12')).toBe(12_000);
		expect(parseRetryAfter('0.35')).toBe(350);
		expect(parseRetryAfter(['3'])).toBe(3_000);
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
	});
	it('gives undefined for absent or unreadable values, 0 for a past date', () => {
		expect(parseRetryAfter(undefined)).toBeUndefined();
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter('-4')).toBeUndefined();
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
	});
});

describe('retryDelay', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');
	it('never waits less than the back-off, whatever Retry-After says', () => {
		for (const retryAfter of ['0', '-5', 'soon', undefined, 'Wed, 31 Dec 2025 23:00:00 GMT']) {
			expect(retryDelay(retryAfter, 0, 1000, 30_000, now)).toBeGreaterThanOrEqual(500);
			expect(retryDelay(retryAfter, 3, 1000, 30_000, now)).toBeGreaterThanOrEqual(4000);
		}
	});
	it('waits what the server asks when that is longer', () => {
		expect(retryDelay('120', 0, 1000, 30_000, now)).toBe(120_000);
		expect(retryDelay('1000000', 0, 1000, 30_000, now)).toBe(1_000_000_000);
	});
});

describe('retry policy', () => {
	it('retries 5xx for GET only, 429 always, never other 4xx', () => {
		expect(isRetryableStatus('GET', 503)).toBe(true);
		expect(isRetryableStatus('POST', 500)).toBe(false);
		expect(isRetryableStatus('POST', 429)).toBe(true);
		expect(isRetryableStatus('GET', 404)).toBe(false);
	});
	it('backs off exponentially with jitter between 50 and 100 % of the capped ceiling', () => {
		expect(backoffDelay(0, 1000, 30_000, () => 0)).toBe(500);
		expect(backoffDelay(0, 1000, 30_000, () => 1)).toBe(1000);
		expect(backoffDelay(3, 1000, 30_000, () => 1)).toBe(8000);
		expect(backoffDelay(10, 1000, 30_000, () => 1)).toBe(30_000);
	});
});
