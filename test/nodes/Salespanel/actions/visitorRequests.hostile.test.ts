// requestVisitorObject (actions/visitorRequests.ts) through every operation that reads or writes one visitor:
// single-object answers (a visitor, an attribution, a write's result) of the wrong shape, through the real engine
// against nock: one input item gives one output item, or an error naming what came back. Collections are held to
// their shape by the transport (parsePage; see shared/transport/pagination.hostile.test.ts).
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { chain, manualTrigger, withItems } from '../../../tools/harness';
import { createSalespanelEngine, NODE_NAME, salespanelNode } from '../../../tools/support/node-env';
import { useNock } from '../../../tools/support/nock';

const API = 'https://salespanel.io';
const TOKEN = ['shapes', 'token', '9c2e'].join('-');
const ID = '00000000-0000-0000-0000-000000000007';
const EMAIL = 'jane@acme.com';
const engine = createSalespanelEngine(API, TOKEN);

const run = async (parameters: IDataObject, input?: IDataObject[], extra = {}) => {
	const node = salespanelNode(parameters as never, extra);
	return await engine.run(input ? withItems(input, node) : chain([manualTrigger(), node]));
};

useNock();

/** Each single-object operation: its parameters, its request and what the node expects back. */
const OPERATIONS: Array<{
	name: string;
	parameters: IDataObject;
	method: 'GET' | 'POST';
	path: string;
}> = [
	{
		name: 'Visitor → Get by ID',
		parameters: { resource: 'visitor', operation: 'get', visitorId: ID },
		method: 'GET',
		path: `/api/v1/visitors/${ID}/`,
	},
	{
		name: 'Visitor → Get by email',
		parameters: { resource: 'visitor', operation: 'get', visitorId: EMAIL },
		method: 'GET',
		path: '/api/v1/visitors/attribution/jane%40acme.com/',
	},
	{
		name: 'Visitor → Get Attribution',
		parameters: {
			resource: 'visitor',
			operation: 'getAttribution',
			visitorIdentifier: EMAIL,
			simplify: false,
		},
		method: 'GET',
		path: '/api/v1/visitors/attribution/jane%40acme.com/',
	},
	{
		name: 'Visitor → Identify',
		parameters: { resource: 'visitor', operation: 'identify', visitorId: ID, email: EMAIL },
		method: 'POST',
		path: `/api/v1/visitors/${ID}/identify/`,
	},
	{
		name: 'Visitor → Set Attributes',
		parameters: {
			resource: 'visitor',
			operation: 'setAttributes',
			visitorIdentifier: EMAIL,
			attributesInputMode: 'json',
			attributesJson: '{"plan":"pro"}',
		},
		method: 'POST',
		path: '/api/v1/visitor-attributes/',
	},
	{
		name: 'Activity → Create',
		parameters: {
			resource: 'activity',
			operation: 'create',
			visitorIdentifier: EMAIL,
			category: 'c',
			label: 'l',
		},
		method: 'POST',
		path: '/api/v1/custom-activity/create/',
	},
];

const reply = (method: 'GET' | 'POST', path: string, body: string, times = 1) =>
	nock(API)
		.intercept(path, method)
		.times(times)
		.reply(200, body, { 'Content-Type': 'application/json' });

const attribution = (n: number) => ({
	contact_id: `00000000-0000-0000-0000-00000000000${n}`,
	attribution_details: { landing_page: `/p${n}` },
});

describe.each(OPERATIONS)('$name', ({ parameters, method, path }) => {
	const what = method === 'GET' ? 'visitor' : 'result';
	test.each([
		[
			'a list of two objects',
			JSON.stringify([attribution(1), attribution(2)]),
			'a list of 2 entries',
		],
		['an empty list', '[]', 'a list of 0 entries'],
		['a list of one object', JSON.stringify([attribution(1)]), 'a list of 1 entry'],
		['a number', '5', 'the number 5'],
		['a boolean', 'true', 'the boolean true'],
	])('answered with %s: an error naming it, no output item', async (_label, body, got) => {
		reply(method, path, body);
		const result = await run(parameters);
		expect(result.error?.message).toBe(
			`Salespanel answered ${method} ${path} with ${got} instead of one ${what} object`,
		);
		expect((result.error as { description?: string }).description).toMatch(
			/^The answer does not look like the Salespanel API's\. Use the address of the Salespanel API as Base URL/,
		);
	});

	test('answered with a JSON text: not taken for a record', async () => {
		// A JSON string cannot be told from a torn page once read: a GET asks twice more, then says so.
		reply(method, path, JSON.stringify(TOKEN), method === 'GET' ? 3 : 1);
		const result = await run(parameters);
		expect(result.error?.message).toBe(
			'Salespanel sent an answer that is not valid JSON (HTTP 200)',
		);
		expect(JSON.stringify(result.raw)).not.toContain(TOKEN);
	}, 20_000);

	test(`answered with null: ${method === 'GET' ? 'no visitor, an error' : 'a write without an answer body succeeded (as documented)'}`, async () => {
		reply(method, path, 'null');
		const result = await run(parameters);
		if (method === 'GET') {
			expect(result.error?.message).toBe(
				`Salespanel answered GET ${path} with an empty answer instead of one visitor object`,
			);
		} else {
			expect(result.error).toBeUndefined();
			expect(result.json(NODE_NAME)).toHaveLength(1);
		}
	});
});

describe('one output item per input item', () => {
	test('Get Attribution with Continue On Fail: an array answer is one error item at its place, the next item its visitor', async () => {
		nock(API)
			.get('/api/v1/visitors/attribution/a%40acme.com/')
			.reply(200, [attribution(1), attribution(2)]);
		nock(API).get('/api/v1/visitors/attribution/b%40acme.com/').reply(200, attribution(3));
		const result = await run(
			{
				resource: 'visitor',
				operation: 'getAttribution',
				visitorIdentifier: '={{ $json.email }}',
				simplify: false,
			},
			[{ email: 'a@acme.com' }, { email: 'b@acme.com' }],
			{ onError: 'continueRegularOutput' },
		);
		expect(result.error).toBeUndefined();
		const output = result.output(NODE_NAME);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0].json.error).toBe(
			'Salespanel answered GET /api/v1/visitors/attribution/a%40acme.com/ with a list of 2 entries instead of one visitor object',
		);
		expect(output[1].json).toEqual(attribution(3));
	});

	test('Get by email, Simplify on: an array answer is an error, not an item of empty fields', async () => {
		nock(API)
			.get('/api/v1/visitors/attribution/jane%40acme.com/')
			.reply(200, [attribution(1)]);
		const result = await run({ resource: 'visitor', operation: 'get', visitorId: EMAIL });
		expect(result.error?.message).toBe(
			'Salespanel answered GET /api/v1/visitors/attribution/jane%40acme.com/ with a list of 1 entry instead of one visitor object',
		);
	});
});
