/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Visitor → Get Attribution (actions/visitor/getAttribution.operation.ts): getAttribution.workflow.json,
// as the editor saves it, run by the real n8n-core engine against the sandbox.
import type { IDataObject } from 'n8n-workflow';

import { attributionVisitorSchema } from '../../../../tools/schemas';
import { NODE_NAME } from '../../../../tools/support/node-env';
import { useOperationTest } from '../../../../tools/support/operationTest';

const { env, saved } = useOperationTest(__dirname, 'getAttribution', { visitors: 60 });
const SAVED_EMAIL = 'arjun.popescu+news@proton.me';

test('getAttribution.workflow.json: by an email with "+", the attribution object from the percent-encoded path', async () => {
	const visitor = env.sandbox.store.visitors.find((v) => v.person_details?.email === SAVED_EMAIL)!;
	const output = await saved.output();
	expect(output).toHaveLength(1);
	expect(output[0].pairedItem).toEqual({ item: 0 });
	const raw = attributionVisitorSchema.strict().parse(output[0].json);
	expect(raw).toMatchObject(visitor);
	expect(env.sandbox.requests.map((r) => [r.method, r.path])).toEqual([
		['GET', `/api/v1/visitors/attribution/${encodeURIComponent(SAVED_EMAIL)}/`],
	]);
	expect(env.sandbox.requests[0].path).toContain('%2B');
});

test('by ID with Simplify on: the flat shape, first touch and landing page taken from the attribution', async () => {
	const visitor = env.sandbox.store.visitors.find((v) => v.person_details?.email === SAVED_EMAIL)!;
	const [raw] = (await saved.run()).json(NODE_NAME);
	const run = await saved.run({
		parameters: {
			visitorIdentifier: { __rl: true, mode: 'id', value: visitor.contact_id },
			simplify: true,
		},
	});
	const [simple] = run.json(NODE_NAME);
	expect(simple).toMatchObject({
		contact_id: visitor.contact_id,
		landing_page: (raw.attribution_details as IDataObject).landing_page,
		first_touch_source: (raw.attribution_details as IDataObject).landing_page_source,
	});
	expect(env.sandbox.requests.map((r) => r.path)).toEqual([
		`/api/v1/visitors/attribution/${encodeURIComponent(SAVED_EMAIL)}/`,
		`/api/v1/visitors/attribution/${visitor.contact_id}/`,
	]);
});

test('an unknown visitor: the 404 names the visitor as entered', async () => {
	const run = await saved.run({
		parameters: {
			visitorIdentifier: { __rl: true, mode: 'email', value: 'nobody@nowhere.example' },
		},
	});
	expect(run.error?.message).toBe('Visitor "nobody@nowhere.example" not found (404)');
});
