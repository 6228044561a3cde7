// The webhook trigger's duplicate check: O(1) per delivery, in place, with the 500 bound and
// the 10-minute window, migration of the previous format, repair, and persistence through n8n.
import { Workflow } from 'n8n-workflow';
import type { IDataObject, INode, IWebhookFunctions } from 'n8n-workflow';

import { openNodeState } from '../../../nodes/Salespanel/helpers/nodeState';
import {
	DUPLICATE_WINDOW_MS,
	FINGERPRINTS_KEY,
	isRepeatedDelivery,
	LEGACY_KEY,
	MAX_REMEMBERED_DELIVERIES,
	ORDER_KEY,
} from '../../../nodes/SalespanelTrigger/duplicates';
import { createSalespanelEngine } from '../../tools/support/node-env';

const T0 = Date.parse('2025-03-10T12:00:00Z');
const MINUTE = 60_000;
const fp = (i: number) => i.toString(16).padStart(32, '0').replace(/^0/, 'a');

/** A NodeState over plain node static data (a pure helper test: n8n's proxy is tested below). */
function stateOf(data: IDataObject) {
	const ctx = { getWorkflowStaticData: () => data, getNode: () => ({ name: 'Salespanel Trigger' }) };
	const state = openNodeState(ctx as unknown as IWebhookFunctions);
	if (state === undefined) throw new Error('no state');
	return state;
}
const check = (data: IDataObject, fingerprint: string, now: number) => isRepeatedDelivery(stateOf(data), fingerprint, now);
const mapOf = (data: IDataObject) => data[FINGERPRINTS_KEY] as IDataObject;

function filled(count: number, start = T0): IDataObject {
	const data: IDataObject = {};
	for (let i = 0; i < count; i++) expect(check(data, fp(i), start + i)).toBe(false);
	return data;
}

afterEach(() => jest.restoreAllMocks());

describe('duplicate check: in place, O(1)', () => {
	test('a new delivery with 500 remembered changes the stored map in place, lists and rebuilds nothing', () => {
		const data = filled(MAX_REMEMBERED_DELIVERIES);
		const map = mapOf(data);
		const spies = [jest.spyOn(Object, 'fromEntries'), jest.spyOn(Object, 'entries'), jest.spyOn(Object, 'keys')];
		const answers = [check(data, fp(9999), T0 + 1000), check(data, fp(9999), T0 + 1001)];
		const calls = spies.map((spy) => spy.mock.calls.length);
		jest.restoreAllMocks();
		expect(answers).toEqual([false, true]);
		expect(calls).toEqual([0, 0, 0]);
		expect(mapOf(data)).toBe(map);
		expect(Object.keys(map)).toHaveLength(500);
	});

	test('a new delivery writes one key and deletes one key of the map (counted through a proxy)', () => {
		const data = filled(MAX_REMEMBERED_DELIVERIES);
		const writes: string[] = [];
		data[FINGERPRINTS_KEY] = new Proxy(mapOf(data), {
			set: (target, key, value) => (writes.push(`set ${String(key)}`), Reflect.set(target, key, value)),
			deleteProperty: (target, key) => (writes.push(`delete ${String(key)}`), Reflect.deleteProperty(target, key)),
		});
		expect(check(data, fp(9999), T0 + 1000)).toBe(false);
		expect(writes).toEqual([`set ${fp(9999)}`, `delete ${fp(0)}`]);
	});

	test('a 32-digit fingerprint is not an array index: the map keeps insertion order', () => {
		const data: IDataObject = {};
		const digits = '1'.repeat(32);
		check(data, fp(1), T0);
		check(data, digits, T0 + 1);
		expect(Object.keys(mapOf(data))).toEqual([fp(1), digits]);
		expect(data[ORDER_KEY]).toBe(fp(1) + digits);
	});
});

