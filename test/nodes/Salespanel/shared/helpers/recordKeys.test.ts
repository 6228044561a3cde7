// Record keys for de-duplication and trigger state (pure).
import {
	companyKey,
	contactKey,
	MAX_KEY_LENGTH,
} from '../../../../../nodes/Salespanel/shared/helpers/recordKeys';

describe('contactKey', () => {
	it('is the contact ID in lower case', () => {
		expect(contactKey({ contact_id: 'BE8364A3-59b2-d17e-988f-27fb997df240' })).toBe(
			'be8364a3-59b2-d17e-988f-27fb997df240',
		);
	});
	it.each([{}, { contact_id: '' }, { contact_id: 42 }, { contact_id: null }])(
		'%j: no key',
		(item) => {
			expect(contactKey(item as never)).toBeUndefined();
		},
	);
	it(`a hostile ID is cut to ${MAX_KEY_LENGTH} characters`, () => {
		expect(contactKey({ contact_id: 'x'.repeat(1_000_000) })).toHaveLength(MAX_KEY_LENGTH);
	});
});

describe('companyKey', () => {
	it('is the domain (trimmed, lower case), else the name marked as one', () => {
		expect(companyKey({ domain: ' Acme.COM ', name: 'Acme' })).toBe('acme.com');
		expect(companyKey({ domain: '  ', name: ' Acme Corp ' })).toBe('name:acme corp');
		expect(companyKey({ name: 'acme.com' })).toBe('name:acme.com');
	});
	it.each([{}, { domain: '', name: '' }, { domain: 5, name: null }])('%j: no key', (item) => {
		expect(companyKey(item as never)).toBeUndefined();
	});
	it(`a hostile domain or name is cut to ${MAX_KEY_LENGTH} characters`, () => {
		expect(companyKey({ domain: 'd'.repeat(1_000_000) })).toHaveLength(MAX_KEY_LENGTH);
		expect(companyKey({ name: 'n'.repeat(1_000_000) })).toHaveLength(MAX_KEY_LENGTH);
	});
});
