/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// What one benchmark child process runs: one contender, one workflow, through the harness engine
// (real n8n-core WorkflowExecute / WebhookContext). Loaded only after n8n.ts pointed n8n-core and
// n8n-workflow at the cached install (see child.ts).
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import nock from 'nock';

import { SalespanelApi } from '../../../credentials/SalespanelApi.credentials';
import { Salespanel } from '../../../nodes/Salespanel/Salespanel.node';
import { SalespanelTrigger } from '../../../nodes/Salespanel/SalespanelTrigger.node';
import {
	createEngine,
	manualRun,
	type Engine,
	type NodeSpec,
	type NodeTypeClass,
	type CredentialTypeClass,
} from '../harness';
import { buildWebhookPayload, startSandbox } from '../sandbox';
import { Seeder } from '../sandbox/seed';
import { WEBHOOK_EVENTS } from '../schemas';
import { salespanelNode } from '../support/node-env';
import { loadBaseNodes, type BaseNodes } from './n8n';
import { BenchProbe, PROBE_TYPE } from './probe';
import type { Job, JobResult, SingleOp } from './types';

export const HTTP_NODE = 'HTTP Request';
export const HTTP_TYPE = 'n8n-nodes-base.httpRequest';
export const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';
/** The newest HTTP Request version n8n 1.123 offers. */
export const HTTP_VERSION = 4.3;

function makeEngine(base: BaseNodes, url: string, token: string): Engine {
	const engine = createEngine({
		nodeTypes: [Salespanel, SalespanelTrigger, BenchProbe],
		credentialTypes: [SalespanelApi, base.HttpHeaderAuth as CredentialTypeClass],
		credentials: {
			salespanelApi: { apiToken: token, baseUrl: url },
			httpHeaderAuth: { name: 'Authorization', value: `Token ${token}` },
		},
	});
	// n8n-core gives credential access to HTTP Request by its type name: register it under it.
	engine.nodeTypes.register(new (base.HttpRequest as NodeTypeClass)(), [HTTP_TYPE]);
	engine.nodeTypes.register(webhookAdapter(base), [WEBHOOK_TYPE]);
	return engine;
}

type NodeClassWebhook = INodeType & {
	webhook(context: IWebhookFunctions): Promise<IWebhookResponseData>;
};

/**
 * The Webhook node is a `Node` subclass: n8n calls its `webhook(context)` with the context as the
 * argument (WebhookService: `nodeType instanceof Node ? nodeType.webhook(context) : …call(context)`),
 * while the harness calls `webhook.call(context)` as for classic nodes. This adapter does what n8n does.
 */
function webhookAdapter(base: BaseNodes): INodeType {
	const node = new (base.Webhook as new () => NodeClassWebhook)();
	return {
		description: node.description,
		webhookMethods: node.webhookMethods,
		async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
			return await node.webhook(this);
		},
	};
}

/** HTTP Request with Generic Credential → Header Auth, as a user without a predefined credential sets it up. */
function httpNode(parameters: INodeParameters): NodeSpec {
	return {
		name: HTTP_NODE,
		type: HTTP_TYPE,
		typeVersion: HTTP_VERSION,
		parameters: {
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			...parameters,
		},
		credentials: ['httpHeaderAuth'],
	};
}

/**
 * Return All the way n8n's docs teach pagination: "Response Contains Next URL" with
 * `{{ $response.body.pagination.next }}`, limit=100 on the first URL, complete when there is no
 * next URL, optionally an interval between requests.
 */
export function httpReturnAllNode(url: string, intervalMs: number): NodeSpec {
	return httpNode({
		url: `${url}/api/v1/visitors/`,
		sendQuery: true,
		queryParameters: { parameters: [{ name: 'limit', value: '100' }] },
		options: {
			pagination: {
				pagination: {
					paginationMode: 'responseContainsNextURL',
					nextURL: '={{ $response.body.pagination.next }}',
					paginationCompleteWhen: 'other',
					completeExpression: '={{ !$response.body.pagination.next }}',
					...(intervalMs > 0 ? { requestInterval: intervalMs } : {}),
				},
			},
		},
	});
}

/**
 * The node's Options for a throttle minute of `minuteMs`: 60 requests per that window. Undefined:
 * no server throttle, pacing off (0). 'default': no Rate Limit options at all, as a user leaves them
 * (60 requests per 60 s).
 */
function pacing(minuteMs: number | undefined | 'default'): INodeParameters {
	if (minuteMs === 'default') return {};
	return minuteMs === undefined
		? { rateLimitRequests: 0 }
		: { rateLimitRequests: 60, rateLimitWindowSeconds: minuteMs / 1000 };
}

