// The visitor picker (shared/pickers/visitors.ts): listSearch through n8n-core's LoadOptionsContext
// against the sandbox (labels, search, tokens, Identify's order) and the labels themselves.
// Hostile servers: visitors.hostile.test.ts.
import type { IDataObject } from 'n8n-workflow';

import {
	SEARCH_PAGES_PER_CALL,
	timeAgo,
	visitorLabel,
	visitorMatches,
} from '../../../../../nodes/Salespanel/shared/pickers/visitors';
import type { Engine } from '../../../../tools/harness';
import type { Visitor } from '../../../../tools/schemas';
import { createSalespanelEngine } from '../../../../tools/support/node-env';
import { searchVisitors } from './pickerCalls';
import { useVisitorsEnv } from './visitorsEnv';

const env = useVisitorsEnv();
const { visitors, identified, anonymous, apiRequests } = env;
const search = async (
	filter?: string,
	token?: string,
	method?: string,
	engine: Engine = env.engine,
) => await searchVisitors(engine, filter, token, method);

describe('Visitor picker: From List (listSearch through n8n-core LoadOptionsContext)', () => {
	test('a wrong token: Salespanel\'s message with the status once (the editor shows "401 - <message>"); a node run keeps "(401)"', async () => {
		const wrong = createSalespanelEngine(env.sandbox.url, 'wrong-token');
		for (const method of ['searchVisitors', 'searchVisitorsAnonymousFirst']) {
			const error = (await search(undefined, undefined, method, wrong).catch(
				(e: unknown) => e,
			)) as { message: string; httpCode?: string };
			expect(error.message).toBe('Salespanel did not accept the API token: Invalid token.');
			expect(error.httpCode).toBe('401');
		}
	});

	test('no filter: one page of the 100 most recent visitors, readable labels, a token for more', async () => {
		const page = await search();
		expect(page.results.map((r) => r.value)).toEqual(
			visitors()
				.slice(0, 100)
				.map((v) => v.contact_id),
		);
		expect(page.paginationToken).toBe('100');
		expect(apiRequests().map((r) => [r.path, r.query.limit, r.query.offset])).toEqual([
			['/api/v1/visitors/', '100', '0'],
		]);
		const byId = new Map(page.results.map((r) => [r.value, r.name]));
		const person = identified()[0];
		const name = person.person_details!.name;
		expect(byId.get(person.contact_id)).toBe(
			[
				name,
				person.person_details!.email,
				person.company_details?.name ?? person.person_details!.organization,
				placeOf(person),
			]
				.filter(Boolean)
				.join(' · '),
		);
		const stranger = visitors()
			.slice(0, 100)
			.find(
				(v) =>
					!v.person_details?.email &&
					v.company_details?.name &&
					v.acquisition_details.landing_location?.city,
			);
		expect(stranger).toBeDefined();
		expect(byId.get(stranger!.contact_id)).toMatch(
			new RegExp(
				`^Anonymous #${stranger!.contact_id.slice(0, 8)} · ${escapeRegex(stranger!.company_details!.name!)} · ${escapeRegex(placeOf(stranger!)!)} · last seen (just now|\\d+ (min|h|d) ago)$`,
			),
		);
	});

	test('the token reads on: the next page, then the end of the list without a token', async () => {
		const second = await search(undefined, '100');
		expect(second.results.map((r) => r.value)).toEqual(
			visitors()
				.slice(100, 200)
				.map((v) => v.contact_id),
		);
		expect(second.paginationToken).toBe('200');
		const last = await search(undefined, '600');
		expect(last.results.map((r) => r.value)).toEqual(
			visitors()
				.slice(600)
				.map((v) => v.contact_id),
		);
		expect(last.paginationToken).toBeUndefined();
	});

	test.each([
		['name', (v: Visitor) => v.person_details!.name!.split(' ')[0].toUpperCase()],
		['email', (v: Visitor) => v.person_details!.email!.slice(0, 8)],
		['company', (v: Visitor) => v.company_details!.name!.toLowerCase()],
	])(
		'search by %s: every result matches, none left out of the pages read',
		async (_what, termOf) => {
			// A visitor deep in the list (beyond the first page) must still be found in one call.
			const target = identified().filter(
				(v) => v.person_details?.name && v.company_details?.name && visitors().indexOf(v) >= 100,
			)[0];
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
				const visitor = visitors().find(
					(v) => v.contact_id === result.value,
				)! as unknown as IDataObject;
				expect(visitorMatches(visitor, term, Date.now())).toBe(true);
			}
		},
	);

	// Issue 23 item 5: "London", shown in a label, found nothing.
	test.each([
		['city', 'London'],
		['country', 'germany'],
	])(
		'search by the %s a label shows: every visitor of the pages read from there, each label showing it',
		async (_what, term) => {
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
		},
	);

	test('words narrow the search: "anonymous london" lists only the anonymous visitors from London', async () => {
		const page = await search('  Anonymous   LONDON ');
		const pagesRead = apiRequests().length;
		const expected = visitors()
			.slice(0, pagesRead * 100)
			.filter(
				(v) =>
					!v.person_details?.email && v.acquisition_details.landing_location?.city === 'London',
			)
			.map((v) => v.contact_id);
		expect(expected.length).toBeGreaterThan(2);
		expect(page.results.map((r) => r.value)).toEqual(expected);
		for (const result of page.results)
			expect(result.name).toMatch(/^Anonymous #[0-9a-f]{8} · .*London, United Kingdom/);
	});

	test('the start of a contact_id finds its visitor, the whole ID in any case finds only it, the middle finds nothing', async () => {
		const target = anonymous().filter((v) => visitors().indexOf(v) >= 200)[0];
		const id = target.contact_id;
		expect((await search(id.slice(0, 8))).results.map((r) => r.value)).toContain(id);
		expect((await search(id.slice(0, 4).toUpperCase())).results.map((r) => r.value)).toContain(id);
		const whole = await search(id.toUpperCase());
		expect(whole.results).toEqual([
			{ name: expect.stringMatching(new RegExp(`^Anonymous #${id.slice(0, 8)}`)), value: id },
		]);
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
		const expected = [
			...first100.filter((v) => !v.person_details?.email),
			...first100.filter((v) => !!v.person_details?.email),
		];
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
				const literal =
					'(Ops) [Lead].* Lovelace+?'.includes(term) ||
					'ada (ops) [lead].* lovelace+?'.includes(term.toLowerCase());
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
			visitorLabel(
				{
					contact_id: 'a',
					person_details: { name: 'Jane Doe', email: 'jane@acme.com' },
					company_details: { name: 'Acme' },
				},
				now,
			),
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
		expect(visitorLabel({ contact_id: 'c', person_details: { email: 'x@y.io' } }, now)).toBe(
			'x@y.io',
		);
		// A name but no email yet: the name, not "Anonymous", and the ID that tells two such apart.
		expect(
			visitorLabel(
				{ contact_id: 'd1234567-0000', person_details: { first_name: 'Ada', last_name: 'Byron' } },
				now,
			),
		).toBe('Ada Byron #d1234567');
		expect(
			visitorLabel(
				{
					contact_id: 'e',
					acquisition_details: { landing_location: { city: 'Singapore', country: 'Singapore' } },
				},
				now,
			),
		).toBe('Anonymous #e · Singapore');
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
