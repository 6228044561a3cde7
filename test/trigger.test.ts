/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { SalespanelApi } from '../credentials/SalespanelApi.credentials';
import { SalespanelTrigger } from '../nodes/SalespanelTrigger/SalespanelTrigger.node';
import { createEngine } from './harness';
import type { Engine, NodeSpec, WebhookResult } from './harness';
import { startSandbox } from './sandbox';
import type { Sandbox } from './sandbox';
import { simplifiedVisitorSchema, WEBHOOK_EVENTS, webhookPayloadSchema, webhookWebActivitySummarySchema } from './schemas';
import type { WebhookEvent, WebhookPayload } from './schemas';

let sandbox: Sandbox;
let engine: Engine;

beforeAll(async () => {
	sandbox = await startSandbox({ seed: 11, throttle: false });
	engine = createEngine({ nodeTypes: [SalespanelTrigger], credentialTypes: [SalespanelApi] });
});

afterAll(async () => {
	await sandbox.close();
});

const trigger = (parameters: IDataObject = {}): NodeSpec => ({
	name: 'Salespanel Trigger',
	type: 'salespanelTrigger',
	parameters: { events: ['*'], ...parameters },
});

interface Delivery {
	/** The body exactly as Salespanel (the sandbox) sent it. */
	sent: unknown;
	result: WebhookResult;
	status: number;
}

interface Bridge {
	url: string;
	deliveries: Delivery[];
	/** Items of the executions that were started (one array per execution). */
	executions(): IDataObject[][];
	close(): Promise<void>;
}

/**
 * A loopback HTTP endpoint standing in for n8n's webhook server: every POST the sandbox sends is
 * run through the engine's webhook() with the same static data, and answered the way n8n would.
 */
