// The webhook trigger's duplicate check: one string of fixed-width records in static data, bounded
// work per delivery, the 500 bound and the 10-minute window, matches only at record boundaries,
// repair of damaged state, and persistence through n8n. The cost per delivery is measured by the
// bench's webhook section (2,000 deliveries into one store, Ignore Duplicates on vs the Webhook node).
import type { IDataObject, IWebhookFunctions, Workflow } from 'n8n-workflow';

import { openNodeState } from '../../../../nodes/Salespanel/shared/helpers/nodeState';
import {
	deliveryFingerprint,
	DUPLICATE_WINDOW_MS,
	encodeTime,
	isRepeatedDelivery,
	MAX_REMEMBERED_DELIVERIES,
	RECORD_LENGTH,
	RECORDS_KEY,
} from '../../../../nodes/Salespanel/webhook/duplicates';
import { parseDelivery } from '../../../../nodes/Salespanel/webhook/delivery';
import { createSalespanelEngine } from '../../../tools/support/node-env';
import { savedWorkflowOf } from '../shared/helpers/savedWorkflow';

const T0 = Date.parse('2025-03-10T12:00:00Z');
const MINUTE = 60_000;
const fp = (i: number) => i.toString(16).padStart(32, '0').replace(/^0/, 'a');
const record = (fingerprint: string, at: number) => fingerprint + encodeTime(at)!;
const HEALTHY = /^(?:[0-9a-f]{32}[0-9a-z]{9})*$/;

/** A NodeState over plain node static data (a pure helper test: n8n's proxy is tested below). */
function stateOf(data: IDataObject) {
	const ctx = {
		getWorkflowStaticData: () => data,
		getNode: () => ({ name: 'Salespanel Trigger' }),
	};
	const state = openNodeState(ctx as unknown as IWebhookFunctions);
	if (state === undefined) throw new Error('no state');
	return state;
}
const check = (data: IDataObject, fingerprint: string, now: number) =>
	isRepeatedDelivery(stateOf(data), fingerprint, now);
const recordsOf = (data: IDataObject) => data[RECORDS_KEY] as string;
/** The fingerprints in the stored records, oldest first. */
const remembered = (data: IDataObject) =>
	(recordsOf(data).match(/.{41}/g) ?? []).map((r) => r.slice(0, 32));

function filled(count: number, start = T0): IDataObject {
	const data: IDataObject = {};
	for (let i = 0; i < count; i++) expect(check(data, fp(i), start + i)).toBe(false);
	return data;
}

afterEach(() => jest.restoreAllMocks());

describe('duplicate check: one string of records', () => {
	test('one static data key holds the store: fingerprint + base-36 time per record, oldest first', () => {
		const data = filled(3);
		expect(Object.keys(data)).toEqual([RECORDS_KEY]);
		expect(recordsOf(data)).toBe(record(fp(0), T0) + record(fp(1), T0 + 1) + record(fp(2), T0 + 2));
		expect(encodeTime(T0)).toBe('0m830fpc0');
		expect(RECORD_LENGTH).toBe(41);
	});

	test('a repeat within the window is dropped and writes nothing', () => {
		const data = filled(3);
		const before = recordsOf(data);
		const state = stateOf(data);
		const write = jest.spyOn(state, 'write');
		expect(isRepeatedDelivery(state, fp(1), T0 + 5 * MINUTE)).toBe(true);
		expect(write).not.toHaveBeenCalled();
		expect(recordsOf(data)).toBe(before);
	});
});

