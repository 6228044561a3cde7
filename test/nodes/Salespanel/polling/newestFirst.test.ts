// How far a check reads (polling/newestFirst.ts: the page loop over a newest-first list), through
// the real engine against the sandbox: one request when nothing is new, down to the first page
// that reaches the cursor, every page of a backlog; a manual step reads the newest record only.
// Lists that never end: newestFirst.hostile.test.ts.
import type { IDataObject } from 'n8n-workflow';

import type { PollState } from '../../../tools/harness';
import { selectVisitors } from '../../../tools/sandbox';
import { emitted, ids, usePollingSandbox } from './pollingSandbox';

const env = usePollingSandbox({ seed: 7 });
const { poll, tick, newLeads } = env;

describe('reading a newest-first list', () => {
	test('a poll with nothing new costs one request', async () => {
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		env.sandbox.resetLog();
		expect((await poll('newLead', state)).items).toBeNull();
		expect(env.sandbox.requests.map((r) => [r.path, r.query])).toEqual([
			['/api/v1/leads/', { select_by_first_activity: 'true', limit: '100', offset: '0' }],
		]);
	});

	test('paging stops at the first page that reaches the cursor', async () => {
		await env.restart({ visitors: 1000 });
		expect(selectVisitors(env.sandbox.store, env.clock, true, true).length).toBeGreaterThan(100);
		const state = await env.primed('newLead');
		const fresh = newLeads(2);
		env.sandbox.resetLog();
		expect(ids(await poll('newLead', state))).toEqual(fresh);
		expect(env.sandbox.requests).toHaveLength(1);
	});

	test('1,250 new leads between two checks: all 1,250 emitted once, oldest first, in 13 requests', async () => {
		const state: PollState = { staticData: {} };
		await poll('newLead', state);
		const fresh: string[] = [];
		for (let batch = 0; batch < 25; batch++) {
			tick(1);
			fresh.push(...newLeads(50));
		}
		env.sandbox.resetLog();
		const result = await poll('newLead', state);
		expect(ids(result)).toHaveLength(1250);
		expect(new Set(ids(result))).toEqual(new Set(fresh));
		const firstSeen = emitted(result).map((lead) => Date.parse(lead.first_seen as string));
		expect(firstSeen).toEqual([...firstSeen].sort((a, b) => a - b));
		expect(env.sandbox.requests.map((r) => r.query.offset)).toEqual(
			Array.from({ length: 13 }, (_, i) => String(i * 100)),
		);
		expect(env.sandbox.requests.every((r) => r.status === 200)).toBe(true);

		env.sandbox.resetLog();
		expect((await poll('newLead', state)).items).toBeNull();
		expect(env.sandbox.requests).toHaveLength(1);
	});

	test('a manual test step returns the newest lead and leaves the production cursor alone', async () => {
		const state = await env.primed('newLead');
		const fresh = newLeads(1);
		const before = JSON.parse(JSON.stringify(state.staticData)) as IDataObject;
		const manual = await env.engine.poll(env.node('newLead'), { mode: 'manual', state });
		expect(ids(manual)).toEqual(fresh);
		expect(state.staticData).toEqual(before);
		expect(state.changed).toBe(false);
		// The production poll still sees the lead the test step showed.
		expect(ids(await poll('newLead', state))).toEqual(fresh);

		const fromScratch = await env.engine.poll(env.node('newLead'), { mode: 'manual' });
		expect(emitted(fromScratch)).toHaveLength(1);
	});
});
