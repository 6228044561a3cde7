// Workflow JSON the e2e and queue suites build: node and workflow shapes, one Salespanel node per
// case fed by a trigger, and the Salespanel Trigger workflow.

export interface NodeJson {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	disabled?: boolean;
	onError?: string;
	[key: string]: unknown;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: NodeJson[];
	connections: Record<
		string,
		Record<string, Array<Array<{ node: string; type: string; index: number }>>>
	>;
	settings?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

export const PACKAGE = 'n8n-nodes-salespanel';
export const SALESPANEL = `${PACKAGE}.salespanel`;
export const SALESPANEL_TRIGGER = `${PACKAGE}.salespanelTrigger`;
export const SALESPANEL_TOOL = `${PACKAGE}.salespanelTool`;

export const SALESPANEL_CREDENTIAL = { id: 'e2eSalespanel01', name: 'Salespanel sandbox' };
/** Hook ID the suite's trigger workflow accepts (Options → Hook ID). */
export const TRIGGER_HOOK_ID = '2ac9c790-9431-4609-9696-cac25b9b5ad3';
export const TRIGGER_WEBHOOK_ID = 'a6f0c1d2-5e1e-4c6b-9d3e-7b1f0e2d4c01';

/** The suite workflows e2e and queue share. */
export const SUITE_IDS = {
	operations: 'e2eOperations001',
	trigger: 'e2eTrigger000001',
} as const;

let counter = 0;
const nodeId = () => `e2e00000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

/** A node with a fresh ID (unique across every workflow this process builds). */
export function nodeJson(
	name: string,
	type: string,
	parameters: Record<string, unknown>,
	position: [number, number] = [0, 0],
	extra: Partial<NodeJson> = {},
): NodeJson {
	return { id: nodeId(), name, type, typeVersion: 1, position, parameters, ...extra };
}

export function salespanelNode(
	name: string,
	parameters: Record<string, unknown>,
	position: [number, number],
	extra: Partial<NodeJson> = {},
): NodeJson {
	return nodeJson(name, SALESPANEL, parameters, position, {
		credentials: { salespanelApi: SALESPANEL_CREDENTIAL },
		...extra,
	});
}

const link = (to: string) => [{ node: to, type: 'main', index: 0 }];

/** A workflow whose nodes each feed the next (main output 0 to main input 0), inactive. */
export function linearWorkflow(id: string, name: string, nodes: NodeJson[]): WorkflowJson {
	const connections: WorkflowJson['connections'] = {};
	for (let i = 0; i + 1 < nodes.length; i++)
		connections[nodes[i].name] = { main: [link(nodes[i + 1].name)] };
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** A trigger followed by a No Op named `received`, whose output shows what the trigger emitted. */
export function triggerThenNoOp(
	id: string,
	name: string,
	trigger: NodeJson,
	received: string,
): WorkflowJson {
	return linearWorkflow(id, name, [
		trigger,
		nodeJson(received, 'n8n-nodes-base.noOp', {}, [220, 0]),
	]);
}

/** One node of a suite workflow (operationsWorkflow): what it runs and how it is fed. */
export interface WorkflowCase {
	node: string;
	parameters: Record<string, unknown>;
	/** Another node type than the Salespanel node (the HTTP Request node of Custom API Call). */
	nodeType?: string;
	typeVersion?: number;
	twoItems?: string[];
	continueOnFail?: boolean;
	/** Another Salespanel credential than the suite's sandbox. */
	credential?: { id: string; name: string };
}

/**
 * One workflow, one Salespanel node per case, all fed by the Manual Trigger (one `n8n execute`
 * boots n8n once for all of them). Nodes whose name starts with "Two items:" get two input items
 * (a valid and an invalid visitor ID) through a Set + Split Out pair. A case may name another node
 * type (e.g. the HTTP Request node), which gets the same Salespanel credential.
 */
export function operationsWorkflow(
	cases: WorkflowCase[],
	id: string = SUITE_IDS.operations,
): WorkflowJson {
	const start = nodeJson('Start', 'n8n-nodes-base.manualTrigger', {});
	const nodes: NodeJson[] = [start];
	const connections: WorkflowJson['connections'] = { [start.name]: { main: [[]] } };
	cases.forEach((c, i) => {
		const y = i * 160;
		const extra: Partial<NodeJson> = c.continueOnFail ? { onError: 'continueRegularOutput' } : {};
		const node = salespanelNode(c.node, c.parameters, [560, y], {
			...extra,
			...(c.nodeType ? { type: c.nodeType, typeVersion: c.typeVersion ?? 1 } : {}),
			...(c.credential ? { credentials: { salespanelApi: c.credential } } : {}),
		});
		nodes.push(node);
		if (!c.twoItems) {
			connections[start.name].main[0].push(...link(node.name));
			return;
		}
		const make = nodeJson(
			`${c.node} (input)`,
			'n8n-nodes-base.set',
			{ mode: 'raw', jsonOutput: JSON.stringify({ ids: c.twoItems }), options: {} },
			[200, y],
			{ typeVersion: 3.4 },
		);
		const split = nodeJson(
			`${c.node} (items)`,
			'n8n-nodes-base.splitOut',
			{ fieldToSplitOut: 'ids', options: {} },
			[380, y],
		);
		nodes.push(make, split);
		connections[start.name].main[0].push(...link(make.name));
		connections[make.name] = { main: [link(split.name)] };
		connections[split.name] = { main: [link(node.name)] };
	});
	return {
		id,
		name: 'e2e: every Salespanel operation',
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** Salespanel Trigger for all events, accepting only TRIGGER_HOOK_ID, with duplicate detection on. */
export function triggerWorkflow(): WorkflowJson {
	const trigger = nodeJson(
		'Salespanel Trigger',
		SALESPANEL_TRIGGER,
		{ events: ['*'], options: { hookId: TRIGGER_HOOK_ID, ignoreDuplicates: true, simplify: true } },
		[0, 0],
		{
			webhookId: TRIGGER_WEBHOOK_ID,
		},
	);
	return triggerThenNoOp(
		SUITE_IDS.trigger,
		'e2e: Salespanel Trigger, all events',
		trigger,
		'Received',
	);
}

/** The production webhook URL of a node with a webhookId and a relative path. */
export function webhookUrl(
	base: string,
	workflow: WorkflowJson,
	nodeType: string,
	suffix: string,
): string {
	const node = workflow.nodes.find((n) => n.type === nodeType);
	if (!node?.webhookId) throw new Error(`${workflow.name}: no ${nodeType} node with a webhookId`);
	return `${base}/webhook/${node.webhookId}/${suffix}`;
}
