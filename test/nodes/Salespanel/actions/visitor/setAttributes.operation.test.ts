// Visitor → Set Attributes (actions/visitor/setAttributes.operation.ts): setAttributes.workflow.json, as
// the editor saves it, run by the real n8n-core engine against the sandbox. Keys n8n's HTTP client
// would drop (`__proto__`, …) are in setAttributes.operation.hostile.test.ts.
import { join } from 'node:path';

import { setAttributesResponseSchema } from '../../../../tools/schemas';
import { NODE_NAME } from '../../../../tools/support/node-env';
import { expectRefusedBeforeAnyRequest, useNodeEnv } from '../../../../tools/support/operationTest';
import { readWorkflowFile, workflowVariant } from '../../../../tools/support/workflowFile';

const workflow = readWorkflowFile(join(__dirname, 'setAttributes.workflow.json'));
const env = useNodeEnv({ visitors: 60 });
const SAVED_EMAIL = 'chen@ironcladmedia.ai';
const ATTRIBUTES = ['n8n_customer', 'n8n_plan', 'n8n_seats'];

test('setAttributes.workflow.json: typed fields created for new names, updated afterwards; values keep their types', async () => {
	const lead = env.sandbox.store.visitors.find((v) => v.person_details?.email === SAVED_EMAIL)!;
	const first = await env.engine.run(workflow);
	expect(first.error).toBeUndefined();
	expect(first.output(NODE_NAME).map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
	const answer = setAttributesResponseSchema.parse(first.json(NODE_NAME)[0]);
	expect(answer.created_attributes.sort()).toEqual(ATTRIBUTES);
	expect(answer.updated_attributes).toEqual([]);
	expect(env.sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([
		[
			'POST',
			'/api/v1/visitor-attributes/',
			{
				visitor_identifier: SAVED_EMAIL,
				visitor_attributes: { n8n_plan: 'enterprise', n8n_seats: 25.5, n8n_customer: true },
				create_new: false,
			},
		],
	]);
	const second = await env.engine.run(workflow);
	const again = setAttributesResponseSchema.parse(second.json(NODE_NAME)[0]);
	expect(again.created_attributes).toEqual([]);
	expect(again.updated_attributes.sort()).toEqual(ATTRIBUTES);
	expect(
		env.sandbox.store.visitors.find((v) => v.contact_id === lead.contact_id)?.visitor_attributes,
	).toMatchObject({
		n8n_plan: 'enterprise',
		n8n_seats: 25.5,
		n8n_customer: true,
	});
});

test('JSON mode with Create New Visitor creates the visitor from an email', async () => {
	const before = env.sandbox.store.visitors.length;
	const run = await env.engine.run(
		workflowVariant(workflow, NODE_NAME, {
			parameters: {
				visitorIdentifier: { __rl: true, mode: 'email', value: 'fresh.signup@newco.dev' },
				attributesInputMode: 'json',
				attributesJson: '{"source_form": "pricing", "score": 7}',
				options: { createNew: true },
			},
		}),
	);
	expect(run.error).toBeUndefined();
	expect(env.sandbox.store.visitors.length).toBe(before + 1);
	const created = env.sandbox.store.visitors.find(
		(v) => v.person_details?.email === 'fresh.signup@newco.dev',
	);
	expect(created?.visitor_attributes).toEqual({ source_form: 'pricing', score: 7 });
	expect(run.json(NODE_NAME)[0].visitor_id).toBe(created?.contact_id);
});

describe('bad input: a clear error naming the field, and no request at all', () => {
	const visitorId = () => env.sandbox.store.visitors[0].contact_id;
	test.each([
		[
			'attribute value null (JSON)',
			{ attributesInputMode: 'json', attributesJson: '{"a": null}' },
			/Attribute "a".*unsupported value \(null\)/,
		],
		[
			'nested attribute (JSON)',
			{ attributesInputMode: 'json', attributesJson: '{"a": {"b": 1}}' },
			/unsupported value \(an object\)/,
		],
		[
			'attributes JSON not an object',
			{ attributesInputMode: 'json', attributesJson: '[1,2]' },
			/'Attributes \(JSON\)' must be a JSON object/,
		],
		[
			'attributes JSON unparsable',
			{ attributesInputMode: 'json', attributesJson: '{oops' },
			/'Attributes \(JSON\)' is not valid JSON/,
		],
		[
			'attribute with empty name',
			{ attributes: { attribute: [{ name: ' ', type: 'string', stringValue: 'x' }] } },
			/empty name/,
		],
		['no attributes', { attributes: {} }, /'Attributes' has no attributes/],
		[
			'create new with a UUID',
			{ attributesInputMode: 'json', attributesJson: '{"a":1}', options: { createNew: true } },
			/'Create New Visitor' needs an email/,
		],
	])('%s', async (_name, parameters, message) => {
		const run = await env.run({
			resource: 'visitor',
			operation: 'setAttributes',
			visitorIdentifier: visitorId(),
			...parameters,
		});
		expectRefusedBeforeAnyRequest(env, run, message);
	});
});
