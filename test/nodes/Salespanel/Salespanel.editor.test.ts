// Editor experience of the Salespanel action node (issue 11): every way a visitor value can arrive
// (the picker's own search is in shared/pickers/visitors.test.ts), Get by email,
// lossless attribution, safe defaults, the Custom API Call message and the description rules.
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { SalespanelApi } from '../../../credentials/SalespanelApi.credentials';
import { Salespanel } from '../../../nodes/Salespanel/Salespanel.node';
import { SalespanelPollingTrigger } from '../../../nodes/Salespanel/SalespanelPollingTrigger.node';
import { SalespanelTrigger } from '../../../nodes/Salespanel/SalespanelTrigger.node';
import {
	simplifyAttribution,
	standardVisitor,
} from '../../../nodes/Salespanel/shared/helpers/simplify';
import type { Visitor } from '../../tools/schemas';
import { simplifiedVisitorSchema, visitorSchema } from '../../tools/schemas';
import { NODE_NAME } from '../../tools/support/node-env';
import { readmeAnchors } from './readmeAnchors';
import { useVisitorsEnv } from './shared/pickers/visitorsEnv';

const env = useVisitorsEnv();
const { visitors, identified, anonymous, apiRequests } = env;
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

describe('Every visitor field takes From List, By Email, By ID and a plain string', () => {
	// Writes reorder the sandbox's visitors (activity moves a visitor to the front): pick once.
	let person: Visitor;
	beforeAll(() => (person = identified()[1]));
	const email = () => person.person_details!.email!;
	const id = () => person.contact_id;
	const forms = (
		visitorId: string,
		visitorEmail: string,
	): Array<[string, string | IDataObject, 'id' | 'email']> => [
		['From List', rl('list', visitorId), 'id'],
		['By ID', rl('id', visitorId.toUpperCase()), 'id'],
		['By Email', rl('email', visitorEmail), 'email'],
		['plain ID (old workflow)', visitorId, 'id'],
		['plain email (old workflow)', visitorEmail, 'email'],
		['expression in By ID', rl('id', `={{ "${visitorId}" }}`), 'id'],
		['expression as a plain value', `={{ "${visitorEmail}" }}`, 'email'],
	];
	const key = (kind: 'id' | 'email') => encodeURIComponent(kind === 'id' ? id() : email());

	test.each([0, 1, 2, 3, 4, 5, 6])(
		'form #%i in Get Attribution, Activity Get Many and Create, Set Attributes',
		async (index) => {
			const [, value, kind] = forms(id(), email())[index];
			await runJson({ resource: 'visitor', operation: 'getAttribution', visitorIdentifier: value });
			await runJson({
				resource: 'activity',
				operation: 'getAll',
				visitorIdentifier: value,
				limit: 1,
			});
			await runJson({
				resource: 'activity',
				operation: 'create',
				visitorIdentifier: value,
				category: 'c',
				label: 'l',
			});
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
		},
	);

	test.each([0, 1, 3, 5])('form #%i in Get and Identify (IDs)', async (index) => {
		const target = anonymous()[index];
		const got = await runJson({
			resource: 'visitor',
			operation: 'get',
			visitorId: forms(id(), email())[index][1],
			simplify: false,
		});
		expect(got[0].contact_id).toBe(id());
		const identifyValue = forms(target.contact_id, 'unused@example.com')[index][1];
		await runJson({
			resource: 'visitor',
			operation: 'identify',
			visitorId: identifyValue,
			email: `new${index}@example.com`,
		});
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
		const error = await runError({
			resource: 'visitor',
			operation: 'identify',
			visitorId: rl('email', email()),
			email: 'a@b.io',
		});
		expect(error.message).toBe("'Visitor' must be a visitor ID here, not an email address");
		expect(apiRequests()).toEqual([]);
	});

	test.each([
		['By ID holding an email', { __rl: true, mode: 'id', value: 'jane@acme.com' }],
		[
			'By Email holding an ID',
			{ __rl: true, mode: 'email', value: 'be8364a3-59b2-d17e-988f-27fb997df240' },
		],
		['From List with nothing picked', { __rl: true, mode: 'list', value: '' }],
	])(
		'%s: n8n itself refuses to run the workflow (parameter issue), nothing is sent',
		async (_what, value) => {
			await expect(
				env.run({ resource: 'visitor', operation: 'get', visitorId: value } as INodeParameters),
			).rejects.toThrow(/The workflow has issues and cannot be executed/);
			expect(apiRequests()).toEqual([]);
		},
	);

	test("By ID and By Email are checked with the locator's own regex, in the editor and in the node alike", () => {
		const fields = new Salespanel().description.properties.filter(
			(p) => p.type === 'resourceLocator',
		);
		expect(fields.map((f) => f.name).sort()).toEqual([
			'visitorId',
			'visitorId',
			'visitorIdentifier',
			'visitorIdentifier',
			'visitorIdentifier',
			'visitorIdentifier',
		]);
		for (const field of fields) {
			expect(field.default).toEqual({ mode: 'list', value: '' });
			expect(field.modes![0]).toMatchObject({ name: 'list', typeOptions: { searchable: true } });
			const byId = field.modes!.find((m) => m.name === 'id')!;
			const regex = (byId.validation![0] as unknown as { properties: { regex: string } }).properties
				.regex;
			// The editor anchors the pattern itself and uses no flags.
			expect(new RegExp(`^${regex}$`).test(id().toUpperCase())).toBe(true);
			expect(new RegExp(`^${regex}$`).test(email())).toBe(false);
			const byEmail = field.modes!.find((m) => m.name === 'email');
			if (byEmail) {
				const emailRegex = (byEmail.validation![0] as unknown as { properties: { regex: string } })
					.properties.regex;
				expect(new RegExp(`^${emailRegex}$`).test('Jane.Doe+x@Acme.CO')).toBe(true);
				expect(new RegExp(`^${emailRegex}$`).test(id())).toBe(false);
			}
		}
	});
});

