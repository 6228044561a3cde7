/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import {
	UUID_PATTERN,
	activitySchema,
	attributionVisitorSchema,
	customActivityResponseSchema,
	errorDetailSchema,
	paginated,
	personDetailsSchema,
	segmentSchema,
	setAttributesResponseSchema,
	visitingCompanySchema,
	visitorSchema,
	webhookPayloadSchema,
	type Activity,
	type Visitor,
	type WebhookPayload,
} from '../schemas';
import { startSandbox, type Sandbox, type SandboxOptions } from './index';

const CLOCK = Date.UTC(2024, 0, 20, 12, 0, 0);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Res {
	status: number;
	headers: Headers;
	text: string;
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(
	sb: Sandbox,
	path: string,
	init: RequestInit & { auth?: string | null } = {},
): Promise<Res> {
	const headers = new Headers(init.headers);
	const auth = init.auth === undefined ? `Token ${sb.token}` : init.auth;
	if (auth !== null) headers.set('Authorization', auth);
	if (init.body !== undefined && !headers.has('Content-Type'))
		headers.set('Content-Type', 'application/json');
	const url = path.startsWith('http') ? path : `${sb.url}/api/v1/${path}`;
	const r = await fetch(url, { ...init, headers, redirect: 'manual' });
	const text = await r.text();
	let json: unknown;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: r.status, headers: r.headers, text, json };
}

const post = (sb: Sandbox, path: string, body: unknown) =>
	call(sb, path, { method: 'POST', body: JSON.stringify(body) });

const email = (v: Visitor) => v.person_details?.email ?? '';
const lastSeen = (v: Visitor) => Date.parse(v.web_activity_summary.last_seen);
const firstSeen = (v: Visitor) => Date.parse(v.web_activity_summary.first_seen);
const ids = (list: Array<{ contact_id: string }>) => list.map((v) => v.contact_id);

async function fetchAll(sb: Sandbox, path: string): Promise<unknown[]> {
	const out: unknown[] = [];
	let next: string | null = `${sb.url}/api/v1/${path}`;
	while (next) {
		const r = await call(sb, next);
		expect(r.status).toBe(200);
		out.push(...(r.json.results as unknown[]));
		next = r.json.pagination.next as string | null;
	}
	return out;
}

