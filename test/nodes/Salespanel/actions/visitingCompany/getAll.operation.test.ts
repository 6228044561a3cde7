/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Visiting Company → Get Many (actions/visitingCompany/getAll.operation.ts, a listing of actions/listing.ts):
// getAll.workflow.json, as the editor saves it, run by the real n8n-core engine against the sandbox.
import { selectCompanies } from '../../../../tools/sandbox';
import { visitingCompanySchema } from '../../../../tools/schemas';
import { NODE_NAME } from '../../../../tools/support/node-env';
import { SANDBOX_NOW, useOperationTest } from '../../../../tools/support/operationTest';

const { env, saved } = useOperationTest(__dirname, 'getAll', { visitors: 1234 });

test('getAll.workflow.json (Return All): the companies of the last 24 h, as the API has them, paired', async () => {
	const expected = selectCompanies(env.sandbox.store, SANDBOX_NOW, false);
	expect(expected.length).toBeGreaterThan(0);
	const output = await saved.output();
	expect(output).toEqual(expected.map((json) => ({ json, pairedItem: { item: 0 } })));
	output.forEach((c) => visitingCompanySchema.parse(c.json));
	expect(new Set(env.sandbox.requests.map((r) => r.path))).toEqual(
		new Set(['/api/v1/visiting-companies/']),
	);
});

test('Limit 5 with Select by First Activity: the first five of that set, the flag sent', async () => {
	const expected = selectCompanies(env.sandbox.store, SANDBOX_NOW, true).slice(0, 5);
	const run = await saved.run({
		parameters: { returnAll: false, limit: 5, options: { selectByFirstActivity: true } },
	});
	expect(run.json(NODE_NAME)).toEqual(expected);
	expect(
		env.sandbox.requests.map((r) => [r.path, r.query.limit, r.query.select_by_first_activity]),
	).toEqual([['/api/v1/visiting-companies/', '5', 'true']]);
});
