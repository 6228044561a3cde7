import type { IDataObject } from 'n8n-workflow';

import { SalespanelApi } from '../credentials/SalespanelApi.credentials';
import { SalespanelPollingTrigger } from '../nodes/SalespanelPollingTrigger/SalespanelPollingTrigger.node';
import { createEngine } from './harness';
import type { Engine, PollResult, PollState } from './harness';
import { selectVisitors, startSandbox } from './sandbox';
import type { Sandbox } from './sandbox';
import { companyDetailsSchema, simplifiedVisitorSchema, visitorSchema } from './schemas';

const START = Date.parse('2025-03-10T12:00:00Z');
const TYPE = 'salespanelPollingTrigger';

let clock = START;
let sandbox: Sandbox;
let engine: Engine;

async function start(options: { visitors?: number; companies?: number } = {}) {
	sandbox = await startSandbox({ now: () => clock, throttle: false, seed: 7, ...options });
	engine = createEngine({
		nodeTypes: [SalespanelPollingTrigger],
		credentialTypes: [SalespanelApi],
		credentials: { salespanelApi: { apiToken: sandbox.token, baseUrl: sandbox.url } },
	});
}

/** A bigger account than the default sandbox, for paging behaviour. */
async function restart(options: { visitors?: number; companies?: number }) {
	await sandbox.close();
	await start(options);
}

beforeEach(async () => {
	clock = START;
	await start();
});

afterEach(async () => {
	await sandbox.close();
});

const node = (event: string, parameters: IDataObject = {}) => ({
	name: 'Salespanel Polling Trigger',
	type: TYPE,
	parameters: { event, ...parameters },
});

const poll = async (event: string, state: PollState, parameters: IDataObject = {}) =>
	await engine.poll(node(event, parameters), { mode: 'trigger', state });

const emitted = (result: PollResult): IDataObject[] => (result.items === null ? [] : result.items[0].map((i) => i.json));
const ids = (result: PollResult) => emitted(result).map((item) => item.contact_id);
const tick = (seconds = 60) => {
	clock += seconds * 1000;
};
/** The node's own static data (n8n keys it by node name inside the workflow's static data). */
const nodeState = (state: PollState) => state.staticData['node:Salespanel Polling Trigger'] as IDataObject | undefined;
const newLeads = (n: number) => sandbox.addVisitors(n, { lead: true }).map((v) => v.contact_id);

const simplifiedSchema = simplifiedVisitorSchema;