describe('schemas vs documented examples', () => {
	it('accepts documented ids that are not RFC-4122 valid', () => {
		expect(UUID_PATTERN.test('be8364a3-59b2-d17e-988f-27fb997df240')).toBe(true);
		expect(UUID_PATTERN.test('be8364a3-59b2-d17e-988f-27fb997df24')).toBe(false);
		const rfc4122 = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
		expect(rfc4122.test('be8364a3-59b2-d17e-988f-27fb997df240')).toBe(false);
		expect(
			visitorSchema.shape.contact_id.safeParse('be8364a3-59b2-d17e-988f-27fb997df240').success,
		).toBe(true);
	});

	const docVisitor = {
		contact_id: 'be8364a3-59b2-d17e-988f-27fb997df240',
		person_details: {
			name: 'John Doe',
			first_name: 'John',
			last_name: 'Doe',
			email: 'john@techcorp.com',
			bio: 'Senior Software Engineer with 8+ years experience',
			location: 'San Francisco, CA, USA',
			title: 'Senior Software Engineer',
			organization: 'TechCorp Inc',
			website: 'https://johndoe.dev',
			facebook: null,
			linkedin: 'https://linkedin.com/in/johndoe',
			twitter: 'https://twitter.com/johndoe',
		},
		company_details: {
			name: 'TechCorp Inc',
			domain: 'techcorp.com',
			category: 'Technology',
			industry: 'Software Development',
			bio: 'Leading provider',
			location: 'San Francisco, CA, USA',
			founded: 2015,
			employees: 250,
			facebook: 'https://facebook.com/techcorp',
			linkedin: 'https://linkedin.com/company/techcorp',
			twitter: 'https://twitter.com/techcorp',
			website: 'https://techcorp.com',
		},
		acquisition_details: {
			source: 'Google',
			medium: 'organic',
			landing_ip_address: '192.168.1.100',
			landing_location: {
				city: 'San Francisco',
				region: 'California',
				region_code: 'CA',
				country: 'United States',
				country_code: 'US',
				continent: 'North America',
				continent_code: 'NA',
				emoji_flag: '🇺🇸',
				emoji_unicode: 'U+1F1FA U+1F1F8',
			},
			landing_user_agent: {
				browser: 'Chrome 120.0.6099',
				device: 'Desktop',
				device_os: 'macOS 14.1',
			},
		},
		visitor_attributes: {
			plan_interest: 'enterprise',
			company_size: 250,
			budget_range: '50000-100000',
			is_decision_maker: true,
			demo_requested: true,
		},
		visitor_tags: ['enterprise_prospect', 'high_intent', 'technical_buyer'],
		qualified_segments: ['Enterprise Leads', 'Technical Decision Makers', 'High Value Prospects'],
		web_activity_summary: {
			total_page_visits: 47,
			total_website_sessions: 8,
			first_seen: '2024-01-15T10:30:00Z',
			last_seen: '2024-01-20T16:45:00Z',
		},
	};

	it('parses the documented visitor, attribution and webhook examples', () => {
		expect(visitorSchema.strict().parse(docVisitor)).toEqual(docVisitor);
		expect(
			visitorSchema.safeParse({ ...docVisitor, visitor_attributes: { nested: { a: 1 } } }).success,
		).toBe(false);
		const attribution = {
			...docVisitor,
			attribution_details: {
				landing_page: 'https://salespanel.io/pricing',
				landing_page_source: 'Google',
				landing_page_medium: 'cpc',
				first_touch_utm_parameters: {
					utm_source: 'google',
					utm_medium: 'cpc',
					utm_campaign: 'enterprise_leads',
					utm_content: 'pricing_page',
				},
				last_touch_source: 'Direct',
				last_touch_medium: 'none',
				last_touch_utm_parameters: null,
			},
			web_activity_summary: {
				total_page_visits: 47,
				total_website_sessions: 8,
				total_time_spent: 2847,
				first_seen: '2024-01-15T10:30:00Z',
				last_seen: '2024-01-20T16:45:00Z',
			},
		};
		attributionVisitorSchema.strict().parse(attribution);
		expect(attributionVisitorSchema.safeParse(docVisitor).success).toBe(false);
		const webhook = {
			hook: {
				id: '2ac9c790-9431-4609-9696-cac25b9b5ad3',
				event: 'person.segment_qualified',
				target: 'https://your-app.com/webhooks/salespanel',
				title: 'New Lead Qualification',
			},
			payload: {
				contact_id: 'c1e82a57-bc6f-ad03-d6c1-2a2cc23948fe',
				person_details: {
					name: 'Akshay Darekar',
					first_name: 'Akshay',
					last_name: 'Darekar',
					email: 'akshay@webspdy.com',
					title: 'Developer',
					organization: 'Webspdy',
					website: 'https://webspdy.com/',
					bio: 'web tech enthusiast',
					location: null,
					linkedin: null,
					twitter: null,
					facebook: null,
				},
				company_details: {
					name: 'Webspdy',
					domain: 'webspdy.com',
					website: 'https://webspdy.com',
					industry: 'Technology',
					employees: 15,
					founded: 2018,
					location: 'Mumbai, India',
					bio: 'Web development agency',
					linkedin: 'https://linkedin.com/company/webspdy',
					twitter: null,
					facebook: null,
					category: 'Software Development',
				},
				acquisition_details: {
					source: 'Direct',
					medium: 'organic',
					campaign: null,
					landing_page: '/pricing',
					landing_ip_address: '*.*.27.241',
					landing_user_agent: {
						device: 'PC',
						device_os: 'Mac OS X 10.15.7',
						browser: 'Chrome 94.0.4606',
					},
					landing_location: {
						city: 'Pune',
						region: 'Maharashtra',
						region_code: 'MH',
						country: 'India',
						country_code: 'IN',
						continent: 'Asia',
						continent_code: 'AS',
						emoji_flag: '🇮🇳',
						emoji_unicode: 'U+1F1EE U+1F1F3',
					},
				},
				lead_scoring: { lead_score: 85 },
				visitor_attributes: { plan_interest: 'Enterprise', budget_range: '10000-25000' },
				visitor_tags: ['hot-lead', 'enterprise'],
				qualified_segments: [{ id: 42, name: 'Enterprise Prospects' }],
				web_activity_summary: {
					total_page_views: 12,
					total_sessions: 3,
					first_visit: '2024-01-15T10:30:00Z',
					last_visit: '2024-01-20T14:22:00Z',
				},
				segment: {
					segment_id: '9887ba45-b350-42eb-ac1e-062b4f55328a',
					title: 'Enterprise Prospects',
				},
			},
		};
		expect(webhookPayloadSchema.parse(webhook)).toEqual(webhook);
		expect(
			webhookPayloadSchema.safeParse({
				...webhook,
				hook: { ...webhook.hook, event: 'person.deleted' },
			}).success,
		).toBe(false);
	});

	it('parses the documented activity list, segment and responses', () => {
		const acts = [
			{
				activity_type: 'links',
				page_title: 'Contact Form',
				link: 'https://salespanel.io/contact/',
				form: true,
				created_on: '2024-01-19T16:20:45Z',
				page_duration: 45,
				referrer_link: 'https://salespanel.io/features/',
			},
			{ activity_type: 'email', subject: 'Welcome', created_on: '2024-01-20T09:15:30Z' },
			{
				activity_type: 'custom_activity',
				category: 'c',
				label: 'l',
				activity_identifier: 'x',
				metadata: { a: 1 },
				created_on: '2024-01-20T08:42:00Z',
			},
		];
		expect(z.array(activitySchema).parse(acts)).toHaveLength(3);
		expect(
			activitySchema.safeParse({ activity_type: 'page', created_on: '2024-01-20T08:42:00Z' })
				.success,
		).toBe(false);
		segmentSchema.parse({
			segment_id: 'be8364a3-59b2-d17e-988f-27fb997df240',
			name: 'Enterprise Prospects',
			created_on: '2024-01-15T10:30:00Z',
			last_modified_on: '2024-01-20T14:22:00Z',
		});
		setAttributesResponseSchema.parse({
			visitor_id: 'b9f0f074-d765-4b7f-8a7a-cf94071026a8',
			message: 'Visitor attributes updated successfully',
			created_attributes: ['company_size'],
			updated_attributes: ['is_customer'],
		});
		customActivityResponseSchema.parse({
			visitor_id: 'b9f0f074-d765-4b7f-8a7a-cf94071026a8',
			success: true,
		});
	});
});