describe('Visitor → Get by email', () => {
	test.each([true, false])(
		'Simplify %s: the same item as Get by ID, read through the attribution endpoint',
		async (simplify) => {
			const person = identified()[2];
			const [byId] = await runJson({
				resource: 'visitor',
				operation: 'get',
				visitorId: rl('id', person.contact_id),
				simplify,
			});
			const [byEmail] = await runJson({
				resource: 'visitor',
				operation: 'get',
				visitorId: rl('email', person.person_details!.email!),
				simplify,
			});
			expect(byEmail).toEqual(byId);
			if (simplify) simplifiedVisitorSchema.parse(byEmail);
			else visitorSchema.strict().parse(byEmail);
			expect(apiRequests().map((r) => r.path)).toEqual([
				`/api/v1/visitors/${person.contact_id}/`,
				`/api/v1/visitors/attribution/${encodeURIComponent(person.person_details!.email!)}/`,
			]);
		},
	);

	test('an unknown email: one clean 404 message, no repeated "Not found."', async () => {
		const error = await runError({
			resource: 'visitor',
			operation: 'get',
			visitorId: rl('email', 'nobody@nowhere.io'),
		});
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
	const person = () =>
		identified().find(
			(v) =>
				v.person_details?.linkedin && v.company_details?.website && v.person_details.first_name,
		)!;

	test.each([
		['Visitor → Get Many', { resource: 'visitor', operation: 'getAll', limit: 150 }],
		['Lead → Get Many', { resource: 'lead', operation: 'getAll', returnAll: true }],
	])(
		'%s: every simplified item carries first/last name, LinkedIn and company website/location',
		async (_name, parameters) => {
			const items = await runJson(parameters);
			const store = byId();
			expect(items.length).toBeGreaterThan(20);
			for (const item of items) {
				simplifiedVisitorSchema.parse(item);
				expect(item).toMatchObject(crmFields(store.get(item.contact_id as string)!));
			}
			// The sandbox's data has each field filled somewhere, so the check is not all nulls.
			for (const key of Object.keys(crmFields(person())))
				expect(items.some((i) => typeof i[key] === 'string')).toBe(true);
		},
	);

	test.each(['get', 'getAttribution'])(
		'Visitor → %s: the same fields, the LinkedIn URL exactly as sent',
		async (operation) => {
			const target = person();
			const field = operation === 'get' ? 'visitorId' : 'visitorIdentifier';
			const [item] = await runJson({
				resource: 'visitor',
				operation,
				[field]: rl('id', target.contact_id),
			});
			expect(item).toMatchObject(crmFields(target));
			expect(item.linkedin).toBe(target.person_details!.linkedin);
			expect(item.first_name).toBe(target.person_details!.first_name);
		},
	);
});

describe('Get Attribution keeps every attribution value', () => {
	const details = {
		landing_page: 'https://acme.com/pricing',
		landing_page_source: 'Google',
		landing_page_medium: 'cpc',
		first_touch_utm_parameters: {
			utm_source: 'google',
			utm_medium: 'cpc',
			utm_campaign: 'spring',
			utm_content: 'hero',
			utm_term: 'b2b crm',
			utm_id: '42',
		},
		last_touch_source: 'Newsletter',
		last_touch_medium: 'email',
		last_touch_utm_parameters: {
			utm_source: 'mailchimp',
			utm_medium: 'email',
			utm_campaign: 'march',
			utm_content: 'footer',
			utm_term: 'demo',
		},
	};

	test('Simplify on: landing page, source, medium and every UTM parameter of both touches', async () => {
		const person = identified()[4];
		const extras = env.sandbox.store.extras.get(person.contact_id)!;
		extras.attribution_details = JSON.parse(JSON.stringify(details));
		extras.total_time_spent = 2847;
		const [flat] = await runJson({
			resource: 'visitor',
			operation: 'getAttribution',
			visitorIdentifier: rl('list', person.contact_id),
		});
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
		for (const value of [
			details.landing_page,
			details.landing_page_source,
			details.landing_page_medium,
			details.last_touch_source,
			details.last_touch_medium,
			...Object.values(details.first_touch_utm_parameters),
			...Object.values(details.last_touch_utm_parameters),
		]) {
			expect(values).toContain(value);
		}
	});

	test('Simplify on with no UTM parameters: the UTM fields are there, null', async () => {
		const person = identified()[5];
		env.sandbox.store.extras.get(
			person.contact_id,
		)!.attribution_details.first_touch_utm_parameters = null;
		const [flat] = await runJson({
			resource: 'visitor',
			operation: 'getAttribution',
			visitorIdentifier: person.contact_id,
		});
		for (const key of ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'])
			expect(flat[`first_touch_${key}`]).toBeNull();
	});

	test("Simplify off: Salespanel's object untouched", async () => {
		const person = identified()[4];
		const [raw] = await runJson({
			resource: 'visitor',
			operation: 'getAttribution',
			visitorIdentifier: rl('email', person.person_details!.email!),
			simplify: false,
		});
		const direct = (await (
			await fetch(`${env.sandbox.url}/api/v1/visitors/attribution/${person.contact_id}/`, {
				headers: { Authorization: `Token ${env.sandbox.token}` },
			})
		).json()) as IDataObject;
		expect(raw).toEqual(direct);
		expect((raw.attribution_details as IDataObject).first_touch_utm_parameters).toEqual(
			details.first_touch_utm_parameters,
		);
	});
});

describe('Attribution and standard-visitor shapes (pure helpers, hostile input)', () => {
	test('odd UTM objects: no crash, no prototype change, nothing dropped, no field overwritten', () => {
		const utm = JSON.parse(
			'{"__proto__": {"polluted": true}, "utm_source": 7, "gclid": "abc", "utm_medium": null, "utm_extra": {"a": 1}}',
		) as IDataObject;
		const flat = simplifyAttribution({
			contact_id: 'c',
			attribution_details: {
				landing_page_source: 'Google',
				first_touch_utm_parameters: utm,
				last_touch_utm_parameters: 'not an object',
			},
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
		const answer = {
			contact_id: 'c',
			attribution_details: { landing_page: 'x' },
			web_activity_summary: { total_page_visits: 1, total_time_spent: 5 },
		};
		expect(standardVisitor(answer)).toEqual({
			contact_id: 'c',
			web_activity_summary: { total_page_visits: 1 },
		});
		expect(answer.web_activity_summary.total_time_spent).toBe(5);
		expect(standardVisitor({ contact_id: 'c', web_activity_summary: null })).toEqual({
			contact_id: 'c',
			web_activity_summary: null,
		});
	});
});

describe('Safe defaults', () => {
	test('Attributes (JSON) defaults to {}: running it as is writes nothing and says so', async () => {
		const field = new Salespanel().description.properties.find((p) => p.name === 'attributesJson')!;
		expect(field.default).toBe('{}');
		const error = await runError({
			resource: 'visitor',
			operation: 'setAttributes',
			visitorIdentifier: identified()[0].contact_id,
			attributesInputMode: 'json',
		});
		expect(error.message).toBe("'Attributes (JSON)' has no attributes");
		expect(apiRequests()).toEqual([]);
	});

	test('no JSON, collection or text field pre-fills data that would be sent', () => {
		const walk = (properties: INodeProperties[]): INodeProperties[] =>
			properties.flatMap((p) => [
				p,
				...walk(
					(p.options ?? []).flatMap((o) =>
						'values' in o ? o.values : 'type' in o ? [o as INodeProperties] : [],
					),
				),
			]);
		for (const property of walk(new Salespanel().description.properties)) {
			if (property.type === 'json')
				expect([property.name, property.default]).toEqual([property.name, '{}']);
			if (property.type === 'string')
				expect([property.name, property.default]).toEqual([property.name, '']);
			if (property.type === 'collection' || property.type === 'fixedCollection')
				expect(property.default).toEqual({});
		}
	});
});

describe('Custom API Call', () => {
	test.each([
		['Resource', { resource: '__CUSTOM_API_CALL__' }],
		['Operation', { resource: 'visitor', operation: '__CUSTOM_API_CALL__' }],
		['Operation of Segment', { resource: 'segment', operation: '__CUSTOM_API_CALL__' }],
	])(
		'chosen as %s: points to the HTTP Request node with the Salespanel API credential, sends nothing',
		async (_where, parameters) => {
			const error = await runError(parameters);
			expect(error.message).toBe(
				"Custom API calls run in the HTTP Request node: use Authentication 'Predefined Credential Type' with Credential Type 'Salespanel API'",
			);
			expect(error.description).toMatch(
				/^Add an HTTP Request node, .* e\.g\. https:\/\/salespanel\.io\/api\/v1\/segments\/\./,
			);
			expect(apiRequests()).toEqual([]);
		},
	);
});

describe('Stored Resource and Operation this version does not offer', () => {
	// n8n drops a stored Operation whose Resource it does not know, so the node sees "" there.
	test.each([
		['an operation', 'visitor', 'delete', 'delete'],
		['an inherited key as operation', 'visitor', 'constructor', 'constructor'],
		['a resource', 'contact', 'getAll', ''],
		['an inherited key as resource', 'toString', 'getAll', ''],
	])(
		'%s (a workflow from another version): a clear error naming the values, nothing sent',
		async (_what, resource, operation, seen) => {
			const error = await runError({ resource, operation });
			expect(error.message).toBe(
				`The operation "${seen}" of resource "${resource}" is not supported`,
			);
			expect(apiRequests()).toEqual([]);
		},
	);
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
			...(p.modes ?? []).flatMap((m) =>
				m.hint ? [{ where: `${p.name}.${m.name} hint`, text: m.hint }] : [],
			),
		]);

	/** Every description, hint and notice a person reads in the three nodes' panels and the credential modal. */
	const everyText = () => [
		...all(new Salespanel().description.properties).map((t) => ({
			...t,
			where: `Salespanel → ${t.where}`,
		})),
		...all(new SalespanelTrigger().description.properties).map((t) => ({
			...t,
			where: `Salespanel Trigger → ${t.where}`,
		})),
		...all(new SalespanelPollingTrigger().description.properties).map((t) => ({
			...t,
			where: `Salespanel Polling Trigger → ${t.where}`,
		})),
		...all(new SalespanelApi().properties).map((t) => ({
			...t,
			where: `Salespanel API credential → ${t.where}`,
		})),
	];
	/** What the editor shows: the text without its link tags. */
	const shown = (text: string) => text.replace(/<a\b[^>]*>|<\/a>/g, '');

	test('every description, hint and notice shows at most 200 characters', () => {
		const texts = everyText();
		expect(texts.length).toBeGreaterThan(80);
		expect(texts.filter((t) => t.text.includes('Connect Salespanel once by hand'))).toHaveLength(1);
		expect(
			texts
				.filter((t) => shown(t.text).length > 200)
				.map((t) => `${t.where} (${shown(t.text).length}): ${t.text}`),
		).toEqual([]);
	});

	test('no markup n8n 2.x drops (only <a href> links), and every mention of the README is a link', () => {
		const texts = everyText();
		const markup = texts.filter((t) =>
			/<(?!a\s+href="https:\/\/[^"]+"(\s+target="_blank")?>|\/a>)[^>]*>|&[a-z]+;/i.test(t.text),
		);
		expect(markup.map((t) => `${t.where}: ${t.text}`)).toEqual([]);
		const unlinked = texts.filter(
			(t) => /readme|docs/i.test(shown(t.text)) && !/<a href=/.test(t.text),
		);
		expect(unlinked.map((t) => `${t.where}: ${t.text}`)).toEqual([]);
		// Every link to this package's README opens a section that exists.
		const links = texts.flatMap((t) =>
			[...t.text.matchAll(/<a href="([^"]+)"/g)].map((m) => new URL(m[1])),
		);
		const readmeLinks = links.filter(
			(link) =>
				`${link.origin}${link.pathname}` === 'https://github.com/salespanel/n8n-nodes-salespanel',
		);
		expect(readmeLinks.length).toBeGreaterThanOrEqual(3);
		for (const link of readmeLinks) expect(readmeAnchors()).toContain(link.hash.slice(1));
	});

	test('in the words of a person using the editor: no status codes or throttle jargon', () => {
		const jargon = /\bHTTP \d{3}\b|\(\d{3}\)|burst|pacing|throttle/i;
		expect(
			everyText()
				.filter((t) => jargon.test(shown(t.text)))
				.map((t) => `${t.where}: ${t.text}`),
		).toEqual([]);
	});

	test('numbers with a unit name it', () => {
		const properties = new Salespanel().description.properties;
		const find = (name: string, operation?: string) =>
			properties.find(
				(p) =>
					p.name === name && (!operation || p.displayOptions?.show?.operation?.includes(operation)),
			)!;
		const window = find('options', 'get').options!.find(
			(o) => o.name === 'rateLimitWindowSeconds',
		) as INodeProperties;
		expect(`${window.displayName} ${window.description}`).toMatch(/seconds/i);
		expect(find('simplify', 'getAttribution').description).toMatch(/time spent \(seconds\)/);
	});

	test("the Docs link opens this package's node documentation", () => {
		expect(new Salespanel().description.documentationUrl).toBe(
			'https://github.com/salespanel/n8n-nodes-salespanel#operations',
		);
	});
});
