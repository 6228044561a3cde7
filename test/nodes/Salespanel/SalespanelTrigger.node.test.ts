/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { SalespanelApi } from '../../../credentials/SalespanelApi.credentials';
import { SalespanelTrigger } from '../../../nodes/Salespanel/SalespanelTrigger.node';
import { createEngine } from '../../tools/harness';
import type { Engine, NodeSpec, WebhookResult } from '../../tools/harness';
import { startSandbox } from '../../tools/sandbox';
import type { Sandbox } from '../../tools/sandbox';
import {
	simplifiedVisitorSchema,
	WEBHOOK_EVENTS,
	webhookPayloadSchema,
	webhookWebActivitySummarySchema,
} from '../../tools/schemas';
import type { WebhookEvent, WebhookPayload } from '../../tools/schemas';

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
async function deliver(
	node: NodeSpec,
	options: Parameters<Sandbox['sendWebhook']>[1],
	staticData: IDataObject = {},
) {
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
	test.each(WEBHOOK_EVENTS.map((event) => [event]))(
		'%s starts one execution with the simplified item',
		async (event) => {
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
				first_name: payload.person_details?.first_name ?? null,
				last_name: payload.person_details?.last_name ?? null,
				email: payload.person_details?.email ?? null,
				title: payload.person_details?.title ?? null,
				organization: payload.person_details?.organization ?? null,
				linkedin: payload.person_details?.linkedin ?? null,
				location: payload.person_details?.location ?? null,
				company_name: payload.company_details?.name ?? null,
				company_domain: payload.company_details?.domain ?? null,
				company_website: payload.company_details?.website ?? null,
				company_linkedin: payload.company_details?.linkedin ?? null,
				company_location: payload.company_details?.location ?? null,
				company_industry: payload.company_details?.industry ?? null,
				company_employees: payload.company_details?.employees ?? null,
				source: payload.acquisition_details.source,
				medium: payload.acquisition_details.medium,
				city: payload.acquisition_details.landing_location?.city ?? null,
				country: payload.acquisition_details.landing_location?.country ?? null,
				tags: payload.visitor_tags ?? [],
				segments: (payload.qualified_segments ?? []).map((s) => s.name),
				page_visits: summary.total_page_views,
				sessions: summary.total_sessions,
				first_seen: summary.first_visit,
				last_seen: summary.last_visit,
				...(event.endsWith('.segment_qualified') ? { segment: payload.segment } : {}),
			});
			if (event.endsWith('.segment_qualified'))
				expect(item.segment?.title).toEqual(expect.any(String));
		},
	);

	test('a test delivery (Test URL, manual mode) is accepted too', async () => {
		const body = await capture({ event: 'person.identified' });
		const result = await engine.webhook(trigger(), { body }, { mode: 'manual', staticData: {} });
		expect(result.workflowData?.[0]).toHaveLength(1);
		expect(result.response).toBeUndefined();
	});

	test('Simplify off outputs event, hook and payload untouched', async () => {
		const { bridge } = await deliver(trigger({ options: { simplify: false } }), {
			event: 'company.segment_qualified',
		});
		const sent = bridge.deliveries[0].sent as WebhookPayload;
		expect(bridge.executions()).toEqual([
			[{ event: 'company.segment_qualified', hook: sent.hook, payload: sent.payload }],
		]);
	});
});

/** The body the sandbox would deliver, captured without running the node. */
async function capture(options: Parameters<Sandbox['sendWebhook']>[1]): Promise<IDataObject> {
	const { bridge } = await deliver(trigger(), options);
	return bridge.deliveries[0].sent as IDataObject;
}

