// The trigger's state in static data (polling/storedState.ts), through the real engine against the
// sandbox: a cursor stored ahead of the present, damaged and oversized states repaired on the next
// check, which then goes on losing nothing.
import type { IDataObject } from 'n8n-workflow';

import { isCount } from '../../../../nodes/Salespanel/polling/storedState';
import type { PollState } from '../../../tools/harness';
import { emitted, ids, isoSeconds, nodeState, usePollingSandbox } from './pollingSandbox';

const env = usePollingSandbox({ seed: 7 });
const { poll, tick, newLeads } = env;

describe('a cursor stored in the future', () => {
	test('a cursor stored in the future (before this fix) is brought back to the present', async () => {
		env.atSandboxTime();
		const future = env.futureLead(365);
		const futureMs = Date.parse(
			env.sandbox.store.visitors.find((v) => v.contact_id === future)?.web_activity_summary
				.first_seen ?? '',
		);
		const frozen = {
			version: 1,
			event: 'newLead',
			cursor: new Date(futureMs).toISOString(),
			keys: [`${future}|${futureMs}`],
		};
		const state: PollState = { staticData: { 'node:Salespanel Polling Trigger': frozen } };
		tick();
		const later = newLeads(2);
		expect(ids(await poll('newLead', state))).toEqual(later);
		expect((await poll('newLead', state)).items).toBeNull();
	});
});

describe('damaged or oversized state', () => {
	const damaged: Array<[string, IDataObject[string]]> = [
		['a string', 'garbage'],
		['a number', 42],
		['null', null],
		['an empty list', []],
		['a list', [{ version: 1 }]],
	];

	test.each(damaged)(
		'a stored state that is %s is replaced on the next check, which then works',
		async (_label, value) => {
			const state: PollState = { staticData: { 'node:Salespanel Polling Trigger': value } };
			expect((await poll('newLead', state)).items).toBeNull();
			expect(state.changed).toBe(true);
			tick();
			const fresh = newLeads(2);
			expect(ids(await poll('newLead', state))).toEqual(fresh);
			expect((await poll('newLead', state)).items).toBeNull();
			// n8n cannot let the node replace a value that is not an object: the state moved next to it.
			const moved = (state.staticData.global as IDataObject)[
				'salespanelState:Salespanel Polling Trigger'
			] as IDataObject;
			expect(moved).toMatchObject({ version: 1, event: 'newLead', cursor: expect.any(String) });
		},
	);

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
			expect(
				repaired
					.slice(0, -2)
					.every((lead) => lead.first_seen === isoSeconds(Date.parse(good.cursor as string))),
			).toBe(true);
		}
		expect(nodeState(state)).toEqual({
			version: 1,
			event: 'newLead',
			cursor: expect.any(String),
			keys: expect.any(Array),
		});
		expect(
			(nodeState(state)?.keys as unknown[]).every(
				(key) => typeof key === 'string' && key.length < 400,
			),
		).toBe(true);
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
		state.staticData['node:Salespanel Polling Trigger'] = {
			...good,
			keys: [...padding, ...(good.keys as string[])],
		};
		expect((await poll('newLead', state)).items).toBeNull();
		expect(state.changed).toBe(true);
		expect(nodeState(state)?.keys).toHaveLength(500);
		expect((nodeState(state)?.keys as string[]).slice(-1)).toEqual(
			(good.keys as string[]).slice(-1),
		);
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
		state.staticData['node:Salespanel Polling Trigger'] = {
			...good,
			keys: [...(good.keys as string[]), ...padding],
		};
		expect((await poll('newVisitingCompany', state)).items).toBeNull();
		expect(nodeState(state)?.keys).toHaveLength(500);
		expect((nodeState(state)?.keys as string[]).slice(0, (good.keys as string[]).length)).toEqual(
			good.keys,
		);
	});
});

describe('isCount: the counts and times read back from static data', () => {
	test.each([0, 1, 86_400_000, Number.MAX_SAFE_INTEGER])('%p is a count', (value) =>
		expect(isCount(value)).toBe(true),
	);
	test.each([-1, 1.5, NaN, Infinity, 2 ** 53, '3', null, undefined, [1]])('%p is not', (value) =>
		expect(isCount(value)).toBe(false),
	);
});
