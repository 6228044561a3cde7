import { LoadOptionsContext } from 'n8n-core';
import type { IDataObject, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { z } from 'zod';

import { SalespanelApi } from '../../../../credentials/SalespanelApi.credentials';
import { getSegments } from '../../../../nodes/Salespanel/shared/pickers/segments';
import { SalespanelPollingTrigger } from '../../../../nodes/Salespanel/SalespanelPollingTrigger.node';
import { SalespanelTrigger } from '../../../../nodes/Salespanel/SalespanelTrigger.node';
import { createAdditionalData, createEngine } from '../../../tools/harness';
import { workflowBase } from '../../../tools/harness/additional-data';
import type { Engine, PollResult, PollState } from '../../../tools/harness';
import { selectVisitors, startSandbox } from '../../../tools/sandbox';
import type { Sandbox } from '../../../tools/sandbox';
import { simplifiedVisitorSchema, visitorSchema } from '../../../tools/schemas';

// Person Identified and Person Segment Qualified through the real engine, against the sandbox
// moving through several polls: identification, new segments, leaving the 24-hour list and coming back.

const START = Date.parse('2025-03-10T12:00:00Z');
const HOUR = 3_600_000;
const NAME = 'Salespanel Polling Trigger';

let clock = START;
let sandbox: Sandbox;
let engine: Engine;

beforeEach(async () => {
	clock = START;
	sandbox = await startSandbox({ now: () => clock, throttle: false, seed: 23 });
	engine = createEngine({
		nodeTypes: [SalespanelPollingTrigger, SalespanelTrigger],
		credentialTypes: [SalespanelApi],
		credentials: { salespanelApi: { apiToken: sandbox.token, baseUrl: sandbox.url } },
	});
});

afterEach(async () => {
	await sandbox.close();
});

/**
 * A polled item has the keys and values the webhook trigger makes of the same event delivered by
 * this hook, but for the hook's ID and title: no hook made it.
 */
async function expectWebhookItem(
	item: IDataObject,
	hook: { id: string; event: string; title: string },
	payload: object,
): Promise<void> {
	const { id, event, title } = hook;
	const delivery = { hook: { id, event, target: 'https://n8n.example/w', title }, payload };
	const webhook = await engine.webhook(
		{ name: 'Salespanel Trigger', type: 'salespanelTrigger', parameters: { events: ['*'] } },
		{ method: 'POST', body: delivery },
	);
	const webhookItem = webhook.workflowData?.[0][0].json as IDataObject;
	expect(Object.keys(item).sort()).toEqual(Object.keys(webhookItem).sort());
	expect(item).toEqual({ ...webhookItem, hook_id: null, hook_title: null });
}

// Checks follow each other within milliseconds here: without a cap (the cap has its own tests in dailyBudget.test.ts).
const node = (event: string, parameters: IDataObject = {}) => ({
	name: NAME,
	type: 'salespanelPollingTrigger',
	parameters: { event, options: { maxRequestsPerDay: 0 }, ...parameters },
});
const poll = async (event: string, state: PollState, parameters: IDataObject = {}) =>
	await engine.poll(node(event, parameters), { mode: 'trigger', state });
const emitted = (result: PollResult): IDataObject[] =>
	result.items === null ? [] : result.items[0].map((i) => i.json);
/** `<contact_id>` or `<contact_id> <segment title>` of each item. */
const found = (result: PollResult) =>
	emitted(result).map((item) => {
		const segment = item.segment as IDataObject | undefined;
		return segment === undefined
			? item.contact_id
			: `${String(item.contact_id)} ${String(segment.title)}`;
	});
const tick = (ms = 60_000) => {
	clock += ms;
};
const nodeState = (state: PollState) => state.staticData[`node:${NAME}`] as IDataObject;
/** How many leads or (lead, segment) pairs the state remembers (fingerprints of 10 characters). */
const remembered = (state: PollState) => String(nodeState(state).seen).length / 10;

/** Identifies a visitor through the sandbox's API, as a form integration would. */
async function identify(contactId: string, email: string) {
	const response = await fetch(`${sandbox.url}/api/v1/visitors/${contactId}/identify/`, {
		method: 'POST',
		headers: { Authorization: `Token ${sandbox.token}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ email, identified_through: 'form_submission' }),
	});
	expect(response.status).toBe(200);
}

/** An anonymous visitor first seen 20 days ago and active now. */
function anonymousVisitor() {
	const [visitor] = sandbox.addVisitors(1, { lead: false, front: false });
	visitor.web_activity_summary.first_seen = new Date(clock - 20 * 24 * HOUR)
		.toISOString()
		.replace('.000Z', 'Z');
	sandbox.setLastSeen(visitor.contact_id);
	return visitor;
}

const leadsInWindow = () => selectVisitors(sandbox.store, clock, true, false);
const segmentNotHeldBy = (contactId: string) => {
	const lead = sandbox.store.visitors.find((v) => v.contact_id === contactId);
	return sandbox.store.segments.find(
		(segment) => !(lead?.qualified_segments ?? []).includes(segment.name),
	)!;
};

describe('Person Identified', () => {
	test('identify → 1 event (first seen 20 days ago); out of the 24 hours → 0; new lead meanwhile → 1; back → 0', async () => {
		const state: PollState = { staticData: {} };
		expect((await poll('personIdentified', state)).items).toBeNull();
		expect(remembered(state)).toBe(leadsInWindow().length);

		tick();
		const visitor = anonymousVisitor();
		expect((await poll('personIdentified', state)).items).toBeNull(); // anonymous: not a lead

		tick();
		await identify(visitor.contact_id, 'late.signup@example.com');
		const identified = await poll('personIdentified', state);
		expect(found(identified)).toEqual([visitor.contact_id]);
		expect(emitted(identified)[0]).toMatchObject({
			event: 'person.identified',
			email: 'late.signup@example.com',
			first_seen: visitor.web_activity_summary.first_seen,
		});
		expect((await poll('personIdentified', state)).items).toBeNull();

		// Inactive for 3 days: out of /leads/. Active again: back in, but not new.
		tick();
		sandbox.setLastSeen(visitor.contact_id, clock - 3 * 24 * HOUR);
		expect(leadsInWindow().some((lead) => lead.contact_id === visitor.contact_id)).toBe(false);
		expect((await poll('personIdentified', state)).items).toBeNull();
		// Meanwhile a new lead: the state is rewritten while the visitor is out of the list.
		tick(3 * 24 * HOUR);
		const [lead] = sandbox.addVisitors(1, { lead: true });
		expect(found(await poll('personIdentified', state))).toEqual([lead.contact_id]);
		tick();
		sandbox.setLastSeen(visitor.contact_id);
		expect(leadsInWindow()[0].contact_id).toBe(visitor.contact_id);
		expect((await poll('personIdentified', state)).items).toBeNull();
		expect((await poll('personIdentified', state)).items).toBeNull();
	});

	test('a poll with nothing new reads one page of 300+ leads and writes nothing', async () => {
		for (let i = 0; i < 300; i++) {
			tick(1000);
			sandbox.addVisitors(1, { lead: true });
		}
		expect(leadsInWindow().length).toBeGreaterThan(300);
		const state: PollState = { staticData: {} };
		await poll('personIdentified', state);
		sandbox.resetLog();
		expect((await poll('personIdentified', state)).items).toBeNull();
		expect(state.changed).toBe(false);
		expect(sandbox.requests.map((r) => [r.path, r.query.offset])).toEqual([
			['/api/v1/leads/', '0'],
		]);
	});

	test("the simplified item has the webhook trigger's keys for person.identified; raw is { event, hook, payload }", async () => {
		const state: PollState = { staticData: {} };
		await poll('personIdentified', state);
		tick();
		const [lead] = sandbox.addVisitors(1, { lead: true });
		const [item] = emitted(await poll('personIdentified', state));
		await expectWebhookItem(item, { id: 'h-1', event: 'person.identified', title: 'Leads' }, lead);
		const itemSchema = simplifiedVisitorSchema.extend({
			event: z.literal('person.identified'),
			hook_id: z.null(),
			hook_title: z.null(),
		});
		expect(itemSchema.parse(item).contact_id).toBe(lead.contact_id);

		const rawState: PollState = { staticData: {} };
		await poll('personIdentified', rawState, { simplify: false });
		tick();
		const [other] = sandbox.addVisitors(1, { lead: true });
		const [raw] = emitted(await poll('personIdentified', rawState, { simplify: false }));
		expect(raw).toEqual({ event: 'person.identified', hook: {}, payload: other });
		expect(visitorSchema.parse(raw.payload)).toEqual(other);
	});

	test('a manual test step returns the most recently active lead and leaves the state alone', async () => {
		const state: PollState = { staticData: {} };
		await poll('personIdentified', state);
		tick();
		const [lead] = sandbox.addVisitors(1, { lead: true });
		const before = JSON.stringify(state.staticData);
		const manual = await engine.poll(node('personIdentified'), { mode: 'manual', state });
		expect(found(manual)).toEqual([lead.contact_id]);
		expect(JSON.stringify(state.staticData)).toBe(before);
		expect(found(await poll('personIdentified', state))).toEqual([lead.contact_id]);
	});
});

describe('Person Segment Qualified', () => {
	test('new segment → 1 event; out, a new lead qualifies → 1, back → 0; segment gained while away → 1; new lead → 1 per segment', async () => {
		const state: PollState = { staticData: {} };
		expect((await poll('personSegmentQualified', state)).items).toBeNull();
		const pairs = leadsInWindow().reduce(
			(sum, lead) => sum + (lead.qualified_segments ?? []).length,
			0,
		);
		expect(pairs).toBeGreaterThan(10);
		expect(remembered(state)).toBe(pairs);

		tick();
		const lead = leadsInWindow()[3];
		const first = segmentNotHeldBy(lead.contact_id);
		sandbox.qualifyForSegment(lead.contact_id, first.name);
		sandbox.resetLog();
		const qualified = await poll('personSegmentQualified', state);
		expect(found(qualified)).toEqual([`${lead.contact_id} ${first.name}`]);
		expect(emitted(qualified)[0]).toMatchObject({
			event: 'person.segment_qualified',
			contact_id: lead.contact_id,
			segment: { segment_id: first.segment_id, title: first.name },
		});
		// The API lists segment titles: the IDs come from one read of /segments/.
		expect(sandbox.requests.filter((r) => r.path === '/api/v1/segments/')).toHaveLength(1);
		expect((await poll('personSegmentQualified', state)).items).toBeNull();

		// Out of the 24 hours while a new lead qualifies (the state is rewritten), back: its segments are not new.
		tick();
		sandbox.setLastSeen(lead.contact_id, clock - 2 * 24 * HOUR);
		expect((await poll('personSegmentQualified', state)).items).toBeNull();
		tick(2 * 24 * HOUR);
		const [other] = sandbox.addVisitors(1, { lead: true });
		other.qualified_segments = [first.name];
		expect(found(await poll('personSegmentQualified', state))).toEqual([
			`${other.contact_id} ${first.name}`,
		]);
		tick();
		sandbox.setLastSeen(lead.contact_id);
		expect((await poll('personSegmentQualified', state)).items).toBeNull();

		// Qualified while out of the list: emitted when it comes back, the old segments are not.
		sandbox.setLastSeen(lead.contact_id, clock - 2 * 24 * HOUR);
		const second = segmentNotHeldBy(lead.contact_id);
		sandbox.qualifyForSegment(lead.contact_id, second.name);
		expect((await poll('personSegmentQualified', state)).items).toBeNull();
		tick();
		sandbox.setLastSeen(lead.contact_id);
		expect(found(await poll('personSegmentQualified', state))).toEqual([
			`${lead.contact_id} ${second.name}`,
		]);
		expect((await poll('personSegmentQualified', state)).items).toBeNull();

		// A new lead with segments: each (lead, segment) once. A new lead without segments: nothing.
		tick();
		const [fresh] = sandbox.addVisitors(1, { lead: true });
		fresh.qualified_segments = [sandbox.store.segments[0].name, sandbox.store.segments[1].name];
		const [bare] = sandbox.addVisitors(1, { lead: true });
		bare.qualified_segments = [];
		expect(found(await poll('personSegmentQualified', state))).toEqual(
			fresh.qualified_segments.map((title) => `${fresh.contact_id} ${title}`),
		);
		expect((await poll('personSegmentQualified', state)).items).toBeNull();
	});

	test('Segments option: picked IDs, typed titles (any case) or a comma-separated expression; skipped pairs never come later', async () => {
		const [a, b, c] = sandbox.store.segments;
		const run = async (segments: string | string[]) => {
			const state: PollState = { staticData: {} };
			await poll('personSegmentQualified', state, { segments });
			tick();
			const [lead] = sandbox.addVisitors(1, { lead: true });
			lead.qualified_segments = [a.name, b.name, c.name];
			const result = found(await poll('personSegmentQualified', state, { segments })).map((text) =>
				String(text).slice(37),
			);
			// Without the option, the skipped pairs are remembered: no late burst of old qualifications.
			expect((await poll('personSegmentQualified', state)).items).toBeNull();
			return result;
		};
		expect(await run([a.segment_id, c.segment_id])).toEqual([a.name, c.name]);
		expect(await run([b.name.toUpperCase()])).toEqual([b.name]);
		expect(await run(`  ${c.name} , ${a.segment_id.toUpperCase()}`)).toEqual([a.name, c.name]);
		expect(await run([])).toEqual([a.name, b.name, c.name]);
		expect(await run(['no such segment'])).toEqual([]);
	});

	test("the simplified item has the webhook trigger's keys for person.segment_qualified", async () => {
		const state: PollState = { staticData: {} };
		await poll('personSegmentQualified', state);
		tick();
		const [lead] = sandbox.addVisitors(1, { lead: true });
		const segment = sandbox.store.segments[2];
		lead.qualified_segments = [segment.name];
		const [item] = emitted(await poll('personSegmentQualified', state));
		await expectWebhookItem(
			item,
			{ id: 'h-2', event: 'person.segment_qualified', title: 'Qualified' },
			{ ...lead, segment: { segment_id: segment.segment_id, title: segment.name } },
		);
	});

	test('a manual test step returns one lead with a segment the option allows, without touching the state', async () => {
		const state: PollState = { staticData: {} };
		await poll('personSegmentQualified', state);
		const before = JSON.stringify(state.staticData);
		const wanted = sandbox.store.segments[4];
		const holders = leadsInWindow().filter((lead) =>
			(lead.qualified_segments ?? []).includes(wanted.name),
		);
		expect(holders.length).toBeGreaterThan(0);
		const manual = await engine.poll(
			node('personSegmentQualified', { segments: [wanted.segment_id] }),
			{ mode: 'manual', state },
		);
		expect(emitted(manual)).toHaveLength(1);
		expect(emitted(manual)[0]).toMatchObject({
			contact_id: holders[0].contact_id,
			segment: { segment_id: wanted.segment_id, title: wanted.name },
		});
		expect(JSON.stringify(state.staticData)).toBe(before);
	});

	test("the Segments list loads the account's segments through the node's loadOptions", async () => {
		const trigger = new SalespanelPollingTrigger();
		expect(trigger.methods.loadOptions.getSegments).toBe(getSegments);
		const pollingNode: INode = {
			id: 'p1',
			name: NAME,
			type: 'salespanelPollingTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { event: 'personSegmentQualified', segments: [] },
			credentials: { salespanelApi: { id: 'test-salespanelApi', name: 'salespanelApi (test)' } },
		};
		const workflow = new Workflow({
			id: 'w',
			nodes: [pollingNode],
			connections: {},
			active: false,
			nodeTypes: engine.nodeTypes,
		});
		const context = new LoadOptionsContext(
			workflow,
			pollingNode,
			createAdditionalData(engine.credentialsHelper, 'manual', workflowBase([pollingNode], {})),
			'parameters.segments',
		);
		const options = await trigger.methods.loadOptions.getSegments.call(context);
		expect(options).toEqual(
			[...sandbox.store.segments]
				.sort((x, y) => x.name.localeCompare(y.name))
				.map((s) => ({
					name: s.name,
					value: s.segment_id,
					description: `Segment ID ${s.segment_id}`,
				})),
		);
	});
});

describe('Person event keys: no two leads or (lead, segment) pairs share one', () => {
	const pairOf = (item: IDataObject) => [item.contact_id, (item.segment as IDataObject).title];
	/** A new lead, active now, with this contact ID and these segment titles (as a server may send them). */
	const leadWith = (contactId: string, segments: string[]) => {
		const [lead] = sandbox.addVisitors(1, { lead: true });
		lead.contact_id = contactId;
		lead.qualified_segments = segments;
		return lead;
	};

	test('three segment titles sharing their first 100 characters are three qualifications', async () => {
		const state: PollState = { staticData: {} };
		await poll('personSegmentQualified', state);
		tick();
		const prefix = 'Visited pricing and docs '.repeat(5);
		expect(prefix.length).toBeGreaterThan(100);
		const titles = [`${prefix}— EMEA`, `${prefix}— APAC`, `${prefix}— Americas`];
		const lead = leadWith('3b2c7d4e-0000-4000-8000-00000000000a', titles);
		expect(emitted(await poll('personSegmentQualified', state)).map(pairOf)).toEqual(
			titles.map((title) => [lead.contact_id, title]),
		);
		expect((await poll('personSegmentQualified', state)).items).toBeNull();
	});

	test('a | in a contact ID or a segment title does not make a new pair look known', async () => {
		const state: PollState = { staticData: {} };
		leadWith('c|title:s', ['t']);
		await poll('personSegmentQualified', state);
		tick();
		// Joined with "|", ("c", "s|title:t") read the same as ("c|title:s", "t").
		leadWith('c', ['s|title:t']);
		expect(emitted(await poll('personSegmentQualified', state)).map(pairOf)).toEqual([
			['c', 's|title:t'],
		]);
		expect((await poll('personSegmentQualified', state)).items).toBeNull();
	});

	test('contact IDs sharing their first 300 characters are two leads', async () => {
		const state: PollState = { staticData: {} };
		const stem = 'x'.repeat(300);
		leadWith(`${stem}-first`, []);
		await poll('personIdentified', state);
		tick();
		leadWith(`${stem}-second`, []);
		expect(found(await poll('personIdentified', state))).toEqual([`${stem}-second`]);
		expect((await poll('personIdentified', state)).items).toBeNull();
	});
});
