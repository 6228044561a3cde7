/* eslint-disable @n8n/community-nodes/no-restricted-globals */
import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import { ApplicationError } from 'n8n-workflow';
import type {
	ICredentialsHelper,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

export const BASE_URL = 'http://localhost:5678';

// n8n-core's InstanceSettings warns about the mode of the config file it writes into the temp
// N8N_USER_FOLDER; the check is irrelevant for throw-away test folders.
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';

let executionCounter = 0;

/**
 * n8n-core 1.122 ships no `getBase()` (that lives in packages/cli), so this builds the object
 * the execution contexts read: credentials helper, lifecycle hooks, URLs, variables. Anything
 * a test node should never reach (sub-workflows, task runners) throws a readable error.
 */
export function createAdditionalData(
	credentialsHelper: ICredentialsHelper,
	mode: WorkflowExecuteMode,
	workflowData: IWorkflowBase,
): IWorkflowExecuteAdditionalData {
	const executionId = `test-${++executionCounter}`;
	const notAvailable = (what: string) => async (): Promise<never> => {
		throw new ApplicationError(`${what} is not available in the test harness`);
	};
	return {
		credentialsHelper,
		hooks: new ExecutionLifecycleHooks(mode, executionId, workflowData),
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: BASE_URL,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: notAvailable('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: notAvailable('startRunnerTask (task runners)'),
	};
}

export function workflowBase(
	nodes: IWorkflowBase['nodes'],
	connections: IWorkflowBase['connections'],
): IWorkflowBase {
	const now = new Date();
	return {
		id: 'test-workflow',
		name: 'Test workflow',
		active: false,
		isArchived: false,
		createdAt: now,
		updatedAt: now,
		nodes,
		connections,
		settings: {},
		activeVersionId: null,
	} as IWorkflowBase;
}
