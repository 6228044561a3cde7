// The visitor picker against hostile servers (a loopback server, through n8n-core's
// LoadOptionsContext): endless or repeating `next`, empty pages, megabyte fields, junk entries.
import type { IDataObject } from 'n8n-workflow';

import { MAX_LABEL_LENGTH } from '../../../../../nodes/Salespanel/shared/pickers/labels';
import {
	SEARCH_MAX_OFFSET,
	SEARCH_PAGES_PER_CALL,
} from '../../../../../nodes/Salespanel/shared/pickers/visitors';
import type { Engine } from '../../../../tools/harness';
import { json as answer, startLoopback, type Loopback } from '../../../../tools/support/loopback';
import { createSalespanelEngine } from '../../../../tools/support/node-env';
import { searchVisitors } from './pickerCalls';

describe('Visitor picker against hostile servers', () => {
	let server: Loopback;
	let engine: Engine;
	beforeAll(async () => {
		server = await startLoopback();
		engine = createSalespanelEngine(server.url, 'hostile-token-1234');
	});
	afterAll(async () => await server.close());
	beforeEach(() => (server.hits.length = 0));

	const person = (i: number) => ({
		contact_id: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
		person_details: { name: `P ${i}`, email: `p${i}@x.io` },
	});

	test('an endless `next` with ever new entries: a bounded list, at most 5 pages per call and none past the cap', async () => {
		server.handle = (_req, res, hit) => {
			const offset = Number(new URL(hit.url, server.url).searchParams.get('offset'));
			answer(res, 200, {
				pagination: { next: `${server.url}/next`, count: null },
				results: Array.from({ length: 100 }, (_, i) => person(offset + i)),
			});
		};
		const first = await searchVisitors(engine, 'nobody', undefined, 'searchVisitors');
		expect(server.hits).toHaveLength(SEARCH_PAGES_PER_CALL);
		expect(first.paginationToken).toBe('500');
		// The editor keeps asking while it gets a token: the walk ends at the cap.
		let token = first.paginationToken as string | undefined;
		let calls = 1;
		while (token !== undefined && calls < 100) {
			token = (await searchVisitors(engine, 'nobody', token, 'searchVisitors')).paginationToken as
				| string
				| undefined;
			calls++;
		}
		expect(token).toBeUndefined();
		expect(calls).toBe(SEARCH_MAX_OFFSET / 500);
		expect(server.hits.length).toBe(SEARCH_MAX_OFFSET / 100);
	});

	test('a 1 MB spam name and company, count 1e12: labels of at most 120 characters with the email kept, only the start of each field searched', async () => {
		const spam = 'Buy cheap followers '.repeat(52_429);
		const spammer = {
			contact_id: '99999999-0000-4000-8000-000000000000',
			person_details: { name: `${spam}needle`, email: 'spam@x.io', organization: spam },
		};
		server.handle = (_req, res, hit) => {
			const offset = Number(new URL(hit.url, server.url).searchParams.get('offset'));
			const results = offset === 0 ? [spammer, person(1)] : [person(offset), person(offset + 1)];
			answer(res, 200, { pagination: { next: `${server.url}/next`, count: 1e12 }, results });
		};
		const page = await searchVisitors(engine, undefined, undefined, 'searchVisitors');
		expect(page.results[0]).toEqual({
			name: `${'Buy cheap followers '.repeat(3).slice(0, 49)}… · spam@x.io · ${'Buy cheap followers '.repeat(3).slice(0, 49)}…`,
			value: spammer.contact_id,
		});
		expect(page.results[1]).toEqual({ name: 'P 1 · p1@x.io', value: person(1).contact_id });
		// What goes to the editor: two short labels, not the megabyte (before: ~2 MB).
		expect(JSON.stringify(page).length).toBeLessThan(500);
		expect(page.paginationToken).toBe('2');
		// Text past the first 254 characters of a field is not searched (not shown either).
		server.hits.length = 0;
		const needle = await searchVisitors(engine, 'needle', undefined, 'searchVisitors');
		expect(needle.results).toEqual([]);
		// count 1e12 plans nothing: the call reads its 5 pages and hands back a token.
		expect(server.hits).toHaveLength(SEARCH_PAGES_PER_CALL);
		expect(needle.paginationToken).toBe(String(2 * SEARCH_PAGES_PER_CALL));
		expect(
			(await searchVisitors(engine, 'SPAM@', undefined, 'searchVisitors')).results.map(
				(r) => r.value,
			),
		).toEqual([spammer.contact_id]);
		expect(
			(await searchVisitors(engine, 'cheap followers', undefined, 'searchVisitors')).results.map(
				(r) => r.value,
			),
		).toEqual([spammer.contact_id]);
	});

	const anonymousAt = (i: number, details: IDataObject = {}) => ({
		contact_id: `${String(i).repeat(8).slice(0, 8)}-0000-4000-8000-000000000000`,
		web_activity_summary: { last_seen: new Date(Date.now() - 61 * 60_000).toISOString() },
		...details,
	});

	// Issue 23 item 5: "Anonymous · last seen 1 h ago" twice.
	test('anonymous visitors alike in all but their ID: each row shows the start of its ID, which finds it', async () => {
		const alike = [1, 2, 3].map((i) => anonymousAt(i));
		server.handle = (_req, res) =>
			answer(res, 200, { pagination: { next: null, count: 3 }, results: alike });
		const page = await searchVisitors(engine, undefined, undefined, 'searchVisitorsAnonymousFirst');
		expect(page.results).toEqual([
			{ name: 'Anonymous #11111111 · last seen 1 h ago', value: alike[0].contact_id },
			{ name: 'Anonymous #22222222 · last seen 1 h ago', value: alike[1].contact_id },
			{ name: 'Anonymous #33333333 · last seen 1 h ago', value: alike[2].contact_id },
		]);
		expect(
			(await searchVisitors(engine, '#22222222', undefined, 'searchVisitors')).results.map(
				(r) => r.value,
			),
		).toEqual([alike[1].contact_id]);
		expect(
			(await searchVisitors(engine, '3333', undefined, 'searchVisitors')).results.map(
				(r) => r.value,
			),
		).toEqual([alike[2].contact_id]);
		// Every part a label shows is searchable, the time too.
		expect(
			(await searchVisitors(engine, 'last seen 1 h ago', undefined, 'searchVisitors')).results,
		).toHaveLength(3);
	});

	test('a 1 MB city, country and company: the ID stays in a label of at most 120 characters, only the start of each field searched', async () => {
		const huge = (text: string) => `${text} `.repeat(1_048_576 / (text.length + 1));
		// "Within" sits past the label's cut but inside the 254 characters searched, "Beyond" past them.
		const city = `London ${'Borough '.repeat(20)}Within ${'Borough '.repeat(20)}Beyond ${huge('Borough')}`;
		const visitor = anonymousAt(7, {
			company_details: { name: huge('Megacorp') },
			acquisition_details: { landing_location: { city, country: huge('Kingdom') } },
		});
		server.handle = (_req, res) =>
			answer(res, 200, { pagination: { next: null, count: 1e12 }, results: [visitor, person(1)] });
		const page = await searchVisitors(engine, undefined, undefined, 'searchVisitors');
		const label = page.results[0].name;
		expect(label).toHaveLength(MAX_LABEL_LENGTH);
		expect(label).toBe(
			`Anonymous #77777777 · ${'Megacorp '.repeat(6).slice(0, 49)}… · ${'London Borough Borough Borough Borough Borough Borough'.slice(0, 44)}…`,
		);
		expect(JSON.stringify(page).length).toBeLessThan(500);
		const found = async (term: string) =>
			(await searchVisitors(engine, term, undefined, 'searchVisitors')).results.map((r) => r.value);
		expect(await found('within')).toEqual([visitor.contact_id]);
		expect(await found('beyond')).toEqual([]);
		expect(await found('united kingdom')).toEqual([]);
		expect(await found('kingdom megacorp london')).toEqual([visitor.contact_id]);
	});

	test("an endless `next` repeating the same page: the page loop's error (it used to end the list quietly), after the second page", async () => {
		server.handle = (_req, res) =>
			answer(res, 200, {
				pagination: { next: `${server.url}/again`, count: 1_000_000 },
				results: [person(1), person(2)],
			});
		await expect(searchVisitors(engine, 'p', undefined, 'searchVisitors')).rejects.toThrow(
			"Salespanel's pagination did not end: it sent only items already read at offset 2 and still announced a next page (2 items read)",
		);
		expect(server.hits).toHaveLength(2);
		// Without a filter a call reads one page: it shows it and hands back a token.
		const page = await searchVisitors(engine, undefined, undefined, 'searchVisitors');
		expect(page.results.map((r) => r.name)).toEqual(['P 1 · p1@x.io', 'P 2 · p2@x.io']);
		expect(page.paginationToken).toBe('2');
	});

	test("an endless `next` with empty pages: the page loop's error (it used to end the list quietly), no further request", async () => {
		server.handle = (_req, res) =>
			answer(res, 200, { pagination: { next: `${server.url}/again`, count: 5 }, results: [] });
		await expect(searchVisitors(engine, 'x', undefined, 'searchVisitors')).rejects.toThrow(
			"Salespanel's pagination did not end: it announced a next page but sent an empty one at offset 0 (0 items read)",
		);
		expect(server.hits).toHaveLength(1);
	});

	test('`next` past its own count on a page the call stops at: no token is handed out for it, the error instead', async () => {
		server.handle = (_req, res) =>
			answer(res, 200, {
				pagination: { next: `${server.url}/again`, count: 2 },
				results: [person(1), person(2)],
			});
		await expect(searchVisitors(engine, undefined, undefined, 'searchVisitors')).rejects.toThrow(
			"Salespanel's pagination did not end: it announced a next page at offset 2, past its own count of 2 (2 items read)",
		);
		expect(server.hits).toHaveLength(1);
	});

	test.each([
		['null', null],
		['a string', 'visitor'],
		['a number', 42],
		['a list', [1]],
	])('an entry that is %s: a clear error naming the entry', async (_what, entry) => {
		server.handle = (_req, res) =>
			answer(res, 200, { pagination: { next: null, count: 2 }, results: [person(1), entry] });
		await expect(searchVisitors(engine, undefined, undefined, 'searchVisitors')).rejects.toThrow(
			/Salespanel sent a collection entry that is not an object: results\[1\] is /,
		);
	});

	test('entries without contact_id or with odd fields are skipped or shown safely, never crash', async () => {
		server.handle = (_req, res) =>
			answer(res, 200, {
				pagination: { next: null, count: 4 },
				results: [
					{},
					{ contact_id: 7 },
					{
						contact_id: 'c-1',
						person_details: 'x',
						company_details: [1],
						web_activity_summary: { last_seen: 'never' },
					},
					person(3),
				],
			});
		const page = await searchVisitors(engine, undefined, undefined, 'searchVisitors');
		expect(page.results).toEqual([
			{ name: 'Anonymous #c-1', value: 'c-1' },
			{ name: 'P 3 · p3@x.io', value: person(3).contact_id },
		]);
	});
});
