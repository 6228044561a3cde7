// Write operations, validation and per-item error handling of the Salespanel node, run through
// the real n8n-core engine against the sandbox.
import type { IDataObject } from 'n8n-workflow';

import { customActivityRequestSchema, customActivityResponseSchema, setAttributesResponseSchema } from '../../../tools/schemas';
import { createSalespanelEngine, NODE_NAME, salespanelNode, startNodeEnv, type NodeEnv } from '../../../tools/support/node-env';
import { chain, manualTrigger } from '../../../tools/harness';

let env: NodeEnv;

beforeAll(async () => {
	env = await startNodeEnv({ visitors: 60 });
});
afterAll(async () => await env.close());
beforeEach(() => env.sandbox.resetLog());

const anonymous = () => env.sandbox.store.visitors.filter((v) => !v.person_details?.email);
const leads = () => env.sandbox.store.visitors.filter((v) => !!v.person_details?.email);
const apiRequests = () => env.sandbox.requests.filter((r) => r.path.startsWith('/api/v1/'));

describe('Identify', () => {
	test('associates the email and sends exactly the documented body', async () => {
		const visitor = anonymous()[0];
		const run = await env.run({
			resource: 'visitor',
			operation: 'identify',
			visitorId: visitor.contact_id,
			email: 'new.lead+crm@acme.io',
			additionalFields: { identifiedThrough: 'form_submission' },
		});
		expect(run.error).toBeUndefined();
		expect(apiRequests().map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', `/api/v1/visitors/${visitor.contact_id}/identify/`, { email: 'new.lead+crm@acme.io', identified_through: 'form_submission' }],
		]);
		const stored = env.sandbox.store.visitors.find((v) => v.contact_id === visitor.contact_id);
		expect(stored?.person_details?.email).toBe('new.lead+crm@acme.io');
		expect(run.json(NODE_NAME)[0].contact_id).toBe(visitor.contact_id);
	});

	test('runs for every input item, outputs paired', async () => {
		const targets = anonymous().slice(0, 4);
		const run = await env.run(
			{ resource: 'visitor', operation: 'identify', visitorId: '={{ $json.id }}', email: '={{ $json.email }}' },
			targets.map((v, i) => ({ id: v.contact_id, email: `person${i}@example.org` })),
		);
		expect(run.error).toBeUndefined();
		expect(run.output(NODE_NAME).map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		targets.forEach((v, i) =>
			expect(env.sandbox.store.visitors.find((s) => s.contact_id === v.contact_id)?.person_details?.email).toBe(`person${i}@example.org`),
		);
	});
});

describe('Set Attributes', () => {
	test('typed fields: created for new names, updated afterwards; values keep their types', async () => {
		const lead = leads()[0];
		const parameters = {
			resource: 'visitor',
			operation: 'setAttributes',
			visitorIdentifier: lead.person_details!.email,
			attributesInputMode: 'fields',
			attributes: {
				attribute: [
					{ name: 'n8n_plan', type: 'string', stringValue: 'enterprise' },
					{ name: 'n8n_seats', type: 'number', numberValue: 25.5 },
					{ name: 'n8n_customer', type: 'boolean', booleanValue: true },
				],
			},
		};
		const first = await env.run(parameters as never);
		expect(first.error).toBeUndefined();
		const answer = setAttributesResponseSchema.parse(first.json(NODE_NAME)[0]);
		expect(answer.created_attributes.sort()).toEqual(['n8n_customer', 'n8n_plan', 'n8n_seats']);
		expect(answer.updated_attributes).toEqual([]);
		expect(apiRequests()[0].body).toEqual({
			visitor_identifier: lead.person_details!.email,
			visitor_attributes: { n8n_plan: 'enterprise', n8n_seats: 25.5, n8n_customer: true },
			create_new: false,
		});
		const second = await env.run(parameters as never);
		const again = setAttributesResponseSchema.parse(second.json(NODE_NAME)[0]);
		expect(again.created_attributes).toEqual([]);
		expect(again.updated_attributes.sort()).toEqual(['n8n_customer', 'n8n_plan', 'n8n_seats']);
		expect(env.sandbox.store.visitors.find((v) => v.contact_id === lead.contact_id)?.visitor_attributes).toMatchObject({
			n8n_plan: 'enterprise',
			n8n_seats: 25.5,
			n8n_customer: true,
		});
	});

	test('JSON mode with Create New Visitor creates the visitor from an email', async () => {
		const before = env.sandbox.store.visitors.length;
		const run = await env.run({
			resource: 'visitor',
			operation: 'setAttributes',
			visitorIdentifier: 'fresh.signup@newco.dev',
			attributesInputMode: 'json',
			attributesJson: '{"source_form": "pricing", "score": 7}',
			options: { createNew: true },
		});
		expect(run.error).toBeUndefined();
		expect(env.sandbox.store.visitors.length).toBe(before + 1);
		const created = env.sandbox.store.visitors.find((v) => v.person_details?.email === 'fresh.signup@newco.dev');
		expect(created?.visitor_attributes).toEqual({ source_form: 'pricing', score: 7 });
		expect(run.json(NODE_NAME)[0].visitor_id).toBe(created?.contact_id);
	});
});

