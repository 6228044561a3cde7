// The webhook trigger's delivery checks (pure): parsing and bounding a delivery, the hook ID,
// and event filters (the segment filter and the output item are shared/eventOutput's). The trigger's use of them runs through the
// engine in SalespanelTrigger.node.test.ts; mangled deliveries in delivery.hostile.test.ts.
import type { IDataObject } from 'n8n-workflow';

import {
	eventSelected,
	hookIdMatches,
	MAX_DELIVERY_CHARS,
	MAX_DELIVERY_DEPTH,
	MAX_ECHOED_CHARS,
	parseDelivery,
} from '../../../../nodes/Salespanel/webhook/delivery';
import type { Delivery } from '../../../../nodes/Salespanel/shared/eventOutput';

import { hook, payload } from '../shared/delivery.fixture';

const delivered = (body: unknown, rawBody?: unknown): Delivery => {
	const parsed = parseDelivery(body, rawBody);
	if (!parsed.ok) throw new Error(parsed.reason);
	return parsed.delivery;
};
const refused = (body: unknown, rawBody?: unknown) => {
	const parsed = parseDelivery(body, rawBody);
	return parsed.ok ? undefined : { status: parsed.status, reason: parsed.reason };
};

describe('parseDelivery', () => {
	test('a documented delivery: its event (trimmed), hook and payload', () => {
		expect(delivered({ hook: { ...hook, event: ' person.segment_qualified ' }, payload })).toEqual({
			event: 'person.segment_qualified',
			hook: { ...hook, event: ' person.segment_qualified ' },
			payload,
		});
	});

	test('the same as JSON text, or as raw bytes behind an empty parsed body', () => {
		const text = JSON.stringify({ hook, payload });
		expect(delivered(text).payload).toEqual(payload);
		expect(delivered({}, Buffer.from(text, 'utf8')).payload).toEqual(payload);
	});

	test.each([
		['not JSON', '{hook', 400, 'The request body is not valid JSON'],
		['a list', [hook], 400, 'The request body must be a JSON object'],
		['no hook', { payload }, 400, 'The request body has no "hook" object'],
		[
			'an empty event',
			{ hook: { ...hook, event: ' ' }, payload },
			400,
			'The request body has no "hook.event" text',
		],
		['no payload', { hook }, 400, 'The request body has no "payload" object'],
		[
			'an unknown event',
			{ hook: { ...hook, event: 'person.deleted' }, payload },
			400,
			'Unknown Salespanel event "person.deleted"',
		],
		[
			'a reserved key',
			JSON.parse(`{"hook": ${JSON.stringify(hook)}, "payload": {"constructor": 1}}`) as IDataObject,
			400,
			'The delivery carries the key "constructor", which n8n cannot pass on',
		],
	])('%s: %i, "%s"', (_label, body, status, reason) => {
		expect(refused(body)).toEqual({ status, reason });
	});

	test(`nested more than ${MAX_DELIVERY_DEPTH} levels: 400; exactly ${MAX_DELIVERY_DEPTH}: accepted`, () => {
		const nest = (levels: number) => {
			let value: IDataObject = {};
			for (let i = 0; i < levels; i++) value = { a: value };
			return value;
		};
		// hook and payload make up the first two levels.
		expect(parseDelivery({ hook, payload: nest(MAX_DELIVERY_DEPTH - 2) }).ok).toBe(true);
		expect(refused({ hook, payload: nest(MAX_DELIVERY_DEPTH - 1) })).toEqual({
			status: 400,
			reason: `The delivery is nested more than ${MAX_DELIVERY_DEPTH} levels deep`,
		});
	});

	test(`more than ${MAX_DELIVERY_CHARS} characters of JSON: 413, parsed or as text`, () => {
		const big = { hook, payload: { note: 'x'.repeat(MAX_DELIVERY_CHARS) } };
		expect(refused(big)?.status).toBe(413);
		expect(refused(JSON.stringify(big))?.status).toBe(413);
	});

	test(`an unknown event is repeated in at most ${MAX_ECHOED_CHARS} characters`, () => {
		const reason =
			refused({ hook: { ...hook, event: `person.${'y'.repeat(1000)}` }, payload })?.reason ?? '';
		const echoed = /"(.*)"/.exec(reason)?.[1] ?? '';
		expect(echoed).toHaveLength(MAX_ECHOED_CHARS);
		expect(echoed.endsWith('…')).toBe(true);
	});
});

describe('hookIdMatches', () => {
	test('the same ID, whatever its case and surrounding spaces, or as a number', () => {
		expect(hookIdMatches(hook.id, ` ${hook.id.toUpperCase()} `)).toBe(true);
		expect(hookIdMatches('42', 42)).toBe(true);
	});
	test.each([
		['another ID', 'f00'],
		['a prefix', hook.id.slice(0, 8)],
		['missing', undefined],
		['an object', { id: hook.id }],
	])('%s: no match', (_label, value) => {
		expect(hookIdMatches(hook.id, value)).toBe(false);
	});
});

describe('eventSelected', () => {
	test('the event listed, or All Events', () => {
		expect(
			eventSelected(['person.identified', 'person.segment_qualified'], 'person.segment_qualified'),
		).toBe(true);
		expect(eventSelected(['*'], 'company.page_visit')).toBe(true);
		expect(eventSelected(['person.identified'], 'person.page_visit')).toBe(false);
		expect(eventSelected('person.page_visit', 'person.page_visit')).toBe(false);
	});
});
