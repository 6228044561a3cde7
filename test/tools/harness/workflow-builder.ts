import type {
	IConnections,
	IDataObject,
	INode,
	INodeCredentials,
	INodeCredentialsDetails,
	INodeParameters,
	IPinData,
	IWorkflowSettings,
} from 'n8n-workflow';

import { ITEMS_TYPE, MANUAL_TRIGGER_TYPE } from './test-nodes';

/** Credential reference: full `{ id, name }` or just a display name. */
export type CredentialRef = INodeCredentialsDetails | string;

/** A node as written in a test: only `name` and `type` are required. */
export interface NodeSpec {
	name: string;
	type: string;
	parameters?: INodeParameters;
	/** `{ salespanelApi: 'My account' }`, `{ salespanelApi: { id, name } }` or `['salespanelApi']`. */
	credentials?: Record<string, CredentialRef> | string[];
	typeVersion?: number;
	id?: string;
	position?: [number, number];
	disabled?: boolean;
	continueOnFail?: boolean;
	onError?: INode['onError'];
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	webhookId?: string;
}

/** Workflow JSON as exported by n8n (the parts the engine needs). */
export interface WorkflowJson {
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
	staticData?: IDataObject;
}

function credentialsOf(spec: NodeSpec['credentials']): INodeCredentials | undefined {
	if (spec === undefined) return undefined;
	const entries: Array<[string, CredentialRef]> = Array.isArray(spec)
		? spec.map((type) => [type, `${type} (test)`])
		: Object.entries(spec);
	const result: INodeCredentials = {};
	for (const [type, ref] of entries) {
		result[type] = typeof ref === 'string' ? { id: `test-${type}`, name: ref } : ref;
	}
	return result;
}

/** Turns a NodeSpec (or partial INode JSON) into a complete INode. */
export function toNode(spec: NodeSpec | INode, index = 0): INode {
	const { credentials, parameters, typeVersion, id, position, ...rest } = spec as NodeSpec;
	const node: INode = {
		...(rest as Partial<INode>),
		id: id ?? `node-${index}-${spec.name.replace(/\W+/g, '-').toLowerCase()}`,
		name: spec.name,
		type: spec.type,
		typeVersion: typeVersion ?? 1,
		position: position ?? [index * 220, 0],
		parameters: parameters ?? {},
	};
	const creds = credentialsOf(credentials as NodeSpec['credentials']);
	if (creds !== undefined) node.credentials = creds;
	return node;
}

/** Builds a linear workflow: each node's main output 0 feeds the next node's main input 0. */
export function chain(
	steps: Array<NodeSpec | INode>,
	extra: Partial<WorkflowJson> = {},
): WorkflowJson {
	const nodes = steps.map((step, index) => toNode(step, index));
	const connections: IConnections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = {
			main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]],
		};
	}
	return { ...extra, nodes, connections };
}

/** Step for the utility Manual Trigger node. */
export function manualTrigger(name = 'Manual Trigger'): NodeSpec {
	return { name, type: MANUAL_TRIGGER_TYPE };
}

/** Step for the utility Items node emitting the given objects as items. */
export function items(list: IDataObject[], name = 'Items'): NodeSpec {
	return { name, type: ITEMS_TYPE, parameters: { itemsJson: JSON.stringify(list) } };
}

/** `chain([manualTrigger(), items(list), ...steps])` — N input items into the node(s) under test. */
export function withItems(list: IDataObject[], ...steps: NodeSpec[]): WorkflowJson {
	return chain([manualTrigger(), items(list), ...steps]);
}

/** A manual run of `node`: Manual Trigger → node, or Manual Trigger → Items → node when given input items. */
export function manualRun(node: NodeSpec, inputItems?: IDataObject[]): WorkflowJson {
	return inputItems ? withItems(inputItems, node) : chain([manualTrigger(), node]);
}

export const workflow = { chain, node: toNode, manualTrigger, items, withItems, manualRun };