describe('duplicate check: bound and window', () => {
	test('the 501st delivery evicts exactly the oldest one, which is then accepted again', () => {
		const data = filled(MAX_REMEMBERED_DELIVERIES);
		expect(check(data, fp(500), T0 + 500)).toBe(false);
		expect(recordsOf(data)).toHaveLength(500 * RECORD_LENGTH);
		expect(remembered(data)[0]).toBe(fp(1));
		expect(remembered(data).at(-1)).toBe(fp(500));
		expect(check(data, fp(1), T0 + 501)).toBe(true);
		expect(check(data, fp(500), T0 + 502)).toBe(true);
		// The evicted one is new again, and evicts the next oldest.
		expect(check(data, fp(0), T0 + 503)).toBe(false);
		expect(remembered(data)[0]).toBe(fp(2));
		expect(remembered(data)).toHaveLength(500);
		expect(check(data, fp(1), T0 + 504)).toBe(false);
	});

	test('records past the 10-minute window are dropped from the front, the younger ones stay', () => {
		const data: IDataObject = {};
		check(data, fp(1), T0);
		check(data, fp(2), T0 + 2 * MINUTE);
		check(data, fp(3), T0 + 4 * MINUTE);
		expect(check(data, fp(2), T0 + 2 * MINUTE + DUPLICATE_WINDOW_MS - 1)).toBe(true);
		expect(recordsOf(data)).toBe(record(fp(2), T0 + 2 * MINUTE) + record(fp(3), T0 + 4 * MINUTE));
		// At exactly 10 minutes a repeat is new: it moves to the end with its new time.
		expect(check(data, fp(2), T0 + 2 * MINUTE + DUPLICATE_WINDOW_MS)).toBe(false);
		expect(recordsOf(data)).toBe(record(fp(3), T0 + 4 * MINUTE) + record(fp(2), T0 + 12 * MINUTE));
		expect(check(data, fp(1), T0 + 13 * MINUTE)).toBe(false);
		expect(check(data, fp(9), T0 + 30 * MINUTE)).toBe(false);
		expect(recordsOf(data)).toBe(record(fp(9), T0 + 30 * MINUTE));
	});

	test('a repeat that finds expired records at the front drops them and is still a repeat', () => {
		const data: IDataObject = {};
		check(data, fp(1), T0);
		check(data, fp(2), T0 + 5 * MINUTE);
		expect(check(data, fp(2), T0 + 11 * MINUTE)).toBe(true);
		expect(recordsOf(data)).toBe(record(fp(2), T0 + 5 * MINUTE));
	});

	test('a remembered record outside the window (clock set back) moves to the end', () => {
		const data: IDataObject = {};
		check(data, fp(1), T0);
		check(data, fp(2), T0 + MINUTE);
		check(data, fp(3), T0 + MINUTE + 1);
		// The clock now reads 9.5 minutes before T0: fp(1) is in the window, fp(2) and fp(3) are not.
		const back = T0 - 9.5 * MINUTE;
		expect(check(data, fp(2), back)).toBe(false);
		expect(recordsOf(data)).toBe(
			record(fp(1), T0) + record(fp(3), T0 + MINUTE + 1) + record(fp(2), back),
		);
		expect(check(data, fp(2), back + 1)).toBe(true);
		expect(check(data, fp(1), back + 2)).toBe(true);
	});

	test('a clock the records cannot store (before 1970) lets the delivery through and leaves the store alone', () => {
		const data = filled(2);
		const before = recordsOf(data);
		expect(check(data, fp(1), -5)).toBe(false);
		expect(check(data, fp(1), Number.NaN)).toBe(false);
		expect(recordsOf(data)).toBe(before);
	});
});

describe('duplicate check: a match must start at a record boundary', () => {
	test('a fingerprint made of the end of one fingerprint and the first time digit is new', () => {
		const a = 'abcdef0123456789abcdef0123456789';
		const b = '0123456789abcdef0123456789abcdef';
		const data: IDataObject = { [RECORDS_KEY]: record(a, T0) + record(b, T0 + 1) };
		// Times of these years start with "0m": a fingerprint can take the "0" after a fingerprint.
		const across = a.slice(1) + '0';
		expect(recordsOf(data).indexOf(across)).toBe(1);
		expect(check(data, across, T0 + 2)).toBe(false);
		expect(recordsOf(data)).toBe(record(a, T0) + record(b, T0 + 1) + record(across, T0 + 2));
		expect([check(data, a, T0 + 3), check(data, b, T0 + 3), check(data, across, T0 + 3)]).toEqual([
			true,
			true,
			true,
		]);
	});

	test('a fingerprint spanning a time and the next fingerprint is skipped, a later whole record is found', () => {
		// A time whose last 6 base-36 digits are hex digits, so that they can start a fingerprint.
		let at = T0 - 5 * MINUTE;
		while (at < T0 && !/^[0-9a-f]{6}$/.test(encodeTime(at)!.slice(3))) at++;
		expect(at).toBeLessThan(T0);
		const a = fp(1);
		const b = 'fedcba9876543210fedcba9876543210';
		const spanning = encodeTime(at)!.slice(3) + b.slice(0, 26);
		const data: IDataObject = { [RECORDS_KEY]: record(a, at) + record(b, at + 1) };
		expect(recordsOf(data).indexOf(spanning)).toBe(32 + 3);
		expect(check(data, spanning, T0)).toBe(false);
		expect(recordsOf(data)).toBe(record(a, at) + record(b, at + 1) + record(spanning, T0));
		// Its first occurrence is still the misaligned one: the search goes on to the record.
		expect(check(data, spanning, T0 + 1)).toBe(true);
		expect(check(data, b, T0 + 1)).toBe(true);
		expect(recordsOf(data)).toBe(record(a, at) + record(b, at + 1) + record(spanning, T0));
	});
});