describe('Attribute and metadata names that are also JavaScript names', () => {
	test('toString, valueOf and hasOwnProperty are ordinary attribute names (Fields and JSON): sent and stored', async () => {
		const lead = leads()[2];
		const fields = await env.run({
			resource: 'visitor',
			operation: 'setAttributes',
			visitorIdentifier: lead.contact_id,
			attributes: {
				attribute: [
					{ name: 'toString', type: 'string', stringValue: 'a' },
					{ name: 'valueOf', type: 'number', numberValue: 1 },
					{ name: 'hasOwnProperty', type: 'boolean', booleanValue: true },
				],
			},
		});
		expect(fields.error).toBeUndefined();
		const json = await env.run({
			resource: 'visitor',
			operation: 'setAttributes',
			visitorIdentifier: lead.contact_id,
			attributesInputMode: 'json',
			attributesJson: '{"toString": "b", "isPrototypeOf": 2}',
		});
		expect(json.error).toBeUndefined();
		const sent: IDataObject[] = [
			{ toString: 'a', valueOf: 1, hasOwnProperty: true },
			{ toString: 'b', isPrototypeOf: 2 },
		];
		expect(apiRequests().map((r) => (r.body as IDataObject).visitor_attributes)).toEqual(sent);
		const stored = env.sandbox.store.visitors.find((v) => v.contact_id === lead.contact_id)?.visitor_attributes;
		expect(stored).toMatchObject({ toString: 'b', valueOf: 1, hasOwnProperty: true, isPrototypeOf: 2 });
	});

	// n8n's HTTP client silently drops these keys from request bodies: the node refuses them up front
	// instead of reporting success for a write that lost data.
	const refused: Array<[string, () => IDataObject, RegExp]> = [
		['JSON attribute "__proto__"', () => ({ attributesInputMode: 'json', attributesJson: '{"__proto__": "x"}' }), /'Attributes \(JSON\)' contains the key "__proto__", which cannot be sent/],
		['JSON attribute "constructor" beside a good one', () => ({ attributesInputMode: 'json', attributesJson: '{"plan": "pro", "constructor": "x"}' }), /contains the key "constructor"/],
		['Fields attribute "prototype"', () => ({ attributes: { attribute: [{ name: 'prototype', type: 'string', stringValue: 'x' }] } }), /Attribute "prototype" in 'Attributes' cannot be sent/],
		['Fields attribute " constructor " (trimmed)', () => ({ attributes: { attribute: [{ name: ' constructor ', type: 'number', numberValue: 3 }] } }), /Attribute "constructor" in 'Attributes' cannot be sent/],
		['Fields attribute "__proto__"', () => ({ attributes: { attribute: [{ name: '__proto__', type: 'string', stringValue: 'x' }] } }), /Attribute "__proto__" in 'Attributes' cannot be sent/],
		['JSON names equal after trimming', () => ({ attributesInputMode: 'json', attributesJson: '{"seats": 1, " seats": 2}' }), /Attribute "seats" appears twice in 'Attributes \(JSON\)'/],
		['Fields names repeated', () => ({ attributes: { attribute: [{ name: 'seats', type: 'number', numberValue: 1 }, { name: 'seats ', type: 'number', numberValue: 2 }] } }), /Attribute "seats" appears twice in 'Attributes'/],
	];
	test.each(refused)('%s: a clear error and no request', async (_name, extra, message) => {
		const run = await env.run({ resource: 'visitor', operation: 'setAttributes', visitorIdentifier: leads()[0].contact_id, ...extra() } as never);
		expect(run.error?.message).toMatch(message);
		expect(run.nodeError(NODE_NAME)?.name).toBe('NodeOperationError');
		expect(env.sandbox.requests).toHaveLength(0);
	});

	test('metadata with a dropped key at any depth names the path; no request', async () => {
		const deep = `{"a": ${'{"b": '.repeat(2000)}{"constructor": 1}${'}'.repeat(2000)}}`;
		for (const [metadata, message] of [
			['{"video": {"constructor": {"name": "x"}}}', /'Metadata' contains the key "constructor" \(at video\.constructor\)/],
			['{"__proto__": {"polluted": true}}', /'Metadata' contains the key "__proto__", which cannot be sent/],
			[deep, /'Metadata' contains the key "constructor" \(at a\.b\.b/],
		] as const) {
			const run = await env.run({
				resource: 'activity',
				operation: 'create',
				visitorIdentifier: leads()[0].contact_id,
				category: 'c',
				label: 'l',
				additionalFields: { metadata },
			});
			expect(run.error?.message).toMatch(message);
			expect(run.nodeError(NODE_NAME)?.description).toMatch(/drops keys named __proto__, constructor and prototype/);
		}
		expect(env.sandbox.requests).toHaveLength(0);
		expect(({} as IDataObject).polluted).toBeUndefined();
	});
});

describe('Create custom activity', () => {
	test('logs it once; it shows in the visitor activities', async () => {
		const lead = leads()[1];
		const run = await env.run({
			resource: 'activity',
			operation: 'create',
			visitorIdentifier: lead.contact_id,
			category: 'product_interaction',
			label: 'viewed_demo',
			additionalFields: { activityIdentifier: 'Product Demo Video', metadata: '{"video_duration": 120, "completed": true}' },
		});
		expect(run.error).toBeUndefined();
		expect(customActivityResponseSchema.parse(run.json(NODE_NAME)[0])).toEqual({ visitor_id: lead.contact_id, success: true });
		const [request] = apiRequests();
		expect(customActivityRequestSchema.parse(request.body)).toEqual({
			visitor_identifier: lead.contact_id,
			category: 'product_interaction',
			label: 'viewed_demo',
			activity_identifier: 'Product Demo Video',
			metadata: { video_duration: 120, completed: true },
		});
		const logged = env.sandbox.store.activities.get(lead.contact_id)!.filter((a) => a.activity_type === 'custom_activity' && a.label === 'viewed_demo');
		expect(logged).toHaveLength(1);
	});
});

describe('Bad input: a clear error naming the field, and no request at all', () => {
	const visitorId = () => env.sandbox.store.visitors[0].contact_id;
	const cases: Array<[string, () => IDataObject, RegExp]> = [
		['visitor ID not a UUID', () => ({ resource: 'visitor', operation: 'get', visitorId: 'abc' }), /'Visitor' is neither a visitor ID nor an email address/],
		['empty visitor ID', () => ({ resource: 'visitor', operation: 'get', visitorId: ' ' }), /'Visitor' is empty/],
		['identify with a bad email', () => ({ resource: 'visitor', operation: 'identify', visitorId: visitorId(), email: 'jane@' }), /'Email' is not a valid email/],
		['identifier neither UUID nor email', () => ({ resource: 'activity', operation: 'getAll', visitorIdentifier: 'jane' }), /'Visitor' is neither/],
		['limit 0', () => ({ resource: 'lead', operation: 'getAll', limit: 0 }), /'Limit' must be a whole number/],
		['limit by expression 2.5', () => ({ resource: 'segment', operation: 'getAll', limit: '={{ 2.5 }}' }), /'Limit' must be a whole number/],
		['attribute value null (JSON)', () => ({ resource: 'visitor', operation: 'setAttributes', visitorIdentifier: visitorId(), attributesInputMode: 'json', attributesJson: '{"a": null}' }), /Attribute "a".*unsupported value \(null\)/],
		['nested attribute (JSON)', () => ({ resource: 'visitor', operation: 'setAttributes', visitorIdentifier: visitorId(), attributesInputMode: 'json', attributesJson: '{"a": {"b": 1}}' }), /unsupported value \(an object\)/],
		['attributes JSON not an object', () => ({ resource: 'visitor', operation: 'setAttributes', visitorIdentifier: visitorId(), attributesInputMode: 'json', attributesJson: '[1,2]' }), /'Attributes \(JSON\)' must be a JSON object/],
		['attributes JSON unparsable', () => ({ resource: 'visitor', operation: 'setAttributes', visitorIdentifier: visitorId(), attributesInputMode: 'json', attributesJson: '{oops' }), /'Attributes \(JSON\)' is not valid JSON/],
		['attribute with empty name', () => ({ resource: 'visitor', operation: 'setAttributes', visitorIdentifier: visitorId(), attributes: { attribute: [{ name: ' ', type: 'string', stringValue: 'x' }] } }), /empty name/],
		['no attributes', () => ({ resource: 'visitor', operation: 'setAttributes', visitorIdentifier: visitorId(), attributes: {} }), /'Attributes' has no attributes/],
		['create new with a UUID', () => ({ resource: 'visitor', operation: 'setAttributes', visitorIdentifier: visitorId(), attributesInputMode: 'json', attributesJson: '{"a":1}', options: { createNew: true } }), /'Create New Visitor' needs an email/],
		['metadata not an object', () => ({ resource: 'activity', operation: 'create', visitorIdentifier: visitorId(), category: 'c', label: 'l', additionalFields: { metadata: '"text"' } }), /'Metadata' must be a JSON object/],
		['empty label', () => ({ resource: 'activity', operation: 'create', visitorIdentifier: visitorId(), category: 'c', label: '={{ "" }}' }), /'Label' is empty/],
		['empty category', () => ({ resource: 'activity', operation: 'create', visitorIdentifier: visitorId(), category: '  ', label: 'l' }), /'Category' is empty/],
	];
	test.each(cases)('%s', async (_name, parameters, message) => {
		const run = await env.run(parameters() as never);
		expect(run.error?.message).toMatch(message);
		// n8n-core stores errors as plain objects, so the class shows in `name`.
		expect(run.nodeError(NODE_NAME)?.name).toBe('NodeOperationError');
		expect((run.nodeError(NODE_NAME) as { description?: string }).description).toMatch(/e\.g\.|Enter|Give|Add|Salespanel|Use/);
		expect(env.sandbox.requests).toHaveLength(0);
	});

	test('one bad item among good ones stops the run before the first request: nothing half-written', async () => {
		const targets = anonymous().slice(0, 3);
		const run = await env.run(
			{ resource: 'visitor', operation: 'identify', visitorId: '={{ $json.id }}', email: '={{ $json.email }}' },
			[
				{ id: targets[0].contact_id, email: 'ok1@example.org' },
				{ id: targets[1].contact_id, email: 'not-an-email' },
				{ id: targets[2].contact_id, email: 'ok3@example.org' },
			],
		);
		expect(run.error?.message).toMatch(/'Email' is not a valid email address: "not-an-email"/);
		expect(env.sandbox.requests).toHaveLength(0);
	});
});

describe('Continue On Fail', () => {
	test('a failing item yields { error } paired with it; the others go on', async () => {
		const [a, b] = leads();
		const run = await env.run(
			{ resource: 'visitor', operation: 'get', visitorId: '={{ $json.id }}', simplify: true },
			[{ id: a.contact_id }, { id: 'not-a-uuid' }, { id: '00000000-0000-0000-0000-000000000000' }, { id: b.contact_id }],
			{ onError: 'continueRegularOutput' },
		);
		expect(run.error).toBeUndefined();
		const output = run.output(NODE_NAME);
		expect(output.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(output[0].json.contact_id).toBe(a.contact_id);
		expect(output[1].json.error).toMatch(/'Visitor' is neither a visitor ID nor an email address/);
		expect(output[2].json.error).toMatch(/Visitor "00000000-0000-0000-0000-000000000000" not found \(404\)$/);
		expect(output[2].json.httpCode).toBe('404');
		expect(output[3].json.contact_id).toBe(b.contact_id);
		// The invalid item sent nothing; the three others one request each.
		expect(apiRequests()).toHaveLength(3);
	});
});

describe('Authentication', () => {
	test('a wrong token: the message says so, shows Salespanel\'s detail and never the token', async () => {
		const engine = createSalespanelEngine(env.sandbox.url, 'wrong-token-value-123');
		const run = await engine.run(chain([manualTrigger(), salespanelNode({ resource: 'segment', operation: 'getAll' })]));
		expect(run.error?.message).toBe('Salespanel did not accept the API token (401): Invalid token.');
		expect((run.error as { description?: string }).description).toMatch(/API token page/);
		expect(JSON.stringify(run.raw)).not.toContain('wrong-token-value-123');
		expect(env.sandbox.requests.map((r) => r.authorized)).toEqual([false]);
	});

	test('the credential test passes with the right token and fails with a wrong one', async () => {
		const ok = await env.engine.testCredential('salespanelApi', { apiToken: env.sandbox.token, baseUrl: env.sandbox.url });
		expect(ok.status).toBe('OK');
		const bad = await env.engine.testCredential('salespanelApi', { apiToken: 'nope', baseUrl: env.sandbox.url });
		expect(bad.status).toBe('Error');
		// n8n's credential tester reports its own text for a 401, not the response body.
		expect(bad.message).toBe('Authorization failed - please check your credentials');
		const [first, ...rest] = env.sandbox.requests.map((r) => [r.path, r.query.limit, r.authorized]);
		expect(first).toEqual(['/api/v1/visitors/', '1', true]);
		expect(rest.length).toBeGreaterThan(0);
		rest.forEach((request) => expect(request).toEqual(['/api/v1/visitors/', '1', false]));
	});
});
