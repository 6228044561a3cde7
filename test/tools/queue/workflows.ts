// Workflows of the queue suite. Everything that should run on a worker starts from a production
// webhook (served by the webhook processor): in queue mode those executions always go to the queue,
// while `n8n execute` and manual runs stay in the process that starts them.
import {
	linearWorkflow,
	nodeJson,
	operationsWorkflow,
	salespanelNode,
	SALESPANEL_CREDENTIAL,
	SUITE_IDS,
	triggerThenNoOp,
	type NodeJson,
	type WorkflowJson,
} from '../runner/workflows';

export const POLLING_TRIGGER = 'n8n-nodes-salespanel.salespanelPollingTrigger';

/** The sandbox the polling trigger watches (its own, so nothing else the suite does changes its lists). */
export const POLL_CREDENTIAL = { id: 'queuePollSandbox', name: 'Salespanel sandbox (polling)' };
/** One account shared by the four Return All workflows, with the documented throttle. */
export const SHARED_CREDENTIAL = {
	id: 'queueSharedAcct1',
	name: 'Salespanel shared account (throttled)',
};

export const QUEUE_IDS = {
	operations: SUITE_IDS.operations,
	trigger: SUITE_IDS.trigger,
	polling: 'queuePolling0001',
	/** Each paced to the whole throttle (the node's default: 60 per window). */
	shared: ['queueShared00001', 'queueShared00002', 'queueShared00003', 'queueShared00004'],
	/** Each paced to a quarter of it (Rate Limit Requests = 15). */
	sharedSplit: ['queueSharedSplt1', 'queueSharedSplt2', 'queueSharedSplt3', 'queueSharedSplt4'],
} as const;

export const OPERATIONS_PATH = 'salespanel-queue-operations';
export const sharedPath = (id: string): string => `salespanel-queue-${id.toLowerCase()}`;

const webhookId = (n: number) => `9e0e0000-0000-4000-9000-${String(n).padStart(12, '0')}`;

/** n8n's Webhook node, answering at once ("Workflow was started") so the caller never waits for the run. */
function webhookNode(name: string, path: string, id: number): NodeJson {
	return nodeJson(
		name,
		'n8n-nodes-base.webhook',
		{ httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		[0, 0],
		{ typeVersion: 2, webhookId: webhookId(id) },
	);
}

/** The e2e suite's operations workflow, started by a production webhook instead of the Manual Trigger. */
export function queueOperationsWorkflow(
	cases: Parameters<typeof operationsWorkflow>[0],
): WorkflowJson {
	const workflow = operationsWorkflow(cases);
	const start = workflow.nodes.findIndex((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (start < 0) throw new Error('the e2e operations workflow has no Manual Trigger to replace');
	// Same node name, so the e2e workflow's connections stay as they are.
	workflow.nodes[start] = {
		...webhookNode(workflow.nodes[start].name, OPERATIONS_PATH, 1),
		position: workflow.nodes[start].position,
	};
	return { ...workflow, name: 'queue: every Salespanel operation (webhook-started)' };
}

/**
 * Salespanel Polling Trigger (New Lead) checking every `everySeconds` seconds. n8n refuses a `*` in
 * the seconds field of poll times ("at least a minute"), not a list of seconds: a time-scaled poll.
 */
export function pollingWorkflow(everySeconds: number): WorkflowJson {
	const seconds: number[] = [];
	for (let s = 0; s < 60; s += everySeconds) seconds.push(s);
	const parameters = {
		pollTimes: { item: [{ mode: 'custom', cronExpression: `${seconds.join(',')} * * * * *` }] },
		event: 'newLead',
		simplify: true,
		// Checks every few seconds (a time-scaled schedule): the daily cap would space them 86 s apart.
		options: { maxRequestsPerDay: 0 },
	};
	const trigger = nodeJson('Salespanel Polling Trigger', POLLING_TRIGGER, parameters, [0, 0], {
		credentials: { salespanelApi: POLL_CREDENTIAL },
	});
	return triggerThenNoOp(
		QUEUE_IDS.polling,
		'queue: Salespanel Polling Trigger, new leads',
		trigger,
		'New Leads',
	);
}

/** Webhook → Return All visitors on the shared account, paced to `requests` per (time-scaled) throttle window. */
export function sharedAccountWorkflow(
	id: string,
	hook: number,
	minuteMs: number,
	requests: number,
): WorkflowJson {
	const start = webhookNode('Start', sharedPath(id), hook);
	const node = salespanelNode(
		'Return All Visitors',
		{
			resource: 'visitor',
			operation: 'getAll',
			returnAll: true,
			simplify: true,
			options: { rateLimitRequests: requests, rateLimitWindowSeconds: minuteMs / 1000 },
		},
		[220, 0],
		{ credentials: { salespanelApi: SHARED_CREDENTIAL } },
	);
	return linearWorkflow(
		id,
		`queue: shared account, Return All paced to ${requests}/window (${id})`,
		[start, node],
	);
}

/** The eight shared-account workflows: four paced to the whole throttle, four to a quarter each. */
export function sharedAccountWorkflows(minuteMs: number): WorkflowJson[] {
	return [
		...QUEUE_IDS.shared.map((id, i) => sharedAccountWorkflow(id, 10 + i, minuteMs, 60)),
		...QUEUE_IDS.sharedSplit.map((id, i) => sharedAccountWorkflow(id, 20 + i, minuteMs, 15)),
	];
}

/** Credentials for the three sandboxes (same type, different accounts). */
export function queueCredentials(
	main: { url: string; token: string },
	poll: { url: string; token: string },
	shared: { url: string; token: string },
): object[] {
	const salespanel = (c: { id: string; name: string }, s: { url: string; token: string }) => ({
		...c,
		type: 'salespanelApi',
		data: { apiToken: s.token, baseUrl: s.url },
	});
	return [
		salespanel(SALESPANEL_CREDENTIAL, main),
		salespanel(POLL_CREDENTIAL, poll),
		salespanel(SHARED_CREDENTIAL, shared),
	];
}
