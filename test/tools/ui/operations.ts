/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Every resource/operation of the built Salespanel node, read from its description (so a new
// operation is covered without touching the suite), with the required fields each one shows.
import path from 'node:path';

import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { repoRoot } from '../runner/project';

export interface OperationEntry {
	resource: string;
	resourceName: string;
	operation: string;
	operationName: string;
	/** The node creator's action text, e.g. "Get a visitor". */
	action: string;
	/** Required top-level fields shown for this resource/operation, in panel order. */
	required: INodeProperties[];
}

function loadDescription(file: string, className: string): INodeTypeDescription {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(path.join(repoRoot(), 'dist', 'nodes', file)) as Record<
		string,
		new () => INodeType
	>;
	return new mod[className]().description as INodeTypeDescription;
}

export const salespanelDescription = (): INodeTypeDescription =>
	loadDescription('Salespanel/Salespanel.node.js', 'Salespanel');
export const triggerDescription = (): INodeTypeDescription =>
	loadDescription('Salespanel/SalespanelTrigger.node.js', 'SalespanelTrigger');
export const pollingTriggerDescription = (): INodeTypeDescription =>
	loadDescription('Salespanel/SalespanelPollingTrigger.node.js', 'SalespanelPollingTrigger');

/** Top-level fields the panel shows for these values (n8n's own display rules). */
export function visibleFields(
	description: INodeTypeDescription,
	values: Record<string, unknown>,
): INodeProperties[] {
	const node = {
		typeVersion: Array.isArray(description.version)
			? Math.max(...description.version)
			: description.version,
	};
	const all =
		NodeHelpers.getNodeParameters(
			description.properties,
			values as never,
			true,
			false,
			node,
			description,
		) ?? {};
	return description.properties.filter((p) =>
		NodeHelpers.displayParameter(all, p, node, description),
	);
}

export function operationMatrix(description = salespanelDescription()): OperationEntry[] {
	const resourceProp = description.properties.find((p) => p.name === 'resource');
	if (!resourceProp?.options) throw new Error('Salespanel node has no Resource options');
	const entries: OperationEntry[] = [];
	for (const resource of resourceProp.options as Array<{ name: string; value: string }>) {
		const operationProp = description.properties.find(
			(p) =>
				p.name === 'operation' &&
				(p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource.value),
		);
		if (!operationProp?.options)
			throw new Error(`resource ${resource.value} has no Operation options`);
		for (const op of operationProp.options as Array<{
			name: string;
			value: string;
			action?: string;
		}>) {
			const fields = visibleFields(description, { resource: resource.value, operation: op.value });
			entries.push({
				resource: resource.value,
				resourceName: resource.name,
				operation: op.value,
				operationName: op.name,
				action: op.action ?? `${op.name} ${resource.name}`,
				required: fields.filter((f) => f.required === true && f.type !== 'notice'),
			});
		}
	}
	return entries;
}
