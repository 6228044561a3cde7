// How each event is read (polling/events.ts): the list and query each event's check asks for,
// through the real engine against the sandbox, and the pure readers of a record (its time, a
// lead's identity, whether a stored event name is one of ours).
import {
	EVENT_SPECS,
	isPollEvent,
	leadIdentity,
	parseTimestamp,
} from '../../../../nodes/Salespanel/polling/events';
import type { PollState } from '../../../tools/harness';
import { usePollingSandbox } from './pollingSandbox';

const env = usePollingSandbox({ seed: 7 });

describe('the list each event reads', () => {
	test.each([
		['newLead', '/api/v1/leads/', { select_by_first_activity: 'true' }],
		['newVisitor', '/api/v1/visitors/', { select_by_first_activity: 'true' }],
		['leadActivity', '/api/v1/leads/', {}],
		['newVisitingCompany', '/api/v1/visiting-companies/', { select_by_first_activity: 'true' }],
		['personIdentified', '/api/v1/leads/', {}],
		['personSegmentQualified', '/api/v1/leads/', {}],
	])('%s: %s, 100 per page from offset 0', async (event, path, query) => {
		const state: PollState = { staticData: {} };
		await env.poll(event, state);
		expect(env.sandbox.requests[0]).toMatchObject({
			path,
			query: { ...query, limit: '100', offset: '0' },
		});
		expect(Object.keys(env.sandbox.requests[0].query).sort()).toEqual(
			Object.keys({ ...query, limit: 1, offset: 1 }).sort(),
		);
	});
});

describe('reading a record', () => {
	test.each([
		['2025-03-10T12:00:00Z', Date.parse('2025-03-10T12:00:00Z')],
		['2025-03-10T12:00:00.250+01:00', Date.parse('2025-03-10T11:00:00.250Z')],
		['', undefined],
		['  ', undefined],
		['yesterday', undefined],
		[1_741_608_000_000, undefined],
		[null, undefined],
	])('parseTimestamp(%p) is %p', (value, ms) => expect(parseTimestamp(value)).toBe(ms));

	test('a lead is its whole contact ID in lower case; no ID, no identity', () => {
		const long = `${'A'.repeat(300)}-first`;
		expect(leadIdentity({ contact_id: long })).toBe(long.toLowerCase());
		expect(leadIdentity({ contact_id: long })).not.toBe(
			leadIdentity({ contact_id: `${'A'.repeat(300)}-second` }),
		);
		expect(leadIdentity({ contact_id: '' })).toBeUndefined();
		expect(leadIdentity({ contact_id: 7 })).toBeUndefined();
		expect(EVENT_SPECS.personIdentified.key).toBe(leadIdentity);
	});

	test.each([
		['newLead', true],
		['personSegmentQualified', true],
		['toString', false],
		['__proto__', false],
		['', false],
		[42, false],
	])('isPollEvent(%p) is %p', (value, is) => expect(isPollEvent(value)).toBe(is));
});
