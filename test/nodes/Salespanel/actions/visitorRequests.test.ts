// Requests about one visitor (actions/visitorRequests.ts): the order keys of writes and the 404 message
// (pure), and requestVisitorObject / postVisitorWrite run in n8n-core's real ExecuteContext by the client
// probe against nock. Answers of the wrong shape are in visitorRequests.hostile.test.ts.
import nock from 'nock';

import type { VisitorWrite } from '../../../../nodes/Salespanel/actions/types';
import type { VisitorIdentifier } from '../../../../nodes/Salespanel/shared/helpers/validation';
import {
	emailOrderKey,
	postVisitorWrite,
	requestVisitorObject,
	visitorNotFound,
	visitorOrderKey,
	visitorWriteKeys,
} from '../../../../nodes/Salespanel/actions/visitorRequests';
import { PROBE_NAME, runProbe, type ProbeWork } from '../../../tools/support/client-probe';
import { useNock } from '../../../tools/support/nock';

const API = 'https://salespanel.io';
const TOKEN = ['visitor', 'requests', 'token', '7d1f'].join('-');
const ID = 'be8364a3-59b2-d17e-988f-27fb997df240';
const byId: VisitorIdentifier = { kind: 'id', value: ID, encoded: ID };
const byEmail: VisitorIdentifier = {
	kind: 'email',
	value: 'Jane.Doe@Acme.com',
	encoded: 'Jane.Doe%40Acme.com',
};
const probe = async (work: ProbeWork) =>
	await runProbe({ baseUrl: API, apiToken: TOKEN }, {}, work);
/** postVisitorWrite of `write` to `path`, run by the probe. */
const postWrite = async (path: string, write: VisitorWrite, notFoundMessage?: string) =>
	await probe(
		async (client, context) =>
			await postVisitorWrite.call(context, client, path, write, 0, notFoundMessage),
	);

useNock();

describe('order keys of writes', () => {
	test('an ID as it is, an email in any case as one key; the two ways to one person stay two keys', () => {
		expect(visitorOrderKey(byId)).toBe(`id:${ID}`);
		expect(visitorOrderKey(byEmail)).toBe('email:jane.doe@acme.com');
		expect(emailOrderKey('JANE.DOE@acme.COM')).toBe(visitorOrderKey(byEmail));
		expect(visitorOrderKey(byId)).not.toBe(visitorOrderKey(byEmail));
		expect(visitorWriteKeys({ visitor: byEmail, body: {} })).toEqual(['email:jane.doe@acme.com']);
	});
});

test('the 404 message names the visitor as entered, with the fix when one is given', () => {
	expect(visitorNotFound(byEmail)).toBe('Visitor "Jane.Doe@Acme.com" not found');
	expect(visitorNotFound(byId, 'check the ID')).toBe(`Visitor "${ID}" not found (check the ID)`);
});

describe('requestVisitorObject', () => {
	test('a read answered with one visitor object: that object', async () => {
		nock(API)
			.get(`/api/v1/visitors/${ID}/`)
			.reply(200, { contact_id: ID, visitor_tags: ['vip'] });
		const run = await probe(
			async (client, context) =>
				await requestVisitorObject.call(context, client, {
					method: 'GET',
					path: `visitors/${ID}/`,
				}),
		);
		expect(run.error).toBeUndefined();
		expect(run.json(PROBE_NAME)).toEqual([{ value: { contact_id: ID, visitor_tags: ['vip'] } }]);
	});

	test('a read answered with {}: not a visitor, an error naming what came', async () => {
		nock(API).get(`/api/v1/visitors/${ID}/`).reply(200, {});
		const run = await probe(
			async (client, context) =>
				await requestVisitorObject.call(context, client, {
					method: 'GET',
					path: `visitors/${ID}/`,
				}),
		);
		expect(run.error?.message).toBe(
			`Salespanel answered GET /api/v1/visitors/${ID}/ with an empty answer instead of one visitor object`,
		);
	});

	test('a write answered with {}: the write succeeded, {} it is', async () => {
		nock(API).post('/api/v1/visitor-attributes/').reply(200, {});
		const run = await probe(
			async (client, context) =>
				await requestVisitorObject.call(context, client, {
					method: 'POST',
					path: 'visitor-attributes/',
					body: { a: 1 },
				}),
		);
		expect(run.error).toBeUndefined();
		expect(run.json(PROBE_NAME)).toEqual([{ value: {} }]);
	});
});

describe('postVisitorWrite', () => {
	test('sends the prepared body as JSON by POST to the path; the answer object is the result', async () => {
		let sent: unknown;
		nock(API)
			.post('/api/v1/custom-activity/create/', (body) => {
				sent = body;
				return true;
			})
			.matchHeader('content-type', /application\/json/)
			.reply(200, { success: true });
		const body = { visitor_identifier: byEmail.value, category: 'c', label: 'l' };
		const run = await postWrite('custom-activity/create/', { visitor: byEmail, body });
		expect(run.error).toBeUndefined();
		expect(sent).toEqual(body);
		expect(run.json(PROBE_NAME)).toEqual([{ value: { success: true } }]);
	});

	test("a 404: the visitor's message, or the one given", async () => {
		nock(API).post('/api/v1/visitor-attributes/').times(2).reply(404, { detail: 'Not found.' });
		const write = { visitor: byEmail, body: {} };
		const plain = await postWrite('visitor-attributes/', write);
		expect(plain.error?.message).toBe('Visitor "Jane.Doe@Acme.com" not found (404)');
		const given = await postWrite(
			'visitor-attributes/',
			write,
			visitorNotFound(byEmail, 'create it first'),
		);
		expect(given.error?.message).toBe(
			'Visitor "Jane.Doe@Acme.com" not found (create it first) (404)',
		);
	});
});
