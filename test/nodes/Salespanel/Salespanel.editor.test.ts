/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// Editor experience of the Salespanel action node (issue 11): the visitor picker (listSearch
// through n8n-core's LoadOptionsContext, and every way a visitor value can arrive), Get by email,
// lossless attribution, safe defaults, the Custom API Call message and the description rules.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { SalespanelApi } from '../../../credentials/SalespanelApi.credentials';
import { Salespanel } from '../../../nodes/Salespanel/Salespanel.node';
import { SalespanelPollingTrigger } from '../../../nodes/Salespanel/SalespanelPollingTrigger.node';
import { SalespanelTrigger } from '../../../nodes/Salespanel/SalespanelTrigger.node';
import { simplifyAttribution, standardVisitor } from '../../../nodes/Salespanel/shared/helpers/simplify';
import { MAX_LABEL_LENGTH, shortened } from '../../../nodes/Salespanel/shared/pickers/labels';
import { SEARCH_MAX_OFFSET, SEARCH_PAGES_PER_CALL, timeAgo, visitorLabel, visitorMatches } from '../../../nodes/Salespanel/shared/pickers/visitors';
import { listSearch, type Engine } from '../../tools/harness';
import type { Visitor } from '../../tools/schemas';
import { simplifiedVisitorSchema, visitorSchema } from '../../tools/schemas';
import { json as answer, startLoopback, type Loopback } from '../../tools/support/loopback';
import { createSalespanelEngine, NODE_NAME, startNodeEnv, type NodeEnv } from '../../tools/support/node-env';

const TYPE = 'n8n-nodes-salespanel.salespanel';
let env: NodeEnv;

beforeAll(async () => {
	env = await startNodeEnv({ visitors: 650 });
});
afterAll(async () => await env.close());
beforeEach(() => env.sandbox.resetLog());

const visitors = () => env.sandbox.store.visitors;
const identified = () => visitors().filter((v) => !!v.person_details?.email);
const anonymous = () => visitors().filter((v) => !v.person_details?.email);
const apiRequests = () => env.sandbox.requests.filter((r) => r.path.startsWith('/api/v1/'));
const search = async (filter?: string, token?: string, method = 'searchVisitors', engine: Engine = env.engine) =>
	await listSearch(engine, { type: TYPE, credentials: ['salespanelApi'], parameters: { resource: 'visitor', operation: 'get' } }, method, filter, token);
const rl = (mode: 'list' | 'id' | 'email', value: string) => ({ __rl: true, mode, value });
const runJson = async (parameters: IDataObject, input?: IDataObject[]) => {
	const run = await env.run(parameters as INodeParameters, input);
	expect(run.error).toBeUndefined();
	return run.json(NODE_NAME);
};
const runError = async (parameters: IDataObject) => {
	const run = await env.run(parameters as INodeParameters);
	expect(run.error).toBeDefined();
	return run.error!;
};

