// The operation table (actions/operations.ts), a pure helper: the node's properties drawn from it, and
// the module a stored Resource and Operation find. The compile-time checks are in operationTable.types.ts.
import type { INodeProperties } from 'n8n-workflow';

import {
	findOperation,
	nodeProperties,
	operationTable,
} from '../../../../nodes/Salespanel/actions/operations';

const properties = nodeProperties();
const values = (property: INodeProperties) =>
	property.options?.map((o) => ('value' in o ? o.value : undefined));
const names = (property: INodeProperties) => property.options?.map((o) => o.name);
const byValue = <T extends { value: string }>(list: T[]) =>
	[...list].sort((a, b) => a.value.localeCompare(b.value));
const tableEntries = Object.entries(operationTable).flatMap(([resource, { operations }]) =>
	Object.entries(operations).map(([operation, definition]) => ({
		resource,
		operation,
		definition,
	})),
);

test('Resource first: every resource of the table, sorted by name, Visitor preselected', () => {
	const [resource] = properties;
	expect(resource.name).toBe('resource');
	expect(values(resource)).toEqual(['activity', 'lead', 'segment', 'visitingCompany', 'visitor']);
	expect(names(resource)).toEqual([...names(resource)!].sort());
	expect(resource.default).toBe('visitor');
});

test("each resource's Operation list: its operations sorted by name with the table's texts, its default preselected", () => {
	for (const [resource, { operations, defaultOperation }] of Object.entries(operationTable)) {
		const list = properties.filter(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === resource,
		);
		expect(list).toHaveLength(1);
		expect(list[0].default).toBe(defaultOperation);
		expect(names(list[0])).toEqual([...names(list[0])!].sort());
		const entries = Object.entries(operations).map(([value, { name, description, action }]) => ({
			name,
			value,
			description,
			action,
		}));
		expect(byValue(list[0].options as Array<{ value: string }>)).toEqual(byValue(entries));
	}
});

test("every operation's fields follow its Operation list, each shown for that resource and operation only", () => {
	for (const { resource, operation, definition } of tableEntries) {
		const shown = properties.filter(
			(p) =>
				p.displayOptions?.show?.operation?.includes(operation) &&
				p.displayOptions.show.resource?.includes(resource),
		);
		expect(shown.map((p) => p.name)).toEqual(definition.module.fields.map((f) => f.name));
		shown.forEach((p) =>
			expect(p.displayOptions?.show).toMatchObject({
				resource: [resource],
				operation: [operation],
			}),
		);
	}
	const fieldCount = tableEntries.reduce(
		(sum, { definition }) => sum + definition.module.fields.length,
		0,
	);
	expect(properties).toHaveLength(1 + Object.keys(operationTable).length + fieldCount);
});

test('a field keeps its own display conditions beside the ones the table adds (Limit only without Return All)', () => {
	const limit = properties.find(
		(p) => p.name === 'limit' && p.displayOptions?.show?.resource?.[0] === 'segment',
	);
	expect(limit?.displayOptions?.show).toEqual({
		resource: ['segment'],
		operation: ['getAll'],
		returnAll: [false],
	});
});

describe('findOperation', () => {
	test('finds the module of every offered Resource and Operation', () => {
		for (const { resource, operation, definition } of tableEntries)
			expect(findOperation(resource, operation)).toBe(definition.module);
	});

	test.each([
		['an unknown operation', 'visitor', 'delete'],
		['an operation of another resource', 'lead', 'identify'],
		['an unknown resource', 'contact', 'getAll'],
		['inherited keys as operation', 'visitor', 'constructor'],
		['__proto__ as operation', 'visitor', '__proto__'],
		['inherited keys as resource', 'toString', 'getAll'],
		['__proto__ as resource', '__proto__', 'getAll'],
	])('%s: nothing', (_what, resource, operation) => {
		expect(findOperation(resource, operation)).toBeUndefined();
	});
});
