/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Activity → Create (actions/activity/create.operation.ts): create.workflow.json, as the editor saves it,
// run by the real n8n-core engine against the sandbox. Metadata keys n8n's HTTP client would drop are in
// create.operation.hostile.test.ts.
import {
	customActivityRequestSchema,
	customActivityResponseSchema,
} from '../../../../tools/schemas';
import { describeBadInput, useOperationTest } from '../../../../tools/support/operationTest';

const { env, saved } = useOperationTest(__dirname, 'create', { visitors: 60 });
const SAVED_EMAIL = 'arjun.popescu+news@proton.me';

test('create.workflow.json: logs the activity once, by email; it shows in the visitor activities', async () => {
	const lead = env.sandbox.store.visitors.find((v) => v.person_details?.email === SAVED_EMAIL)!;
	const output = await saved.output();
	expect(output.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
	expect(customActivityResponseSchema.parse(output[0].json)).toEqual({
		visitor_id: lead.contact_id,
		success: true,
	});
	expect(env.sandbox.requests.map((r) => [r.method, r.path])).toEqual([
		['POST', '/api/v1/custom-activity/create/'],
	]);
	expect(customActivityRequestSchema.parse(env.sandbox.requests[0].body)).toEqual({
		visitor_identifier: SAVED_EMAIL,
		category: 'product_interaction',
		label: 'viewed_demo',
		activity_identifier: 'Product Demo Video',
		metadata: { video_duration: 120, completed: true },
	});
	const logged = env.sandbox.store.activities
		.get(lead.contact_id)!
		.filter((a) => a.activity_type === 'custom_activity' && a.label === 'viewed_demo');
	expect(logged).toHaveLength(1);
});

describeBadInput(
	env,
	() => ({
		resource: 'activity',
		operation: 'create',
		visitorIdentifier: env.sandbox.store.visitors[0].contact_id,
	}),
	[
		[
			'metadata not an object',
			{ category: 'c', label: 'l', additionalFields: { metadata: '"text"' } },
			/'Metadata' must be a JSON object/,
		],
		['empty label', { category: 'c', label: '={{ "" }}' }, /'Label' is empty/],
		['empty category', { category: '  ', label: 'l' }, /'Category' is empty/],
	],
);
