// The event items both triggers output and the Segments option (pure): the webhook trigger runs
// them on a delivery (SalespanelTrigger.node.test.ts), the polling trigger on its Person events
// (polling/personEvents.test.ts), both through the engine.
import {
	outputItem,
	parseSegmentFilter,
	segmentAllowed,
	type Delivery,
	type WebhookEvent,
} from '../../../../nodes/Salespanel/shared/eventOutput';

import { hook, payload } from './delivery.fixture';

/** A delivery as the webhook trigger's parser hands it on. */
const delivered = ({
	hook: h,
	payload: p,
}: {
	hook: typeof hook;
	payload: Delivery['payload'];
}): Delivery => ({
	event: h.event as WebhookEvent,
	hook: h,
	payload: p,
});

describe('segment filter', () => {
	test('picker lists and the comma-separated text of older workflows: trimmed, lower case, once each', () => {
		expect(parseSegmentFilter(['S-9', ' s-9 ', 'Enterprise, EU', 7, null])).toEqual([
			's-9',
			'enterprise, eu',
			'7',
		]);
		expect(parseSegmentFilter(' Hot ,, s-9 ,hot')).toEqual(['hot', 's-9']);
		expect(parseSegmentFilter(undefined)).toEqual([]);
	});

	test('narrows segment events to listed titles or IDs; other events always pass', () => {
		const qualified = delivered({ hook, payload });
		expect(segmentAllowed([], qualified)).toBe(true);
		expect(segmentAllowed(parseSegmentFilter(['Enterprise, EU']), qualified)).toBe(true);
		expect(segmentAllowed(parseSegmentFilter(['s-9']), qualified)).toBe(true);
		expect(segmentAllowed(parseSegmentFilter(['Other']), qualified)).toBe(false);
		expect(segmentAllowed(['s-9'], delivered({ hook, payload: { contact_id: 'c1' } }))).toBe(false);
		expect(
			segmentAllowed(
				['other'],
				delivered({ hook: { ...hook, event: 'person.identified' }, payload }),
			),
		).toBe(true);
	});
});

describe('outputItem', () => {
	test('raw: event, hook and payload as delivered', () => {
		expect(outputItem(delivered({ hook, payload }), false)).toEqual({
			event: 'person.segment_qualified',
			hook,
			payload,
		});
	});

	test('simplified: event, hook ID and title, the flat visitor, and the segment of a segment event', () => {
		const item = outputItem(delivered({ hook, payload }), true);
		expect(item).toMatchObject({
			event: 'person.segment_qualified',
			hook_id: hook.id,
			hook_title: 'Leads',
			contact_id: 'c1',
			email: 'jane@acme.com',
			segment: { segment_id: 'S-9', title: 'Enterprise, EU' },
		});
		expect(
			outputItem(delivered({ hook: { ...hook, event: 'person.identified' }, payload }), true),
		).not.toHaveProperty('segment');
	});
});