describe('sandbox HTTP API', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox({ now: () => CLOCK, throttle: false });
	});
	afterAll(async () => await sb.close());

	describe('seed data', () => {
		it('is deterministic for a seed and has the documented shares', async () => {
			const other = await startSandbox({ now: () => CLOCK, throttle: false });
			const different = await startSandbox({ now: () => CLOCK, throttle: false, seed: 7 });
			try {
				expect(ids(other.store.visitors)).toEqual(ids(sb.store.visitors));
				expect(ids(different.store.visitors)).not.toEqual(ids(sb.store.visitors));
			} finally {
				await other.close();
				await different.close();
			}
			expect(sb.store.visitors).toHaveLength(250);
			expect(sb.store.companies).toHaveLength(40);
			expect(sb.store.segments).toHaveLength(12);
			expect(sb.store.visitors.filter((v) => email(v))).toHaveLength(100);
			expect(sb.store.visitors.filter((v) => email(v).includes('+')).length).toBeGreaterThanOrEqual(
				10,
			);
			const segmentNames = new Set(sb.store.segments.map((s) => s.name));
			for (const v of sb.store.visitors) {
				for (const s of v.qualified_segments ?? []) expect(segmentNames.has(s)).toBe(true);
				const types = new Set(
					(sb.store.activities.get(v.contact_id) ?? []).map((a) => a.activity_type),
				);
				expect([...types].sort()).toEqual(['custom_activity', 'email', 'links']);
			}
		});
	});

	describe('authentication and errors', () => {
		it('401 without credentials, with WWW-Authenticate', async () => {
			const r = await call(sb, 'visitors/', { auth: null });
			expect(r.status).toBe(401);
			expect(r.headers.get('www-authenticate')).toBe('Token');
			expect(r.headers.get('content-type')).toBe('application/json');
			expect(r.json).toEqual({ detail: 'Authentication credentials were not provided.' });
			expect((await call(sb, 'visitors/', { auth: 'Bearer abc' })).json).toEqual({
				detail: 'Authentication credentials were not provided.',
			});
		});

		it('401 with a wrong or malformed token', async () => {
			const r = await call(sb, 'leads/', { auth: 'Token nope' });
			expect(r.status).toBe(401);
			expect(r.headers.get('www-authenticate')).toBe('Token');
			expect(r.json).toEqual({ detail: 'Invalid token.' });
			expect((await call(sb, 'leads/', { auth: 'Token' })).json).toEqual({
				detail: 'Invalid token header. No credentials provided.',
			});
			expect((await call(sb, 'leads/', { auth: 'Token a b' })).json).toEqual({
				detail: 'Invalid token header. Token string should not contain spaces.',
			});
		});

		it('404 / 405 / 406 / 301 like Django + DRF', async () => {
			expect(await call(sb, 'nope/')).toMatchObject({
				status: 404,
				json: { detail: 'Not found.' },
			});
			expect(await call(sb, 'visitors/00000000-0000-0000-0000-000000000000/')).toMatchObject({
				status: 404,
				json: { detail: 'Not found.' },
			});
			const del = await call(sb, 'visitors/', { method: 'DELETE' });
			expect(del.status).toBe(405);
			expect(del.json).toEqual({ detail: 'Method "DELETE" not allowed.' });
			expect(del.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
			const get = await call(sb, 'visitor-attributes/');
			expect(get.status).toBe(405);
			expect(get.json).toEqual({ detail: 'Method "GET" not allowed.' });
			expect(get.headers.get('allow')).toBe('POST, OPTIONS');
			expect((await call(sb, 'visitors/', { method: 'DELETE', auth: null })).status).toBe(401);
			const html = await call(sb, 'visitors/', { headers: { Accept: 'text/html' } });
			expect(html).toMatchObject({
				status: 406,
				json: { detail: 'Could not satisfy the request Accept header.' },
			});
			expect(
				(await call(sb, 'visitors/', { headers: { Accept: 'text/html, application/json;q=0.9' } }))
					.status,
			).toBe(200);
			const noSlash = await call(sb, 'visitors?limit=5');
			expect(noSlash.status).toBe(301);
			expect(noSlash.headers.get('location')).toBe('/api/v1/visitors/?limit=5');
		});

		it('HEAD and OPTIONS like DRF views', async () => {
			const head = await call(sb, 'segments/', { method: 'HEAD' });
			expect(head.status).toBe(200);
			expect(head.text).toBe('');
			const options = await call(sb, 'visitor-attributes/', { method: 'OPTIONS' });
			expect(options.status).toBe(200);
			expect(options.headers.get('allow')).toBe('POST, OPTIONS');
			expect(options.json.renders).toEqual(['application/json']);
		});

		it('400 on malformed JSON, 415 on unsupported content type, field errors', async () => {
			const bad = await call(sb, 'visitor-attributes/', {
				method: 'POST',
				body: '{"visitor_identifier": ',
			});
			expect(bad.status).toBe(400);
			expect(bad.json.detail).toMatch(/^JSON parse error - /);
			const plain = await call(sb, 'visitor-attributes/', {
				method: 'POST',
				body: 'x',
				headers: { 'Content-Type': 'text/plain' },
			});
			expect(plain).toMatchObject({
				status: 415,
				json: { detail: 'Unsupported media type "text/plain" in request.' },
			});
			expect(await post(sb, 'visitor-attributes/', [])).toMatchObject({
				status: 400,
				json: { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] },
			});
		});

		it('never logs the Authorization header value', async () => {
			await call(sb, 'segments/');
			const last = sb.requests[sb.requests.length - 1];
			expect(last).toMatchObject({
				method: 'GET',
				path: '/api/v1/segments/',
				status: 200,
				authorized: true,
				at: CLOCK,
			});
			expect(JSON.stringify(sb.requests)).not.toContain(sb.token);
		});
	});

	describe('pagination', () => {
		it('default page, absolute links, last page', async () => {
			const first = await call(sb, 'visitors/');
			expect(first.json.pagination).toEqual({
				count: 250,
				next: `${sb.url}/api/v1/visitors/?limit=10&offset=10`,
				previous: null,
			});
			expect(ids(first.json.results)).toEqual(ids(sb.store.visitors.slice(0, 10)));
			const last = await call(sb, 'visitors/?limit=100&offset=200');
			expect(last.json.pagination).toEqual({
				count: 250,
				next: null,
				previous: `${sb.url}/api/v1/visitors/?limit=100&offset=100`,
			});
			expect(ids(last.json.results)).toEqual(ids(sb.store.visitors.slice(200)));
			const second = await call(sb, 'visitors/?offset=100&limit=100');
			expect(second.json.pagination.previous).toBe(`${sb.url}/api/v1/visitors/?limit=100`);
			expect(second.json.pagination.next).toBe(`${sb.url}/api/v1/visitors/?limit=100&offset=200`);
		});

		it('clamps limit to 100 and falls back to the default for invalid values', async () => {
			const big = await call(sb, 'visitors/?limit=500');
			expect(big.json.results).toHaveLength(100);
			expect(big.json.pagination.next).toBe(`${sb.url}/api/v1/visitors/?limit=100&offset=100`);
			for (const bad of ['abc', '0', '-3', '2.5']) {
				expect((await call(sb, `visitors/?limit=${bad}`)).json.results).toHaveLength(10);
			}
			expect(ids((await call(sb, 'visitors/?limit=3&offset=-4')).json.results)).toEqual(
				ids(sb.store.visitors.slice(0, 3)),
			);
			expect((await call(sb, 'visitors/?offset=999')).json).toEqual({
				pagination: {
					count: 250,
					next: null,
					previous: `${sb.url}/api/v1/visitors/?limit=10&offset=989`,
				},
				results: [],
			});
		});

		it('walking next links returns every visitor exactly once, in served order', async () => {
			const all = (await fetchAll(sb, 'visitors/?limit=100')) as Visitor[];
			expect(ids(all)).toEqual(ids(sb.store.visitors));
			const sorted = all.slice().sort((a, b) => lastSeen(b) - lastSeen(a));
			expect(all.map(lastSeen)).toEqual(sorted.map(lastSeen));
		});
	});

	describe('24 h windows', () => {
		const since = CLOCK - DAY;
		it('leads: identified visitors active in the last 24 h, most recent first', async () => {
			const expected = sb.store.visitors
				.filter((v) => email(v) && lastSeen(v) >= since)
				.sort((a, b) => lastSeen(b) - lastSeen(a));
			expect(expected).toHaveLength(75);
			const got = (await fetchAll(sb, 'leads/?limit=100')) as Visitor[];
			expect(ids(got)).toEqual(ids(expected));
			const outside = sb.store.visitors.filter((v) => email(v) && lastSeen(v) < since);
			expect(outside).toHaveLength(25);
		});

		it('leads and visitors with select_by_first_activity=true', async () => {
			const leads = sb.store.visitors
				.filter((v) => email(v) && firstSeen(v) >= since)
				.sort((a, b) => firstSeen(b) - firstSeen(a));
			expect(leads).toHaveLength(30);
			expect(
				ids((await fetchAll(sb, 'leads/?select_by_first_activity=true&limit=7')) as Visitor[]),
			).toEqual(ids(leads));
			const visitors = sb.store.visitors
				.filter((v) => firstSeen(v) >= since)
				.sort((a, b) => firstSeen(b) - firstSeen(a));
			expect(visitors).toHaveLength(60);
			const page = await call(sb, 'visitors/?select_by_first_activity=true');
			expect(page.json.pagination.count).toBe(60);
			expect(page.json.pagination.next).toBe(
				`${sb.url}/api/v1/visitors/?limit=10&offset=10&select_by_first_activity=true`,
			);
			expect(
				ids((await fetchAll(sb, 'visitors/?select_by_first_activity=true&limit=25')) as Visitor[]),
			).toEqual(ids(visitors));
		});

		it('visiting companies: documented company fields, last/first activity windows', async () => {
			const byLast = sb.store.companies
				.filter((c) => c.lastSeenMs >= since)
				.sort((a, b) => b.lastSeenMs - a.lastSeenMs);
			const byFirst = sb.store.companies
				.filter((c) => c.firstSeenMs >= since)
				.sort((a, b) => b.firstSeenMs - a.firstSeenMs);
			expect(byLast).toHaveLength(32);
			expect(byFirst).toHaveLength(13);
			const got = await fetchAll(sb, 'visiting-companies/?limit=100');
			expect(got).toEqual(byLast.map((c) => c.details));
			expect(Object.keys(got[0] as object).sort()).toEqual([
				'bio',
				'category',
				'domain',
				'employees',
				'facebook',
				'founded',
				'industry',
				'linkedin',
				'location',
				'name',
				'twitter',
				'website',
			]);
			expect(await fetchAll(sb, 'visiting-companies/?select_by_first_activity=true')).toEqual(
				byFirst.map((c) => c.details),
			);
		});
	});

	describe('visitor endpoints and mutations', () => {
		it('retrieve + legacy /contacts/ alias', async () => {
			const v = sb.store.visitors[5];
			const r = await call(sb, `visitors/${v.contact_id}/`);
			expect(r.json).toEqual(v);
			expect(Object.keys(r.json)).toEqual([
				'contact_id',
				'person_details',
				'company_details',
				'acquisition_details',
				'visitor_attributes',
				'visitor_tags',
				'qualified_segments',
				'web_activity_summary',
			]);
			expect((await call(sb, `contacts/${v.contact_id}/`)).json).toEqual(v);
			expect((await call(sb, 'contacts/?limit=3')).json.results).toEqual(
				sb.store.visitors.slice(0, 3),
			);
		});

		it('identify: validates email, creates person_details, returns the visitor', async () => {
			const anon = sb.store.visitors.find(
				(v) => v.person_details === null && lastSeen(v) >= CLOCK - DAY,
			) as Visitor;
			const path = `visitors/${anon.contact_id}/identify/`;
			expect(await post(sb, path, {})).toMatchObject({
				status: 400,
				json: { email: ['This field is required.'] },
			});
			expect(await post(sb, path, { email: 'not-an-email' })).toMatchObject({
				status: 400,
				json: { email: ['Enter a valid email address.'] },
			});
			expect(await post(sb, path, { email: '' })).toMatchObject({
				status: 400,
				json: { email: ['This field may not be blank.'] },
			});
			expect(
				await post(sb, 'visitors/00000000-0000-0000-0000-000000000000/identify/', {
					email: 'a@b.co',
				}),
			).toMatchObject({ status: 404, json: { detail: 'Not found.' } });
			const r = await post(sb, path, {
				email: 'new.lead+form@example.org',
				identified_through: 'form_submission',
			});
			expect(r.status).toBe(200);
			expect(visitorSchema.parse(r.json)).toEqual(r.json);
			expect(r.json.contact_id).toBe(anon.contact_id);
			// Every documented person field, all null but the email just set; built from the schema, not from the sandbox's own helper.
			const nullPerson = Object.fromEntries(
				Object.keys(personDetailsSchema.shape).map((k) => [k, null]),
			);
			expect(r.json.person_details).toEqual({ ...nullPerson, email: 'new.lead+form@example.org' });
			expect((await call(sb, `visitors/${anon.contact_id}/`)).json).toEqual(r.json);
			expect(ids((await fetchAll(sb, 'leads/?limit=100')) as Visitor[])).toContain(anon.contact_id);
		});

		it('visitor-attributes: created vs updated split, validation, create_new', async () => {
			const v = sb.store.visitors.find((x) => email(x).includes('+')) as Visitor;
			expect(sb.store.accountAttributes.has('plan_interest')).toBe(true);
			const body = {
				visitor_identifier: email(v),
				visitor_attributes: { plan_interest: 'enterprise', nps_score: 9.5, churned: false },
			};
			const r = await post(sb, 'visitor-attributes/', body);
			expect(r.status).toBe(200);
			expect(r.json).toEqual({
				visitor_id: v.contact_id,
				message: 'Visitor attributes updated successfully',
				created_attributes: ['nps_score', 'churned'],
				updated_attributes: ['plan_interest'],
			});
			expect(v.visitor_attributes).toMatchObject({
				plan_interest: 'enterprise',
				nps_score: 9.5,
				churned: false,
			});
			// second time: the attributes exist in the account now
			const other = sb.store.visitors[0];
			const again = await post(sb, 'visitor-attributes/', {
				visitor_identifier: other.contact_id,
				visitor_attributes: { nps_score: 3 },
			});
			expect(again.json).toMatchObject({
				visitor_id: other.contact_id,
				created_attributes: [],
				updated_attributes: ['nps_score'],
			});

			expect(await post(sb, 'visitor-attributes/', { visitor_attributes: { a: 1 } })).toMatchObject(
				{ status: 400, json: { visitor_identifier: ['This field is required.'] } },
			);
			const badValue = await post(sb, 'visitor-attributes/', {
				visitor_identifier: v.contact_id,
				visitor_attributes: { ok: 1, bad: { nested: true }, worse: null },
			});
			expect(badValue.status).toBe(400);
			expect(Object.keys(badValue.json.visitor_attributes)).toEqual(['bad', 'worse']);
			expect(
				await post(sb, 'visitor-attributes/', {
					visitor_identifier: v.contact_id,
					visitor_attributes: [],
				}),
			).toMatchObject({
				status: 400,
				json: { visitor_attributes: ['Expected a dictionary of items but got type "list".'] },
			});
			expect(
				await post(sb, 'visitor-attributes/', {
					visitor_identifier: 'ghost@nowhere.test',
					visitor_attributes: { a: 1 },
				}),
			).toMatchObject({ status: 404, json: { detail: 'Visitor not found.' } });
			expect(
				await post(sb, 'visitor-attributes/', {
					visitor_identifier: 'ghost-id',
					visitor_attributes: { a: 1 },
					create_new: true,
				}),
			).toMatchObject({ status: 404, json: { detail: 'Visitor not found.' } });

			const created = await post(sb, 'visitor-attributes/', {
				visitor_identifier: 'ghost@nowhere.test',
				visitor_attributes: { plan_interest: 'starter' },
				create_new: true,
			});
			expect(created.status).toBe(200);
			expect(created.json).toMatchObject({
				created_attributes: [],
				updated_attributes: ['plan_interest'],
			});
			const fresh = await call(sb, `visitors/${created.json.visitor_id}/`);
			expect(fresh.status).toBe(200);
			expect(visitorSchema.parse(fresh.json).person_details?.email).toBe('ghost@nowhere.test');
			expect(fresh.json.visitor_attributes).toEqual({ plan_interest: 'starter' });
			expect(fresh.json.web_activity_summary).toEqual({
				total_page_visits: 0,
				total_website_sessions: 0,
				first_seen: iso(CLOCK),
				last_seen: iso(CLOCK),
			});
			expect(sb.store.visitors[0].contact_id).toBe(created.json.visitor_id);
		});

		it('custom activity is validated and appears first in activities (email with + percent-encoded)', async () => {
			const v = sb.store.visitors.filter((x) => email(x).includes('+'))[1];
			expect(await post(sb, 'custom-activity/create/', {})).toMatchObject({
				status: 400,
				json: {
					visitor_identifier: ['This field is required.'],
					category: ['This field is required.'],
					label: ['This field is required.'],
				},
			});
			expect(
				await post(sb, 'custom-activity/create/', {
					visitor_identifier: 'ghost2@nowhere.test',
					category: 'c',
					label: 'l',
				}),
			).toMatchObject({ status: 404, json: { detail: 'Visitor not found.' } });
			const r = await post(sb, 'custom-activity/create/', {
				visitor_identifier: email(v),
				category: 'sales_call',
				label: 'discovery_call',
				activity_identifier: 'Call with AE',
				metadata: { minutes: 30, booked: true },
			});
			expect(r).toMatchObject({ status: 200, json: { visitor_id: v.contact_id, success: true } });
			const encoded = encodeURIComponent(email(v));
			expect(encoded).toContain('%2B');
			const acts = await call(sb, `visitors/${encoded}/activities/`);
			expect(acts.status).toBe(200);
			expect(Array.isArray(acts.json)).toBe(true);
			expect(acts.json[0]).toEqual({
				activity_type: 'custom_activity',
				category: 'sales_call',
				label: 'discovery_call',
				activity_identifier: 'Call with AE',
				metadata: { minutes: 30, booked: true },
				created_on: iso(CLOCK),
			});
			const times = (acts.json as Activity[]).map((a) => Date.parse(a.created_on));
			expect(times).toEqual(times.slice().sort((a, b) => b - a));
			const custom = await call(
				sb,
				`visitors/${v.contact_id}/activities/?activity_type=custom_activity`,
			);
			expect((custom.json as Activity[]).every((a) => a.activity_type === 'custom_activity')).toBe(
				true,
			);
			expect(custom.json).toHaveLength(
				(sb.store.activities.get(v.contact_id) ?? []).filter(
					(a) => a.activity_type === 'custom_activity',
				).length,
			);
			expect((await call(sb, 'visitors/ghost2%40nowhere.test/activities/')).status).toBe(404);
		});

		it('attribution by id and by percent-encoded email', async () => {
			const v = sb.store.visitors.find((x) => email(x).includes('+')) as Visitor;
			const byEmail = await call(sb, `visitors/attribution/${encodeURIComponent(email(v))}/`);
			const byId = await call(sb, `visitors/attribution/${v.contact_id}/`);
			expect(byEmail.status).toBe(200);
			expect(byId.json).toEqual(byEmail.json);
			const parsed = attributionVisitorSchema.parse(byId.json);
			const links = (sb.store.activities.get(v.contact_id) ?? []).filter(
				(a) => a.activity_type === 'links',
			);
			expect(parsed.web_activity_summary.total_time_spent).toBe(
				links.reduce((s, a) => s + (a.activity_type === 'links' ? (a.page_duration ?? 0) : 0), 0),
			);
			expect(parsed.web_activity_summary.total_page_visits).toBe(links.length);
			expect(parsed.attribution_details.landing_page).toBe(
				links[links.length - 1].activity_type === 'links' ? links[links.length - 1].link : null,
			);
			expect(Object.keys(byId.json)).toEqual([...Object.keys(v), 'attribution_details']);
			expect((await call(sb, 'visitors/attribution/nobody%40x.io/')).status).toBe(404);
		});
	});

	describe('every endpoint output parses with the schemas', () => {
		it('lists, details, activities, attribution, segments, errors', async () => {
			const strictVisitor = visitorSchema.strict();
			const visitors = await fetchAll(sb, 'visitors/?limit=100');
			visitors.forEach((v) => strictVisitor.parse(v));
			(await fetchAll(sb, 'leads/?limit=100')).forEach((v) => strictVisitor.parse(v));
			(await fetchAll(sb, 'visiting-companies/?limit=100')).forEach((c) =>
				visitingCompanySchema.strict().parse(c),
			);
			paginated(segmentSchema.strict()).parse((await call(sb, 'segments/?limit=100')).json);
			for (const v of sb.store.visitors.slice(0, 60)) {
				strictVisitor.parse((await call(sb, `visitors/${v.contact_id}/`)).json);
				z.array(activitySchema).parse(
					(await call(sb, `visitors/${v.contact_id}/activities/`)).json,
				);
				attributionVisitorSchema
					.strict()
					.parse((await call(sb, `visitors/attribution/${v.contact_id}/`)).json);
			}
			errorDetailSchema.parse((await call(sb, 'visitors/x/')).json);
		});

		it('bare segments and paginated activities when configured', async () => {
			const alt = await startSandbox({
				now: () => CLOCK,
				throttle: false,
				segmentsPaginated: false,
				activitiesPaginated: true,
				visitors: 20,
			});
			try {
				const segs = await call(alt, 'segments/');
				expect(z.array(segmentSchema).parse(segs.json)).toHaveLength(12);
				const v = alt.store.visitors[0];
				const acts = await call(alt, `visitors/${v.contact_id}/activities/?limit=2`);
				const page = paginated(activitySchema).parse(acts.json);
				expect(page.pagination.count).toBe(alt.store.activities.get(v.contact_id)?.length);
				expect(page.results).toEqual(alt.store.activities.get(v.contact_id)?.slice(0, 2));
			} finally {
				await alt.close();
			}
		});
	});
});