export function oursReturnAllNode(minuteMs: number | 'default'): NodeSpec {
	return salespanelNode({
		resource: 'visitor',
		operation: 'getAll',
		returnAll: true,
		simplify: false,
		options: pacing(minuteMs),
	});
}

export function oursSingleNode(op: SingleOp, minuteMs: number | undefined | 'default'): NodeSpec {
	const options = pacing(minuteMs);
	switch (op) {
		case 'get':
			return salespanelNode({
				resource: 'visitor',
				operation: 'get',
				visitorId: '={{ $json.id }}',
				simplify: false,
				options,
			});
		case 'identify':
			return salespanelNode({
				resource: 'visitor',
				operation: 'identify',
				visitorId: '={{ $json.id }}',
				email: '={{ $json.email }}',
				options,
			});
		case 'setAttributes':
			return salespanelNode({
				resource: 'visitor',
				operation: 'setAttributes',
				visitorIdentifier: '={{ $json.id }}',
				attributesInputMode: 'fields',
				attributes: {
					attribute: [
						{ name: 'plan_interest', type: 'string', stringValue: 'enterprise' },
						{ name: 'seats', type: 'number', numberValue: 25 },
					],
				},
				options,
			});
		case 'createActivity':
			return salespanelNode({
				resource: 'activity',
				operation: 'create',
				visitorIdentifier: '={{ $json.id }}',
				category: 'product_interaction',
				label: 'demo_viewed',
				options,
			});
	}
}

/** The same requests built by hand in HTTP Request; `batchIntervalMs` adds Batching (1 item per interval). */
export function httpSingleNode(
	op: SingleOp,
	url: string,
	batchIntervalMs: number | undefined,
): NodeSpec {
	const options: INodeParameters =
		batchIntervalMs === undefined
			? {}
			: { batching: { batch: { batchSize: 1, batchInterval: batchIntervalMs } } };
	const api = `${url}/api/v1`;
	const keypair = (parameters: Array<{ name: string; value: string }>) => ({
		method: 'POST',
		sendBody: true,
		contentType: 'json',
		specifyBody: 'keypair',
		bodyParameters: { parameters },
	});
	switch (op) {
		case 'get':
			return httpNode({ url: `=${api}/visitors/{{ $json.id }}/`, options });
		case 'identify':
			return httpNode({
				url: `=${api}/visitors/{{ $json.id }}/identify/`,
				...keypair([{ name: 'email', value: '={{ $json.email }}' }]),
				options,
			});
		case 'setAttributes':
			return httpNode({
				url: `${api}/visitor-attributes/`,
				method: 'POST',
				sendBody: true,
				contentType: 'json',
				specifyBody: 'json',
				jsonBody:
					'={\n  "visitor_identifier": "{{ $json.id }}",\n  "visitor_attributes": { "plan_interest": "enterprise", "seats": 25 }\n}',
				options,
			});
		case 'createActivity':
			return httpNode({
				url: `${api}/custom-activity/create/`,
				...keypair([
					{ name: 'visitor_identifier', value: '={{ $json.id }}' },
					{ name: 'category', value: 'product_interaction' },
					{ name: 'label', value: 'demo_viewed' },
				]),
				options,
			});
	}
}

interface Measured<T> {
	value: T;
	wallMs: number;
	cpuMs: number;
	maxRssKb: number;
	baselineRssKb: number;
}

/** Runs `fn` measuring wall and CPU time; peak RSS (VmHWM) is read right after, before any counting. */
async function measure<T>(fn: () => Promise<T>): Promise<Measured<T>> {
	if (typeof global.gc === 'function') global.gc();
	const baselineRssKb = Math.round(process.memoryUsage().rss / 1024);
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	const value = await fn();
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const used = process.cpuUsage(cpu);
	return {
		value,
		wallMs,
		cpuMs: (used.user + used.system) / 1000,
		maxRssKb: process.resourceUsage().maxRSS,
		baselineRssKb,
	};
}

function outputOf(
	result: Awaited<ReturnType<Engine['run']>>,
	nodeName: string,
): INodeExecutionData[] {
	return result.runData[nodeName]?.[0]?.data?.main?.[0] ?? [];
}

function errorText(result: Awaited<ReturnType<Engine['run']>>): string | undefined {
	const error = result.error;
	if (!error) return undefined;
	const code = (error as { httpCode?: unknown }).httpCode;
	return `${error.message}${typeof code === 'string' && code ? ` [HTTP ${code}]` : ''}`;
}

