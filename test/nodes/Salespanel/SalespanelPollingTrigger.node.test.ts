import type { IDataObject } from 'n8n-workflow';

import type { Engine, PollResult, PollState } from '../../tools/harness';
import { selectVisitors, startSandbox } from '../../tools/sandbox';
import type { Sandbox } from '../../tools/sandbox';
import { companyDetailsSchema, simplifiedVisitorSchema, visitorSchema } from '../../tools/schemas';
import { createSalespanelEngine } from '../../tools/support/node-env';

const START = Date.parse('2025-03-10T12:00:00Z');
const TYPE = 'salespanelPollingTrigger';

let clock = START;
let sandbox: Sandbox;
let engine: Engine;

async function start(options: { visitors?: number; companies?: number } = {}) {
	sandbox = await startSandbox({ now: () => clock, throttle: false, seed: 7, ...options });
	engine = createSalespanelEngine(sandbox.url, sandbox.token);
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

// Checks follow each other within milliseconds here: without a cap (the cap has its own tests in budget.test.ts).
const node = (event: string, parameters: IDataObject = {}) => ({
	name: 'Salespanel Polling Trigger',
	type: TYPE,
	parameters: { event, options: { maxRequestsPerDay: 0 }, ...parameters },
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

describe('Salespanel Polling Trigger: never goes silent', () => {
	/** Lets the check's own clock ("the time of the poll") run on the sandbox clock. */
	const atSandboxTime = () => jest.spyOn(Date, 'now').mockImplementation(() => clock);
	afterEach(() => jest.restoreAllMocks());

	const isoSeconds = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
	/** A new lead whose first and last activity lie `days` after the sandbox's present. */
	const futureLead = (days: number) => {
		const [lead] = sandbox.addVisitors(1, { lead: true });
		lead.web_activity_summary.first_seen = isoSeconds(clock + days * 86_400_000);
		lead.web_activity_summary.last_seen = lead.web_activity_summary.first_seen;
		return lead.contact_id;
	};

	test('a lead dated in the future is emitted once and the leads after it still arrive', async () => {
		atSandboxTime();
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		tick();
		const [now] = newLeads(1);
		const future = futureLead(30);
		expect(ids(await poll('newLead', state))).toEqual([now, future]);
		// The cursor stays at the time of the check, not 30 days ahead.
		expect(Date.parse(nodeState(state)?.cursor as string)).toBeLessThanOrEqual(clock);

		for (let round = 0; round < 3; round++) {
			tick();
			const later = newLeads(2);
			expect(ids(await poll('newLead', state))).toEqual(later);
		}
		expect((await poll('newLead', state)).items).toBeNull();
	});

	test('a future lead seen by the first check is not emitted later, and does not hold the cursor', async () => {
		atSandboxTime();
		futureLead(2);
		const state: PollState = { staticData: {} };
		expect((await poll('newLead', state)).items).toBeNull();
		expect(Date.parse(nodeState(state)?.cursor as string)).toBeLessThanOrEqual(clock);
		tick();
		const later = newLeads(1);
		expect(ids(await poll('newLead', state))).toEqual(later);
		expect((await poll('newLead', state)).items).toBeNull();
	});

	test('a cursor stored in the future (before this fix) is brought back to the present', async () => {
		atSandboxTime();
		const future = futureLead(365);
		const futureMs = Date.parse(sandbox.store.visitors.find((v) => v.contact_id === future)?.web_activity_summary.first_seen ?? '');
		const frozen = { version: 1, event: 'newLead', cursor: new Date(futureMs).toISOString(), keys: [`${future}|${futureMs}`] };
		const state: PollState = { staticData: { 'node:Salespanel Polling Trigger': frozen } };
		tick();
		const later = newLeads(2);
		expect(ids(await poll('newLead', state))).toEqual(later);
		expect((await poll('newLead', state)).items).toBeNull();
	});

	test('1,250 new leads between two checks: all 1,250 emitted once, oldest first, in 13 requests', async () => {
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		const fresh: string[] = [];
		for (let batch = 0; batch < 25; batch++) {
			tick(1);
			fresh.push(...newLeads(50));
		}
		sandbox.resetLog();
		const result = await poll('newLead', state);
		expect(ids(result)).toHaveLength(1250);
		expect(new Set(ids(result))).toEqual(new Set(fresh));
		const firstSeen = emitted(result).map((lead) => Date.parse(lead.first_seen as string));
		expect(firstSeen).toEqual([...firstSeen].sort((a, b) => a - b));
		expect(sandbox.requests.map((r) => r.query.offset)).toEqual(Array.from({ length: 13 }, (_, i) => String(i * 100)));
		expect(sandbox.requests.every((r) => r.status === 200)).toBe(true);

		sandbox.resetLog();
		expect((await poll('newLead', state)).items).toBeNull();
		expect(sandbox.requests).toHaveLength(1);
	});

	test('1,100 new visiting companies between two checks: all emitted once', async () => {
		const state: PollState = { staticData: {} };
		await poll('newVisitingCompany', state);
		tick();
		const domains = Array.from({ length: 1100 }, (_, i) => `burst-${String(i).padStart(4, '0')}.example`);
		domains.forEach((domain, i) => {
			const details = { ...sandbox.store.companies[0].details, name: `Burst ${i}`, domain, website: `https://${domain}` };
			sandbox.store.companies.push({ details, firstSeenMs: clock + i, lastSeenMs: clock + i });
		});
		sandbox.resetLog();
		const result = emitted(await poll('newVisitingCompany', state)).map((c) => c.domain);
		expect(result).toEqual(domains);
		expect(sandbox.requests).toHaveLength(12);
		expect((await poll('newVisitingCompany', state)).items).toBeNull();
	});

	const damaged: Array<[string, IDataObject[string]]> = [
		['a string', 'garbage'],
		['a number', 42],
		['null', null],
		['an empty list', []],
		['a list', [{ version: 1 }]],
	];
	test.each(damaged)('a stored state that is %s is replaced on the next check, which then works', async (_label, value) => {
		const state: PollState = { staticData: { 'node:Salespanel Polling Trigger': value } };
		expect((await poll('newLead', state)).items).toBeNull();
		expect(state.changed).toBe(true);
		tick();
		const fresh = newLeads(2);
		expect(ids(await poll('newLead', state))).toEqual(fresh);
		expect((await poll('newLead', state)).items).toBeNull();
		// n8n cannot let the node replace a value that is not an object: the state moved next to it.
		const moved = (state.staticData.global as IDataObject)['salespanelState:Salespanel Polling Trigger'] as IDataObject;
		expect(moved).toMatchObject({ version: 1, event: 'newLead', cursor: expect.any(String) });
	});

	test.each([
		['keys that is not a list', { keys: 'x' }, 'kept'],
		['keys of mixed types', { keys: [1, null, {}, ['a'], 'no-bar', 'x'.repeat(10_000)] }, 'kept'],
		['a cursor that is a number', { cursor: 1_741_608_000_000 }, 'afresh'],
		['an unreadable cursor', { cursor: 'yesterday-ish' }, 'afresh'],
		['a version that is text', { version: '1' }, 'afresh'],
	])('a stored state with %s is repaired on the next check', async (_label, broken, outcome) => {
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		const good = nodeState(state) as IDataObject;
		state.staticData['node:Salespanel Polling Trigger'] = { ...good, ...broken };
		tick();
		const fresh = newLeads(2);
		const repaired = emitted(await poll('newLead', state));
		if (outcome === 'afresh') {
			// Starting afresh records the present, like a first check.
			expect(repaired).toEqual([]);
		} else {
			// The cursor is kept, so the new leads arrive. Without the remembered keys, a lead of the
			// cursor's own second may come once more: repeated rather than lost.
			expect(repaired.slice(-2).map((lead) => lead.contact_id)).toEqual(fresh);
			expect(repaired.slice(0, -2).every((lead) => lead.first_seen === isoSeconds(Date.parse(good.cursor as string)))).toBe(true);
		}
		expect(nodeState(state)).toEqual({ version: 1, event: 'newLead', cursor: expect.any(String), keys: expect.any(Array) });
		expect((nodeState(state)?.keys as unknown[]).every((key) => typeof key === 'string' && key.length < 400)).toBe(true);
		tick();
		const later = newLeads(1);
		expect(ids(await poll('newLead', state))).toEqual(later);
		expect((await poll('newLead', state)).items).toBeNull();
	});

	test('an oversized remembered-keys list is cut to its newest 500 on the next check, even when nothing is new', async () => {
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		const good = nodeState(state) as IDataObject;
		const cursorMs = Date.parse(good.cursor as string);
		// The node appends: older entries come first, and they are the ones dropped.
		const padding = Array.from({ length: 100_000 }, (_, i) => `padding-${i}|${cursorMs}`);
		state.staticData['node:Salespanel Polling Trigger'] = { ...good, keys: [...padding, ...(good.keys as string[])] };
		expect((await poll('newLead', state)).items).toBeNull();
		expect(state.changed).toBe(true);
		expect(nodeState(state)?.keys).toHaveLength(500);
		expect((nodeState(state)?.keys as string[]).slice(-1)).toEqual((good.keys as string[]).slice(-1));
		tick();
		const fresh = newLeads(1);
		expect(ids(await poll('newLead', state))).toEqual(fresh);
		expect(nodeState(state)?.keys).toHaveLength(1);
	});

	test('an oversized list of known companies is cut to 500 and polling goes on', async () => {
		const state: PollState = { staticData: {} };
		await poll('newVisitingCompany', state);
		const good = nodeState(state) as IDataObject;
		const padding = Array.from({ length: 20_000 }, (_, i) => `padding-${i}.example`);
		state.staticData['node:Salespanel Polling Trigger'] = { ...good, keys: [...(good.keys as string[]), ...padding] };
		expect((await poll('newVisitingCompany', state)).items).toBeNull();
		expect(nodeState(state)?.keys).toHaveLength(500);
		expect((nodeState(state)?.keys as string[]).slice(0, (good.keys as string[]).length)).toEqual(good.keys);
	});
});
