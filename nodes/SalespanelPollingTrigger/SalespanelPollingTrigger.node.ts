import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { openNodeState } from '../Salespanel/helpers/nodeState';
import { simplifyVisitor } from '../Salespanel/helpers/simplify';
import { SalespanelClient } from '../Salespanel/transport';
import { cursorCeiling, readState, stateFields } from './cursor';
import { EVENT_SPECS, isPollEvent } from './events';
import { newestRecord, pollKeyEvent, pollTimestampEvent, type CheckContext } from './scan';

export class SalespanelPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salespanel Polling Trigger',
		name: 'salespanelPollingTrigger',
		icon: { light: 'file:../Salespanel/salespanel.svg', dark: 'file:../Salespanel/salespanel.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		description:
			'Starts the workflow when Salespanel has new leads, visitors, visiting companies or lead activity, by checking the API on a schedule (no public n8n URL needed)',
		defaults: { name: 'Salespanel Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'salespanelApi', required: true }],
		properties: [
			{
				displayName:
					"Checks Salespanel at the Poll Times above. Each check uses at least one API request of your account's limit (by default 60 per minute and 5,000 per day). If your n8n instance has a public URL, the Salespanel Trigger (webhooks) reacts faster and uses no requests.",
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				required: true,
				default: 'newLead',
				options: [
					{
						name: 'Lead Activity',
						value: 'leadActivity',
						description: 'A lead was active on the website since the last check (newer last seen time)',
					},
					{
						name: 'New Lead',
						value: 'newLead',
						description: 'A lead (identified visitor) was seen for the first time',
					},
					{
						name: 'New Visiting Company',
						value: 'newVisitingCompany',
						description: 'A visiting company was seen for the first time',
					},
					{
						name: 'New Visitor',
						value: 'newVisitor',
						description: 'A visitor (anonymous or identified) was seen for the first time',
					},
				],
			},
			{
				displayName:
					'Salespanel lists only records active in the last 24 hours: keep the workflow active and check at least daily. A check reads every record that is new since the last one (100 per request, paced to the limit above).',
				name: 'windowNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: 'Whether to return a simplified version of the response instead of the raw data',
				displayOptions: { show: { event: ['leadActivity', 'newLead', 'newVisitor'] } },
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as unknown;
		if (!isPollEvent(event)) {
			throw new NodeOperationError(this.getNode(), `Unknown event "${String(event)}"`, {
				description: 'Choose one of the events in the Event parameter.',
			});
		}
		const spec = EVENT_SPECS[event];
		const simplify = spec.kind === 'timestamp' && this.getNodeParameter('simplify', true) !== false;
		const shape = (item: IDataObject): IDataObject => (simplify ? simplifyVisitor(item) : item);
		const client = new SalespanelClient(this);

		if (this.getMode() === 'manual') {
			// Test step: show the newest record as a sample; the production cursor is not touched.
			const sample = await newestRecord(client, spec);
			return sample === undefined ? null : [this.helpers.returnJsonArray([shape(sample)])];
		}

		const store = openNodeState(this);
		if (store === undefined) {
			throw new NodeOperationError(this.getNode(), "The workflow's static data is damaged, so the trigger cannot keep its position", {
				description:
					'The workflow JSON holds a "staticData" value that is not an object. Remove the "staticData" entry from the workflow (e.g. export it, delete the entry, import it again) and activate the workflow again.',
			});
		}
		const check: CheckContext = { client, node: this.getNode(), ceilingMs: cursorCeiling(Date.now()) };
		const state = readState(store.stored, event, check.ceilingMs);
		// Any request error propagates before the state is written, so the cursor stays put.
		const { emit, next } =
			spec.kind === 'timestamp'
				? await pollTimestampEvent(check, spec, event, state)
				: await pollKeyEvent(check, spec, event, state);
		store.save(stateFields(next));
		if (emit.length === 0) return null;
		return [this.helpers.returnJsonArray(emit.map(shape))];
	}
}
