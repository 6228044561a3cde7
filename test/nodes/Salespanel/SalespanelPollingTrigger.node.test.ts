// The Salespanel Polling Trigger node through the real engine against the sandbox: what poll() does
// around a check (an API error keeps the position, the output shapes, another event starts afresh).
// The rules of a check have their own tests under polling/.
import type { IDataObject } from 'n8n-workflow';

import { simplifiedVisitorSchema, visitorSchema } from '../../tools/schemas';
import { emitted, ids, nodeState, usePollingSandbox } from './polling/pollingSandbox';

const env = usePollingSandbox({ seed: 7 });
const { poll, tick, newLeads } = env;
const simplifiedSchema = simplifiedVisitorSchema;

describe('Salespanel Polling Trigger', () => {
	test('an API error leaves the cursor unchanged and loses nothing', async () => {
		const state = await env.primed('newLead');
		const x = newLeads(1);
		const before = JSON.parse(JSON.stringify(state.staticData)) as IDataObject;
		// 503 on the first try and on all 4 retries of the transport; Retry-After 0 keeps it fast.
		env.sandbox.faults.failNext = { count: 5, status: 503, headers: { 'Retry-After': '0' } };
		await expect(poll('newLead', state)).rejects.toThrow(/503/);
		expect(state.staticData).toEqual(before);

		tick();
		const y = newLeads(1);
		const after = await poll('newLead', state);
		expect(ids(after)).toEqual([x[0], y[0]]);
		expect((await poll('newLead', state)).items).toBeNull();
	});

	test('simplified and raw outputs have the documented shapes', async () => {
		const state = await env.primed('newLead');
		const [lead] = env.sandbox.addVisitors(1, { lead: true });
		const [simple] = emitted(await poll('newLead', state));
		expect(simplifiedSchema.parse(simple)).toMatchObject({
			contact_id: lead.contact_id,
			email: lead.person_details?.email,
			first_seen: lead.web_activity_summary.first_seen,
			page_visits: lead.web_activity_summary.total_page_visits,
		});

		const rawState = await env.primed('newLead', { simplify: false });
		const [other] = env.sandbox.addVisitors(1, { lead: true });
		const [raw] = emitted(await poll('newLead', rawState, { simplify: false }));
		expect(visitorSchema.parse(raw)).toEqual(other);
	});

	test('choosing another event starts afresh instead of reusing the cursor', async () => {
		const state = await env.primed('newLead');
		newLeads(1);
		expect((await poll('newVisitor', state)).items).toBeNull();
		expect(nodeState(state)?.event).toBe('newVisitor');
	});
});
