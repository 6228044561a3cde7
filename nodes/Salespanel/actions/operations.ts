import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { createActivity } from './activity/create.operation';
import { getManyActivities } from './activity/getAll.operation';
import { getManyLeads } from './lead/getAll.operation';
import { getManySegments } from './segment/getAll.operation';
import type { OperationDefinition, OperationModule, ResourceDefinition } from './types';
import { getManyVisitingCompanies } from './visitingCompany/getAll.operation';
import { getVisitor } from './visitor/get.operation';
import { getManyVisitors } from './visitor/getAll.operation';
import { getVisitorAttribution } from './visitor/getAttribution.operation';
import { identifyVisitor } from './visitor/identify.operation';
import { setVisitorAttributes } from './visitor/setAttributes.operation';

/** Ties `defaultOperation` to the resource's own operations: a default that is not one fails to compile. */
export function defineResource<Operation extends string>(
	definition: ResourceDefinition<Operation>,
): ResourceDefinition<Operation> {
	return definition;
}

/**
 * Everything the node offers, in one place: the Resource list, each resource's Operation list,
 * the `SalespanelResource` type and the router's dispatch all come from this table, so an
 * operation cannot be offered without a module to run it, or run without being offered.
 * Resources and operations stand in the order their fields appear in the node's properties.
 */
export const operationTable = {
	visitor: defineResource({
		name: 'Visitor',
		defaultOperation: 'getAll',
		operations: {
			getAll: {
				name: 'Get Many',
				description: 'Get many visitors, most recently active first',
				action: 'Get many visitors',
				module: getManyVisitors,
			},
			get: {
				name: 'Get',
				description: 'Get a visitor by ID',
				action: 'Get a visitor',
				module: getVisitor,
			},
			identify: {
				name: 'Identify',
				description: 'Associate an anonymous visitor with an email address',
				action: 'Identify a visitor',
				module: identifyVisitor,
			},
			setAttributes: {
				name: 'Set Attributes',
				description: 'Set custom attribute values on a visitor',
				action: 'Set attributes of a visitor',
				module: setVisitorAttributes,
			},
			getAttribution: {
				name: 'Get Attribution',
				description: 'Get first- and last-touch attribution of a visitor',
				action: 'Get attribution of a visitor',
				module: getVisitorAttribution,
			},
		},
	}),
	activity: defineResource({
		name: 'Activity',
		defaultOperation: 'getAll',
		operations: {
			getAll: {
				name: 'Get Many',
				description: "Get a visitor's page visits, email opens and custom activities",
				action: 'Get many activities',
				module: getManyActivities,
			},
			create: {
				name: 'Create',
				description: 'Log a custom activity for a visitor',
				action: 'Create a custom activity',
				module: createActivity,
			},
		},
	}),
	lead: defineResource({
		name: 'Lead',
		defaultOperation: 'getAll',
		operations: {
			getAll: {
				name: 'Get Many',
				description: 'Get many leads active in the last 24 hours, most recent first',
				action: 'Get many leads',
				module: getManyLeads,
			},
		},
	}),
	visitingCompany: defineResource({
		name: 'Visiting Company',
		defaultOperation: 'getAll',
		operations: {
			getAll: {
				name: 'Get Many',
				description: 'Get many companies that visited in the last 24 hours, most recent first',
				action: 'Get many visiting companies',
				module: getManyVisitingCompanies,
			},
		},
	}),
	segment: defineResource({
		name: 'Segment',
		defaultOperation: 'getAll',
		operations: {
			getAll: {
				name: 'Get Many',
				description: 'Get many segments of your account',
				action: 'Get many segments',
				module: getManySegments,
			},
		},
	}),
};

export type SalespanelResource = keyof typeof operationTable;

/** Preselected in the Resource list. */
const DEFAULT_RESOURCE: SalespanelResource = 'visitor';

const resourceKeys = Object.keys(operationTable) as SalespanelResource[];

const hasOwn = (object: object, key: string): boolean =>
	Object.prototype.hasOwnProperty.call(object, key);

/** n8n's lint rule for options lists: sorted by name. Plain code-unit order, so no locale can change it. */
const byName = (a: { name: string }, b: { name: string }): number =>
	a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

function operationsOf(key: SalespanelResource): Record<string, OperationDefinition> {
	return operationTable[key].operations;
}

/** The Resource list and, per resource, its Operation list followed by each operation's fields. */
export function nodeProperties(): INodeProperties[] {
	const resourceProperty: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resourceKeys
			.map((key) => ({ name: operationTable[key].name, value: key }))
			.sort(byName),
		default: DEFAULT_RESOURCE,
	};
	return [resourceProperty, ...resourceKeys.flatMap((key) => resourceProperties(key))];
}

function resourceProperties(key: SalespanelResource): INodeProperties[] {
	const operations = operationsOf(key);
	const { defaultOperation } = operationTable[key];
	const operationProperty: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [key] } },
		options: Object.entries(operations)
			.map(([value, { name, description, action }]) => ({ name, value, description, action }))
			.sort(byName),
		default: defaultOperation,
	};
	const fields = Object.entries(operations).flatMap(([value, { module }]) =>
		updateDisplayOptions({ show: { resource: [key], operation: [value] } }, module.fields),
	);
	return [operationProperty, ...fields];
}

/**
 * The module behind a stored Resource and Operation, or undefined for values this version does
 * not offer (a workflow saved by another version, or hand-edited). Only the table's own keys
 * count, so a value like "constructor" finds nothing.
 */
export function findOperation(
	resource: string,
	operation: string,
): OperationModule<unknown> | undefined {
	if (!hasOwn(operationTable, resource)) return undefined;
	const operations = operationsOf(resource as SalespanelResource);
	return hasOwn(operations, operation) ? operations[operation].module : undefined;
}
