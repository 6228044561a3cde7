/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// Workflow JSON for the e2e suite and the demo: the example workflows from examples/ (wired to the
// imported credentials) and the suite's own workflows (one Salespanel node per case, a trigger).
import { readFileSync } from 'node:fs';
import path from 'node:path';

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
	connections: Record<string, Record<string, Array<Array<{ node: string; type: string; index: number }>>>>;
	settings?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

export const PACKAGE = 'n8n-nodes-salespanel';
export const SALESPANEL = `${PACKAGE}.salespanel`;
export const SALESPANEL_TRIGGER = `${PACKAGE}.salespanelTrigger`;
export const SALESPANEL_TOOL = `${PACKAGE}.salespanelTool`;

export const SALESPANEL_CREDENTIAL = { id: 'e2eSalespanel01', name: 'Salespanel sandbox' };
export const LLM_CREDENTIAL = { id: 'e2eStandInLlm01', name: 'Stand-in chat model (local, scripted)' };

/** Hook ID the suite's trigger workflow accepts (Options → Hook ID). */
export const TRIGGER_HOOK_ID = '2ac9c790-9431-4609-9696-cac25b9b5ad3';
export const TRIGGER_WEBHOOK_ID = 'a6f0c1d2-5e1e-4c6b-9d3e-7b1f0e2d4c01';

export const WORKFLOW_IDS = {
	operations: 'e2eOperations001',
	trigger: 'e2eTrigger000001',
	slackAlert: 'exSlackAlert0001',
	crmSync: 'exCrmSync0000001',
	formEnrichment: 'exFormEnrich0001',
	aiAgent: 'exAiAgent0000001',
} as const;

/** examples/<file> → workflow id in the suite and the demo. */
export const EXAMPLES = [
	{ file: 'slack-alert-segment-qualified.json', id: WORKFLOW_IDS.slackAlert },
	{ file: 'nightly-crm-sync-new-leads.json', id: WORKFLOW_IDS.crmSync },
	{ file: 'form-submission-enrichment.json', id: WORKFLOW_IDS.formEnrichment },
	{ file: 'ai-agent-visitor-activity.json', id: WORKFLOW_IDS.aiAgent },
] as const;

export const repoRoot = (): string => path.resolve(__dirname, '..', '..', '..', '..');

export function credentialsFile(sandboxUrl: string, token: string, llmUrl: string): object[] {
	return [
		{ ...SALESPANEL_CREDENTIAL, type: 'salespanelApi', data: { apiToken: token, baseUrl: sandboxUrl } },
		{ ...LLM_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-local-stand-in', url: llmUrl } },
	];
}

const CREDENTIAL_BY_TYPE: Record<string, { id: string; name: string }> = {
	salespanelApi: SALESPANEL_CREDENTIAL,
	openAiApi: LLM_CREDENTIAL,
};

/** Credential each node type uses when an example leaves it unset (as examples must: ids are per instance). */
const CREDENTIAL_FOR_NODE: Record<string, string> = {
	[SALESPANEL]: 'salespanelApi',
	[SALESPANEL_TOOL]: 'salespanelApi',
	'@n8n/n8n-nodes-langchain.lmChatOpenAi': 'openAiApi',
};

/** Reads an example and points its nodes at the imported credentials, as a user does after importing it. */
export function loadExample(file: string, id: string): WorkflowJson {
	const workflow = JSON.parse(readFileSync(path.join(repoRoot(), 'examples', file), 'utf8')) as WorkflowJson;
	for (const node of workflow.nodes) {
		const type = CREDENTIAL_FOR_NODE[node.type];
		if (type) node.credentials = { [type]: CREDENTIAL_BY_TYPE[type] };
		for (const name of Object.keys(node.credentials ?? {})) {
			if (CREDENTIAL_BY_TYPE[name] && node.credentials) node.credentials[name] = CREDENTIAL_BY_TYPE[name];
		}
	}
	return { ...workflow, id, active: false };
}

let counter = 0;
const nodeId = () => `e2e00000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

export function salespanelNode(name: string, parameters: Record<string, unknown>, position: [number, number], extra: Partial<NodeJson> = {}): NodeJson {
	return {
		id: nodeId(),
		name,
		type: SALESPANEL,
		typeVersion: 1,
		position,
		parameters,
		credentials: { salespanelApi: SALESPANEL_CREDENTIAL },
		...extra,
	};
}

const manualTrigger = (): NodeJson => ({
	id: nodeId(),
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
});

const link = (to: string) => [{ node: to, type: 'main', index: 0 }];

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
export function operationsWorkflow(cases: WorkflowCase[], id: string = WORKFLOW_IDS.operations): WorkflowJson {
	const start = manualTrigger();
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
		const make: NodeJson = {
			id: nodeId(),
			name: `${c.node} (input)`,
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, y],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ ids: c.twoItems }), options: {} },
		};
		const split: NodeJson = {
			id: nodeId(),
			name: `${c.node} (items)`,
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [380, y],
			parameters: { fieldToSplitOut: 'ids', options: {} },
		};
		nodes.push(make, split);
		connections[start.name].main[0].push(...link(make.name));
		connections[make.name] = { main: [link(split.name)] };
		connections[split.name] = { main: [link(node.name)] };
	});
	return { id, name: 'e2e: every Salespanel operation', nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** Salespanel Trigger for all events, accepting only TRIGGER_HOOK_ID, with duplicate detection on. */
export function triggerWorkflow(): WorkflowJson {
	const trigger: NodeJson = {
		id: nodeId(),
		name: 'Salespanel Trigger',
		type: SALESPANEL_TRIGGER,
		typeVersion: 1,
		position: [0, 0],
		webhookId: TRIGGER_WEBHOOK_ID,
		parameters: { events: ['*'], options: { hookId: TRIGGER_HOOK_ID, ignoreDuplicates: true, simplify: true } },
	};
	const noOp: NodeJson = { id: nodeId(), name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} };
	return {
		id: WORKFLOW_IDS.trigger,
		name: 'e2e: Salespanel Trigger, all events',
		nodes: [trigger, noOp],
		connections: { [trigger.name]: { main: [link(noOp.name)] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** The production webhook URL of a node with a webhookId and a relative path. */
export function webhookUrl(base: string, workflow: WorkflowJson, nodeType: string, suffix: string): string {
	const node = workflow.nodes.find((n) => n.type === nodeType);
	if (!node?.webhookId) throw new Error(`${workflow.name}: no ${nodeType} node with a webhookId`);
	return `${base}/webhook/${node.webhookId}/${suffix}`;
}
