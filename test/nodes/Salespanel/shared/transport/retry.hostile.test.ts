// Hostile servers against the retry timings (transport/retry.ts): nonsense or huge Retry-After,
// through the real n8n-core engine (the client in a probe node with a recording clock for waits
// of minutes).
import { DEFAULT_CLIENT_SETTINGS } from '../../../../../nodes/Salespanel/shared/transport';
import { recordingClock } from '../../../../tools/support/client-probe';
import { json } from '../../../../tools/support/loopback';
import { backoffFloor, description, useHostileApi } from './hostileApi';

const TOKEN = ['hostile', 'server', 'token', '3b9e1f0c7d'].join('-');
const { maxThrottleRetries, maxWaitMs } = DEFAULT_CLIENT_SETTINGS;
const { servers, listSegments, probe } = useHostileApi(TOKEN);

describe('Retry-After', () => {
	test.each([
		['0', () => '0'],
		['-5', () => '-5'],
		['a date in the past', () => new Date(Date.now() - 3_600_000).toUTCString()],
	])(
		'429 with Retry-After %s, forever: bounded attempts, each after the back-off floor, paced',
		async (_label, retryAfter) => {
			const clock = recordingClock();
			const arrivals: number[] = [];
			servers.api.handle = (_req, res) => {
				arrivals.push(clock.now());
				json(res, 429, { detail: 'Request was throttled.' }, { 'Retry-After': retryAfter() });
			};
			const pacing = { requestsPerWindow: 3, windowMs: 10_000 };
			const result = await probe(
				{ clock, pacing },
				async (client) => await client.request({ method: 'GET', path: 'segments/' }),
			);
			expect(result.error?.message).toBe(
				'Salespanel throttled the requests (429): Request was throttled.',
			);
			expect(description(result)).toMatch(
				new RegExp(
					`^Throttled ${maxThrottleRetries + 1} times in a row for one request .*gave up after ${maxThrottleRetries} retries\\.`,
				),
			);
			expect(servers.api.hits).toHaveLength(maxThrottleRetries + 1);
			// Every retry waited at least the back-off floor of its attempt …
			const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]);
			gaps.forEach((gap, attempt) => expect(gap).toBeGreaterThanOrEqual(backoffFloor(attempt)));
			// … and went through the pacer: never more than 3 requests in any 10 s.
			arrivals.forEach((at) =>
				expect(
					arrivals.filter((other) => other > at - pacing.windowMs && other <= at).length,
				).toBeLessThanOrEqual(3),
			);
			expect(clock.waits.length).toBeGreaterThanOrEqual(maxThrottleRetries);
		},
	);

	test('429 with Retry-After 0 through the Salespanel node: retried after the floor, then succeeds', async () => {
		let throttled = 0;
		servers.api.handle = (_req, res) =>
			throttled++ < 2
				? json(res, 429, { detail: 'Request was throttled.' }, { 'Retry-After': '0' })
				: json(res, 200, []);
		const started = Date.now();
		const result = await listSegments();
		expect(result.error).toBeUndefined();
		expect(servers.api.hits).toHaveLength(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(backoffFloor(0) + backoffFloor(1));
	});

	test('503 with Retry-After 1,000,000 s: no sleep at all, a clear error at once', async () => {
		const clock = recordingClock();
		servers.api.handle = (_req, res) =>
			json(
				res,
				503,
				{ detail: 'Service temporarily unavailable, try again later.' },
				{ 'Retry-After': '1000000' },
			);
		const result = await probe(
			{ clock },
			async (client) => await client.request({ method: 'GET', path: 'segments/' }),
		);
		expect(result.error?.message).toBe(
			'Salespanel had a server error (503): Service temporarily unavailable, try again later.',
		);
		expect(description(result)).toBe(
			`Salespanel asked to wait 1000000 s before trying again, past the ${maxWaitMs / 1000} s limit for one request (0 s waited already). This is usually temporary: try again later.`,
		);
		expect(clock.waits).toEqual([]);
		expect(servers.api.hits).toHaveLength(1);
	});

	test('503 with Retry-After 1,000,000 s through the Salespanel node: one request, then the error', async () => {
		servers.api.handle = (_req, res) =>
			json(res, 503, { detail: 'Down.' }, { 'Retry-After': '1000000' });
		const result = await listSegments();
		expect(result.error?.message).toBe('Salespanel had a server error (503): Down.');
		expect(description(result)).toMatch(/^Salespanel asked to wait 1000000 s before trying again/);
		expect(servers.api.hits).toHaveLength(1);
	});

	test('waits add up: a second 200 s Retry-After passes the 300 s budget and stops', async () => {
		const clock = recordingClock();
		servers.api.handle = (_req, res) =>
			json(res, 502, { detail: 'Bad gateway.' }, { 'Retry-After': '200' });
		const result = await probe(
			{ clock },
			async (client) => await client.request({ method: 'GET', path: 'segments/' }),
		);
		expect(clock.waits).toEqual([200_000]);
		expect(servers.api.hits).toHaveLength(2);
		expect(description(result)).toMatch(
			/^Salespanel asked to wait 200 s before trying again, past the 300 s limit for one request \(200 s waited already\)/,
		);
	});
});