describe('Visitor picker: From List (listSearch through n8n-core LoadOptionsContext)', () => {
	test('a wrong token: Salespanel\'s message with the status once (the editor shows "401 - <message>"); a node run keeps "(401)"', async () => {
		const wrong = createSalespanelEngine(env.sandbox.url, 'wrong-token');
		for (const method of ['searchVisitors', 'searchVisitorsAnonymousFirst']) {
			const error = (await search(undefined, undefined, method, wrong).catch((e: unknown) => e)) as { message: string; httpCode?: string };
			expect(error.message).toBe('Salespanel did not accept the API token: Invalid token.');
			expect(error.httpCode).toBe('401');
		}
	});

	test('no filter: one page of the 100 most recent visitors, readable labels, a token for more', async () => {
		const page = await search();
		expect(page.results.map((r) => r.value)).toEqual(visitors().slice(0, 100).map((v) => v.contact_id));
		expect(page.paginationToken).toBe('100');
		expect(apiRequests().map((r) => [r.path, r.query.limit, r.query.offset])).toEqual([['/api/v1/visitors/', '100', '0']]);
		const byId = new Map(page.results.map((r) => [r.value, r.name]));
		const person = identified()[0];
		const name = person.person_details!.name;
		expect(byId.get(person.contact_id)).toBe(
			[name, person.person_details!.email, person.company_details?.name ?? person.person_details!.organization, placeOf(person)].filter(Boolean).join(' · '),
		);
		const stranger = visitors()
			.slice(0, 100)
			.find((v) => !v.person_details?.email && v.company_details?.name && v.acquisition_details.landing_location?.city);
		expect(stranger).toBeDefined();
		expect(byId.get(stranger!.contact_id)).toMatch(
			new RegExp(
				`^Anonymous #${stranger!.contact_id.slice(0, 8)} · ${escapeRegex(stranger!.company_details!.name!)} · ${escapeRegex(placeOf(stranger!)!)} · last seen (just now|\\d+ (min|h|d) ago)$`,
			),
		);
	});

	test('the token reads on: the next page, then the end of the list without a token', async () => {
		const second = await search(undefined, '100');
		expect(second.results.map((r) => r.value)).toEqual(visitors().slice(100, 200).map((v) => v.contact_id));
		expect(second.paginationToken).toBe('200');
		const last = await search(undefined, '600');
		expect(last.results.map((r) => r.value)).toEqual(visitors().slice(600).map((v) => v.contact_id));
		expect(last.paginationToken).toBeUndefined();
	});

	test.each([
		['name', (v: Visitor) => v.person_details!.name!.split(' ')[0].toUpperCase()],
		['email', (v: Visitor) => v.person_details!.email!.slice(0, 8)],
		['company', (v: Visitor) => v.company_details!.name!.toLowerCase()],
	])('search by %s: every result matches, none left out of the pages read', async (_what, termOf) => {
		// A visitor deep in the list (beyond the first page) must still be found in one call.
		const target = identified().filter((v) => v.person_details?.name && v.company_details?.name && visitors().indexOf(v) >= 100)[0];
		const term = termOf(target);
		const page = await search(term);
		const expected = visitors()
			.slice(0, SEARCH_PAGES_PER_CALL * 100)
			.filter((v) => visitorMatches(v as unknown as IDataObject, term, Date.now()))
			.slice(0, 100)
			.map((v) => v.contact_id);
		const got = page.results.map((r) => r.value);
		expect(got).toContain(target.contact_id);
		expect(got).toEqual(expected.slice(0, got.length));
		expect(got.length).toBeGreaterThan(0);
		for (const result of page.results) {
			const visitor = visitors().find((v) => v.contact_id === result.value)! as unknown as IDataObject;
			expect(visitorMatches(visitor, term, Date.now())).toBe(true);
		}
	});

	// Issue 23 item 5: "London", shown in a label, found nothing.
	test.each([
		['city', 'London'],
		['country', 'germany'],
	])('search by the %s a label shows: every visitor of the pages read from there, each label showing it', async (_what, term) => {
		const page = await search(term);
		const pagesRead = apiRequests().length;
		const lower = term.toLowerCase();
		const fromThere = (v: Visitor) => !!placeOf(v)?.toLowerCase().includes(lower);
		const expected = visitors()
			.slice(0, pagesRead * 100)
			.filter(fromThere)
			.map((v) => v.contact_id);
		expect(expected.length).toBeGreaterThan(5);
		expect(page.results.map((r) => r.value)).toEqual(expected);
		for (const result of page.results) expect(result.name.toLowerCase()).toContain(lower);
		// Anonymous and identified visitors alike.
		expect(page.results.some((r) => r.name.startsWith('Anonymous #'))).toBe(true);
		expect(page.results.some((r) => r.name.includes('@'))).toBe(true);
	});

	test('words narrow the search: "anonymous london" lists only the anonymous visitors from London', async () => {
		const page = await search('  Anonymous   LONDON ');
		const pagesRead = apiRequests().length;
		const expected = visitors()
			.slice(0, pagesRead * 100)
			.filter((v) => !v.person_details?.email && v.acquisition_details.landing_location?.city === 'London')
			.map((v) => v.contact_id);
		expect(expected.length).toBeGreaterThan(2);
		expect(page.results.map((r) => r.value)).toEqual(expected);
		for (const result of page.results) expect(result.name).toMatch(/^Anonymous #[0-9a-f]{8} · .*London, United Kingdom/);
	});

	test('the start of a contact_id finds its visitor, the whole ID in any case finds only it, the middle finds nothing', async () => {
		const target = anonymous().filter((v) => visitors().indexOf(v) >= 200)[0];
		const id = target.contact_id;
		expect((await search(id.slice(0, 8))).results.map((r) => r.value)).toContain(id);
		expect((await search(id.slice(0, 4).toUpperCase())).results.map((r) => r.value)).toContain(id);
		const whole = await search(id.toUpperCase());
		expect(whole.results).toEqual([{ name: expect.stringMatching(new RegExp(`^Anonymous #${id.slice(0, 8)}`)), value: id }]);
		// Neither shown nor the start of the ID: the last group of hex digits is not a search term.
		expect((await search(id.slice(-12))).results.map((r) => r.value)).not.toContain(id);
	});

	test('no filter: the 100 labels of the first page are all different', async () => {
		const page = await search();
		const labels = page.results.map((r) => r.name);
		expect(labels).toHaveLength(100);
		expect(new Set(labels).size).toBe(100);
	});

	test('a search that matches nothing reads at most 5 pages, then hands a token for the rest', async () => {
		const page = await search('no-such-visitor-anywhere');
		expect(page.results).toEqual([]);
		expect(apiRequests().map((r) => r.query.offset)).toEqual(['0', '100', '200', '300', '400']);
		expect(page.paginationToken).toBe('500');
		const rest = await search('no-such-visitor-anywhere', page.paginationToken as string);
		expect(rest.results).toEqual([]);
		expect(rest.paginationToken).toBeUndefined();
	});

	test('Identify lists anonymous visitors first, each group in recency order', async () => {
		const page = await search(undefined, undefined, 'searchVisitorsAnonymousFirst');
		const first100 = visitors().slice(0, 100);
		const expected = [...first100.filter((v) => !v.person_details?.email), ...first100.filter((v) => !!v.person_details?.email)];
		expect(expected.filter((v) => !v.person_details?.email).length).toBeGreaterThan(0);
		expect(page.results.map((r) => r.value)).toEqual(expected.map((v) => v.contact_id));
		expect(page.results[0].name).toMatch(/^Anonymous/);
	});

	test('hostile search terms with regex characters are plain text', async () => {
		const target = identified()[3];
		target.person_details!.name = 'Ada (Ops) [Lead].* Lovelace+?';
		const original = target.person_details!.name;
		try {
			for (const term of ['(Ops)', '[Lead].*', 'Lovelace+?', '.*', '(', '[', '\\', '^$']) {
				const page = await search(term);
				const got = page.results.map((r) => r.value);
				const literal = '(Ops) [Lead].* Lovelace+?'.includes(term) || 'ada (ops) [lead].* lovelace+?'.includes(term.toLowerCase());
				if (literal) expect(got).toContain(target.contact_id);
				for (const id of got) {
					const visitor = visitors().find((v) => v.contact_id === id)! as unknown as IDataObject;
					expect(visitorMatches(visitor, term, Date.now())).toBe(true);
				}
			}
			expect((await search('.*')).results.map((r) => r.value)).toEqual([target.contact_id]);
		} finally {
			target.person_details!.name = original;
		}
	});

	test('a token that is not ours starts from the front instead of failing', async () => {
		for (const token of ['abc', '-100', '1e9', '']) {
			const page = await search(undefined, token);
			expect(page.results[0].value).toBe(visitors()[0].contact_id);
		}
	});
});

describe('Visitor picker against hostile servers', () => {
	let server: Loopback;
	let engine: Engine;
	beforeAll(async () => {
		server = await startLoopback();
		engine = createSalespanelEngine(server.url, 'hostile-token-1234');
	});
	afterAll(async () => await server.close());
	beforeEach(() => (server.hits.length = 0));

	const person = (i: number) => ({ contact_id: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`, person_details: { name: `P ${i}`, email: `p${i}@x.io` } });

	test('an endless `next` with ever new entries: a bounded list, at most 5 pages per call and none past the cap', async () => {
		server.handle = (_req, res, hit) => {
			const offset = Number(new URL(hit.url, server.url).searchParams.get('offset'));
			answer(res, 200, { pagination: { next: `${server.url}/next`, count: null }, results: Array.from({ length: 100 }, (_, i) => person(offset + i)) });
		};
		const first = await search('nobody', undefined, 'searchVisitors', engine);
		expect(server.hits).toHaveLength(SEARCH_PAGES_PER_CALL);
		expect(first.paginationToken).toBe('500');
		// The editor keeps asking while it gets a token: the walk ends at the cap.
		let token = first.paginationToken as string | undefined;
		let calls = 1;
		while (token !== undefined && calls < 100) {
			token = (await search('nobody', token, 'searchVisitors', engine)).paginationToken as string | undefined;
			calls++;
		}
		expect(token).toBeUndefined();
		expect(calls).toBe(SEARCH_MAX_OFFSET / 500);
		expect(server.hits.length).toBe(SEARCH_MAX_OFFSET / 100);
	});

	test('a 1 MB spam name and company, count 1e12: labels of at most 120 characters with the email kept, only the start of each field searched', async () => {
		const spam = 'Buy cheap followers '.repeat(52_429);
		const spammer = { contact_id: '99999999-0000-4000-8000-000000000000', person_details: { name: `${spam}needle`, email: 'spam@x.io', organization: spam } };
		server.handle = (_req, res, hit) => {
			const offset = Number(new URL(hit.url, server.url).searchParams.get('offset'));
			const results = offset === 0 ? [spammer, person(1)] : [person(offset), person(offset + 1)];
			answer(res, 200, { pagination: { next: `${server.url}/next`, count: 1e12 }, results });
		};
		const page = await search(undefined, undefined, 'searchVisitors', engine);
		expect(page.results[0]).toEqual({ name: `${'Buy cheap followers '.repeat(3).slice(0, 49)}… · spam@x.io · ${'Buy cheap followers '.repeat(3).slice(0, 49)}…`, value: spammer.contact_id });
		expect(page.results[1]).toEqual({ name: 'P 1 · p1@x.io', value: person(1).contact_id });
		// What goes to the editor: two short labels, not the megabyte (before: ~2 MB).
		expect(JSON.stringify(page).length).toBeLessThan(500);
		expect(page.paginationToken).toBe('2');
		// Text past the first 254 characters of a field is not searched (not shown either).
		server.hits.length = 0;
		const needle = await search('needle', undefined, 'searchVisitors', engine);
		expect(needle.results).toEqual([]);
		// count 1e12 plans nothing: the call reads its 5 pages and hands back a token.
		expect(server.hits).toHaveLength(SEARCH_PAGES_PER_CALL);
		expect(needle.paginationToken).toBe(String(2 * SEARCH_PAGES_PER_CALL));
		expect((await search('SPAM@', undefined, 'searchVisitors', engine)).results.map((r) => r.value)).toEqual([spammer.contact_id]);
		expect((await search('cheap followers', undefined, 'searchVisitors', engine)).results.map((r) => r.value)).toEqual([spammer.contact_id]);
	});

	const anonymousAt = (i: number, details: IDataObject = {}) => ({
		contact_id: `${String(i).repeat(8).slice(0, 8)}-0000-4000-8000-000000000000`,
		web_activity_summary: { last_seen: new Date(Date.now() - 61 * 60_000).toISOString() },
		...details,
	});

	// Issue 23 item 5: "Anonymous · last seen 1 h ago" twice.
	test('anonymous visitors alike in all but their ID: each row shows the start of its ID, which finds it', async () => {
		const alike = [1, 2, 3].map((i) => anonymousAt(i));
		server.handle = (_req, res) => answer(res, 200, { pagination: { next: null, count: 3 }, results: alike });
		const page = await search(undefined, undefined, 'searchVisitorsAnonymousFirst', engine);
		expect(page.results).toEqual([
			{ name: 'Anonymous #11111111 · last seen 1 h ago', value: alike[0].contact_id },
			{ name: 'Anonymous #22222222 · last seen 1 h ago', value: alike[1].contact_id },
			{ name: 'Anonymous #33333333 · last seen 1 h ago', value: alike[2].contact_id },
		]);
		expect((await search('#22222222', undefined, 'searchVisitors', engine)).results.map((r) => r.value)).toEqual([alike[1].contact_id]);
		expect((await search('3333', undefined, 'searchVisitors', engine)).results.map((r) => r.value)).toEqual([alike[2].contact_id]);
		// Every part a label shows is searchable, the time too.
		expect((await search('last seen 1 h ago', undefined, 'searchVisitors', engine)).results).toHaveLength(3);
	});

	test('a 1 MB city, country and company: the ID stays in a label of at most 120 characters, only the start of each field searched', async () => {
		const huge = (text: string) => `${text} `.repeat(1_048_576 / (text.length + 1));
		// "Within" sits past the label's cut but inside the 254 characters searched, "Beyond" past them.
		const city = `London ${'Borough '.repeat(20)}Within ${'Borough '.repeat(20)}Beyond ${huge('Borough')}`;
		const visitor = anonymousAt(7, {
			company_details: { name: huge('Megacorp') },
			acquisition_details: { landing_location: { city, country: huge('Kingdom') } },
		});
		server.handle = (_req, res) => answer(res, 200, { pagination: { next: null, count: 1e12 }, results: [visitor, person(1)] });
		const page = await search(undefined, undefined, 'searchVisitors', engine);
		const label = page.results[0].name;
		expect(label).toHaveLength(MAX_LABEL_LENGTH);
		expect(label).toBe(`Anonymous #77777777 · ${'Megacorp '.repeat(6).slice(0, 49)}… · ${'London Borough Borough Borough Borough Borough Borough'.slice(0, 44)}…`);
		expect(JSON.stringify(page).length).toBeLessThan(500);
		const found = async (term: string) => (await search(term, undefined, 'searchVisitors', engine)).results.map((r) => r.value);
		expect(await found('within')).toEqual([visitor.contact_id]);
		expect(await found('beyond')).toEqual([]);
		expect(await found('united kingdom')).toEqual([]);
		expect(await found('kingdom megacorp london')).toEqual([visitor.contact_id]);
	});

	test('an endless `next` repeating the same page: the list ends after that page', async () => {
		server.handle = (_req, res) => answer(res, 200, { pagination: { next: `${server.url}/again`, count: 1_000_000 }, results: [person(1), person(2)] });
		const page = await search('p', undefined, 'searchVisitors', engine);
		expect(page.results.map((r) => r.name)).toEqual(['P 1 · p1@x.io', 'P 2 · p2@x.io']);
		expect(page.paginationToken).toBeUndefined();
		expect(server.hits).toHaveLength(2);
	});

	test('an endless `next` with empty pages: no token, no further request', async () => {
		server.handle = (_req, res) => answer(res, 200, { pagination: { next: `${server.url}/again`, count: 5 }, results: [] });
		const page = await search('x', undefined, 'searchVisitors', engine);
		expect(page).toEqual({ results: [] });
		expect(server.hits).toHaveLength(1);
	});

	test.each([
		['null', null],
		['a string', 'visitor'],
		['a number', 42],
		['a list', [1]],
	])('an entry that is %s: a clear error naming the entry', async (_what, entry) => {
		server.handle = (_req, res) => answer(res, 200, { pagination: { next: null, count: 2 }, results: [person(1), entry] });
		await expect(search(undefined, undefined, 'searchVisitors', engine)).rejects.toThrow(
			/Salespanel sent a collection entry that is not an object: results\[1\] is /,
		);
	});

	test('entries without contact_id or with odd fields are skipped or shown safely, never crash', async () => {
		server.handle = (_req, res) =>
			answer(res, 200, {
				pagination: { next: null, count: 4 },
				results: [{}, { contact_id: 7 }, { contact_id: 'c-1', person_details: 'x', company_details: [1], web_activity_summary: { last_seen: 'never' } }, person(3)],
			});
		const page = await search(undefined, undefined, 'searchVisitors', engine);
		expect(page.results).toEqual([
			{ name: 'Anonymous #c-1', value: 'c-1' },
			{ name: 'P 3 · p3@x.io', value: person(3).contact_id },
		]);
	});
});

describe('Visitor labels', () => {
	const now = Date.parse('2026-03-01T12:00:00Z');
	test.each([
		['2026-03-01T11:59:40Z', 'just now'],
		['2026-03-01T11:15:00Z', '45 min ago'],
		['2026-03-01T10:00:00Z', '2 h ago'],
		['2026-02-27T12:00:00Z', '2 d ago'],
		['2026-03-02T12:00:00Z', 'just now'],
	])('last seen %s reads "%s"', (at, text) => expect(timeAgo(at, now)).toBe(text));

	test('identified and anonymous visitors', () => {
		expect(
			visitorLabel({ contact_id: 'a', person_details: { name: 'Jane Doe', email: 'jane@acme.com' }, company_details: { name: 'Acme' } }, now),
		).toBe('Jane Doe · jane@acme.com · Acme');
		expect(
			visitorLabel(
				{
					contact_id: 'b',
					company_details: { name: 'Acme' },
					acquisition_details: { landing_location: { city: 'Berlin', country: 'Germany' } },
					web_activity_summary: { last_seen: '2026-03-01T10:00:00Z' },
				},
				now,
			),
		).toBe('Anonymous #b · Acme · Berlin, Germany · last seen 2 h ago');
		expect(visitorLabel({ contact_id: 'c', person_details: { email: 'x@y.io' } }, now)).toBe('x@y.io');
		// A name but no email yet: the name, not "Anonymous", and the ID that tells two such apart.
		expect(visitorLabel({ contact_id: 'd1234567-0000', person_details: { first_name: 'Ada', last_name: 'Byron' } }, now)).toBe('Ada Byron #d1234567');
		expect(visitorLabel({ contact_id: 'e', acquisition_details: { landing_location: { city: 'Singapore', country: 'Singapore' } } }, now)).toBe(
			'Anonymous #e · Singapore',
		);
	});
});

describe('Picker labels: cut with an ellipsis', () => {
	test.each([
		['short', 10, 'short'],
		['exactly 10', 10, 'exactly 10'],
		['eleven char', 10, 'eleven ch…'],
		// The cut would split the emoji's surrogate pair: the whole emoji goes.
		['12345678😀x', 10, '12345678…'],
	])('%j within %i characters: %j', (text, max, cut) => expect(shortened(text, max)).toBe(cut));

	test('a visitor label is never longer than MAX_LABEL_LENGTH, each part at most 50 characters', () => {
		const long = 'x'.repeat(1000);
		const label = visitorLabel({ contact_id: 'a', person_details: { name: long, email: `${long}@acme.com` }, company_details: { name: long } }, 0);
		expect(label).toBe([`${'x'.repeat(49)}…`, `${'x'.repeat(49)}…`, `${'x'.repeat(49)}…`].join(' · ').slice(0, MAX_LABEL_LENGTH - 1) + '…');
		expect(label).toHaveLength(MAX_LABEL_LENGTH);
	});
});

describe('Every visitor field takes From List, By Email, By ID and a plain string', () => {
	// Writes reorder the sandbox's visitors (activity moves a visitor to the front): pick once.
	let person: Visitor;
	beforeAll(() => (person = identified()[1]));
	const email = () => person.person_details!.email!;
	const id = () => person.contact_id;
	const forms = (visitorId: string, visitorEmail: string): Array<[string, string | IDataObject, 'id' | 'email']> => [
		['From List', rl('list', visitorId), 'id'],
		['By ID', rl('id', visitorId.toUpperCase()), 'id'],
		['By Email', rl('email', visitorEmail), 'email'],
		['plain ID (old workflow)', visitorId, 'id'],
		['plain email (old workflow)', visitorEmail, 'email'],
		['expression in By ID', rl('id', `={{ "${visitorId}" }}`), 'id'],
		['expression as a plain value', `={{ "${visitorEmail}" }}`, 'email'],
	];
	const key = (kind: 'id' | 'email') => encodeURIComponent(kind === 'id' ? id() : email());

	test.each([0, 1, 2, 3, 4, 5, 6])('form #%i in Get Attribution, Activity Get Many and Create, Set Attributes', async (index) => {
		const [, value, kind] = forms(id(), email())[index];
		await runJson({ resource: 'visitor', operation: 'getAttribution', visitorIdentifier: value });
		await runJson({ resource: 'activity', operation: 'getAll', visitorIdentifier: value, limit: 1 });
		await runJson({ resource: 'activity', operation: 'create', visitorIdentifier: value, category: 'c', label: 'l' });
		await runJson({
			resource: 'visitor',
			operation: 'setAttributes',
			visitorIdentifier: value,
			attributes: { attribute: [{ name: 'plan', type: 'string', stringValue: 'pro' }] },
		});
		const sent = apiRequests();
		expect(sent.map((r) => r.path)).toEqual([
			`/api/v1/visitors/attribution/${key(kind)}/`,
			`/api/v1/visitors/${key(kind)}/activities/`,
			'/api/v1/custom-activity/create/',
			'/api/v1/visitor-attributes/',
		]);
		const expectedIdentifier = kind === 'id' ? id() : email();
		expect((sent[2].body as IDataObject).visitor_identifier).toBe(expectedIdentifier);
		expect((sent[3].body as IDataObject).visitor_identifier).toBe(expectedIdentifier);
		expect(sent.every((r) => r.status === 200)).toBe(true);
	});

	test.each([0, 1, 3, 5])('form #%i in Get and Identify (IDs)', async (index) => {
		const target = anonymous()[index];
		const got = await runJson({ resource: 'visitor', operation: 'get', visitorId: forms(id(), email())[index][1], simplify: false });
		expect(got[0].contact_id).toBe(id());
		const identifyValue = forms(target.contact_id, 'unused@example.com')[index][1];
		await runJson({ resource: 'visitor', operation: 'identify', visitorId: identifyValue, email: `new${index}@example.com` });
		expect(apiRequests().map((r) => [r.method, r.path, r.status])).toEqual([
			['GET', `/api/v1/visitors/${id()}/`, 200],
			['POST', `/api/v1/visitors/${target.contact_id}/identify/`, 200],
		]);
	});

	test('Identify offers no By Email, and an email there is refused before any request', async () => {
		const field = new Salespanel().description.properties.find(
			(p) => p.name === 'visitorId' && p.displayOptions?.show?.operation?.includes('identify'),
		)!;
		expect(field.modes!.map((m) => m.name)).toEqual(['list', 'id']);
		const error = await runError({ resource: 'visitor', operation: 'identify', visitorId: rl('email', email()), email: 'a@b.io' });
		expect(error.message).toBe("'Visitor' must be a visitor ID here, not an email address");
		expect(apiRequests()).toEqual([]);
	});

	test.each([
		['By ID holding an email', { __rl: true, mode: 'id', value: 'jane@acme.com' }],
		['By Email holding an ID', { __rl: true, mode: 'email', value: 'be8364a3-59b2-d17e-988f-27fb997df240' }],
		['From List with nothing picked', { __rl: true, mode: 'list', value: '' }],
	])('%s: n8n itself refuses to run the workflow (parameter issue), nothing is sent', async (_what, value) => {
		await expect(env.run({ resource: 'visitor', operation: 'get', visitorId: value } as INodeParameters)).rejects.toThrow(
			/The workflow has issues and cannot be executed/,
		);
		expect(apiRequests()).toEqual([]);
	});

	test("By ID and By Email are checked with the locator's own regex, in the editor and in the node alike", () => {
		const fields = new Salespanel().description.properties.filter((p) => p.type === 'resourceLocator');
		expect(fields.map((f) => f.name).sort()).toEqual(['visitorId', 'visitorId', 'visitorIdentifier', 'visitorIdentifier', 'visitorIdentifier', 'visitorIdentifier']);
		for (const field of fields) {
			expect(field.default).toEqual({ mode: 'list', value: '' });
			expect(field.modes![0]).toMatchObject({ name: 'list', typeOptions: { searchable: true } });
			const byId = field.modes!.find((m) => m.name === 'id')!;
			const regex = (byId.validation![0] as unknown as { properties: { regex: string } }).properties.regex;
			// The editor anchors the pattern itself and uses no flags.
			expect(new RegExp(`^${regex}$`).test(id().toUpperCase())).toBe(true);
			expect(new RegExp(`^${regex}$`).test(email())).toBe(false);
			const byEmail = field.modes!.find((m) => m.name === 'email');
			if (byEmail) {
				const emailRegex = (byEmail.validation![0] as unknown as { properties: { regex: string } }).properties.regex;
				expect(new RegExp(`^${emailRegex}$`).test('Jane.Doe+x@Acme.CO')).toBe(true);
				expect(new RegExp(`^${emailRegex}$`).test(id())).toBe(false);
			}
		}
	});
});

describe('Visitor → Get by email', () => {
	test.each([true, false])('Simplify %s: the same item as Get by ID, read through the attribution endpoint', async (simplify) => {
		const person = identified()[2];
		const [byId] = await runJson({ resource: 'visitor', operation: 'get', visitorId: rl('id', person.contact_id), simplify });
		const [byEmail] = await runJson({ resource: 'visitor', operation: 'get', visitorId: rl('email', person.person_details!.email!), simplify });
		expect(byEmail).toEqual(byId);
		if (simplify) simplifiedVisitorSchema.parse(byEmail);
		else visitorSchema.strict().parse(byEmail);
		expect(apiRequests().map((r) => r.path)).toEqual([
			`/api/v1/visitors/${person.contact_id}/`,
			`/api/v1/visitors/attribution/${encodeURIComponent(person.person_details!.email!)}/`,
		]);
	});

	test('an unknown email: one clean 404 message, no repeated "Not found."', async () => {
		const error = await runError({ resource: 'visitor', operation: 'get', visitorId: rl('email', 'nobody@nowhere.io') });
		expect(error.message).toBe('Visitor "nobody@nowhere.io" not found (404)');
	});
});

describe('Simplify keeps what a CRM sync maps', () => {
	/** The simplified fields a CRM mapping reads, as the API object gives them. */
	const crmFields = (v: Visitor) => ({
		first_name: v.person_details?.first_name ?? null,
		last_name: v.person_details?.last_name ?? null,
		linkedin: v.person_details?.linkedin ?? null,
		location: v.person_details?.location ?? null,
		company_website: v.company_details?.website ?? null,
		company_linkedin: v.company_details?.linkedin ?? null,
		company_location: v.company_details?.location ?? null,
		city: v.acquisition_details?.landing_location?.city ?? null,
	});
	const byId = () => new Map(visitors().map((v) => [v.contact_id, v]));
	const person = () => identified().find((v) => v.person_details?.linkedin && v.company_details?.website && v.person_details.first_name)!;

	test.each([
		['Visitor → Get Many', { resource: 'visitor', operation: 'getAll', limit: 150 }],
		['Lead → Get Many', { resource: 'lead', operation: 'getAll', returnAll: true }],
	])('%s: every simplified item carries first/last name, LinkedIn and company website/location', async (_name, parameters) => {
		const items = await runJson(parameters);
		const store = byId();
		expect(items.length).toBeGreaterThan(20);
		for (const item of items) {
			simplifiedVisitorSchema.parse(item);
			expect(item).toMatchObject(crmFields(store.get(item.contact_id as string)!));
		}
		// The sandbox's data has each field filled somewhere, so the check is not all nulls.
		for (const key of Object.keys(crmFields(person()))) expect(items.some((i) => typeof i[key] === 'string')).toBe(true);
	});

	test.each(['get', 'getAttribution'])('Visitor → %s: the same fields, the LinkedIn URL exactly as sent', async (operation) => {
		const target = person();
		const field = operation === 'get' ? 'visitorId' : 'visitorIdentifier';
		const [item] = await runJson({ resource: 'visitor', operation, [field]: rl('id', target.contact_id) });
		expect(item).toMatchObject(crmFields(target));
		expect(item.linkedin).toBe(target.person_details!.linkedin);
		expect(item.first_name).toBe(target.person_details!.first_name);
	});
});

describe('Get Attribution keeps every attribution value', () => {
	const details = {
		landing_page: 'https://acme.com/pricing',
		landing_page_source: 'Google',
		landing_page_medium: 'cpc',
		first_touch_utm_parameters: { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'spring', utm_content: 'hero', utm_term: 'b2b crm', utm_id: '42' },
		last_touch_source: 'Newsletter',
		last_touch_medium: 'email',
		last_touch_utm_parameters: { utm_source: 'mailchimp', utm_medium: 'email', utm_campaign: 'march', utm_content: 'footer', utm_term: 'demo' },
	};

	test('Simplify on: landing page, source, medium and every UTM parameter of both touches', async () => {
		const person = identified()[4];
		const extras = env.sandbox.store.extras.get(person.contact_id)!;
		extras.attribution_details = JSON.parse(JSON.stringify(details));
		extras.total_time_spent = 2847;
		const [flat] = await runJson({ resource: 'visitor', operation: 'getAttribution', visitorIdentifier: rl('list', person.contact_id) });
		expect(flat).toMatchObject({
			contact_id: person.contact_id,
			total_time_spent: 2847,
			landing_page: 'https://acme.com/pricing',
			first_touch_source: 'Google',
			first_touch_medium: 'cpc',
			first_touch_utm_source: 'google',
			first_touch_utm_medium: 'cpc',
			first_touch_utm_campaign: 'spring',
			first_touch_utm_content: 'hero',
			first_touch_utm_term: 'b2b crm',
			first_touch_utm_id: '42',
			last_touch_source: 'Newsletter',
			last_touch_medium: 'email',
			last_touch_utm_source: 'mailchimp',
			last_touch_utm_medium: 'email',
			last_touch_utm_campaign: 'march',
			last_touch_utm_content: 'footer',
			last_touch_utm_term: 'demo',
		});
		// Nothing of the attribution object is missing from the flat item.
		const values = new Set(Object.values(flat));
		for (const value of [details.landing_page, details.landing_page_source, details.landing_page_medium, details.last_touch_source, details.last_touch_medium,
			...Object.values(details.first_touch_utm_parameters), ...Object.values(details.last_touch_utm_parameters)]) {
			expect(values).toContain(value);
		}
	});

	test('Simplify on with no UTM parameters: the UTM fields are there, null', async () => {
		const person = identified()[5];
		env.sandbox.store.extras.get(person.contact_id)!.attribution_details.first_touch_utm_parameters = null;
		const [flat] = await runJson({ resource: 'visitor', operation: 'getAttribution', visitorIdentifier: person.contact_id });
		for (const key of ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term']) expect(flat[`first_touch_${key}`]).toBeNull();
	});

	test("Simplify off: Salespanel's object untouched", async () => {
		const person = identified()[4];
		const [raw] = await runJson({ resource: 'visitor', operation: 'getAttribution', visitorIdentifier: rl('email', person.person_details!.email!), simplify: false });
		const direct = (await (
			await fetch(`${env.sandbox.url}/api/v1/visitors/attribution/${person.contact_id}/`, { headers: { Authorization: `Token ${env.sandbox.token}` } })
		).json()) as IDataObject;
		expect(raw).toEqual(direct);
		expect((raw.attribution_details as IDataObject).first_touch_utm_parameters).toEqual(details.first_touch_utm_parameters);
	});
});

describe('Attribution and standard-visitor shapes (pure helpers, hostile input)', () => {
	test('odd UTM objects: no crash, no prototype change, nothing dropped, no field overwritten', () => {
		const utm = JSON.parse('{"__proto__": {"polluted": true}, "utm_source": 7, "gclid": "abc", "utm_medium": null, "utm_extra": {"a": 1}}') as IDataObject;
		const flat = simplifyAttribution({
			contact_id: 'c',
			attribution_details: { landing_page_source: 'Google', first_touch_utm_parameters: utm, last_touch_utm_parameters: 'not an object' },
		});
		expect(flat).toMatchObject({
			first_touch_source: 'Google',
			first_touch_utm_source: '7',
			first_touch_utm_medium: null,
			first_touch_utm_gclid: 'abc',
			first_touch_utm_extra: { a: 1 },
			last_touch_utm_source: null,
		});
		expect(Object.getPrototypeOf(flat)).toBe(Object.prototype);
		expect(({} as IDataObject).polluted).toBeUndefined();
		expect(flat.first_touch_utm___proto__).toEqual({ polluted: true });
	});

	test('standardVisitor drops only the attribution extras and leaves its input alone', () => {
		const answer = { contact_id: 'c', attribution_details: { landing_page: 'x' }, web_activity_summary: { total_page_visits: 1, total_time_spent: 5 } };
		expect(standardVisitor(answer)).toEqual({ contact_id: 'c', web_activity_summary: { total_page_visits: 1 } });
		expect(answer.web_activity_summary.total_time_spent).toBe(5);
		expect(standardVisitor({ contact_id: 'c', web_activity_summary: null })).toEqual({ contact_id: 'c', web_activity_summary: null });
	});
});

describe('Safe defaults', () => {
	test('Attributes (JSON) defaults to {}: running it as is writes nothing and says so', async () => {
		const field = new Salespanel().description.properties.find((p) => p.name === 'attributesJson')!;
		expect(field.default).toBe('{}');
		const error = await runError({ resource: 'visitor', operation: 'setAttributes', visitorIdentifier: identified()[0].contact_id, attributesInputMode: 'json' });
		expect(error.message).toBe("'Attributes (JSON)' has no attributes");
		expect(apiRequests()).toEqual([]);
	});

	test('no JSON, collection or text field pre-fills data that would be sent', () => {
		const walk = (properties: INodeProperties[]): INodeProperties[] =>
			properties.flatMap((p) => [p, ...walk((p.options ?? []).flatMap((o) => ('values' in o ? o.values : 'type' in o ? [o as INodeProperties] : [])))]);
		for (const property of walk(new Salespanel().description.properties)) {
			if (property.type === 'json') expect([property.name, property.default]).toEqual([property.name, '{}']);
			if (property.type === 'string') expect([property.name, property.default]).toEqual([property.name, '']);
			if (property.type === 'collection' || property.type === 'fixedCollection') expect(property.default).toEqual({});
		}
	});
});

describe('Custom API Call', () => {
	test.each([
		['Resource', { resource: '__CUSTOM_API_CALL__' }],
		['Operation', { resource: 'visitor', operation: '__CUSTOM_API_CALL__' }],
		['Operation of Segment', { resource: 'segment', operation: '__CUSTOM_API_CALL__' }],
	])('chosen as %s: points to the HTTP Request node with the Salespanel API credential, sends nothing', async (_where, parameters) => {
		const error = await runError(parameters);
		expect(error.message).toBe(
			"Custom API calls run in the HTTP Request node: use Authentication 'Predefined Credential Type' with Credential Type 'Salespanel API'",
		);
		expect(error.description).toMatch(/^Add an HTTP Request node, .* e\.g\. https:\/\/salespanel\.io\/api\/v1\/segments\/\./);
		expect(apiRequests()).toEqual([]);
	});
});

describe('Stored Resource and Operation this version does not offer', () => {
	// n8n drops a stored Operation whose Resource it does not know, so the node sees "" there.
	test.each([
		['an operation', 'visitor', 'delete', 'delete'],
		['an inherited key as operation', 'visitor', 'constructor', 'constructor'],
		['a resource', 'contact', 'getAll', ''],
		['an inherited key as resource', 'toString', 'getAll', ''],
	])('%s (a workflow from another version): a clear error naming the values, nothing sent', async (_what, resource, operation, seen) => {
		const error = await runError({ resource, operation });
		expect(error.message).toBe(`The operation "${seen}" of resource "${resource}" is not supported`);
		expect(apiRequests()).toEqual([]);
	});
});

describe('Wording', () => {
	const all = (properties: INodeProperties[]): Array<{ where: string; text: string }> =>
		properties.flatMap((p) => [
			...(p.type === 'notice' ? [{ where: `${p.name} notice`, text: p.displayName }] : []),
			...(p.description ? [{ where: p.name, text: p.description }] : []),
			...(p.hint ? [{ where: `${p.name} hint`, text: p.hint }] : []),
			...(p.options ?? []).flatMap((o) =>
				'values' in o
					? all(o.values)
					: 'type' in o
						? all([o as INodeProperties])
						: 'description' in o && typeof o.description === 'string'
							? [{ where: `${p.name}.${String(o.value)}`, text: o.description }]
							: [],
			),
			...(p.modes ?? []).flatMap((m) => (m.hint ? [{ where: `${p.name}.${m.name} hint`, text: m.hint }] : [])),
		]);

	/** Every description, hint and notice a person reads in the three nodes' panels and the credential modal. */
	const everyText = () => [
		...all(new Salespanel().description.properties).map((t) => ({ ...t, where: `Salespanel → ${t.where}` })),
		...all(new SalespanelTrigger().description.properties).map((t) => ({ ...t, where: `Salespanel Trigger → ${t.where}` })),
		...all(new SalespanelPollingTrigger().description.properties).map((t) => ({ ...t, where: `Salespanel Polling Trigger → ${t.where}` })),
		...all(new SalespanelApi().properties).map((t) => ({ ...t, where: `Salespanel API credential → ${t.where}` })),
	];
	/** GitHub's heading anchors of the README: lower case, punctuation dropped, spaces to hyphens. */
	const readmeAnchors = () =>
		readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8')
			.split('\n')
			.filter((line) => /^#{1,6} /.test(line))
			.map((line) => line.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));
	/** What the editor shows: the text without its link tags. */
	const shown = (text: string) => text.replace(/<a\b[^>]*>|<\/a>/g, '');

	test('every description, hint and notice shows at most 200 characters', () => {
		const texts = everyText();
		expect(texts.length).toBeGreaterThan(80);
		expect(texts.filter((t) => t.text.includes('Connect Salespanel once by hand'))).toHaveLength(1);
		expect(texts.filter((t) => shown(t.text).length > 200).map((t) => `${t.where} (${shown(t.text).length}): ${t.text}`)).toEqual([]);
	});

	test('no markup n8n 2.x drops (only <a href> links), and every mention of the README is a link', () => {
		const texts = everyText();
		const markup = texts.filter((t) => /<(?!a\s+href="https:\/\/[^"]+"(\s+target="_blank")?>|\/a>)[^>]*>|&[a-z]+;/i.test(t.text));
		expect(markup.map((t) => `${t.where}: ${t.text}`)).toEqual([]);
		const unlinked = texts.filter((t) => /readme|docs/i.test(shown(t.text)) && !/<a href=/.test(t.text));
		expect(unlinked.map((t) => `${t.where}: ${t.text}`)).toEqual([]);
		// Every link to this package's README opens a section that exists.
		const links = texts.flatMap((t) => [...t.text.matchAll(/<a href="([^"]+)"/g)].map((m) => new URL(m[1])));
		const readmeLinks = links.filter((link) => `${link.origin}${link.pathname}` === 'https://github.com/salespanel/n8n-nodes-salespanel');
		expect(readmeLinks.length).toBeGreaterThanOrEqual(3);
		for (const link of readmeLinks) expect(readmeAnchors()).toContain(link.hash.slice(1));
	});

	test('in the words of a person using the editor: no status codes or throttle jargon', () => {
		const jargon = /\bHTTP \d{3}\b|\(\d{3}\)|burst|pacing|throttle/i;
		expect(everyText().filter((t) => jargon.test(shown(t.text))).map((t) => `${t.where}: ${t.text}`)).toEqual([]);
	});

	test('numbers with a unit name it', () => {
		const properties = new Salespanel().description.properties;
		const find = (name: string, operation?: string) =>
			properties.find((p) => p.name === name && (!operation || p.displayOptions?.show?.operation?.includes(operation)))!;
		const window = find('options', 'get').options!.find((o) => o.name === 'rateLimitWindowSeconds') as INodeProperties;
		expect(`${window.displayName} ${window.description}`).toMatch(/seconds/i);
		expect(find('simplify', 'getAttribution').description).toMatch(/time spent \(seconds\)/);
	});

	test("the Docs link opens this package's node documentation", () => {
		expect(new Salespanel().description.documentationUrl).toBe('https://github.com/salespanel/n8n-nodes-salespanel#operations');
	});
});

/** "City, Country" as the sandbox visitor's labels show it. */
function placeOf(visitor: Visitor): string | null {
	const location = visitor.acquisition_details.landing_location;
	return location ? [location.city, location.country].filter(Boolean).join(', ') : null;
}

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