const contactIdOf = (value: unknown): string | undefined => {
	const id = (value as IDataObject | null)?.contact_id;
	return typeof id === 'string' ? id : undefined;
};

/** What every engine-run job reports: how the measured run ended, its times and its memory. */
function runOutcome(
	common: Pick<JobResult, 'nockActive' | 'versions'>,
	m: Measured<Awaited<ReturnType<Engine['run']>>>,
	nodeName: string,
) {
	return {
		...common,
		status: m.value.status,
		error: errorText(m.value),
		wallMs: m.wallMs,
		nodeMs: m.value.runData[nodeName]?.[0]?.executionTime ?? 0,
		cpuMs: m.cpuMs,
		maxRssKb: m.maxRssKb,
		baselineRssKb: m.baselineRssKb,
	};
}

/** pairedItem.item of one output item; null when it names no single input item. */
function pairedIndex(item: INodeExecutionData): number | null {
	const paired = item.pairedItem;
	if (typeof paired === 'number') return paired;
	if (paired && !Array.isArray(paired) && typeof paired.item === 'number') return paired.item;
	return null;
}

/**
 * The latency section: our node with its Rate Limit options left at their defaults (60 per 60 s,
 * what a user gets) against HTTP Request set up as in the other sections. Besides the timing the
 * child returns the output order, so the runner can check it against the API's and the input's.
 */
function latencyNode(job: Extract<Job, { kind: 'latency' }>, url: string): NodeSpec {
	if (job.latencyCase === 'returnAll1k')
		return job.contender === 'ours' ? oursReturnAllNode('default') : httpReturnAllNode(url, 0);
	return job.contender === 'ours'
		? oursSingleNode('get', 'default')
		: httpSingleNode('get', url, undefined);
}

/** Sizes of the warm-up: three pages (one, then two together) and three single Gets. */
const WARM_UP_VISITORS = 250;
const WARM_UP_ITEMS = 3;

/**
 * Runs the contender's workflow once, unmeasured, against a sandbox of its own in this process
 * (no round trip, no throttle), so the measured run meets a warm process as in a running n8n:
 * compiled expressions, loaded modules, JIT-compiled code. Both contenders get the same warm-up.
 * The measured sandbox sees none of it (its log and throttle stay untouched).
 */
async function warmUp(job: Extract<Job, { kind: 'latency' }>, base: BaseNodes): Promise<void> {
	const sandbox = await startSandbox({ visitors: WARM_UP_VISITORS, throttle: false });
	try {
		const engine = makeEngine(base, sandbox.url, sandbox.token);
		const node = latencyNode(job, sandbox.url);
		const inputs = sandbox.store.visitors
			.slice(0, WARM_UP_ITEMS)
			.map((v) => ({ id: v.contact_id }));
		const result = await engine.run(
			manualRun(node, job.latencyCase === 'returnAll1k' ? undefined : inputs),
		);
		if (result.status !== 'success')
			throw new Error(`warm-up run failed: ${errorText(result) ?? result.status}`);
	} finally {
		await sandbox.close();
	}
}

async function runLatencyJob(
	job: Extract<Job, { kind: 'latency' }>,
	engine: Engine,
	base: BaseNodes,
	common: Pick<JobResult, 'nockActive' | 'versions'>,
): Promise<JobResult> {
	const returnAll = job.latencyCase === 'returnAll1k';
	if (job.warmUp) await warmUp(job, base);
	const node = latencyNode(job, job.url);
	const m = await measure(
		async () => await engine.run(manualRun(node, returnAll ? undefined : job.inputs)),
	);
	const items = outputOf(m.value, node.name);
	const orderedIds: string[] = [];
	let otherItems = 0;
	for (const { json } of items) {
		// HTTP Request's Return All gives one item per page; ours one per visitor.
		const visitors =
			returnAll && job.contender === 'http'
				? Array.isArray(json.results)
					? json.results
					: undefined
				: [json];
		if (visitors === undefined) {
			otherItems++;
			continue;
		}
		for (const visitor of visitors) {
			const id = contactIdOf(visitor);
			if (id === undefined) otherItems++;
			else orderedIds.push(id);
		}
	}
	return {
		...runOutcome(common, m, node.name),
		outputItems: items.length,
		visitors: orderedIds.length,
		otherItems,
		orderedIds,
		pairedItems: items.map(pairedIndex),
	};
}

