// The Get Many of the time-ordered collections (actions/listing.ts: visitors, leads, visiting companies):
// the fields each gets (pure), and through the real n8n-core engine against nock what only a precise
// answer shows: records met twice across pages (the list moved while it was read) come out once.
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { listingOperation } from '../../../../nodes/Salespanel/actions/listing';
import { chain, manualTrigger } from '../../../tools/harness';
import { createSalespanelEngine, NODE_NAME, salespanelNode } from '../../../tools/support/node-env';
import { useNock } from '../../../tools/support/nock';

const API = 'https://salespanel.io';
const TOKEN = ['listing', 'token', '5e0c'].join('-');
const engine = createSalespanelEngine(API, TOKEN);

useNock();

/**
 * Answers the collection at `path` in these pages (by `offset`), announcing `count` records: the
 * distinct ones, as a server whose list moved while it was read would.
 */
function servePages(path: string, count: number, pages: IDataObject[][]): void {
	const sent = pages.flat().length;
	pages.forEach((results, index) => {
		const offset = pages.slice(0, index).flat().length;
		const end = offset + results.length;
		const next = end < sent ? `${API}/api/v1/${path}?limit=100&offset=${end}` : null;
		nock(API)
			.get(`/api/v1/${path}`)
			.query((q) => Number(q.offset ?? 0) === offset)
			.reply(200, { pagination: { count, next, previous: null }, results });
	});
}

test('visitors (and leads) get Simplify; visiting companies do not; each has Select by First Activity in Options', () => {
	const names = (records: 'visitors' | 'companies') =>
		listingOperation({ path: 'x/', records }).fields.map((f) => f.name);
	expect(names('visitors')).toEqual(['returnAll', 'limit', 'simplify', 'options']);
	expect(names('companies')).toEqual(['returnAll', 'limit', 'options']);
	const options = listingOperation({ path: 'x/', records: 'companies' }).fields.at(-1)
		?.options as Array<{ name: string }>;
	expect(options.map((o) => o.name)).toEqual([
		'selectByFirstActivity',
		'rateLimitRequests',
		'rateLimitWindowSeconds',
	]);
});

test('visiting companies: one met again on a later page (same domain, other case) comes out once, in its first place', async () => {
	const acme = { name: 'Acme', domain: 'acme.com' };
	const globex = { name: 'Globex', domain: 'globex.io' };
	const initech = { name: 'Initech', domain: '' };
	servePages('visiting-companies/', 3, [
		[acme, globex],
		[{ ...acme, domain: ' ACME.com ' }, initech],
	]);
	const run = await engine.run(
		chain([
			manualTrigger(),
			salespanelNode({ resource: 'visitingCompany', operation: 'getAll', returnAll: true }),
		]),
	);
	expect(run.error).toBeUndefined();
	expect(run.json(NODE_NAME)).toEqual([acme, globex, initech]);
});

test('leads: a visitor met again (same contact_id) comes out once; Simplify off keeps the object as sent', async () => {
	const lead = (n: number) => ({
		contact_id: `00000000-0000-0000-0000-00000000000${n}`,
		person_details: { email: `p${n}@acme.com` },
	});
	servePages('leads/', 3, [
		[lead(1), lead(2)],
		[lead(2), lead(3)],
	]);
	const run = await engine.run(
		chain([
			manualTrigger(),
			salespanelNode({ resource: 'lead', operation: 'getAll', returnAll: true, simplify: false }),
		]),
	);
	expect(run.error).toBeUndefined();
	expect(run.json(NODE_NAME)).toEqual([lead(1), lead(2), lead(3)]);
});