describe('Salespanel Polling Trigger: new leads', () => {
	test('first production poll emits nothing; later polls emit each new lead exactly once, oldest first', async () => {
		const state: PollState = { staticData: {} };
		const first = await poll('newLead', state);
		expect(first.items).toBeNull();
		const newestLead = selectVisitors(sandbox.store, clock, true, true)[0];
		expect(nodeState(state)).toEqual({
			version: 1,
			event: 'newLead',
			cursor: new Date(newestLead.web_activity_summary.first_seen).toISOString(),
			keys: [`${newestLead.contact_id}|${Date.parse(newestLead.web_activity_summary.first_seen)}`],
		});

		tick();
		const a = newLeads(2);
		sandbox.addVisitors(1, { lead: false }); // anonymous: never a new lead
		sandbox.addVisitors(1, { lead: true, front: false }); // first seen long ago: not new
		tick();
		const b = newLeads(1);
		const second = await poll('newLead', state);
		expect(ids(second)).toEqual([a[0], a[1], b[0]]);

		expect((await poll('newLead', state)).items).toBeNull();

		tick();
		const c = newLeads(3);
		const fourth = await poll('newLead', state);
		expect(ids(fourth)).toEqual(c);
		expect((await poll('newLead', state)).items).toBeNull();
	});

	test('a poll with nothing new costs one request', async () => {
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		sandbox.resetLog();
		expect((await poll('newLead', state)).items).toBeNull();
		expect(sandbox.requests.map((r) => [r.path, r.query])).toEqual([
			['/api/v1/leads/', { select_by_first_activity: 'true', limit: '100', offset: '0' }],
		]);
	});

	test('paging stops at the first page that reaches the cursor', async () => {
		await restart({ visitors: 1000 });
		expect(selectVisitors(sandbox.store, clock, true, true).length).toBeGreaterThan(100);
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		tick();
		const fresh = newLeads(2);
		sandbox.resetLog();
		expect(ids(await poll('newLead', state))).toEqual(fresh);
		expect(sandbox.requests).toHaveLength(1);
	});

	test('more than a page of new leads: all are emitted once, across pages', async () => {
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		tick();
		const many = newLeads(130);
		const result = await poll('newLead', state);
		expect(new Set(ids(result))).toEqual(new Set(many));
		expect(ids(result)).toHaveLength(130);
		expect((await poll('newLead', state)).items).toBeNull();
	});

	test('an API error leaves the cursor unchanged and loses nothing', async () => {
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		tick();
		const x = newLeads(1);
		const before = JSON.parse(JSON.stringify(state.staticData)) as IDataObject;
		// 503 on the first try and on all 4 retries of the transport; Retry-After 0 keeps it fast.
		sandbox.faults.failNext = { count: 5, status: 503, headers: { 'Retry-After': '0' } };
		await expect(poll('newLead', state)).rejects.toThrow(/503/);
		expect(state.staticData).toEqual(before);

		tick();
		const y = newLeads(1);
		const after = await poll('newLead', state);
		expect(ids(after)).toEqual([x[0], y[0]]);
		expect((await poll('newLead', state)).items).toBeNull();
	});

	test('records with the same timestamp on both sides of a poll are each emitted once', async () => {
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		tick();
		const a = newLeads(1);
		expect(ids(await poll('newLead', state))).toEqual(a);
		// Same sandbox second as `a`: equal first_seen, so only the key set tells them apart.
		const b = newLeads(2);
		expect(ids(await poll('newLead', state))).toEqual(b);
		expect((await poll('newLead', state)).items).toBeNull();
		expect(nodeState(state)?.keys).toHaveLength(3);
	});

	test('a manual test step returns the newest lead and leaves the production cursor alone', async () => {
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		tick();
		const fresh = newLeads(1);
		const before = JSON.parse(JSON.stringify(state.staticData)) as IDataObject;
		const manual = await engine.poll(node('newLead'), { mode: 'manual', state });
		expect(ids(manual)).toEqual(fresh);
		expect(state.staticData).toEqual(before);
		expect(state.changed).toBe(false);
		// The production poll still sees the lead the test step showed.
		expect(ids(await poll('newLead', state))).toEqual(fresh);

		const fromScratch = await engine.poll(node('newLead'), { mode: 'manual' });
		expect(emitted(fromScratch)).toHaveLength(1);
	});

	test('simplified and raw outputs have the documented shapes', async () => {
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		tick();
		const [lead] = sandbox.addVisitors(1, { lead: true });
		const [simple] = emitted(await poll('newLead', state));
		expect(simplifiedSchema.parse(simple)).toMatchObject({
			contact_id: lead.contact_id,
			email: lead.person_details?.email,
			first_seen: lead.web_activity_summary.first_seen,
			page_visits: lead.web_activity_summary.total_page_visits,
		});

		const rawState: PollState = { staticData: {} };
		await poll('newLead', rawState, { simplify: false });
		tick();
		const [other] = sandbox.addVisitors(1, { lead: true });
		const [raw] = emitted(await poll('newLead', rawState, { simplify: false }));
		expect(visitorSchema.parse(raw)).toEqual(other);
	});

	test('choosing another event starts afresh instead of reusing the cursor', async () => {
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		tick();
		newLeads(1);
		expect((await poll('newVisitor', state)).items).toBeNull();
		expect(nodeState(state)?.event).toBe('newVisitor');
	});
});