describe('duplicate check: bound and window', () => {
	test('the 501st delivery evicts exactly the oldest one', () => {
		const data = filled(MAX_REMEMBERED_DELIVERIES);
		expect(check(data, fp(500), T0 + 500)).toBe(false);
		expect(Object.keys(mapOf(data))).toHaveLength(500);
		expect(mapOf(data)[fp(0)]).toBeUndefined();
		expect((data[ORDER_KEY] as string).slice(0, 32)).toBe(fp(1));
		expect(check(data, fp(1), T0 + 501)).toBe(true);
		expect(check(data, fp(500), T0 + 502)).toBe(true);
		// The evicted one is new again, and evicts the next oldest.
		expect(check(data, fp(0), T0 + 503)).toBe(false);
		expect(mapOf(data)[fp(1)]).toBeUndefined();
	});

	test('entries past the 10-minute window are dropped from the front, the younger ones stay', () => {
		const data: IDataObject = {};
		check(data, fp(1), T0);
		check(data, fp(2), T0 + 2 * MINUTE);
		check(data, fp(3), T0 + 4 * MINUTE);
		expect(check(data, fp(2), T0 + 2 * MINUTE + DUPLICATE_WINDOW_MS - 1)).toBe(true);
		expect(Object.keys(mapOf(data))).toEqual([fp(2), fp(3)]);
		expect(data[ORDER_KEY]).toBe(fp(2) + fp(3));
		expect(check(data, fp(2), T0 + 2 * MINUTE + DUPLICATE_WINDOW_MS)).toBe(false);
		expect(data[ORDER_KEY]).toBe(fp(3) + fp(2));
		expect(check(data, fp(1), T0 + 13 * MINUTE)).toBe(false);
		expect(check(data, fp(9), T0 + 30 * MINUTE)).toBe(false);
		expect(data[ORDER_KEY]).toBe(fp(9));
	});

	test('a remembered entry outside the window (clock set back) moves to the end', () => {
		const data: IDataObject = {};
		check(data, fp(1), T0);
		check(data, fp(2), T0 + MINUTE);
		check(data, fp(3), T0 + MINUTE + 1);
		// The clock now reads 9.5 minutes before T0: fp(1) is in the window, fp(2) and fp(3) are not.
		const back = T0 - 9.5 * MINUTE;
		expect(check(data, fp(2), back)).toBe(false);
		expect(data[ORDER_KEY]).toBe(fp(1) + fp(3) + fp(2));
		expect(mapOf(data)[fp(2)]).toBe(back);
		expect(check(data, fp(2), back + 1)).toBe(true);
	});
});

describe('duplicate check: previous format and damaged state', () => {
	test("the previous version's recentDeliveries map is honoured, migrated once and removed", () => {
		const legacy: IDataObject = {};
		for (let i = 0; i < 600; i++) legacy[fp(i)] = T0 - 5 * MINUTE + i;
		legacy[fp(7000)] = T0 - 11 * MINUTE;
		const data: IDataObject = { [LEGACY_KEY]: legacy };
		expect(check(data, fp(599), T0)).toBe(true);
		expect(data[LEGACY_KEY]).toBeUndefined();
		expect(Object.keys(mapOf(data))).toHaveLength(500);
		expect((data[ORDER_KEY] as string).slice(0, 32)).toBe(fp(100));
		expect(check(data, fp(100), T0)).toBe(true);
		expect(check(data, fp(99), T0)).toBe(false);
		expect(check(data, fp(7000), T0)).toBe(false);
	});

	test.each([
		['a map that is not an object', { [FINGERPRINTS_KEY]: 'garbage', [ORDER_KEY]: fp(1) }],
		['an order that is not text', { [FINGERPRINTS_KEY]: { [fp(1)]: T0 }, [ORDER_KEY]: 42 }],
		['an order cut mid-fingerprint', { [FINGERPRINTS_KEY]: { [fp(1)]: T0 }, [ORDER_KEY]: fp(1).slice(3) }],
		['an order whose newest is not in the map', { [FINGERPRINTS_KEY]: { [fp(1)]: T0 }, [ORDER_KEY]: fp(1) + fp(2) }],
		['an empty order with entries in the map', { [FINGERPRINTS_KEY]: { [fp(1)]: T0 }, [ORDER_KEY]: '' }],
	])('%s is repaired', (_label, damaged) => {
		const data = structuredClone(damaged) as IDataObject;
		expect(check(data, fp(5), T0 + 1000)).toBe(false);
		expect(check(data, fp(5), T0 + 1001)).toBe(true);
		const map = mapOf(data);
		expect(typeof data[ORDER_KEY]).toBe('string');
		expect((data[ORDER_KEY] as string).length).toBe(Object.keys(map).length * 32);
		for (const key of Object.keys(map)) expect(typeof map[key]).toBe('number');
	});

	test('non-number timestamps, foreign keys and __proto__ are dropped; an oversized map is cut to the newest 500', () => {
		const map = JSON.parse(`{"__proto__": ${T0}, "constructor": ${T0}}`) as IDataObject;
		map.shortKey = T0;
		map[fp(1)] = 'yesterday';
		for (let i = 10; i < 900; i++) map[fp(i)] = T0 - MINUTE + i;
		const data: IDataObject = { [FINGERPRINTS_KEY]: map, [ORDER_KEY]: 'x' };
		expect(check(data, fp(899), T0)).toBe(true);
		const repaired = mapOf(data);
		expect(Object.keys(repaired)).toHaveLength(500);
		expect(Object.keys(repaired)[0]).toBe(fp(400));
		expect(Object.getPrototypeOf(repaired)).toBe(Object.prototype);
		expect(check(data, fp(1), T0)).toBe(false);
	});

	test('a damaged entry at the front is dropped like an expired one', () => {
		const data = filled(3);
		mapOf(data)[fp(0)] = 'broken';
		expect(check(data, fp(0), T0 + 10)).toBe(false);
		expect(data[ORDER_KEY]).toBe(fp(1) + fp(2) + fp(0));
	});
});