describe('Salespanel Trigger: deliveries that start nothing', () => {
	test('an event that is not selected gets 200 and no execution', async () => {
		const { answers, bridge } = await deliver(
			trigger({ events: ['person.identified', 'person.page_visit'] }),
			{
				event: 'company.identified',
			},
		);
		expect(answers.map((a) => a.status)).toEqual([200]);
		expect(JSON.parse(answers[0].body)).toEqual({
			status: 'ignored',
			reason: expect.stringContaining('company.identified'),
		});
		expect(bridge.executions()).toEqual([]);
	});

	test('a wrong hook ID gets 401 and no execution; the right one is accepted', async () => {
		const wrong = await deliver(
			trigger({ options: { hookId: 'aaaaaaaa-0000-0000-0000-000000000000' } }),
			{
				event: 'person.identified',
				hookId: 'bbbbbbbb-1111-1111-1111-111111111111',
			},
		);
		expect(wrong.answers.map((a) => a.status)).toEqual([401]);
		expect(wrong.bridge.executions()).toEqual([]);

		const right = await deliver(
			trigger({ options: { hookId: ' BBBBBBBB-1111-1111-1111-111111111111 ' } }),
			{
				event: 'person.identified',
				hookId: 'bbbbbbbb-1111-1111-1111-111111111111',
			},
		);
		expect(right.answers.map((a) => a.status)).toEqual([200]);
		expect(right.bridge.executions()).toHaveLength(1);
	});

	test.each([
		['a body that is not JSON', 'hook=person.identified&payload=x', /not valid JSON/],
		['a JSON array', [{ hook: {} }], /JSON object/],
		[
			'no hook.event',
			{ hook: { id: 'h1', title: 't' }, payload: { contact_id: 'c1' } },
			/hook\.event/,
		],
		['no payload', { hook: { id: 'h1', event: 'person.identified' } }, /payload/],
		[
			'a payload that is not an object',
			{ hook: { id: 'h1', event: 'person.identified' }, payload: 'x' },
			/payload/,
		],
		[
			'an unknown event',
			{ hook: { id: 'h1', event: 'person.deleted' }, payload: { contact_id: 'c1' } },
			/Unknown Salespanel event "person\.deleted"/,
		],
	])('%s gets 400 with a reason and no execution', async (_label, body, reason) => {
		const result = await engine.webhook(trigger(), { body }, { staticData: {} });
		expect(result.workflowData).toBeUndefined();
		expect(result.noWebhookResponse).toBe(true);
		expect(result.response?.statusCode).toBe(400);
		expect(result.response?.body).toEqual({
			status: 'rejected',
			reason: expect.stringMatching(reason),
		});
	});

	test('a JSON body sent as text is parsed like any other', async () => {
		const body = await capture({ event: 'person.page_visit' });
		const result = await engine.webhook(
			trigger(),
			{ body: JSON.stringify(body) },
			{ staticData: {} },
		);
		expect(result.workflowData?.[0][0].json.event).toBe('person.page_visit');
	});
});

