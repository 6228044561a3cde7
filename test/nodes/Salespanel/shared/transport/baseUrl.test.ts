// The Base URL rule as the transport applies it (pure, then through the engine); the credential's
// side (notice and connection test) is in test/credentials/SalespanelApi.credentials.test.ts.
import { NodeOperationError } from 'n8n-workflow';

import { resolveApiRoot } from '../../../../../nodes/Salespanel/shared/transport/baseUrl';
import { chain, manualTrigger, toNode } from '../../../../tools/harness';
import { createSalespanelEngine, salespanelNode } from '../../../../tools/support/node-env';
import { useNock } from '../../../../tools/support/nock';

const node = toNode({ name: 'Salespanel', type: 'n8n-nodes-salespanel.salespanel' });

describe('resolveApiRoot', () => {
	it.each([
		['https://salespanel.io', 'https://salespanel.io/api/v1'],
		['https://salespanel.io/', 'https://salespanel.io/api/v1'],
		['  https://proxy.example.com/salespanel/ ', 'https://proxy.example.com/salespanel/api/v1'],
		['http://localhost:8787', 'http://localhost:8787/api/v1'],
		['http://127.0.0.1:9000/', 'http://127.0.0.1:9000/api/v1'],
		['http://[::1]:9000', 'http://[::1]:9000/api/v1'],
		['', 'https://salespanel.io/api/v1'],
	])('accepts %j', (input, expected) => {
		expect(resolveApiRoot(node, input)).toBe(expected);
	});

	it.each([
		'http://salespanel.io',
		'http://10.0.0.5:8000',
		'ftp://salespanel.io',
		'javascript:alert(1)',
		'not a url',
	])('refuses %j before any request', (input) => {
		expect(() => resolveApiRoot(node, input)).toThrow(NodeOperationError);
	});
});

describe('through the engine', () => {
	useNock();
	const TOKEN = ['base', 'url', 'token', '7c1d'].join('-');

	test('an insecure Base URL is refused before any request, by the node and the credential test', async () => {
		const insecure = createSalespanelEngine('http://salespanel.io', TOKEN);
		const result = await insecure.run(
			chain([manualTrigger(), salespanelNode({ resource: 'segment', operation: 'getAll' })]),
		);
		expect(result.error?.message).toBe(
			"The credential's Base URL uses plain http:// for a host other than localhost, 127.0.0.1 or [::1]",
		);
		const test = await insecure.testCredential('salespanelApi', {
			apiToken: TOKEN,
			baseUrl: 'http://example.com',
		});
		expect(test.status).toBe('Error');
		expect(result.unmatchedRequests).toEqual([]);
	});
});