describe("duplicate check: n8n saves the static data changed in place", () => {
	const node: INode = { id: 'n1', name: 'Salespanel Trigger', type: 'salespanelTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const workflowWith = (staticData: IDataObject) =>
		new Workflow({ id: 'w', nodes: [node], connections: {}, active: true, nodeTypes: { getByNameAndVersion: () => ({ description: { properties: [] } }) } as never, staticData });
	const open = (workflow: Workflow) => {
		const ctx = { getWorkflowStaticData: (type: string) => workflow.getStaticData(type, node), getNode: () => node };
		return openNodeState(ctx as unknown as IWebhookFunctions)!;
	};

	test("a new delivery marks n8n's static data changed, a plain repeat does not", () => {
		const saved = JSON.parse(JSON.stringify({ 'node:Salespanel Trigger': filled(5) })) as IDataObject;
		const first = workflowWith(saved);
		expect(isRepeatedDelivery(open(first), fp(77), T0 + 100)).toBe(false);
		expect(first.staticData.__dataChanged).toBe(true);
		const stored = JSON.parse(JSON.stringify(first.staticData)) as IDataObject;
		expect(mapOf(stored['node:Salespanel Trigger'] as IDataObject)[fp(77)]).toBe(T0 + 100);

		const second = workflowWith(stored);
		expect(isRepeatedDelivery(open(second), fp(77), T0 + 200)).toBe(true);
		expect(second.staticData.__dataChanged).toBe(false);
	});

	test('the fallback in the global static data is marked changed too', () => {
		const workflow = workflowWith({ 'node:Salespanel Trigger': 'garbage' as never });
		const ctx = { getWorkflowStaticData: (type: string) => (type === 'node' ? 'garbage' : workflow.getStaticData(type, node)), getNode: () => node };
		const state = openNodeState(ctx as unknown as IWebhookFunctions)!;
		expect(isRepeatedDelivery(state, fp(3), T0)).toBe(false);
		expect(workflow.staticData.__dataChanged).toBe(true);
		const global = JSON.parse(JSON.stringify(workflow.staticData.global)) as IDataObject;
		expect(mapOf(global['salespanelState:Salespanel Trigger'] as IDataObject)[fp(3)]).toBe(T0);
	});

	test('through the engine: the saved static data holds the fingerprint and a restart still rejects the repeat', async () => {
		const engine = createSalespanelEngine('https://salespanel.io', ['dedupe', 'token'].join('-'));
		const trigger = { name: 'Salespanel Trigger', type: 'salespanelTrigger', parameters: { events: ['*'] } };
		const body = { hook: { id: 'h1', title: 'Hook', event: 'person.identified' }, payload: { contact_id: 'c1', email: 'a@example.com' } };
		const staticData: IDataObject = {};
		expect((await engine.webhook(trigger, { body }, { staticData })).workflowData).toBeDefined();
		const saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		const own = saved['node:Salespanel Trigger'] as IDataObject;
		expect(Object.keys(mapOf(own))).toHaveLength(1);
		expect(own[ORDER_KEY]).toBe(Object.keys(mapOf(own))[0]);

		const restarted = createSalespanelEngine('https://salespanel.io', ['dedupe', 'token'].join('-'));
		const repeat = await restarted.webhook(trigger, { body }, { staticData: saved });
		expect(repeat.workflowData).toBeUndefined();
		expect(repeat.response?.body).toEqual({ status: 'ignored', reason: expect.stringMatching(/Identical delivery/) });
	});
});
