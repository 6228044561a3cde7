// The Segments picker (shared/pickers/segments.ts, both triggers' Segments field): getSegments
// through n8n-core's LoadOptionsContext against the sandbox, and without a credential.
// Hostile servers: segments.hostile.test.ts.
import { NO_CREDENTIAL_MESSAGE } from '../../../../../nodes/Salespanel/shared/pickers/segments';
import { startSandbox, type Sandbox } from '../../../../tools/sandbox';
import { createSalespanelEngine as engineFor } from '../../../../tools/support/node-env';
import { loopbackOnly } from '../../../../tools/support/loopbackApi';
import { loadSegments as getSegments } from './pickerCalls';

loopbackOnly();

describe('Segments picker: getSegments through n8n-core LoadOptionsContext', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ seed: 5, throttle: false });
	});
	afterAll(async () => await sandbox.close());

	test('lists every segment of the sandbox account: title shown, segment ID stored, sorted by title', async () => {
		const before = sandbox.requests.length;
		const options = await getSegments(engineFor(sandbox.url, sandbox.token));
		const expected = sandbox.store.segments
			.map((s) => ({
				name: s.name,
				value: s.segment_id,
				description: `Segment ID ${s.segment_id}`,
			}))
			.sort((a, b) => a.name.localeCompare(b.name));
		expect(sandbox.store.segments.length).toBeGreaterThan(1);
		expect(options).toEqual(expected);
		const sent = sandbox.requests.slice(before);
		expect(sent.map((r) => r.path)).toEqual(['/api/v1/segments/']);
	});

	test('also reads an account whose /segments/ answers a bare list', async () => {
		const bare = await startSandbox({ seed: 5, throttle: false, segmentsPaginated: false });
		try {
			const options = await getSegments(engineFor(bare.url, bare.token));
			expect(options.map((o) => o.value).sort()).toEqual(
				bare.store.segments.map((s) => s.segment_id).sort(),
			);
		} finally {
			await bare.close();
		}
	});

	test('without a credential: the message says how to add one or type values, and nothing is sent', async () => {
		const before = sandbox.requests.length;
		await expect(getSegments(engineFor(sandbox.url, sandbox.token), [])).rejects.toThrow(
			NO_CREDENTIAL_MESSAGE,
		);
		expect(NO_CREDENTIAL_MESSAGE).toMatch(/Salespanel API credential.*Expression.*titles or IDs/);
		expect(sandbox.requests.length).toBe(before);
	});

	test('a wrong token gives Salespanel\'s 401 message, not the "add a credential" one; the status once (the editor shows "401 - <message>")', async () => {
		const error = (await getSegments(engineFor(sandbox.url, 'wrong-token')).catch(
			(e: unknown) => e,
		)) as { message: string; httpCode?: string };
		expect(error.message).toBe('Salespanel did not accept the API token: Invalid token.');
		expect(error.httpCode).toBe('401');
	});
});
