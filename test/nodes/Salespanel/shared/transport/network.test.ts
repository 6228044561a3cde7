// Network failures: which may be re-sent, finding their code (pure), and the advice for a TLS
// mismatch through the real engine.
import nock from 'nock';

import {
	isRetryableNetworkFailure,
	networkErrorCode,
} from '../../../../../nodes/Salespanel/shared/transport/network';
import { chain, manualTrigger } from '../../../../tools/harness';
import { json, startLoopback, type Loopback } from '../../../../tools/support/loopback';
import { createSalespanelEngine, salespanelNode } from '../../../../tools/support/node-env';
import { useNock } from '../../../../tools/support/nock';

const TOKEN = ['network', 'token', 'do-not-leak-5e21'].join('-');

useNock();

describe('network failures', () => {
	it('retries GETs after resets and time-outs but POSTs only when the connection was refused', () => {
		expect(isRetryableNetworkFailure('GET', 'ECONNRESET')).toBe(true);
		expect(isRetryableNetworkFailure('GET', 'ETIMEDOUT')).toBe(true);
		expect(isRetryableNetworkFailure('POST', 'ECONNRESET')).toBe(false);
		expect(isRetryableNetworkFailure('POST', 'ETIMEDOUT')).toBe(false);
		expect(isRetryableNetworkFailure('POST', 'ECONNREFUSED')).toBe(true);
		expect(isRetryableNetworkFailure('GET', 'ENOTFOUND')).toBe(false);
	});
	it('finds network codes through wrappers and messages', () => {
		expect(networkErrorCode({ message: 'x', cause: { code: 'ECONNRESET' } })).toBe('ECONNRESET');
		expect(networkErrorCode(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toBe('ECONNREFUSED');
		expect(networkErrorCode(new Error('socket hang up'))).toBe('ECONNRESET');
		expect(networkErrorCode(new Error('Bad request'))).toBeUndefined();
	});
});

describe('an https Base URL in front of a plain-http server', () => {
	let server: Loopback;
	beforeAll(async () => {
		nock.enableNetConnect('127.0.0.1');
		server = await startLoopback((_req, res) => json(res, 200, []));
	});
	afterAll(async () => {
		await server.close();
		nock.disableNetConnect();
	});

	test.each([
		['GET', { resource: 'segment', operation: 'getAll' }],
		[
			'POST',
			{
				resource: 'activity',
				operation: 'create',
				visitorIdentifier: 'jane@acme.com',
				category: 'c',
				label: 'l',
			},
		],
	])(
		'%s: names the TLS mismatch and the fix, once, and nothing reaches the server',
		async (_method, parameters) => {
			const tls = createSalespanelEngine(server.url.replace(/^http:/, 'https:'), TOKEN);
			const result = await tls.run(chain([manualTrigger(), salespanelNode(parameters)]));
			expect(result.error?.message).toBe(
				'Could not reach Salespanel: the secure (TLS) connection could not be set up (after 1 attempt)',
			);
			expect((result.error as { description?: string }).description).toMatch(
				/^Network error EPROTO\. The Base URL starts with https:\/\/, but the server .* does not speak TLS: usually a plain-http server\. For a local server without TLS use http:\/\/ .*check the Base URL's port\.$/,
			);
			expect(server.hits).toEqual([]);
			expect(JSON.stringify(result.raw)).not.toContain(TOKEN);
		},
	);
});