describe('Salespanel Trigger: a test delivery production would ignore is shown, saying why', () => {
	const testRun = async (node: NodeSpec, body: IDataObject, staticData: IDataObject = {}) =>
		await engine.webhook(node, { method: 'POST', body }, { mode: 'manual', staticData });

	test('an unselected event: the same 200 "ignored" answer, and one item with the reason', async () => {
		const body = await capture({ event: 'company.identified' });
		const node = trigger({ events: ['person.identified'] });
		const result = await testRun(node, body);
		expect(result.response?.statusCode).toBe(200);
		expect(result.response?.body).toEqual({
			status: 'ignored',
			reason: 'Event "company.identified" is not selected in the n8n node',
		});
		const items = (result.workflowData ?? [])[0].map((i) => i.json);
		expect(items).toHaveLength(1);
		expect(Object.keys(items[0])[0]).toBe('ignored_in_production');
		const { ignored_in_production: reason, ...item } = items[0];
		expect(reason).toBe('Event "company.identified" is not selected in the n8n node');
		expect(simplifiedTriggerSchema.parse(item).event).toBe('company.identified');
		// Production: still answered and filtered, nothing runs.
		const production = await engine.webhook(node, { method: 'POST', body }, { staticData: {} });
		expect(production.workflowData).toBeUndefined();
		expect(production.response?.body).toEqual(result.response?.body);
	});

	test("a segment not selected: shown in the test with Simplify off too, Salespanel's delivery untouched", async () => {
		const body = await capture({ event: 'person.segment_qualified' });
		const result = await testRun(
			trigger({ options: { segments: ['No Such Segment'], simplify: false } }),
			body,
		);
		expect(result.response?.body).toEqual({
			status: 'ignored',
			reason: expect.stringContaining('segment'),
		});
		expect(result.workflowData?.[0].map((i) => i.json)).toEqual([
			{
				event: 'person.segment_qualified',
				hook: body.hook,
				payload: body.payload,
				ignored_in_production: expect.stringContaining('segment'),
			},
		]);
	});

	test('a wrong hook ID: 401 as in production, an item naming the event and a clipped hook ID, no payload', async () => {
		const body = await capture({ event: 'person.identified' });
		(body.hook as IDataObject).id = `forged-${'x'.repeat(10_000)}`;
		const result = await testRun(
			trigger({ options: { hookId: 'aaaaaaaa-0000-0000-0000-000000000000' } }),
			body,
		);
		expect(result.response?.statusCode).toBe(401);
		expect(result.workflowData?.[0].map((i) => i.json)).toEqual([
			{
				event: 'person.identified',
				hook_id: `forged-${'x'.repeat(32)}…`,
				ignored_in_production: 'hook.id does not match the Hook ID set in the n8n node',
			},
		]);
	});

	test('an accepted test delivery carries no ignored_in_production field', async () => {
		const result = await testRun(trigger(), await capture({ event: 'person.identified' }));
		expect(result.workflowData?.[0][0].json).not.toHaveProperty('ignored_in_production');
		simplifiedTriggerSchema.parse(result.workflowData?.[0][0].json);
	});
});

describe('Salespanel Trigger: repeated deliveries', () => {
	test('the same delivery three times starts exactly one execution', async () => {
		const staticData: IDataObject = {};
		const { answers, bridge } = await deliver(
			trigger(),
			{ event: 'person.segment_qualified', duplicates: 2 },
			staticData,
		);
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
		expect(bridge.executions()).toHaveLength(1);
		expect(answers.slice(1).map((a) => (JSON.parse(a.body) as IDataObject).status)).toEqual([
			'ignored',
			'ignored',
		]);

		// Same static data, another event of the same contact: a new delivery, so it runs.
		const other = await deliver(trigger(), { event: 'person.identified' }, staticData);
		expect(other.bridge.executions()).toHaveLength(1);
	});

	test('with Ignore Duplicates off every delivery runs', async () => {
		const { bridge } = await deliver(trigger({ options: { ignoreDuplicates: false } }), {
			event: 'company.page_visit',
			duplicates: 2,
		});
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
				return (
					(await engine.webhook(trigger(), { body }, { staticData })).workflowData !== undefined
				);
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
		// One record (fingerprint + time) in one key: the delivery accepted at 10:01.
		expect(Object.keys(remembered)).toEqual(['deliveryRecords']);
		expect(remembered.deliveryRecords).toHaveLength(41);
	});
});

