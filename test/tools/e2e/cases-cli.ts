// The nightly CRM sync example run through `n8n execute`; expectations from the sandbox's own store.
import { selectVisitors, type Sandbox } from '../sandbox';
import type { N8nInstance } from '../runner/n8n';
import { expect, expectEqual, type Report } from '../runner/report';
import { WORKFLOW_IDS } from './workflows';

/** Example 2: Return All leads first seen in the last 24 h, mapped to CRM fields. */
export async function runCrmSyncExample(
	report: Report,
	n8n: N8nInstance,
	sandbox: Sandbox,
): Promise<void> {
	await report.check('example 2: nightly CRM sync (n8n execute)', async () => {
		const run = await n8n.execute(WORKFLOW_IDS.crmSync);
		expect(!run.error, `execution failed: ${run.error}`);
		const mapped = run.runData['Map to CRM fields']?.items ?? [];
		const leads = selectVisitors(sandbox.store, Date.now(), true, true);
		expectEqual(
			mapped.map((m) => m.email),
			leads.map((l) => l.person_details?.email),
			'emails of new leads, in order',
		);
		const first = leads[0];
		const name =
			first.person_details?.name ??
			[first.person_details?.first_name, first.person_details?.last_name].filter(Boolean).join(' ');
		expectEqual(
			[
				mapped[0].firstname,
				mapped[0].lastname,
				mapped[0].company,
				mapped[0].website,
				mapped[0].salespanel_contact_id,
			],
			[
				name.split(' ')[0],
				name.split(' ').slice(1).join(' '),
				first.company_details?.name ?? first.person_details?.organization ?? '',
				first.company_details?.domain ?? '',
				first.contact_id,
			],
			'first mapped lead',
		);
		expect(
			mapped.every(
				(m) => Object.keys(m).length === 12 && typeof m.salespanel_page_visits === 'number',
			),
			'every item has the 12 CRM fields',
		);
		return `${mapped.length} new leads = sandbox ${leads.length}, mapped to 12 CRM fields`;
	});
}
