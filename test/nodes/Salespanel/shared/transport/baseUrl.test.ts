// The Base URL rule as the transport applies it (pure: the credential's side is in
// test/credentials/SalespanelApi.test.ts, through the engine).
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveApiRoot } from '../../../../../nodes/Salespanel/shared/transport/baseUrl';

const node: INode = {
	id: '1',
	name: 'Salespanel',
	type: 'n8n-nodes-salespanel.salespanel',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

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
