// Simplify (pure): the flat visitor shape.
import { simplifyVisitor } from '../../../../../nodes/Salespanel/shared/helpers/simplify';

describe('simplifyVisitor', () => {
	it('reads API and webhook spellings alike', () => {
		const simplified = simplifyVisitor({
			contact_id: 'c1',
			person_details: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
			qualified_segments: [{ id: 42, name: 'Enterprise' }, 'Hot'],
			web_activity_summary: {
				total_page_views: 12,
				total_sessions: 3,
				first_visit: 'a',
				last_visit: 'b',
			},
		});
		expect(simplified).toMatchObject({
			contact_id: 'c1',
			name: 'Ada Lovelace',
			email: 'ada@example.com',
			segments: ['Enterprise', 'Hot'],
			page_visits: 12,
			sessions: 3,
			first_seen: 'a',
			last_seen: 'b',
			company_name: null,
			tags: [],
		});
	});
});
