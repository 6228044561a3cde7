/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Visitor → Set Attributes (actions/visitor/setAttributes.operation.ts): setAttributes.workflow.json, as
// the editor saves it, run by the real n8n-core engine against the sandbox. Keys n8n's HTTP client
// would drop (`__proto__`, …) are in setAttributes.operation.hostile.test.ts.
import { setAttributesResponseSchema } from '../../../../tools/schemas';
import { NODE_NAME } from '../../../../tools/support/node-env';
import { describeBadInput, useOperationTest } from '../../../../tools/support/operationTest';

const { env, saved } = useOperationTest(__dirname, 'setAttributes', { visitors: 60 });
const SAVED_EMAIL = 'chen@ironcladmedia.ai';
const ATTRIBUTES = ['n8n_customer', 'n8n_plan', 'n8n_seats'];

test('setAttributes.workflow.json: typed fields created for new names, updated afterwards; values keep their types', async () => {
	const lead = env.sandbox.store.visitors.find((v) => v.person_details?.email === SAVED_EMAIL)!;
	const first = await saved.output();
	expect(first.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
	const answer = setAttributesResponseSchema.parse(first[0].json);
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
	const [second] = await saved.output();
	const again = setAttributesResponseSchema.parse(second.json);
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
	const run = await saved.run({
		parameters: {
			visitorIdentifier: { __rl: true, mode: 'email', value: 'fresh.signup@newco.dev' },
			attributesInputMode: 'json',
			attributesJson: '{"source_form": "pricing", "score": 7}',
			options: { createNew: true },
		},
	});
	expect(run.error).toBeUndefined();
	expect(env.sandbox.store.visitors.length).toBe(before + 1);
	const created = env.sandbox.store.visitors.find(
		(v) => v.person_details?.email === 'fresh.signup@newco.dev',
	);
	expect(created?.visitor_attributes).toEqual({ source_form: 'pricing', score: 7 });
	expect(run.json(NODE_NAME)[0].visitor_id).toBe(created?.contact_id);
});

describeBadInput(
	env,
	() => ({
		resource: 'visitor',
		operation: 'setAttributes',
		visitorIdentifier: env.sandbox.store.visitors[0].contact_id,
	}),
	[
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
	],
);