async function startBridge(node: NodeSpec, staticData: IDataObject = {}): Promise<Bridge> {
	const deliveries: Delivery[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks);
			const text = rawBody.toString('utf8');
			let body: unknown = text;
			try {
				body = JSON.parse(text) as unknown;
			} catch {
				body = text;
			}
			const headers = Object.fromEntries(
				Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
			);
			engine
				.webhook(node, { method: 'POST', body, rawBody, headers }, { staticData })
				.then((result) => {
					const status = result.response?.statusCode ?? 200;
					const answer = result.response?.body ?? { message: 'Workflow was started' };
					deliveries.push({ sent: body, result, status });
					res.writeHead(status, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify(answer));
				})
				.catch((error: Error) => {
					res.writeHead(500, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify({ crashed: error.message }));
				});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/salespanel`,
		deliveries,
		executions: () =>
			deliveries
				.filter((d) => d.result.workflowData !== undefined)
				.map((d) => (d.result.workflowData ?? [[]])[0].map((item) => item.json)),
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** Sends one delivery per call through a fresh bridge and returns what happened. */
async function deliver(node: NodeSpec, options: Parameters<Sandbox['sendWebhook']>[1], staticData: IDataObject = {}) {
	const bridge = await startBridge(node, staticData);
	try {
		const answers = await sandbox.sendWebhook(bridge.url, options);
		return { answers, bridge };
	} finally {
		await bridge.close();
	}
}

const simplifiedTriggerSchema = simplifiedVisitorSchema
	.extend({
		event: z.enum(WEBHOOK_EVENTS),
		hook_id: z.string(),
		hook_title: z.string(),
		segment: z.object({ segment_id: z.string(), title: z.string() }).strict().optional(),
	})
	.strict();

describe('Salespanel Trigger: accepted deliveries', () => {
	test.each(WEBHOOK_EVENTS.map((event) => [event]))('%s starts one execution with the simplified item', async (event) => {
		const { answers, bridge } = await deliver(trigger(), { event: event as WebhookEvent });
		expect(answers.map((a) => a.status)).toEqual([200]);
		const executions = bridge.executions();
		expect(executions).toHaveLength(1);
		expect(executions[0]).toHaveLength(1);

		const sent = webhookPayloadSchema.parse(bridge.deliveries[0].sent) as WebhookPayload;
		const { hook, payload } = sent;
		const summary = webhookWebActivitySummarySchema.parse(payload.web_activity_summary);
		const item = simplifiedTriggerSchema.parse(executions[0][0]);
		expect(item).toEqual({
			event,
			hook_id: hook.id,
			hook_title: hook.title,
			contact_id: payload.contact_id,
			name: payload.person_details?.name ?? null,
			email: payload.person_details?.email ?? null,
			title: payload.person_details?.title ?? null,
			organization: payload.person_details?.organization ?? null,
			company_name: payload.company_details?.name ?? null,
			company_domain: payload.company_details?.domain ?? null,
			company_industry: payload.company_details?.industry ?? null,
			company_employees: payload.company_details?.employees ?? null,
			source: payload.acquisition_details.source,
			medium: payload.acquisition_details.medium,
			country: payload.acquisition_details.landing_location?.country ?? null,
			tags: payload.visitor_tags ?? [],
			segments: (payload.qualified_segments ?? []).map((s) => s.name),
			page_visits: summary.total_page_views,
			sessions: summary.total_sessions,
			first_seen: summary.first_visit,
			last_seen: summary.last_visit,
			...(event.endsWith('.segment_qualified') ? { segment: payload.segment } : {}),
		});
		if (event.endsWith('.segment_qualified')) expect(item.segment?.title).toEqual(expect.any(String));
	});

	test('a test delivery (Test URL, manual mode) is accepted too', async () => {
		const body = await capture({ event: 'person.identified' });
		const result = await engine.webhook(trigger(), { body }, { mode: 'manual', staticData: {} });
		expect(result.workflowData?.[0]).toHaveLength(1);
		expect(result.response).toBeUndefined();
	});

	test('Simplify off outputs event, hook and payload untouched', async () => {
		const { bridge } = await deliver(trigger({ options: { simplify: false } }), { event: 'company.segment_qualified' });
		const sent = bridge.deliveries[0].sent as WebhookPayload;
		expect(bridge.executions()).toEqual([[{ event: 'company.segment_qualified', hook: sent.hook, payload: sent.payload }]]);
	});
});

/** The body the sandbox would deliver, captured without running the node. */
async function capture(options: Parameters<Sandbox['sendWebhook']>[1]): Promise<IDataObject> {
	const { bridge } = await deliver(trigger(), options);
	return bridge.deliveries[0].sent as IDataObject;
}

describe('Salespanel Trigger: deliveries that start nothing', () => {
	test('an event that is not selected gets 200 and no execution', async () => {
		const { answers, bridge } = await deliver(trigger({ events: ['person.identified', 'person.page_visit'] }), {
			event: 'company.identified',
		});
		expect(answers.map((a) => a.status)).toEqual([200]);
		expect(JSON.parse(answers[0].body)).toEqual({ status: 'ignored', reason: expect.stringContaining('company.identified') });
		expect(bridge.executions()).toEqual([]);
	});

	test('a wrong hook ID gets 401 and no execution; the right one is accepted', async () => {
		const wrong = await deliver(trigger({ options: { hookId: 'aaaaaaaa-0000-0000-0000-000000000000' } }), {
			event: 'person.identified',
			hookId: 'bbbbbbbb-1111-1111-1111-111111111111',
		});
		expect(wrong.answers.map((a) => a.status)).toEqual([401]);
		expect(wrong.bridge.executions()).toEqual([]);

		const right = await deliver(trigger({ options: { hookId: ' BBBBBBBB-1111-1111-1111-111111111111 ' } }), {
			event: 'person.identified',
			hookId: 'bbbbbbbb-1111-1111-1111-111111111111',
		});
		expect(right.answers.map((a) => a.status)).toEqual([200]);
		expect(right.bridge.executions()).toHaveLength(1);
	});

	test.each([
		['a body that is not JSON', 'hook=person.identified&payload=x', /not valid JSON/],
		['a JSON array', [{ hook: {} }], /JSON object/],
		['no hook.event', { hook: { id: 'h1', title: 't' }, payload: { contact_id: 'c1' } }, /hook\.event/],
		['no payload', { hook: { id: 'h1', event: 'person.identified' } }, /payload/],
		['a payload that is not an object', { hook: { id: 'h1', event: 'person.identified' }, payload: 'x' }, /payload/],
		['an unknown event', { hook: { id: 'h1', event: 'person.deleted' }, payload: { contact_id: 'c1' } }, /Unknown Salespanel event "person\.deleted"/],
	])('%s gets 400 with a reason and no execution', async (_label, body, reason) => {
		const result = await engine.webhook(trigger(), { body }, { staticData: {} });
		expect(result.workflowData).toBeUndefined();
		expect(result.noWebhookResponse).toBe(true);
		expect(result.response?.statusCode).toBe(400);
		expect(result.response?.body).toEqual({ status: 'rejected', reason: expect.stringMatching(reason) });
	});

	test('a JSON body sent as text is parsed like any other', async () => {
		const body = await capture({ event: 'person.page_visit' });
		const result = await engine.webhook(trigger(), { body: JSON.stringify(body) }, { staticData: {} });
		expect(result.workflowData?.[0][0].json.event).toBe('person.page_visit');
	});
});

describe('Salespanel Trigger: repeated deliveries', () => {
	test('the same delivery three times starts exactly one execution', async () => {
		const staticData: IDataObject = {};
		const { answers, bridge } = await deliver(trigger(), { event: 'person.segment_qualified', duplicates: 2 }, staticData);
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
		expect(bridge.executions()).toHaveLength(1);
		expect(answers.slice(1).map((a) => (JSON.parse(a.body) as IDataObject).status)).toEqual(['ignored', 'ignored']);

		// Same static data, another event of the same contact: a new delivery, so it runs.
		const other = await deliver(trigger(), { event: 'person.identified' }, staticData);
		expect(other.bridge.executions()).toHaveLength(1);
	});

	test('with Ignore Duplicates off every delivery runs', async () => {
		const { bridge } = await deliver(trigger({ options: { ignoreDuplicates: false } }), { event: 'company.page_visit', duplicates: 2 });
		expect(bridge.executions()).toHaveLength(3);
	});

	test('a repeat is recognised for 10 minutes after the accepted delivery', async () => {
		const body = await capture({ event: 'person.identified' });
		const staticData: IDataObject = {};
		const t0 = Date.parse('2025-03-10T12:00:00Z');
		const now = jest.spyOn(Date, 'now');
		try {
			const at = async (offsetMs: number) => {
				now.mockReturnValue(t0 + offsetMs);
				return (await engine.webhook(trigger(), { body }, { staticData })).workflowData !== undefined;
			};
			expect(await at(0)).toBe(true);
			expect(await at(5 * 60_000)).toBe(false);
			expect(await at(9 * 60_000 + 59_000)).toBe(false);
			expect(await at(10 * 60_000 + 1_000)).toBe(true);
			expect(await at(11 * 60_000)).toBe(false);
		} finally {
			now.mockRestore();
		}
		const remembered = staticData['node:Salespanel Trigger'] as IDataObject;
		expect(Object.keys(remembered.recentDeliveries as IDataObject)).toHaveLength(1);
	});
});

describe('Salespanel Trigger: segments option', () => {
	const enterprise = () => sandbox.store.segments[0];
	const other = () => sandbox.store.segments[1];
	const node = () => trigger({ options: { segments: `  ${enterprise().name.toUpperCase()} , unrelated segment`, ignoreDuplicates: false } });

	test('a listed segment (by title, any case) is accepted, another segment is ignored', async () => {
		const listed = await deliver(node(), {
			event: 'person.segment_qualified',
			segment: { segment_id: enterprise().segment_id, title: enterprise().name },
		});
		expect(listed.bridge.executions()).toHaveLength(1);
		expect(listed.bridge.executions()[0][0].segment).toEqual({ segment_id: enterprise().segment_id, title: enterprise().name });

		const unlisted = await deliver(node(), {
			event: 'company.segment_qualified',
			segment: { segment_id: other().segment_id, title: other().name },
		});
		expect(unlisted.answers.map((a) => a.status)).toEqual([200]);
		expect(unlisted.bridge.executions()).toEqual([]);
	});

	test('a listed segment ID is accepted, and events without a segment are not affected', async () => {
		const byId = trigger({ options: { segments: other().segment_id.toUpperCase() } });
		const matched = await deliver(byId, {
			event: 'company.segment_qualified',
			segment: { segment_id: other().segment_id, title: other().name },
		});
		expect(matched.bridge.executions()).toHaveLength(1);

		const identified = await deliver(byId, { event: 'person.identified' });
		expect(identified.bridge.executions()).toHaveLength(1);
	});
});