describe('Salespanel Trigger: segments option', () => {
	const enterprise = () => sandbox.store.segments[0];
	const other = () => sandbox.store.segments[1];
	const node = () =>
		trigger({
			options: {
				segments: `  ${enterprise().name.toUpperCase()} , unrelated segment`,
				ignoreDuplicates: false,
			},
		});

	test('a listed segment (by title, any case) is accepted, another segment is ignored', async () => {
		const listed = await deliver(node(), {
			event: 'person.segment_qualified',
			segment: { segment_id: enterprise().segment_id, title: enterprise().name },
		});
		expect(listed.bridge.executions()).toHaveLength(1);
		expect(listed.bridge.executions()[0][0].segment).toEqual({
			segment_id: enterprise().segment_id,
			title: enterprise().name,
		});

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

describe('Salespanel Trigger: hostile deliveries get a short 4xx, never an exception', () => {
	const hook = {
		id: '2ac9c790-9431-4609-9696-cac25b9b5ad3',
		event: 'person.identified',
		target: 'https://n8n.example/webhook',
		title: 'Leads',
	};
	/** A delivery built from JSON text, as n8n's body parser builds it (own `__proto__` keys included). */
	const fromText = (text: string) => ({
		body: JSON.parse(text) as unknown,
		rawBody: Buffer.from(text, 'utf8'),
	});
	const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

	/** Runs one delivery and checks the common rules of a rejection: 4xx, a short reason, no execution. */
	async function rejected(
		request: { body?: unknown; rawBody?: Buffer },
		staticData: IDataObject = {},
	) {
		const result = await engine.webhook(trigger(), request, { staticData });
		expect(result.workflowData).toBeUndefined();
		expect(result.noWebhookResponse).toBe(true);
		const body = result.response?.body as IDataObject;
		expect(body).toEqual({ status: 'rejected', reason: expect.any(String) });
		expect((body.reason as string).length).toBeLessThanOrEqual(160);
		return { status: result.response?.statusCode, reason: body.reason as string };
	}

	test.each([3_000, 100_000])('a payload nested %i levels deep gets 400', async (depth) => {
		const text = `{"hook":${JSON.stringify(hook)},"payload":{"contact_id":"c1","web_activity_summary":${nested(depth)}}}`;
		expect(await rejected(fromText(text))).toEqual({
			status: 400,
			reason: expect.stringMatching(/nested more than 32 levels/),
		});
	});

	test('a top-level list nested 5,000 levels deep gets 400', async () => {
		const text = `${'['.repeat(5000)}${']'.repeat(5000)}`;
		expect(await rejected(fromText(text))).toEqual({
			status: 400,
			reason: expect.stringMatching(/nested/),
		});
	});

	test('the deepest documented payload (and a little more) is still accepted', async () => {
		const body = await capture({ event: 'person.identified' });
		const deep = JSON.parse(
			`{"hook":${JSON.stringify(hook)},"payload":{"contact_id":"c1","visitor_attributes":${nested(29)}}}`,
		) as IDataObject;
		for (const delivery of [body, deep]) {
			const result = await engine.webhook(trigger(), { body: delivery }, { staticData: {} });
			expect(result.workflowData?.[0]).toHaveLength(1);
		}
	});

	test('a 10 MB event gets 413 and the reason does not repeat it', async () => {
		const event = 'x'.repeat(10_000_000);
		const text = JSON.stringify({ hook: { ...hook, event }, payload: { contact_id: 'c1' } });
		expect(await rejected(fromText(text))).toEqual({
			status: 413,
			reason: expect.stringMatching(/larger than/),
		});
		// The same as text n8n could not parse: refused before it is read.
		expect(await rejected({ body: {}, rawBody: Buffer.from(text, 'utf8') })).toMatchObject({
			status: 413,
		});
		expect(await rejected({ body: text })).toMatchObject({ status: 413 });
	});

	test('an unknown event is repeated in the reason cut to 40 characters', async () => {
		const event = `person.${'y'.repeat(500_000)}`;
		const { status, reason } = await rejected({
			body: { hook: { ...hook, event }, payload: { contact_id: 'c1' } },
		});
		expect(status).toBe(400);
		expect(reason).toBe(`Unknown Salespanel event "${event.slice(0, 39)}…"`);
	});

	test('a 2 MB string inside the payload gets 413', async () => {
		const body = {
			hook,
			payload: { contact_id: 'c1', person_details: { bio: 'b'.repeat(2_000_000) } },
		};
		expect(await rejected({ body })).toMatchObject({ status: 413 });
	});

	test('a list of a million numbers gets 413 without being walked', async () => {
		const body = {
			hook,
			payload: { contact_id: 'c1', visitor_tags: new Array<number>(1_000_000).fill(7) },
		};
		expect(await rejected({ body })).toMatchObject({ status: 413 });
	});

	test.each([
		[
			'__proto__',
			`{"hook":${JSON.stringify(hook)},"payload":{"contact_id":"c1","__proto__":{"contact_id":"evil"}}}`,
		],
		[
			'__proto__',
			`{"__proto__":{"hook":${JSON.stringify(hook)}},"hook":${JSON.stringify(hook)},"payload":{"contact_id":"c1"}}`,
		],
		[
			'constructor',
			`{"hook":${JSON.stringify(hook)},"payload":{"contact_id":"c1","visitor_attributes":{"constructor":{"prototype":{"x":1}}}}}`,
		],
		[
			'prototype',
			`{"hook":${JSON.stringify(hook)},"payload":{"contact_id":"c1","segment":{"prototype":"x"}}}`,
		],
	])('a delivery carrying a "%s" key gets 400 naming the key', async (key, text) => {
		expect(await rejected(fromText(text))).toEqual({
			status: 400,
			reason: `The delivery carries the key "${key}", which n8n cannot pass on`,
		});
		expect(({} as IDataObject).contact_id).toBeUndefined();
	});

	test('keys named like built-in methods are ordinary data and the delivery runs', async () => {
		const text = `{"hook":${JSON.stringify(hook)},"payload":{"contact_id":"c1","toString":1,"valueOf":"x","hasOwnProperty":null,
			"visitor_tags":["hot",{"toString":1},{"valueOf":{}},7,null],"qualified_segments":[{"name":{"toString":2}},"Trial"],
			"person_details":{"name":{"valueOf":1},"email":"jane@acme.com"}}}`;
		for (const simplify of [true, false]) {
			const result = await engine.webhook(trigger({ options: { simplify } }), fromText(text), {
				staticData: {},
			});
			const [item] = result.workflowData?.[0] ?? [];
			if (simplify) {
				expect(item.json).toMatchObject({
					contact_id: 'c1',
					email: 'jane@acme.com',
					name: null,
					tags: ['hot', '7'],
					segments: ['Trial'],
				});
			} else {
				expect(JSON.parse(JSON.stringify(item.json))).toEqual({
					event: 'person.identified',
					...(JSON.parse(text) as IDataObject),
				});
			}
		}
	});

	test.each([
		['a JSON list', '[1,2,3]'],
		['a JSON string', '"person.identified"'],
		['a JSON number', '42'],
		['JSON null', 'null'],
		['JSON true', 'true'],
		['an empty body', ''],
		['text', 'hello'],
	])('a body that is %s gets 400', async (_label, text) => {
		// n8n leaves the body empty when it is not a JSON object; the raw bytes are read then.
		expect(await rejected({ body: {}, rawBody: Buffer.from(text, 'utf8') })).toMatchObject({
			status: 400,
		});
		if (text !== '') expect(await rejected({ body: text })).toMatchObject({ status: 400 });
	});

	test.each([
		['a number', 7],
		['an object', { name: 'person.identified' }],
		['a list', ['person.identified']],
		['null', null],
		['blank text', '   '],
		['another case', 'PERSON.IDENTIFIED'],
		['a 100,000-character text', 'p'.repeat(100_000)],
	])('a hook.event that is %s gets 400', async (_label, event) => {
		expect(
			await rejected({ body: { hook: { ...hook, event }, payload: { contact_id: 'c1' } } }),
		).toMatchObject({ status: 400 });
	});

	test('damaged static data does not break the duplicate check', async () => {
		const body = await capture({ event: 'person.identified' });
		const staticData: IDataObject = { 'node:Salespanel Trigger': 'garbage' };
		const first = await engine.webhook(trigger(), { body }, { staticData });
		const second = await engine.webhook(trigger(), { body }, { staticData });
		expect(first.workflowData?.[0]).toHaveLength(1);
		expect(second.workflowData).toBeUndefined();
		expect(second.response?.body).toEqual({
			status: 'ignored',
			reason: expect.stringMatching(/Identical delivery/),
		});
	});
});
