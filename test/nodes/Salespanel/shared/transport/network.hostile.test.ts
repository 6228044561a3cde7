// Hostile servers against the network-failure rule (transport/network.ts): a server that stalls
// times out, and is retried like a reset for a read, never for a write. Through the real n8n-core
// engine, the client in a probe node with a recording clock and a short time-out.
import { DEFAULT_CLIENT_SETTINGS } from '../../../../../nodes/Salespanel/shared/transport';
import { PROBE_NAME, recordingClock } from '../../../../tools/support/client-probe';
import { json } from '../../../../tools/support/loopback';
import { backoffFloor, description, useHostileApi } from './hostileApi';

const TOKEN = ['hostile', 'server', 'token', '3b9e1f0c7d'].join('-');
const { maxRetries } = DEFAULT_CLIENT_SETTINGS;
const { servers, probe } = useHostileApi(TOKEN);

describe.each([
	['no answer at all', (res: import('node:http').ServerResponse) => void res],
	[
		'headers, then nothing',
		(res: import('node:http').ServerResponse) =>
			res.writeHead(200, { 'Content-Type': 'application/json' }).flushHeaders(),
	],
	[
		'half a body, then nothing',
		(res: import('node:http').ServerResponse) =>
			res.writeHead(200, { 'Content-Type': 'application/json' }).write('{"results": ['),
	],
])('a server that stalls (%s)', (_label, stall) => {
	const timeoutMs = 300;

	test('GET: says it timed out and is retried like a reset', async () => {
		const clock = recordingClock();
		servers.api.handle = (_req, res) => stall(res);
		const result = await probe(
			{ clock, timeoutMs },
			async (client) => await client.request({ method: 'GET', path: 'segments/' }),
		);
		expect(result.error?.message).toBe(
			`Could not reach Salespanel: the request timed out (after ${maxRetries + 1} attempts)`,
		);
		expect(description(result)).toMatch(/^Network error ETIMEDOUT\. Check the network/);
		expect(servers.api.hits).toHaveLength(maxRetries + 1);
		clock.waits.forEach((wait, attempt) =>
			expect(wait).toBeGreaterThanOrEqual(backoffFloor(attempt)),
		);
	});

	test('GET: a time-out, then an answer: succeeds', async () => {
		const clock = recordingClock();
		servers.api.handle = (_req, res) =>
			servers.api.hits.length === 1 ? stall(res) : json(res, 200, [{ segment_id: 's' }]);
		const result = await probe(
			{ clock, timeoutMs },
			async (client) => await client.request({ method: 'GET', path: 'segments/' }),
		);
		expect(result.json(PROBE_NAME)).toEqual([{ value: [{ segment_id: 's' }] }]);
		expect(servers.api.hits).toHaveLength(2);
	});

	test('POST: says it timed out, not repeated', async () => {
		servers.api.handle = (_req, res) => stall(res);
		const result = await probe(
			{ clock: recordingClock(), timeoutMs },
			async (client) =>
				await client.request({
					method: 'POST',
					path: 'custom-activity/create/',
					body: { label: 'l' },
				}),
		);
		expect(result.error?.message).toBe(
			'Could not reach Salespanel: the request timed out (after 1 attempt)',
		);
		expect(description(result)).toMatch(/^Network error ETIMEDOUT\. .*not repeated automatically/);
		expect(servers.api.hits).toHaveLength(1);
	});
});