describe('duplicate check: damaged and hostile state is repaired', () => {
	const garbage = 'zz!?'.repeat(RECORD_LENGTH);
	test.each([
		['records that are a number', { [RECORDS_KEY]: 42 }, []],
		['records that are an object', { [RECORDS_KEY]: { [fp(1)]: T0 } }, []],
		['records that are an object with a length', { [RECORDS_KEY]: { length: 0 } }, []],
		['records that are a list', { [RECORDS_KEY]: [record(fp(1), T0)] }, []],
		[
			'records cut mid-record',
			{ [RECORDS_KEY]: record(fp(1), T0) + record(fp(2), T0).slice(3) },
			[],
		],
		['records of non-hex garbage', { [RECORDS_KEY]: garbage }, []],
		[
			'a first record with an upper-case fingerprint',
			{ [RECORDS_KEY]: record(fp(1).toUpperCase(), T0) + record(fp(2), T0 + 1) },
			[fp(2)],
		],
	])('%s', (_label, damaged, kept) => {
		const data = structuredClone(damaged) as IDataObject;
		expect(check(data, fp(5), T0 + 1000)).toBe(false);
		expect(Object.keys(data)).toEqual([RECORDS_KEY]);
		expect(recordsOf(data)).toMatch(HEALTHY);
		expect(remembered(data)).toEqual([...kept, fp(5)]);
		expect(check(data, fp(5), T0 + 1001)).toBe(true);
		for (const fingerprint of kept) expect(check(data, fingerprint, T0 + 1002)).toBe(true);
	});

	test('records beyond the bound: the newest 500 usable ones are kept', () => {
		let records = '';
		for (let i = 0; i < 700; i++) records += record(fp(i), T0 - 5 * MINUTE + i);
		const data: IDataObject = { [RECORDS_KEY]: records };
		expect(check(data, fp(699), T0)).toBe(true);
		expect(remembered(data)).toHaveLength(500);
		expect(remembered(data)[0]).toBe(fp(200));
		expect(check(data, fp(199), T0)).toBe(false);
	});

	test('a 50 MB record string is dropped by its length: nothing scans it', () => {
		const huge = record(fp(1), T0).repeat(1_300_000);
		expect(huge.length).toBeGreaterThan(50_000_000);
		const data: IDataObject = { [RECORDS_KEY]: huge };
		const scans = [
			jest.spyOn(String.prototype, 'slice'),
			jest.spyOn(String.prototype, 'indexOf'),
			jest.spyOn(RegExp.prototype, 'test'),
		];
		expect(check(data, fp(1), T0 + 1)).toBe(false);
		const touched = scans
			.flatMap((spy) => [...spy.mock.contexts, ...spy.mock.calls.flat()])
			.filter((value) => String(value).length > 1_000_000);
		jest.restoreAllMocks();
		expect(touched).toHaveLength(0);
		expect(recordsOf(data)).toBe(record(fp(1), T0 + 1));
		expect(check(data, fp(1), T0 + 2)).toBe(true);
	});

	test('garbage between records never matches and is dropped when it reaches the front', () => {
		const data: IDataObject = {
			[RECORDS_KEY]: garbage + record(fp(1), T0) + garbage + record(fp(2), T0 + 1),
		};
		expect(check(data, fp(5), T0 + 2)).toBe(false);
		// Checking every record would cost each delivery a scan: the front is checked as it moves.
		expect(recordsOf(data)).toBe(
			record(fp(1), T0) + garbage + record(fp(2), T0 + 1) + record(fp(5), T0 + 2),
		);
		expect([
			check(data, fp(1), T0 + 3),
			check(data, fp(2), T0 + 3),
			check(data, fp(5), T0 + 3),
		]).toEqual([true, true, true]);
		expect(check(data, fp(6), T0 + DUPLICATE_WINDOW_MS)).toBe(false);
		expect(recordsOf(data)).toBe(
			record(fp(2), T0 + 1) + record(fp(5), T0 + 2) + record(fp(6), T0 + DUPLICATE_WINDOW_MS),
		);
	});

	test('a damaged record at the front is dropped like an expired one', () => {
		const data = filled(3);
		data[RECORDS_KEY] = 'g' + recordsOf(data).slice(1);
		expect(check(data, fp(1), T0 + 10)).toBe(true);
		expect(recordsOf(data)).toBe(record(fp(1), T0 + 1) + record(fp(2), T0 + 2));
	});

	test.each([
		['not base 36', '!!!!!!!!!'],
		['upper case (which parseInt would read as the same time)', encodeTime(T0 + 1)!.toUpperCase()],
	])(
		'a time in the matching record %s: the delivery is new and its record moves to the end',
		(_label, time) => {
			const data = filled(3);
			const records = recordsOf(data);
			data[RECORDS_KEY] = records.slice(0, 41 + 32) + time + records.slice(2 * 41);
			expect(check(data, fp(1), T0 + 10)).toBe(false);
			expect(recordsOf(data)).toBe(
				record(fp(0), T0) + record(fp(2), T0 + 2) + record(fp(1), T0 + 10),
			);
		},
	);
});

