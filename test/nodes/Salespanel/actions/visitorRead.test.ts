// The read of one visitor (actions/visitorRead.ts) behind Get and Get Attribution: the fields it draws
// (pure) and one run of a module it builds in n8n-core's real ExecuteContext (client probe, nock).
// Get and Get Attribution themselves: visitor/get.operation.test.ts, visitor/getAttribution.operation.test.ts.
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import type { VisitorRead } from '../../../../nodes/Salespanel/actions/types';
import {
	attributionPath,
	visitorReadOperation,
} from '../../../../nodes/Salespanel/actions/visitorRead';
import { simplifyField } from '../../../../nodes/Salespanel/shared/fields';
import { PROBE_NAME, runProbe } from '../../../tools/support/client-probe';
import { useNock } from '../../../tools/support/nock';

/** Where the probe's credential points: nock answers there. */
const credential = {
	baseUrl: 'https://salespanel.io',
	apiToken: ['visitor', 'read', 'token', '3b9a'].join('-'),
};
const ID = 'be8364a3-59b2-d17e-988f-27fb997df240';
const outputs: Array<[IDataObject, VisitorRead]> = [];
const read = visitorReadOperation({
	visitorField: { name: 'visitorId', byEmail: false, description: 'Who' },
	simplifyField,
	path: (visitor) => `visitors/${visitor.encoded}/`,
	output(answer, prepared) {
		outputs.push([answer, prepared]);
		return { shaped: answer.contact_id };
	},
});

useNock();
beforeEach(() => (outputs.length = 0));

test('the attribution path takes the identifier percent-encoded', () => {
	expect(attributionPath({ kind: 'email', value: 'a+b@c.io', encoded: 'a%2Bb%40c.io' })).toBe(
		'visitors/attribution/a%2Bb%40c.io/',
	);
});

test('fields: the visitor picker as defined, the Simplify switch given, then Options', () => {
	expect(read.fields.map((f) => [f.name, f.type])).toEqual([
		['visitorId', 'resourceLocator'],
		['simplify', 'boolean'],
		['options', 'collection'],
	]);
	expect(read.fields[0].modes?.map((m) => m.name)).toEqual(['list', 'id']);
	expect(read.fields[1]).toBe(simplifyField);
});

test('execute: one GET of the path; the output is made from the answer and what was prepared', async () => {
	nock(credential.baseUrl).get(`/api/v1/visitors/${ID}/`).reply(200, { contact_id: ID });
	const prepared: VisitorRead = {
		visitor: { kind: 'id', value: ID, encoded: ID },
		simplify: false,
	};
	const run = await runProbe(
		credential,
		{},
		async (client, context) => await read.execute.call(context, prepared, client, 0),
	);
	expect(run.error).toBeUndefined();
	expect(run.json(PROBE_NAME)).toEqual([{ value: { shaped: ID } }]);
	expect(outputs).toEqual([[{ contact_id: ID }, prepared]]);
});

test('execute: a 404 names the visitor as entered; no output is made', async () => {
	nock(credential.baseUrl)
		.get('/api/v1/visitors/00000000-0000-0000-0000-000000000000/')
		.reply(404, { detail: 'Not found.' });
	const id = '00000000-0000-0000-0000-000000000000';
	const prepared: VisitorRead = { visitor: { kind: 'id', value: id, encoded: id }, simplify: true };
	const run = await runProbe(
		credential,
		{},
		async (client, context) => await read.execute.call(context, prepared, client, 0),
	);
	expect(run.error?.message).toBe(`Visitor "${id}" not found (404)`);
	expect(outputs).toEqual([]);
});
