/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Activity → Get Many (actions/activity/getAll.operation.ts): getAll.workflow.json, as the editor saves
// it, run by the real n8n-core engine against the sandbox.
import type { IDataObject } from 'n8n-workflow';

import { activitySchema } from '../../../../tools/schemas';
import { NODE_NAME } from '../../../../tools/support/node-env';
import {
	expectRefusedBeforeAnyRequest,
	useOperationTest,
} from '../../../../tools/support/operationTest';

const { env, saved } = useOperationTest(__dirname, 'getAll', { visitors: 60 });
const SAVED_ID = '129f61c2-031a-358b-8b7a-f5c85ba1e4be';
/** Activity items carry the visitor they belong to; strip it to compare with the API objects. */
const withoutVisitor = (activity: IDataObject): IDataObject => {
	const rest = { ...activity };
	delete rest.visitor;
	return rest;
};

test('getAll.workflow.json: all activities of the visitor, newest first, each carrying the visitor and paired', async () => {
	const all = env.sandbox.store.activities.get(SAVED_ID)!;
	expect(all.length).toBeGreaterThanOrEqual(8);
	const output = await saved.output();
	expect(output.map((i) => withoutVisitor(i.json))).toEqual(all);
	output.forEach(({ json: { visitor, ...activity }, pairedItem }) => {
		expect(visitor).toBe(SAVED_ID);
		expect(pairedItem).toEqual({ item: 0 });
		activitySchema.parse(activity);
	});
	expect(env.sandbox.requests.map((r) => [r.method, r.path])).toEqual([
		['GET', `/api/v1/visitors/${SAVED_ID}/activities/`],
	]);
});

test('the type filter applies before the limit: Limit 2 of Page Visit is two page visits', async () => {
	const links = env.sandbox.store.activities
		.get(SAVED_ID)!
		.filter((a) => a.activity_type === 'links');
	expect(links.length).toBeGreaterThan(2);
	const run = await saved.run({
		parameters: { returnAll: false, limit: 2, options: { activityTypes: ['links'] } },
	});
	expect(run.json(NODE_NAME).map(withoutVisitor)).toEqual(links.slice(0, 2));
});

test('bad input: a visitor that is neither an ID nor an email fails before any request', async () => {
	const run = await env.run({
		resource: 'activity',
		operation: 'getAll',
		visitorIdentifier: 'jane',
	});
	expectRefusedBeforeAnyRequest(env, run, /'Visitor' is neither/);
});
