// The operation cases e2e and queue run: one Salespanel node per case in one workflow, expectations
// from the sandbox's own store, read after the run.
import { isLead, selectCompanies, selectVisitors, WINDOW_MS, type Sandbox } from '../sandbox';
import type { Visitor } from '../schemas';
import type { N8nInstance, NodeRun } from './n8n';
import { expect, expectEqual, type Report } from './report';
import type { OperationKey, PerOperation } from './operationTable';
import { SUITE_IDS, type WorkflowCase } from './workflows';

/** Visitors each case works on, chosen so that no case changes what another one counts. */
export interface Picks {
	get: Visitor;
	continueOnFail: Visitor;
	attribution: Visitor;
	setAttributes: Visitor;
	createActivity: Visitor;
	listActivities: Visitor;
	/** Anonymous and inactive for over a day: identifying them changes no 24-hour list. */
	identify: Visitor;
	formSubmission: Visitor;
	agent: Visitor;
	anonymous: Visitor;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

export function weekActivities(sandbox: Sandbox, contactId: string, limit = 100) {
	return (sandbox.store.activities.get(contactId) ?? [])
		.slice(0, limit)
		.filter((a) => Date.now() - Date.parse(a.created_on) <= WEEK_MS);
}

export function pickVisitors(sandbox: Sandbox): Picks {
	const visitors = sandbox.store.visitors;
	const acts = (v: Visitor) => sandbox.store.activities.get(v.contact_id)?.length ?? 0;
	const leads = visitors.filter((v) => isLead(v) && v.company_details !== null);
	const oldAnonymous = visitors.filter(
		(v) =>
			!isLead(v) &&
			Date.parse(v.web_activity_summary.last_seen) < Date.now() - WINDOW_MS - 3_600_000,
	);
	const byActivities = [...leads].sort((a, b) => acts(b) - acts(a));
	// The agent's visitor has activities both inside and outside the last 7 days, so "this week" matters.
	const week = (v: Visitor) => weekActivities(sandbox, v.contact_id).length;
	const mixed = (v: Visitor) => week(v) >= 2 && acts(v) > week(v) && acts(v) <= 100;
	const byWeek = [...leads].sort(
		(a, b) => Number(mixed(b)) - Number(mixed(a)) || week(b) - week(a),
	);
	const used = new Set<string>();
	const take = (list: Visitor[], what: string): Visitor => {
		const v = list.find((x) => !used.has(x.contact_id));
		if (!v) throw new Error(`The sandbox has no visitor left for ${what}`);
		used.add(v.contact_id);
		return v;
	};
	const agent = take(byWeek, 'the AI agent');
	const listActivities = take(byActivities, 'Activity: Get Many');
	return {
		agent,
		listActivities,
		get: take(visitors, 'Visitor: Get'),
		continueOnFail: take(visitors, 'Continue On Fail'),
		attribution: take(leads, 'Get Attribution'),
		setAttributes: take(leads, 'Set Attributes'),
		createActivity: take(leads, 'Activity: Create'),
		identify: take(oldAnonymous, 'Identify'),
		formSubmission: take(oldAnonymous, 'the form example'),
		anonymous: take(oldAnonymous, 'the Slack example'),
	};
}

/** One attribute of each type, as Set Attributes' "Fields" mode holds them. */
const TYPED_ATTRIBUTES = [
	{ name: 'e2e_plan', type: 'string', stringValue: 'enterprise' },
	{ name: 'e2e_seats', type: 'number', numberValue: 25 },
	{ name: 'e2e_customer', type: 'boolean', booleanValue: false },
];

const email = (v: Visitor): string => v.person_details?.email ?? '';

export interface OperationCase extends WorkflowCase {
	check: (run: NodeRun) => string;
}

/** A case as listed under its operation: the resource and operation parameters come from the key. */
const withOperation = (key: OperationKey, c: OperationCase): OperationCase => {
	const [resource, operation] = key.split('.');
	return { ...c, parameters: { resource, operation, ...c.parameters } };
};

export function operationCases(sandbox: Sandbox, picks: Picks, tag: string): OperationCase[] {
	const store = sandbox.store;
	const identifyEmail = `identified.${tag}@e2e.example.com`;
	const label = `n8n_${tag}`;
	const items = (run: NodeRun) => {
		expect(!run.error, `node error: ${run.error?.message} ${run.error?.description ?? ''}`);
		return run.items;
	};
	const countCase = (what: string, got: number, expected: number) => {
		expectEqual(got, expected, `${what} count`);
		return `${got} items = sandbox ${expected}`;
	};
	// One list per operation of the table: an operation added without cases fails `npm run typecheck`.
	const byOperation: PerOperation<[OperationCase, ...OperationCase[]]> = {
		'visitor.getAll': [
			{
				node: 'Visitor: Get Many (Return All)',
				parameters: { returnAll: true, simplify: true },
				check: (run) => {
					const ids = items(run).map((i) => i.contact_id);
					expectEqual(
						ids,
						selectVisitors(store, Date.now(), false, false).map((v) => v.contact_id),
						'visitor ids in served order',
					);
					return countCase('visitors', ids.length, store.visitors.length);
				},
			},
			{
				node: 'Visitor: Get Many (Limit 7, raw)',
				parameters: { returnAll: false, limit: 7, simplify: false },
				check: (run) => {
					const got = items(run);
					expectEqual(
						got.map((i) => i.contact_id),
						selectVisitors(store, Date.now(), false, false)
							.slice(0, 7)
							.map((v) => v.contact_id),
						'first 7 ids',
					);
					expect(
						got.every((i) => 'web_activity_summary' in i),
						'raw objects expected with Simplify off',
					);
					return '7 raw visitors, newest first';
				},
			},
		],
		'visitor.get': [
			{
				node: 'Visitor: Get',
				parameters: { visitorId: picks.get.contact_id, simplify: true },
				check: (run) => {
					const [item] = items(run);
					expectEqual(item?.contact_id, picks.get.contact_id, 'contact_id');
					expectEqual(item?.email ?? null, picks.get.person_details?.email ?? null, 'email');
					return `simplified visitor ${picks.get.contact_id}`;
				},
			},
			{
				node: 'Visitor: Get (By Email, resource locator)',
				parameters: {
					visitorId: { __rl: true, mode: 'email', value: email(picks.attribution) },
					simplify: false,
				},
				check: (run) => {
					const [item] = items(run);
					expectEqual(item?.contact_id, picks.attribution.contact_id, 'contact_id');
					expectEqual(
						Object.keys(item ?? {}).sort(),
						Object.keys(picks.attribution).sort(),
						'keys of the standard visitor object',
					);
					expect(
						!('total_time_spent' in ((item?.web_activity_summary as object | undefined) ?? {})),
						'no attribution extras in the visitor object',
					);
					return `by email through the attribution endpoint; the standard visitor object`;
				},
			},
			{
				node: 'Visitor: Get (From List value)',
				parameters: {
					visitorId: {
						__rl: true,
						mode: 'list',
						value: picks.get.contact_id,
						cachedResultName: 'e2e',
					},
					simplify: true,
				},
				check: (run) => {
					const [item] = items(run);
					expectEqual(item?.contact_id, picks.get.contact_id, 'contact_id');
					return `the picked contact_id ${picks.get.contact_id}`;
				},
			},
			{
				node: 'Continue On Fail: Visitor Get',
				parameters: { visitorId: '={{ $json.ids }}', simplify: true },
				twoItems: [picks.continueOnFail.contact_id, 'not-a-visitor-id'],
				continueOnFail: true,
				check: (run) => {
					const [good, bad] = items(run);
					expectEqual(run.items.length, 2, 'output items');
					expectEqual(good?.contact_id, picks.continueOnFail.contact_id, 'item 1 contact_id');
					expect(
						typeof bad?.error === 'string' && /'Visitor'/.test(bad.error),
						`item 2 should be an error naming 'Visitor', got ${JSON.stringify(bad)}`,
					);
					expect(
						!sandbox.requests.some((r) => r.path.includes('not-a-visitor-id')),
						'the malformed ID must not be sent',
					);
					return `item 2: "${String(bad.error)}" (never sent)`;
				},
			},
		],
		'visitor.identify': [
			{
				node: 'Visitor: Identify',
				parameters: {
					visitorId: picks.identify.contact_id,
					email: identifyEmail,
					additionalFields: { identifiedThrough: 'n8n_e2e' },
				},
				check: (run) => {
					items(run);
					const v = store.visitors.find((x) => x.contact_id === picks.identify.contact_id);
					expectEqual(v?.person_details?.email, identifyEmail, 'email stored in the sandbox');
					const sent = sandbox.requests.find(
						(r) =>
							r.method === 'POST' && r.path.endsWith(`/${picks.identify.contact_id}/identify/`),
					);
					expectEqual(
						(sent?.body as Record<string, unknown> | undefined)?.identified_through,
						'n8n_e2e',
						'identified_through sent',
					);
					return `sandbox visitor now ${identifyEmail}`;
				},
			},
		],
		'visitor.setAttributes': [
			{
				node: 'Visitor: Set Attributes',
				parameters: {
					visitorIdentifier: email(picks.setAttributes),
					attributesInputMode: 'fields',
					attributes: { attribute: TYPED_ATTRIBUTES },
				},
				check: (run) => {
					const [item] = items(run);
					const attrs =
						store.visitors.find((x) => x.contact_id === picks.setAttributes.contact_id)
							?.visitor_attributes ?? {};
					expectEqual(
						[attrs.e2e_plan, attrs.e2e_seats, attrs.e2e_customer],
						['enterprise', 25, false],
						'typed attributes in the sandbox',
					);
					expectEqual(item?.visitor_id, picks.setAttributes.contact_id, 'visitor_id in the answer');
					return 'string/number/boolean attributes stored';
				},
			},
		],
		'visitor.getAttribution': [
			{
				node: 'Visitor: Get Attribution',
				parameters: { visitorIdentifier: email(picks.attribution), simplify: true },
				check: (run) => {
					const [item] = items(run);
					const attribution = store.extras.get(picks.attribution.contact_id)?.attribution_details;
					expectEqual(item?.contact_id, picks.attribution.contact_id, 'contact_id');
					expectEqual(
						item?.landing_page ?? null,
						attribution?.landing_page ?? null,
						'landing_page',
					);
					expectEqual(
						item?.last_touch_source ?? null,
						attribution?.last_touch_source ?? null,
						'last_touch_source',
					);
					return `by email; landing page ${String(item?.landing_page)}`;
				},
			},
		],
		'activity.getAll': [
			{
				node: 'Activity: Get Many (Return All)',
				parameters: { visitorIdentifier: picks.listActivities.contact_id, returnAll: true },
				check: (run) =>
					countCase(
						'activities',
						items(run).length,
						store.activities.get(picks.listActivities.contact_id)?.length ?? -1,
					),
			},
		],
		'activity.create': [
			{
				node: 'Activity: Create',
				parameters: {
					visitorIdentifier: email(picks.createActivity),
					category: 'e2e',
					label,
					additionalFields: {
						activityIdentifier: 'e2e suite',
						metadata: JSON.stringify({ suite: 'e2e', n8n: tag }),
					},
				},
				check: (run) => {
					items(run);
					const logged = (store.activities.get(picks.createActivity.contact_id) ?? []).filter(
						(a) => a.activity_type === 'custom_activity' && a.label === label,
					);
					expectEqual(logged.length, 1, 'custom activities logged (exactly once)');
					expectEqual(
						(logged[0] as { metadata?: unknown }).metadata,
						{ suite: 'e2e', n8n: tag },
						'metadata',
					);
					return `logged once for ${email(picks.createActivity)}`;
				},
			},
		],
		'lead.getAll': [
			{
				node: 'Lead: Get Many (Return All)',
				parameters: { returnAll: true },
				check: (run) =>
					countCase(
						'leads',
						items(run).length,
						selectVisitors(store, Date.now(), true, false).length,
					),
			},
		],
		'visitingCompany.getAll': [
			{
				node: 'Visiting Company: Get Many (Return All)',
				parameters: { returnAll: true },
				check: (run) =>
					countCase(
						'companies',
						items(run).length,
						selectCompanies(store, Date.now(), false).length,
					),
			},
		],
		'segment.getAll': [
			{
				node: 'Segment: Get Many (Return All)',
				parameters: { returnAll: true },
				check: (run) => {
					expectEqual(
						items(run).map((s) => s.name),
						store.segments.map((s) => s.name),
						'segment names',
					);
					return countCase('segments', run.items.length, store.segments.length);
				},
			},
		],
	};
	// Custom API Call is not in the operation table (n8n adds it to every node that has a credential).
	const customApiCall: OperationCase[] = [
		{
			node: 'Custom API Call in the Salespanel node',
			parameters: { resource: '__CUSTOM_API_CALL__' },
			continueOnFail: true,
			check: (run) => {
				// n8n passes the input item on and keeps the node's error in the run data (Continue On Fail).
				const message = run.error?.message ?? String(run.items[0]?.error ?? '');
				const text = `${message} ${run.error?.description ?? ''}`;
				expect(
					/HTTP Request node/.test(text) &&
						/Predefined Credential Type/.test(text) &&
						/Salespanel API/.test(text),
					`expected the HTTP Request hint, got ${JSON.stringify(run)}`,
				);
				expect(!sandbox.requests.some((r) => r.path.includes('CUSTOM')), 'nothing sent');
				return message;
			},
		},
		{
			node: 'Custom API Call: HTTP Request with the Salespanel API credential',
			nodeType: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'GET',
				url: `${sandbox.url}/api/v1/segments/`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'salespanelApi',
				options: {},
			},
			check: (run) => {
				const [page] = items(run);
				const results = (page?.results ?? []) as Array<{ name?: string }>;
				expect(results.length > 0, `expected segments in ${JSON.stringify(page).slice(0, 200)}`);
				expectEqual(
					results.map((r) => r.name),
					store.segments.slice(0, results.length).map((r) => r.name),
					'segment names',
				);
				const sent = sandbox.requests.filter(
					(r) => r.path === '/api/v1/segments/' && r.query.limit === undefined,
				);
				expect(
					sent.length === 1 && sent[0].authorized && sent[0].status === 200,
					`expected one authorized GET, got ${JSON.stringify(sent.map((r) => [r.status, r.authorized]))}`,
				);
				return `GET /api/v1/segments/ → 200, ${results.length} segments, token sent by the credential`;
			},
		},
	];
	return [
		...(Object.entries(byOperation) as Array<[OperationKey, OperationCase[]]>).flatMap(
			([key, list]) => list.map((c) => withOperation(key, c)),
		),
		...customApiCall,
	];
}

export async function runOperationCases(
	report: Report,
	n8n: N8nInstance,
	cases: OperationCase[],
): Promise<void> {
	const run = await n8n.execute(SUITE_IDS.operations);
	const ran = await report.check('n8n execute: operations workflow', () => {
		expect(!run.error, `execution failed: ${run.error}`);
		return `${Object.keys(run.runData).length} nodes ran (${(run.result.ms / 1000).toFixed(1)} s incl. n8n boot)`;
	});
	for (const c of cases) {
		if (!ran && !run.runData[c.node]) {
			report.fail(c.node, 'not run');
			continue;
		}
		await report.check(c.node, () =>
			c.check(run.runData[c.node] ?? { items: [], error: { message: 'node did not run' } }),
		);
	}
}
