/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Workflow JSON as n8n's editor exports it (the per-operation tests' `<op>.workflow.json`, read like
// n8n's own node tests), made runnable by the harness engine, and the variants a test derives from it.
import { readFileSync } from 'node:fs';
import type { IConnections, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { ITEMS_TYPE, MANUAL_TRIGGER_TYPE, type WorkflowJson } from '../harness';

/** n8n-nodes-base is not a dependency of this package: its Manual Trigger runs as the harness's stand-in. */
const STAND_INS: Record<string, string> = { 'n8n-nodes-base.manualTrigger': MANUAL_TRIGGER_TYPE };

/** Reads an exported workflow; every node type must be the package's own or have a stand-in. */
export function readWorkflowFile(path: string): WorkflowJson {
	const json = JSON.parse(readFileSync(path, 'utf8')) as WorkflowJson;
	return {
		...json,
		nodes: json.nodes.map((node) => ({ ...node, type: STAND_INS[node.type] ?? node.type })),
	};
}

/** The node named `nodeName` of a workflow, as saved (its parameters are what the editor stored). */
export function workflowNode(workflow: WorkflowJson, nodeName: string): INode {
	const node = workflow.nodes.find((candidate) => candidate.name === nodeName);
	if (node === undefined) throw new Error(`The workflow has no node "${nodeName}"`);
	return node;
}

export interface WorkflowVariant {
	/** Replace these top-level parameters of the node (the others stay as saved). */
	parameters?: INodeParameters;
	/** Node settings, e.g. `{ onError: 'continueRegularOutput' }`. */
	settings?: Partial<INode>;
	/** Feed the node these items instead of its saved input (an Items node is put in front of it). */
	input?: IDataObject[];
}

/** A copy of `workflow` in which the node `nodeName` runs with the given changes. */
export function workflowVariant(
	workflow: WorkflowJson,
	nodeName: string,
	variant: WorkflowVariant,
): WorkflowJson {
	workflowNode(workflow, nodeName);
	const nodes = workflow.nodes.map((node) =>
		node.name === nodeName
			? { ...node, ...variant.settings, parameters: { ...node.parameters, ...variant.parameters } }
			: node,
	);
	if (variant.input === undefined) return { ...workflow, nodes };
	const itemsName = `Items for ${nodeName}`;
	const connections: IConnections = {};
	for (const [source, byType] of Object.entries(workflow.connections)) {
		const main = (byType.main ?? []).map((targets) =>
			(targets ?? []).map((target) =>
				target.node === nodeName ? { ...target, node: itemsName } : target,
			),
		);
		connections[source] = { ...byType, main };
	}
	connections[itemsName] = { main: [[{ node: nodeName, type: 'main', index: 0 }]] };
	const [x, y] = workflowNode(workflow, nodeName).position;
	return {
		...workflow,
		nodes: [
			...nodes,
			{
				id: 'items-input',
				name: itemsName,
				type: ITEMS_TYPE,
				typeVersion: 1,
				position: [x - 110, y + 200],
				parameters: { itemsJson: JSON.stringify(variant.input) },
			},
		],
		connections,
	};
}
