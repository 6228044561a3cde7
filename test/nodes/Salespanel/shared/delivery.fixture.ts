// A documented Person Segment Qualified delivery (hook and payload), the one the delivery parser's
// tests (webhook/delivery.test.ts) and the event output's tests (shared/eventOutput.test.ts) start from.
export const hook = {
	id: '2ac9c790-9431-4609-9696-cac25b9b5ad3',
	event: 'person.segment_qualified',
	target: 'https://n8n.example/w',
	title: 'Leads',
};

export const payload = {
	contact_id: 'c1',
	person_details: { name: 'Jane Roe', email: 'jane@acme.com' },
	segment: { segment_id: 'S-9', title: 'Enterprise, EU' },
};