describe('throttling (DRF SimpleRateThrottle)', () => {
	let clock = CLOCK;
	let sb: Sandbox;
	beforeEach(() => {
		clock = CLOCK;
	});
	afterEach(async () => await sb?.close());
	/** A sandbox on the test's clock with this throttle. */
	const startOnClock = async (visitors: number, throttle: SandboxOptions['throttle']) => {
		sb = await startSandbox({ now: () => clock, visitors, throttle });
	};
	const segmentsStatus = async () => (await call(sb, 'segments/')).status;

	it('429 with decimal Retry-After when time-scaled; throttled requests are not recorded', async () => {
		await startOnClock(15, { burst: 3, minuteMs: 500, sustained: 100, dayMs: 10_000 });
		expect(await segmentsStatus()).toBe(200);
		clock += 50;
		expect(await segmentsStatus()).toBe(200);
		clock += 100;
		expect(await segmentsStatus()).toBe(200);
		const r = await call(sb, 'segments/');
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBe('0.35');
		expect(r.json).toEqual({ detail: 'Request was throttled. Expected available in 1 second.' });
		expect((await call(sb, 'segments/', { auth: null })).status).toBe(401); // auth before throttle
		clock += 349;
		expect(await segmentsStatus()).toBe(429);
		clock += 1; // the t=0 request leaves the window; the refused ones were never recorded
		expect(await segmentsStatus()).toBe(200);
		expect(await segmentsStatus()).toBe(429);
		sb.resetThrottle();
		expect(await segmentsStatus()).toBe(200);
	});

	it('sustained scope: every scope is evaluated, like APIView.check_throttles', async () => {
		await startOnClock(15, { burst: 2, minuteMs: 500, sustained: 3, dayMs: 10_000 });
		expect(await segmentsStatus()).toBe(200);
		expect(await segmentsStatus()).toBe(200);
		const burst = await call(sb, 'segments/'); // refused by burst, recorded by sustained
		expect(burst.status).toBe(429);
		expect(burst.headers.get('retry-after')).toBe('0.5');
		clock += 500;
		const sustained = await call(sb, 'segments/');
		expect(sustained.status).toBe(429);
		expect(sustained.headers.get('retry-after')).toBe('9.5');
		expect(sustained.json).toEqual({
			detail: 'Request was throttled. Expected available in 10 seconds.',
		});
	});

	it('whole seconds when not time-scaled', async () => {
		await startOnClock(5, { burst: 2 });
		await call(sb, 'segments/');
		clock += 10_000;
		await call(sb, 'segments/');
		const r = await call(sb, 'segments/');
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBe('50');
		expect(r.json).toEqual({ detail: 'Request was throttled. Expected available in 50 seconds.' });
		clock += 49_500;
		expect((await call(sb, 'segments/')).headers.get('retry-after')).toBe('1');
	});

	it('honours Retry-After in real time', async () => {
		sb = await startSandbox({ visitors: 5, throttle: { burst: 2, minuteMs: 300 } });
		expect(await segmentsStatus()).toBe(200);
		expect(await segmentsStatus()).toBe(200);
		const r = await call(sb, 'segments/');
		expect(r.status).toBe(429);
		const wait = Number(r.headers.get('retry-after'));
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(0.3);
		await new Promise((res) => setTimeout(res, wait * 1000 + 20));
		expect(await segmentsStatus()).toBe(200);
	});
});

