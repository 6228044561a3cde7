// Which records are new (polling/newRecords.ts), through the real engine against the sandbox on a
// moving clock: New Lead, New Visitor and Lead Activity by timestamp, New Visiting Company by key;
// each new record once, oldest first, across pages, and never stuck on a record dated ahead.
import type { PollState } from '../../../tools/harness';
import { selectVisitors } from '../../../tools/sandbox';
import { companyDetailsSchema, simplifiedVisitorSchema } from '../../../tools/schemas';
import { emitted, ids, nodeState, usePollingSandbox } from './pollingSandbox';

const env = usePollingSandbox({ seed: 7 });
const { poll, tick, newLeads } = env;
const simplifiedSchema = simplifiedVisitorSchema;

describe('New Lead: each new lead once, oldest first', () => {
	test('first production poll emits nothing; later polls emit each new lead exactly once, oldest first', async () => {
		const state: PollState = { staticData: {} };
		const first = await poll('newLead', state);
		expect(first.items).toBeNull();
		const newestLead = selectVisitors(env.sandbox.store, env.clock, true, true)[0];
		expect(nodeState(state)).toEqual({
			version: 1,
			event: 'newLead',
			cursor: new Date(newestLead.web_activity_summary.first_seen).toISOString(),
			keys: [`${newestLead.contact_id}|${Date.parse(newestLead.web_activity_summary.first_seen)}`],
		});

		tick();
		const a = newLeads(2);
		env.sandbox.addVisitors(1, { lead: false }); // anonymous: never a new lead
		env.sandbox.addVisitors(1, { lead: true, front: false }); // first seen long ago: not new
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

	test('more than a page of new leads: all are emitted once, across pages', async () => {
		const state = await env.primed('newLead');
		const many = newLeads(130);
		const result = await poll('newLead', state);
		expect(new Set(ids(result))).toEqual(new Set(many));
		expect(ids(result)).toHaveLength(130);
		expect((await poll('newLead', state)).items).toBeNull();
	});

	test('records with the same timestamp on both sides of a poll are each emitted once', async () => {
		const state = await env.primed('newLead');
		const a = newLeads(1);
		expect(ids(await poll('newLead', state))).toEqual(a);
		// Same sandbox second as `a`: equal first_seen, so only the key set tells them apart.
		const b = newLeads(2);
		expect(ids(await poll('newLead', state))).toEqual(b);
		expect((await poll('newLead', state)).items).toBeNull();
		expect(nodeState(state)?.keys).toHaveLength(3);
	});
});

describe('other events', () => {
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
		env.sandbox.store.companies.push({ details, firstSeenMs: env.clock, lastSeenMs: env.clock });
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
		expect(emitted(await poll('newVisitingCompany', state)).map((c) => c.domain)).toEqual([
			'gammatools.dev',
		]);
		expect((await poll('newVisitingCompany', state)).items).toBeNull();
	});

	test('more than a page of new companies, followed by older ones the first poll never listed', async () => {
		await env.restart({ companies: 400 });
		const state: PollState = { staticData: {} };
		await poll('newVisitingCompany', state);
		expect((nodeState(state)?.keys as string[]).length).toBe(100);
		tick();
		const domains = Array.from(
			{ length: 150 },
			(_, i) => `new-company-${String(i).padStart(3, '0')}.com`,
		);
		domains.forEach((domain, i) => addCompany(`New Company ${String(i).padStart(3, '0')}`, domain));
		env.sandbox.resetLog();
		const result = emitted(await poll('newVisitingCompany', state)).map((c) => c.domain);
		expect(result).toHaveLength(150);
		expect(new Set(result)).toEqual(new Set(domains));
		expect(env.sandbox.requests).toHaveLength(2); // page 2 holds the first known company: stop there
		expect((await poll('newVisitingCompany', state)).items).toBeNull();
	});

	test('leadActivity emits leads with activity newer than the last poll, again on new activity', async () => {
		const state: PollState = { staticData: {} };
		expect((await poll('leadActivity', state)).items).toBeNull();
		const leads = selectVisitors(env.sandbox.store, env.clock, true, false);
		const returning = leads[leads.length - 1];
		tick();
		returning.web_activity_summary.last_seen = new Date(env.clock)
			.toISOString()
			.replace('.000Z', 'Z');
		tick();
		const [fresh] = newLeads(1);
		expect(ids(await poll('leadActivity', state))).toEqual([returning.contact_id, fresh]);
		expect((await poll('leadActivity', state)).items).toBeNull();

		tick();
		returning.web_activity_summary.last_seen = new Date(env.clock)
			.toISOString()
			.replace('.000Z', 'Z');
		const third = await poll('leadActivity', state);
		expect(ids(third)).toEqual([returning.contact_id]);
		expect(simplifiedSchema.parse(emitted(third)[0]).last_seen).toBe(
			returning.web_activity_summary.last_seen,
		);
		expect((await poll('leadActivity', state)).items).toBeNull();
	});

	test('newVisitor includes anonymous visitors', async () => {
		const state = await env.primed('newVisitor');
		const [anonymous] = env.sandbox.addVisitors(1, { lead: false });
		const [lead] = env.sandbox.addVisitors(1, { lead: true });
		const result = await poll('newVisitor', state);
		expect(ids(result)).toEqual([anonymous.contact_id, lead.contact_id]);
		expect(emitted(result)[0].email).toBeNull();
	});

	test('1,100 new visiting companies between two checks: all emitted once', async () => {
		const state = await env.primed('newVisitingCompany');
		const domains = Array.from(
			{ length: 1100 },
			(_, i) => `burst-${String(i).padStart(4, '0')}.example`,
		);
		domains.forEach((domain, i) => {
			const details = {
				...env.sandbox.store.companies[0].details,
				name: `Burst ${i}`,
				domain,
				website: `https://${domain}`,
			};
			env.sandbox.store.companies.push({
				details,
				firstSeenMs: env.clock + i,
				lastSeenMs: env.clock + i,
			});
		});
		env.sandbox.resetLog();
		const result = emitted(await poll('newVisitingCompany', state)).map((c) => c.domain);
		expect(result).toEqual(domains);
		expect(env.sandbox.requests).toHaveLength(12);
		expect((await poll('newVisitingCompany', state)).items).toBeNull();
	});
});

describe('never goes silent: a record dated ahead', () => {
	test('a lead dated in the future is emitted once and the leads after it still arrive', async () => {
		env.atSandboxTime();
		const state = await env.primed('newLead');
		const [now] = newLeads(1);
		const future = env.futureLead(30);
		expect(ids(await poll('newLead', state))).toEqual([now, future]);
		// The cursor stays at the time of the check, not 30 days ahead.
		expect(Date.parse(nodeState(state)?.cursor as string)).toBeLessThanOrEqual(env.clock);

		for (let round = 0; round < 3; round++) {
			tick();
			const later = newLeads(2);
			expect(ids(await poll('newLead', state))).toEqual(later);
		}
		expect((await poll('newLead', state)).items).toBeNull();
	});

	test('a future lead seen by the first check is not emitted later, and does not hold the cursor', async () => {
		env.atSandboxTime();
		env.futureLead(2);
		const state: PollState = { staticData: {} };
		expect((await poll('newLead', state)).items).toBeNull();
		expect(Date.parse(nodeState(state)?.cursor as string)).toBeLessThanOrEqual(env.clock);
		tick();
		const later = newLeads(1);
		expect(ids(await poll('newLead', state))).toEqual(later);
		expect((await poll('newLead', state)).items).toBeNull();
	});
});
