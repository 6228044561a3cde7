// The Salespanel node class (nodes/Salespanel/Salespanel.node.ts) and what it wires: its properties from the
// operation table, the visitor pickers as listSearch methods, execute handed to the router, and the
// credential it asks for, through the real n8n-core engine against the sandbox.
import type { INodeProperties } from 'n8n-workflow';

import { nodeProperties, operationTable } from '../../../nodes/Salespanel/actions/operations';
import { Salespanel } from '../../../nodes/Salespanel/Salespanel.node';
import { chain, listSearch, manualTrigger } from '../../tools/harness';
import { createSalespanelEngine, NODE_NAME, salespanelNode } from '../../tools/support/node-env';
import { useNodeEnv } from '../../tools/support/operationTest';

const env = useNodeEnv({ visitors: 60 });
const node = new Salespanel();
const byName = (name: string) => node.description.properties.filter((p) => p.name === name);

describe('description', () => {
	test('its properties are the operation table’s: Resource, then each resource’s Operation list and fields', () => {
		expect(node.description.properties).toEqual(nodeProperties());
		const [resource] = byName('resource');
		expect(resource.options?.map((o) => ('value' in o ? o.value : undefined)).sort()).toEqual(
			Object.keys(operationTable).sort(),
		);
		for (const [key, { operations }] of Object.entries(operationTable)) {
			const list = byName('operation').find((p) => p.displayOptions?.show?.resource?.includes(key));
			expect(list?.options?.map((o) => ('value' in o ? o.value : undefined)).sort()).toEqual(
				Object.keys(operations).sort(),
			);
		}
	});

	test('one credential, salespanelApi, required', () => {
		expect(node.description.credentials).toEqual([{ name: 'salespanelApi', required: true }]);
	});
});

describe('listSearch', () => {
	const searchMethodsNamed = (properties: INodeProperties[]) =>
		properties.flatMap((p) =>
			(p.modes ?? [])
				.map((mode) => mode.typeOptions?.searchListMethod)
				.filter((m): m is string => !!m),
		);

	test('every picker the fields name is a method of the node, and each lists the sandbox’s visitors', async () => {
		const named = [...new Set(searchMethodsNamed(node.description.properties))].sort();
		expect(named).toEqual(Object.keys(node.methods.listSearch).sort());
		for (const method of named) {
			const result = await listSearch(
				env.engine,
				{
					type: 'n8n-nodes-salespanel.salespanel',
					credentials: ['salespanelApi'],
					parameters: { resource: 'visitor', operation: 'identify' },
				},
				method,
			);
			const ids = new Set(env.sandbox.store.visitors.map((v) => v.contact_id));
			expect(result.results.length).toBeGreaterThan(0);
			result.results.forEach((entry) => expect(ids.has(String(entry.value))).toBe(true));
		}
	});
});

describe('execute: the router runs the items', () => {
	test('every input item runs; its output is paired with it', async () => {
		const run = await env.run({ resource: 'segment', operation: 'getAll', limit: 1 }, [
			{ n: 1 },
			{ n: 2 },
		]);
		expect(run.error).toBeUndefined();
		expect(run.output(NODE_NAME).map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
	});

	test('a stored operation the table does not have: the router’s error, nothing sent', async () => {
		const run = await env.run({ resource: 'lead', operation: 'get' });
		expect(run.error?.message).toBe('The operation "get" of resource "lead" is not supported');
		expect(env.sandbox.requests).toEqual([]);
	});
});

describe('Authentication', () => {
	test("a wrong token: the message says so, shows Salespanel's detail and never the token", async () => {
		const engine = createSalespanelEngine(env.sandbox.url, 'wrong-token-value-123');
		const run = await engine.run(
			chain([manualTrigger(), salespanelNode({ resource: 'segment', operation: 'getAll' })]),
		);
		expect(run.error?.message).toBe(
			'Salespanel did not accept the API token (401): Invalid token.',
		);
		expect((run.error as { description?: string }).description).toMatch(/API token page/);
		expect(JSON.stringify(run.raw)).not.toContain('wrong-token-value-123');
		expect(env.sandbox.requests.map((r) => r.authorized)).toEqual([false]);
	});

	test('the credential test passes with the right token and fails with a wrong one', async () => {
		const ok = await env.engine.testCredential('salespanelApi', {
			apiToken: env.sandbox.token,
			baseUrl: env.sandbox.url,
		});
		expect(ok.status).toBe('OK');
		const bad = await env.engine.testCredential('salespanelApi', {
			apiToken: 'nope',
			baseUrl: env.sandbox.url,
		});
		expect(bad.status).toBe('Error');
		// n8n's credential tester reports its own text for a 401, not the response body.
		expect(bad.message).toBe('Authorization failed - please check your credentials');
		const [first, ...rest] = env.sandbox.requests.map((r) => [r.path, r.query.limit, r.authorized]);
		expect(first).toEqual(['/api/v1/visitors/', '1', true]);
		expect(rest.length).toBeGreaterThan(0);
		rest.forEach((request) => expect(request).toEqual(['/api/v1/visitors/', '1', false]));
	});
});