describe('fault injection', () => {
	let sb: Sandbox;
	beforeEach(async () => {
		sb = await startSandbox({ now: () => CLOCK, throttle: false, visitors: 60 });
	});
	afterEach(async () => await sb.close());

	it('failNext answers the next N authenticated requests with the status', async () => {
		sb.faults.failNext = { count: 2, status: 503 };
		expect((await call(sb, 'visitors/', { auth: null })).status).toBe(401);
		expect(sb.faults.failNext.count).toBe(2);
		expect(await call(sb, 'visitors/')).toMatchObject({
			status: 503,
			json: { detail: 'Service temporarily unavailable, try again later.' },
		});
		expect((await call(sb, 'leads/')).status).toBe(503);
		expect((await call(sb, 'leads/')).status).toBe(200);
		expect(sb.faults.failNext).toBeUndefined();
		expect(sb.requests.filter((r) => r.fault === 'failNext')).toHaveLength(2);
	});

	it('resetNext destroys the socket without a response', async () => {
		sb.faults.resetNext = 1;
		await expect(call(sb, 'visitors/')).rejects.toThrow();
		expect((await call(sb, 'visitors/')).status).toBe(200);
		expect(sb.requests.filter((r) => r.fault === 'resetNext')).toEqual([
			expect.objectContaining({ status: 0 }),
		]);
	});

	it('malformedNext truncates the next successful list body', async () => {
		sb.faults.malformedNext = 1;
		expect((await call(sb, `visitors/${sb.store.visitors[0].contact_id}/`)).json).toBeDefined(); // not a list
		const bad = await call(sb, 'visitors/');
		expect(bad.status).toBe(200);
		expect(() => JSON.parse(bad.text)).toThrow();
		expect((await call(sb, 'visitors/')).json.pagination.count).toBe(60);
	});

	it('errorRate / resetRate are deterministic for a seed', async () => {
		sb.faults.errorRate = 1;
		const statuses = new Set<number>();
		for (let i = 0; i < 12; i++) statuses.add((await call(sb, 'segments/')).status);
		expect([...statuses].every((s) => [500, 502, 503].includes(s))).toBe(true);
		const run = async () => {
			const s = await startSandbox({ now: () => CLOCK, throttle: false, visitors: 5, seed: 9 });
			s.faults.errorRate = 0.5;
			const out: number[] = [];
			for (let i = 0; i < 10; i++) out.push((await call(s, 'segments/')).status);
			await s.close();
			return out;
		};
		const a = await run();
		expect(a).toEqual(await run());
		expect(a.filter((s) => s === 200).length).toBeGreaterThan(0);
		expect(a.filter((s) => s !== 200).length).toBeGreaterThan(0);
		sb.faults.errorRate = 0;
		sb.faults.resetRate = 1;
		await expect(call(sb, 'segments/')).rejects.toThrow();
	});

	it('latencyMs delays answers', async () => {
		sb.faults.latencyMs = 150;
		const t0 = Date.now();
		expect((await call(sb, 'segments/')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
	});

	it('addVisitors inserts at the front (polling) or backdated', async () => {
		const [anon] = sb.addVisitors(1, { lead: false });
		expect(anon.person_details).toBeNull();
		expect(sb.store.visitors[0]).toBe(anon);
		expect((await call(sb, 'visitors/?limit=1')).json.results[0].contact_id).toBe(anon.contact_id);
		const leads = sb.addVisitors(3);
		expect(leads.every((v) => !!email(v))).toBe(true);
		expect(ids((await call(sb, 'leads/?limit=3')).json.results)).toEqual(ids(leads).reverse());
		const [old] = sb.addVisitors(1, { front: false });
		expect(lastSeen(old)).toBeLessThan(CLOCK);
		expect(sb.store.visitors).toHaveLength(65);
		expect(sb.store.activities.get(old.contact_id)?.length).toBeGreaterThan(0);
	});

	it('driftPerPage inserts and reorders visitors between pages', async () => {
		const page1 = await call(sb, 'visitors/?limit=10');
		sb.faults.driftPerPage = { insert: 1 };
		const page2 = await call(sb, 'visitors/?limit=10&offset=10'); // drift applied after this page
		sb.faults.driftPerPage = undefined;
		expect(page2.json.pagination.count).toBe(60);
		const page3 = await call(sb, 'visitors/?limit=10&offset=20');
		expect(page3.json.pagination.count).toBe(61);
		expect(page3.json.results[0].contact_id).toBe(page2.json.results[9].contact_id); // shifted by one
		expect(sb.store.visitors[0].web_activity_summary.last_seen).toBe(iso(CLOCK));
		expect(ids(page1.json.results)).not.toContain(sb.store.visitors[0].contact_id);

		sb.faults.driftPerPage = { reorder: 1 };
		const before = ids(sb.store.visitors);
		await call(sb, 'leads/?limit=5');
		const moved = sb.store.visitors[0];
		expect(before.indexOf(moved.contact_id)).toBeGreaterThan(0);
		expect(moved.person_details?.email).toBeTruthy();
		expect(moved.web_activity_summary.last_seen).toBe(iso(CLOCK));
		expect(sb.store.visitors).toHaveLength(61);
	});
});

describe('latency option (simulated round trip)', () => {
	let sb: Sandbox | undefined;
	afterEach(async () => {
		await sb?.close();
		sb = undefined;
	});

	const timed = async (
		sandbox: Sandbox,
		path: string,
		init?: RequestInit & { auth?: string | null },
	) => {
		const started = performance.now();
		const res = await call(sandbox, path, init);
		return { res, ms: performance.now() - started };
	};

	it('off by default: no request waits', async () => {
		sb = await startSandbox({ visitors: 5, throttle: false });
		expect((await call(sb, 'segments/')).status).toBe(200);
		expect(sb.requests[0].delayMs).toBeUndefined();
	});

	it('RTT 50 ms: every answer takes at least 50 ms, errors and 404s included', async () => {
		sb = await startSandbox({ visitors: 5, throttle: false, latency: { rttMs: 50 } });
		const ok = await timed(sb, 'segments/');
		const unauthorized = await timed(sb, 'segments/', { auth: null });
		const unknown = await timed(sb, 'no-such-endpoint/');
		expect([ok.res.status, unauthorized.res.status, unknown.res.status]).toEqual([200, 401, 404]);
		for (const { ms } of [ok, unauthorized, unknown]) expect(ms).toBeGreaterThanOrEqual(50);
		expect(sb.requests.map((r) => r.delayMs)).toEqual([50, 50, 50]);
	});

	it('the wait blocks no other request: five concurrent requests are all logged before the first answer', async () => {
		sb = await startSandbox({ visitors: 5, throttle: false, latency: { rttMs: 200 } });
		const sandbox = sb;
		const loggedAtAnswer: number[] = [];
		const all = await Promise.all(
			Array.from({ length: 5 }, async () => {
				const res = await call(sandbox, 'segments/');
				loggedAtAnswer.push(sandbox.requests.length);
				return res.status;
			}),
		);
		expect(all).toEqual([200, 200, 200, 200, 200]);
		expect(Math.min(...loggedAtAnswer)).toBe(5);
	});

	it('the request is handled half a round trip after it arrived, its answer leaves when the round trip is over', async () => {
		sb = await startSandbox({ visitors: 5, throttle: false, latency: { rttMs: 400 } });
		let answered = false;
		const started = performance.now();
		const pending = call(sb, 'segments/').then((res) => {
			answered = true;
			return res.status;
		});
		await new Promise((resolve) => setTimeout(resolve, 100));
		// Logged on arrival, not handled yet: a server would not have received it.
		expect(sb.requests.map((r) => r.status)).toEqual([0]);
		await new Promise((resolve) => setTimeout(resolve, 200));
		// Handled (status decided) while the answer is still held back.
		expect(sb.requests.map((r) => r.status)).toEqual([200]);
		expect(answered).toBe(false);
		expect(await pending).toBe(200);
		expect(performance.now() - started).toBeGreaterThanOrEqual(400);
	});

	it('jitter lies in [RTT, RTT + jitter) and repeats after resetLog() with the same seed', async () => {
		sb = await startSandbox({
			visitors: 5,
			throttle: false,
			latency: { rttMs: 5, jitterMs: 20, seed: 7 },
		});
		for (let i = 0; i < 6; i++) await call(sb, 'segments/');
		const first = sb.requests.map((r) => r.delayMs ?? NaN);
		for (const delay of first) {
			expect(delay).toBeGreaterThanOrEqual(5);
			expect(delay).toBeLessThan(25);
		}
		expect(new Set(first).size).toBeGreaterThan(1);
		sb.resetLog();
		for (let i = 0; i < 6; i++) await call(sb, 'segments/');
		expect(sb.requests.map((r) => r.delayMs)).toEqual(first);
	});

	it('refuses a negative or non-numeric round trip', async () => {
		await expect(startSandbox({ latency: { rttMs: -1 } })).rejects.toThrow(
			'latency.rttMs must be a number ≥ 0 (got -1)',
		);
		await expect(startSandbox({ latency: { rttMs: 10, jitterMs: Number.NaN } })).rejects.toThrow(
			'latency.jitterMs must be a number ≥ 0 (got NaN)',
		);
	});
});

describe('webhook sender', () => {
	let sb: Sandbox;
	let receiver: http.Server;
	let target: string;
	const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
	beforeAll(async () => {
		sb = await startSandbox({ now: () => CLOCK, throttle: false, visitors: 40 });
		receiver = http.createServer((req, res) => {
			let body = '';
			req.on('data', (c: Buffer) => (body += c.toString()));
			req.on('end', () => {
				received.push({ headers: req.headers, body });
				const dup = received.length > 1 && received[received.length - 2].body === body;
				res.writeHead(dup ? 409 : 200, { 'Content-Type': 'text/plain' });
				res.end(dup ? 'duplicate' : 'ok');
			});
		});
		await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
		target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/salespanel`;
	});
	afterAll(async () => {
		await sb.close();
		await new Promise<void>((r) => receiver.close(() => r()));
	});

	it('delivers the documented payload with duplicates', async () => {
		received.length = 0;
		const result = await sb.sendWebhook(target, {
			event: 'person.segment_qualified',
			duplicates: 2,
			hookId: '2ac9c790-9431-4609-9696-cac25b9b5ad3',
		});
		expect(result).toEqual([
			{ status: 200, body: 'ok' },
			{ status: 409, body: 'duplicate' },
			{ status: 409, body: 'duplicate' },
		]);
		expect(received).toHaveLength(3);
		expect(new Set(received.map((r) => r.body)).size).toBe(1);
		expect(received[0].headers['content-type']).toBe('application/json');
		const payload: WebhookPayload = webhookPayloadSchema.parse(JSON.parse(received[0].body));
		expect(payload.hook).toEqual({
			id: '2ac9c790-9431-4609-9696-cac25b9b5ad3',
			event: 'person.segment_qualified',
			target,
			title: 'New Lead Qualification',
		});
		const v = sb.store.visitors.find((x) => x.contact_id === payload.payload.contact_id) as Visitor;
		expect(email(v)).toBeTruthy();
		expect(payload.payload.segment).toBeDefined();
		const seg = sb.store.segments.find((s) => s.segment_id === payload.payload.segment?.segment_id);
		expect(payload.payload.segment?.title).toBe(seg?.name);
		expect(payload.payload.qualified_segments).toContainEqual({
			id: sb.store.segmentPks.get(seg?.segment_id ?? ''),
			name: seg?.name,
		});
		expect(typeof payload.payload.lead_scoring?.lead_score).toBe('number');
		expect(payload.payload.web_activity_summary).toEqual({
			total_page_views: v.web_activity_summary.total_page_visits,
			total_sessions: v.web_activity_summary.total_website_sessions,
			first_visit: v.web_activity_summary.first_seen,
			last_visit: v.web_activity_summary.last_seen,
		});
	});

	it('company events use a visitor with company details and no segment', async () => {
		received.length = 0;
		const anon = sb.store.visitors.find(
			(x) => x.person_details === null && x.company_details !== null,
		) as Visitor;
		const [res] = await sb.sendWebhook(target, {
			event: 'company.identified',
			contactId: anon.contact_id,
			title: 'Companies',
		});
		expect(res.status).toBe(200);
		const payload = webhookPayloadSchema.parse(JSON.parse(received[0].body));
		expect(payload.hook).toMatchObject({ event: 'company.identified', title: 'Companies', target });
		expect(payload.hook.id).toMatch(UUID_PATTERN);
		expect(payload.payload.contact_id).toBe(anon.contact_id);
		expect(payload.payload.company_details).toEqual(anon.company_details);
		expect(payload.payload).not.toHaveProperty('segment');
		const [def] = await sb.sendWebhook(target, { event: 'company.page_visit' });
		expect(def.status).toBe(200);
		expect(
			webhookPayloadSchema.parse(JSON.parse(received[1].body)).payload.company_details,
		).not.toBeNull();
	});
});