describe('Salespanel Polling Trigger: other events', () => {
	const addCompany = (name: string, domain: string) => {
		const details = companyDetailsSchema.parse({
			name,
			domain,
			category: 'Technology',
			industry: 'Software Development',
			bio: null,
			location: 'Berlin, Land Berlin, Germany',
			founded: 2020,
			employees: 42,
			facebook: null,
			linkedin: null,
			twitter: null,
			website: `https://${domain}`,
		});
		sandbox.store.companies.push({ details, firstSeenMs: clock, lastSeenMs: clock });
	};

	test('newVisitingCompany emits companies first seen since the last poll, keyed by domain', async () => {
		const state: PollState = { staticData: {} };
		expect((await poll('newVisitingCompany', state)).items).toBeNull();
		tick();
		addCompany('Alpha Widgets', 'alphawidgets.com');
		tick();
		addCompany('Beta Gadgets', 'betagadgets.io');
		const second = await poll('newVisitingCompany', state);
		expect(emitted(second).map((c) => c.domain)).toEqual(['alphawidgets.com', 'betagadgets.io']);
		expect(companyDetailsSchema.strict().parse(emitted(second)[0]).name).toBe('Alpha Widgets');
		expect((await poll('newVisitingCompany', state)).items).toBeNull();

		tick();
		addCompany('Gamma Tools', 'gammatools.dev');
		expect(emitted(await poll('newVisitingCompany', state)).map((c) => c.domain)).toEqual(['gammatools.dev']);
		expect((await poll('newVisitingCompany', state)).items).toBeNull();
	});

	test('more than a page of new companies, followed by older ones the first poll never listed', async () => {
		await restart({ companies: 400 });
		const state: PollState = { staticData: {} };
		await poll('newVisitingCompany', state);
		expect((nodeState(state)?.keys as string[]).length).toBe(100);
		tick();
		const domains = Array.from({ length: 150 }, (_, i) => `new-company-${String(i).padStart(3, '0')}.com`);
		domains.forEach((domain, i) => addCompany(`New Company ${String(i).padStart(3, '0')}`, domain));
		sandbox.resetLog();
		const result = emitted(await poll('newVisitingCompany', state)).map((c) => c.domain);
		expect(result).toHaveLength(150);
		expect(new Set(result)).toEqual(new Set(domains));
		expect(sandbox.requests).toHaveLength(2); // page 2 holds the first known company: stop there
		expect((await poll('newVisitingCompany', state)).items).toBeNull();
	});

	test('leadActivity emits leads with activity newer than the last poll, again on new activity', async () => {
		const state: PollState = { staticData: {} };
		expect((await poll('leadActivity', state)).items).toBeNull();
		const leads = selectVisitors(sandbox.store, clock, true, false);
		const returning = leads[leads.length - 1];
		tick();
		returning.web_activity_summary.last_seen = new Date(clock).toISOString().replace('.000Z', 'Z');
		tick();
		const [fresh] = newLeads(1);
		expect(ids(await poll('leadActivity', state))).toEqual([returning.contact_id, fresh]);
		expect((await poll('leadActivity', state)).items).toBeNull();

		tick();
		returning.web_activity_summary.last_seen = new Date(clock).toISOString().replace('.000Z', 'Z');
		const third = await poll('leadActivity', state);
		expect(ids(third)).toEqual([returning.contact_id]);
		expect(simplifiedSchema.parse(emitted(third)[0]).last_seen).toBe(returning.web_activity_summary.last_seen);
		expect((await poll('leadActivity', state)).items).toBeNull();
	});

	test('newVisitor includes anonymous visitors', async () => {
		const state: PollState = { staticData: {} };
		await poll('newVisitor', state);
		tick();
		const [anonymous] = sandbox.addVisitors(1, { lead: false });
		const [lead] = sandbox.addVisitors(1, { lead: true });
		const result = await poll('newVisitor', state);
		expect(ids(result)).toEqual([anonymous.contact_id, lead.contact_id]);
		expect(emitted(result)[0].email).toBeNull();
	});
});
