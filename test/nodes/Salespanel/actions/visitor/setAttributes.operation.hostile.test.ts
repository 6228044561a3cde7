// Visitor → Set Attributes with attribute names that are also JavaScript names, through the real
// n8n-core engine against the sandbox: ordinary ones are sent, the keys n8n's HTTP client silently
// drops from request bodies are refused up front instead of reporting success for a write that lost data.
import type { IDataObject } from 'n8n-workflow';

import { NODE_NAME } from '../../../../tools/support/node-env';
import { useNodeEnv } from '../../../../tools/support/operationTest';

const env = useNodeEnv({ visitors: 60 });
const leads = () => env.sandbox.store.visitors.filter((v) => !!v.person_details?.email);

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
	expect(env.sandbox.requests.map((r) => (r.body as IDataObject).visitor_attributes)).toEqual(sent);
	const stored = env.sandbox.store.visitors.find(
		(v) => v.contact_id === lead.contact_id,
	)?.visitor_attributes;
	expect(stored).toMatchObject({
		toString: 'b',
		valueOf: 1,
		hasOwnProperty: true,
		isPrototypeOf: 2,
	});
});

const refused: Array<[string, IDataObject, RegExp]> = [
	[
		'JSON attribute "__proto__"',
		{ attributesInputMode: 'json', attributesJson: '{"__proto__": "x"}' },
		/'Attributes \(JSON\)' contains the key "__proto__", which cannot be sent/,
	],
	[
		'JSON attribute "constructor" beside a good one',
		{ attributesInputMode: 'json', attributesJson: '{"plan": "pro", "constructor": "x"}' },
		/contains the key "constructor"/,
	],
	[
		'Fields attribute "prototype"',
		{ attributes: { attribute: [{ name: 'prototype', type: 'string', stringValue: 'x' }] } },
		/Attribute "prototype" in 'Attributes' cannot be sent/,
	],
	[
		'Fields attribute " constructor " (trimmed)',
		{ attributes: { attribute: [{ name: ' constructor ', type: 'number', numberValue: 3 }] } },
		/Attribute "constructor" in 'Attributes' cannot be sent/,
	],
	[
		'Fields attribute "__proto__"',
		{ attributes: { attribute: [{ name: '__proto__', type: 'string', stringValue: 'x' }] } },
		/Attribute "__proto__" in 'Attributes' cannot be sent/,
	],
	[
		'JSON names equal after trimming',
		{ attributesInputMode: 'json', attributesJson: '{"seats": 1, " seats": 2}' },
		/Attribute "seats" appears twice in 'Attributes \(JSON\)'/,
	],
	[
		'Fields names repeated',
		{
			attributes: {
				attribute: [
					{ name: 'seats', type: 'number', numberValue: 1 },
					{ name: 'seats ', type: 'number', numberValue: 2 },
				],
			},
		},
		/Attribute "seats" appears twice in 'Attributes'/,
	],
];
test.each(refused)('%s: a clear error and no request', async (_name, parameters, message) => {
	const run = await env.run({
		resource: 'visitor',
		operation: 'setAttributes',
		visitorIdentifier: leads()[0].contact_id,
		...parameters,
	});
	expect(run.error?.message).toMatch(message);
	expect(run.nodeError(NODE_NAME)?.name).toBe('NodeOperationError');
	expect(env.sandbox.requests).toHaveLength(0);
});
