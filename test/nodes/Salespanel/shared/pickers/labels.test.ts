// Picker labels (shared/pickers/labels.ts): cut with an ellipsis, never splitting a surrogate pair.
import { MAX_LABEL_LENGTH, shortened } from '../../../../../nodes/Salespanel/shared/pickers/labels';
import { visitorLabel } from '../../../../../nodes/Salespanel/shared/pickers/visitors';

describe('Picker labels: cut with an ellipsis', () => {
	test.each([
		['short', 10, 'short'],
		['exactly 10', 10, 'exactly 10'],
		['eleven char', 10, 'eleven ch…'],
		// The cut would split the emoji's surrogate pair: the whole emoji goes.
		['12345678😀x', 10, '12345678…'],
	])('%j within %i characters: %j', (text, max, cut) => expect(shortened(text, max)).toBe(cut));

	test('a visitor label is never longer than MAX_LABEL_LENGTH, each part at most 50 characters', () => {
		const long = 'x'.repeat(1000);
		const label = visitorLabel(
			{
				contact_id: 'a',
				person_details: { name: long, email: `${long}@acme.com` },
				company_details: { name: long },
			},
			0,
		);
		expect(label).toBe(
			[`${'x'.repeat(49)}…`, `${'x'.repeat(49)}…`, `${'x'.repeat(49)}…`]
				.join(' · ')
				.slice(0, MAX_LABEL_LENGTH - 1) + '…',
		);
		expect(label).toHaveLength(MAX_LABEL_LENGTH);
	});
});