describe('duplicate check: n8n saves the static data when it changed', () => {
	const { node, workflowWith, contextOf, saved } = savedWorkflowOf({
		name: 'Salespanel Trigger',
		type: 'salespanelTrigger',
	});
	const open = (workflow: Workflow) => openNodeState(contextOf(workflow))!;

	test("a new delivery marks n8n's static data changed, a plain repeat does not, a repeat that drops expired records does", () => {
		const first = workflowWith({ 'node:Salespanel Trigger': filled(5) });
		expect(isRepeatedDelivery(open(first), fp(77), T0 + 100)).toBe(false);
		expect(first.staticData.__dataChanged).toBe(true);
		const stored = saved(first);
		expect(recordsOf(stored['node:Salespanel Trigger'] as IDataObject).slice(-41)).toBe(
			record(fp(77), T0 + 100),
		);

		const second = workflowWith(stored);
		expect(isRepeatedDelivery(open(second), fp(77), T0 + 200)).toBe(true);
		expect(second.staticData.__dataChanged).toBe(false);

		const third = workflowWith(saved(second));
		expect(isRepeatedDelivery(open(third), fp(77), T0 + 100 + DUPLICATE_WINDOW_MS - 1)).toBe(true);
		expect(third.staticData.__dataChanged).toBe(true);
		expect(remembered(saved(third)['node:Salespanel Trigger'] as IDataObject)).toEqual([fp(77)]);
	});

	test('the fallback in the global static data is marked changed too', () => {
		const workflow = workflowWith({ 'node:Salespanel Trigger': 'garbage' as never });
		const ctx = {
			getWorkflowStaticData: (type: string) =>
				type === 'node' ? 'garbage' : workflow.getStaticData(type, node),
			getNode: () => node,
		};
		const state = openNodeState(ctx as unknown as IWebhookFunctions)!;
		expect(isRepeatedDelivery(state, fp(3), T0)).toBe(false);
		expect(workflow.staticData.__dataChanged).toBe(true);
		const global = saved(workflow).global as IDataObject;
		expect(recordsOf(global['salespanelState:Salespanel Trigger'] as IDataObject)).toBe(
			record(fp(3), T0),
		);
	});
});

describe('duplicate check: through the engine', () => {
	const trigger = {
		name: 'Salespanel Trigger',
		type: 'salespanelTrigger',
		parameters: { events: ['*'] },
	};
	const body = {
		hook: { id: 'h1', title: 'Hook', event: 'person.identified' },
		payload: { contact_id: 'c1', email: 'a@example.com' },
	};
	const engine = () =>
		createSalespanelEngine('https://salespanel.io', ['dedupe', 'token'].join('-'));
	const fingerprintOf = (delivered: IDataObject) => {
		const parsed = parseDelivery(delivered);
		if (!parsed.ok) throw new Error(parsed.reason);
		return deliveryFingerprint(parsed.delivery);
	};
	const deliver = async (staticData: IDataObject, at: number) => {
		jest.spyOn(Date, 'now').mockReturnValue(at);
		const result = await engine().webhook(trigger, { body }, { staticData });
		jest.restoreAllMocks();
		return result;
	};

	test('the saved static data holds one record and a restart still rejects the repeat', async () => {
		const staticData: IDataObject = {};
		expect((await deliver(staticData, T0)).workflowData).toBeDefined();
		expect(staticData).toEqual({
			'node:Salespanel Trigger': { [RECORDS_KEY]: record(fingerprintOf(body), T0) },
		});

		const repeat = await deliver(
			JSON.parse(JSON.stringify(staticData)) as IDataObject,
			T0 + 5 * MINUTE,
		);
		expect(repeat.workflowData).toBeUndefined();
		expect(repeat.response?.body).toEqual({
			status: 'ignored',
			reason: expect.stringMatching(/Identical delivery/),
		});
	});

	test('hostile static data (a 50 MB record string) is replaced and the delivery runs', async () => {
		const staticData: IDataObject = {
			'node:Salespanel Trigger': { [RECORDS_KEY]: 'x'.repeat(50_000_000) },
		};
		expect((await deliver(staticData, T0)).workflowData).toBeDefined();
		expect(staticData).toEqual({
			'node:Salespanel Trigger': { [RECORDS_KEY]: record(fingerprintOf(body), T0) },
		});
	});
});