export async function runJob(job: Job, n8nDir: string): Promise<JobResult> {
	const base = loadBaseNodes(n8nDir);
	const engine = makeEngine(base, job.url, job.token);
	const common = { nockActive: nock.isActive(), versions: base.versions };
	if (job.kind === 'latency') return await runLatencyJob(job, engine, base, common);

	if (job.kind === 'returnAll') {
		const node =
			job.contender === 'ours'
				? oursReturnAllNode(job.minuteMs)
				: httpReturnAllNode(job.url, job.contender === 'http-interval' ? job.intervalMs : 0);
		const m = await measure(async () => await engine.run(manualRun(node)));
		const items = outputOf(m.value, node.name);
		const ids = new Set<string>();
		let visitors = 0;
		let otherItems = 0;
		const add = (visitor: unknown) => {
			const id = (visitor as IDataObject | null)?.contact_id;
			if (typeof id === 'string') {
				visitors++;
				ids.add(id);
			}
		};
		for (const { json } of items) {
			if (job.contender === 'ours') add(json);
			else if (Array.isArray(json.results)) json.results.forEach(add);
			else otherItems++; // an error body returned as a "page"
		}
		return {
			...runOutcome(common, m, node.name),
			outputItems: items.length,
			visitors,
			otherItems,
			ids: [...ids],
		};
	}

	if (job.kind === 'single') {
		const node =
			job.contender === 'ours'
				? oursSingleNode(job.op, job.minuteMs)
				: job.contender === 'probe-seq' || job.contender === 'probe-par'
					? {
							name: 'Probe',
							type: PROBE_TYPE,
							parameters: { op: job.op, parallel: job.contender === 'probe-par' },
							credentials: ['salespanelApi'],
						}
					: httpSingleNode(
							job.op,
							job.url,
							job.contender === 'http-batched' ? job.batchIntervalMs : undefined,
						);
		const m = await measure(async () => await engine.run(manualRun(node, job.inputs)));
		const items = outputOf(m.value, node.name);
		const failed = items.filter(({ json }) => json.error !== undefined).length;
		return {
			...runOutcome(common, m, node.name),
			outputItems: items.length,
			visitors: items.length - failed,
			otherItems: failed,
		};
	}

	// Webhook: distinct deliveries of all six documented events, built like the sandbox sends them.
	const seeder = new Seeder({
		seed: job.seed,
		visitors: Math.min(job.events, 2000),
		companies: 40,
		segments: 12,
		now: () => Date.now(),
	});
	const events = WEBHOOK_EVENTS;
	const target = 'http://localhost:5678/webhook/salespanel';
	const withCompany = seeder.store.visitors.filter((v) => v.company_details !== null);
	const payloads = Array.from({ length: job.events }, (_, i) => {
		const event = events[i % events.length];
		const pool = event.startsWith('company.') ? withCompany : seeder.store.visitors;
		const payload = buildWebhookPayload(seeder.store, seeder, target, {
			event,
			contactId: pool[i % pool.length].contact_id,
		});
		// Every delivery distinct, as real ones are (the trigger drops repeats by design).
		payload.payload.lead_scoring = { lead_score: i };
		return payload;
	});
	const node: NodeSpec =
		job.contender !== 'generic'
			? {
					name: 'Salespanel Trigger',
					type: 'n8n-nodes-salespanel.salespanelTrigger',
					parameters: {
						events: ['*'],
						options: job.contender === 'ours-no-dedupe' ? { ignoreDuplicates: false } : {},
					},
				}
			: {
					name: 'Webhook',
					type: WEBHOOK_TYPE,
					typeVersion: 2.1,
					parameters: { httpMethod: 'POST', path: 'salespanel', options: {} },
					webhookId: 'bench-webhook',
				};
	const staticData: IDataObject = {};
	const m = await measure(async () => {
		let accepted = 0;
		for (const body of payloads) {
			const result = await engine.webhook(
				node,
				{
					method: 'POST',
					headers: { 'content-type': 'application/json', 'user-agent': 'Salespanel-Webhooks/1.0' },
					body,
				},
				{ staticData },
			);
			if (result.workflowData?.[0]?.length === 1) accepted++;
		}
		return accepted;
	});
	return {
		...common,
		status: m.value === job.events ? 'success' : 'error',
		wallMs: m.wallMs,
		nodeMs: m.wallMs,
		cpuMs: m.cpuMs,
		maxRssKb: m.maxRssKb,
		baselineRssKb: m.baselineRssKb,
		outputItems: m.value,
		visitors: m.value,
		otherItems: job.events - m.value,
	};
}
