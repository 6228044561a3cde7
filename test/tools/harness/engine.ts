import { PollContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import { ApplicationError, Workflow, deepCopy } from 'n8n-workflow';
import type {
	CloseFunction,
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeExecutionData,
	IWebhookData,
	IWebhookResponseData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { createAdditionalData, workflowBase } from './additional-data';
import { tameCoreServices } from './core-services';
import { testCredential } from './credential-test';
import { TestCredentialsHelper } from './credentials-helper';
import { fakeRequest, fakeResponse } from './fake-http';
import { watchUnmatched } from './net-watch';
import type { CapturedResponse, WebhookRequestSpec } from './fake-http';
import { CredentialTypesRegistry, NodeTypesRegistry } from './node-types';
import type { CredentialTypeClass, NodeTypeClass } from './node-types';
import { createRunResult } from './run-result';
import type { RunResult } from './run-result';
import { ITEMS_TYPE, MANUAL_TRIGGER_TYPE, TestItems, TestManualTrigger } from './test-nodes';
import { toNode } from './workflow-builder';
import type { NodeSpec, WorkflowJson } from './workflow-builder';

export interface EngineOptions {
	nodeTypes: NodeTypeClass[];
	credentialTypes: CredentialTypeClass[];
	/** Decrypted credential data keyed by credential type name (e.g. `salespanelApi`). */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
}

export interface RunOptions {
	mode?: WorkflowExecuteMode;
	/** Name of the node to start from (default: n8n's own start-node choice). */
	startNode?: string;
}

export interface WebhookOptions {
	webhookName?: 'default' | 'setup';
	mode?: 'manual' | 'webhook';
	/** Workflow static data; updated in place after the call, so it persists across calls. */
	staticData?: IDataObject;
}

export interface WebhookResult extends IWebhookResponseData {
	/** Status/headers/body the node wrote to the response object, if it wrote anything. */
	response?: CapturedResponse;
}

/** Workflow static data of a polling trigger, kept between poll() calls. */
export interface PollState {
	staticData: IDataObject;
	/** Whether the last poll changed the static data (n8n saves it only then). */
	changed?: boolean;
	/**
	 * Polls share one Workflow object, as n8n's for an active workflow: overlapping polls see the
	 * same in-memory static data. `staticData` seeds the first poll; later edits to it are not read.
	 */
	live?: boolean;
}

export interface PollResult {
	items: INodeExecutionData[][] | null;
	state: PollState;
}

export interface Engine {
	run(workflow: WorkflowJson, options?: RunOptions): Promise<RunResult>;
	webhook(
		node: NodeSpec | INode,
		request?: WebhookRequestSpec,
		options?: WebhookOptions,
	): Promise<WebhookResult>;
	poll(
		node: NodeSpec | INode,
		options?: { mode?: 'trigger' | 'manual'; state?: PollState },
	): Promise<PollResult>;
	testCredential(
		credentialTypeName: string,
		data: ICredentialDataDecryptedObject,
	): Promise<{ status: 'OK' | 'Error'; message: string }>;
	readonly nodeTypes: NodeTypesRegistry;
	readonly credentialsHelper: TestCredentialsHelper;
}

/** Plain-JSON copy of (observable) static data, as n8n stores it in the database. */
function toPlain(data: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(data)) as IDataObject;
}

export function createEngine(options: EngineOptions): Engine {
	tameCoreServices();
	const nodeTypes = new NodeTypesRegistry();
	nodeTypes.register(new TestManualTrigger(), [MANUAL_TRIGGER_TYPE]);
	nodeTypes.register(new TestItems(), [ITEMS_TYPE]);
	for (const Cls of options.nodeTypes) nodeTypes.register(new Cls());
	const credentialTypes = new CredentialTypesRegistry(options.credentialTypes);
	const store = deepCopy(options.credentials ?? {});
	const credentialsHelper = new TestCredentialsHelper(credentialTypes, nodeTypes, store);

	/** Complete the node JSON; without explicit credentials, reference every given credential the node type declares. */
	const prepareNode = (spec: NodeSpec | INode, index = 0): INode => {
		const node = toNode(deepCopy(spec), index);
		if (node.credentials !== undefined) return node;
		const declared =
			nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description.credentials ?? [];
		for (const { name } of declared) {
			if (store[name] === undefined) continue;
			node.credentials ??= {};
			node.credentials[name] = { id: `test-${name}`, name: `${name} (test)` };
		}
		return node;
	};

	const liveWorkflows = new WeakMap<PollState, Workflow>();
	const singleNodeWorkflow = (node: INode, staticData: IDataObject, active: boolean) =>
		new Workflow({
			id: 'test-workflow',
			name: 'Test workflow',
			nodes: [node],
			connections: {},
			active,
			nodeTypes,
			staticData,
			settings: { executionOrder: 'v1' },
		});

	return {
		nodeTypes,
		credentialsHelper,

		async run(json, runOptions = {}) {
			const mode = runOptions.mode ?? 'manual';
			const nodes = json.nodes.map((node, index) => prepareNode(node, index));
			const workflow = new Workflow({
				id: 'test-workflow',
				name: 'Test workflow',
				nodes,
				connections: json.connections,
				active: false,
				nodeTypes,
				staticData: deepCopy(json.staticData ?? {}),
				settings: { executionOrder: 'v1', ...json.settings },
				pinData: json.pinData,
			});
			let startNode: INode | undefined;
			if (runOptions.startNode !== undefined) {
				startNode = workflow.getNode(runOptions.startNode) ?? undefined;
				if (startNode === undefined) {
					throw new ApplicationError(`startNode "${runOptions.startNode}" is not in the workflow`);
				}
			}
			const additionalData = createAdditionalData(
				credentialsHelper,
				mode,
				workflowBase(nodes, json.connections),
			);
			const executor = new WorkflowExecute(additionalData, mode);
			const { value: run, unmatched } = await watchUnmatched(
				async () => await executor.run(workflow, startNode, undefined, json.pinData),
			);
			return createRunResult(run, unmatched);
		},

		async webhook(spec, request = {}, webhookOptions = {}) {
			const mode = webhookOptions.mode ?? 'webhook';
			const webhookName = webhookOptions.webhookName ?? 'default';
			const node = prepareNode(spec);
			const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			const description = nodeType.description.webhooks?.find((w) => w.name === webhookName);
			if (nodeType.webhook === undefined || description === undefined) {
				throw new ApplicationError(`Node type "${node.type}" has no "${webhookName}" webhook`);
			}
			const workflow = singleNodeWorkflow(
				node,
				deepCopy(webhookOptions.staticData ?? {}),
				mode !== 'manual',
			);
			const resolve = (value: string, fallback: string) =>
				String(
					workflow.expression.getSimpleParameterValue(node, value, mode, {}, undefined, fallback),
				);
			const httpMethod = resolve(description.httpMethod, 'GET') as IHttpRequestMethods;
			if (request.method !== undefined && request.method !== httpMethod) {
				throw new ApplicationError(
					`Webhook "${webhookName}" of "${node.name}" listens for ${httpMethod}, got ${request.method} (n8n would answer 404)`,
				);
			}
			const additionalData = createAdditionalData(
				credentialsHelper,
				mode,
				workflowBase([node], {}),
			);
			const { response, captured } = fakeResponse();
			additionalData.httpRequest = fakeRequest({ method: httpMethod, ...request }) as never;
			additionalData.httpResponse = response as never;
			const webhookData: IWebhookData = {
				httpMethod,
				node: node.name,
				path: resolve(description.path, ''),
				webhookDescription: description,
				workflowId: workflow.id,
				workflowExecuteAdditionalData: additionalData,
				webhookId: node.webhookId,
				isTest: mode === 'manual',
			};
			const closeFunctions: CloseFunction[] = [];
			const context = new WebhookContext(
				workflow,
				node,
				additionalData,
				mode,
				webhookData,
				closeFunctions,
				null,
			);
			try {
				const result: WebhookResult = { ...(await nodeType.webhook.call(context)) };
				if (captured.ended) result.response = captured;
				if (webhookOptions.staticData !== undefined) {
					const target = webhookOptions.staticData;
					for (const key of Object.keys(target)) delete target[key];
					Object.assign(target, toPlain(workflow.staticData));
				}
				return result;
			} finally {
				await Promise.all(closeFunctions.map(async (close) => await close()));
			}
		},

		async poll(spec, pollOptions = {}) {
			const mode = pollOptions.mode ?? 'trigger';
			const state: PollState = pollOptions.state ?? { staticData: {} };
			const node = prepareNode(spec);
			const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			if (nodeType.poll === undefined) {
				throw new ApplicationError(`Node type "${node.type}" has no poll() method`);
			}
			const live = state.live === true && mode === 'trigger';
			const workflow =
				(live ? liveWorkflows.get(state) : undefined) ??
				singleNodeWorkflow(node, toPlain(state.staticData), mode === 'trigger');
			if (live) liveWorkflows.set(state, workflow);
			const additionalData = createAdditionalData(
				credentialsHelper,
				mode,
				workflowBase([node], {}),
			);
			const activation = mode === 'manual' ? 'manual' : 'activate';
			const context = new PollContext(workflow, node, additionalData, mode, activation);
			const items = await nodeType.poll.call(context);
			// An active workflow keeps its Workflow (and static data) between polls and n8n saves
			// changed static data; a manual test step never writes static data back.
			if (mode === 'trigger') {
				state.changed = workflow.staticData.__dataChanged === true;
				state.staticData = toPlain(workflow.staticData);
				// n8n clears the flag once it saved the static data.
				if (live) workflow.staticData.__dataChanged = false;
			} else {
				state.changed = false;
			}
			return { items, state };
		},

		async testCredential(credentialTypeName, data) {
			return await testCredential(credentialTypes, credentialsHelper, credentialTypeName, data);
		},
	};
}
