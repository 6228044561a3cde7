import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { simplifyEventField } from '../Salespanel/actions/descriptions';
import { openNodeState } from '../Salespanel/helpers/nodeState';
import { simplifyVisitor } from '../Salespanel/helpers/simplify';
import { getSegments, segmentsField } from '../Salespanel/methods/segments';
import { SalespanelClient } from '../Salespanel/transport';
import { EVENT_SPECS, isPollEvent } from './events';
import { newestRecord, type CheckContext } from './newestFirst';
import { pollKeyEvent, pollTimestampEvent } from './newRecords';
import {
	pollWindowEvent,
	sampleWindowEvent,
	segmentFilter,
	type WindowOptions,
} from './personEvents';
import { cursorCeiling, readState, stateFields } from './storedState';

export class SalespanelPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salespanel Polling Trigger',
		name: 'salespanelPollingTrigger',
		icon: {
			light: 'file:../Salespanel/salespanel.svg',
			dark: 'file:../Salespanel/salespanel.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		description:
			'Starts the workflow when Salespanel has new leads, visitors, visiting companies, lead activity, identified people or segment qualifications, by checking the API on a schedule (no public n8n URL needed)',
		documentationUrl:
			'https://github.com/salespanel/n8n-nodes-salespanel#salespanel-polling-trigger',
		defaults: { name: 'Salespanel Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'salespanelApi', required: true }],
		properties: [
			{
				displayName:
					'Checks Salespanel at the Poll Times above, using requests of your API limit. Salespanel lists only the last 24 hours: check at least daily. With a public n8n URL, the Salespanel Trigger is faster.',
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			{
				// Not "Event": the node creator turns a trigger's "Event" options into actions and
				// then lists the node as an app among the action nodes. The name keeps saved values.
				displayName: 'Watch For',
				name: 'event',
				type: 'options',
				required: true,
				default: 'newLead',
				options: [
					{
						name: 'Lead Activity',
						value: 'leadActivity',
						description:
							'A lead was active on the website since the last check (newer last seen time)',
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
					{
						name: 'Person Identified',
						value: 'personIdentified',
						description:
							'A visitor became an identified lead, however long ago first seen. Each check reads all leads active in the last 24 hours (1 request per 100).',
					},
					{
						name: 'Person Segment Qualified',
						value: 'personSegmentQualified',
						description:
							'A lead qualified for a segment. Each check reads all leads active in the last 24 hours (1 request per 100).',
					},
				],
			},
			segmentsField('', {
				hint: 'Only qualifications for these segments start the workflow; none selected: every segment. Typed segment titles work too.',
				displayOptions: { show: { event: ['personSegmentQualified'] } },
			}),
			{
				...simplifyEventField,
				displayOptions: {
					show: {
						event: [
							'leadActivity',
							'newLead',
							'newVisitor',
							'personIdentified',
							'personSegmentQualified',
						],
					},
				},
			},
		],
	};

	methods = {
		loadOptions: { getSegments },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as unknown;
		if (!isPollEvent(event)) {
			throw new NodeOperationError(this.getNode(), `Unknown event "${String(event)}"`, {
				description: 'Choose one of the events in the Event parameter.',
			});
		}
		const spec = EVENT_SPECS[event];
		const simplify = spec.kind !== 'key' && this.getNodeParameter('simplify', true) !== false;
		const shape = (item: IDataObject): IDataObject => (simplify ? simplifyVisitor(item) : item);
		const client = new SalespanelClient(this);
		const windowOptions: WindowOptions = {
			segmentFilter:
				spec.kind === 'window' ? segmentFilter(this.getNodeParameter('segments', [])) : [],
			simplify,
		};

		if (this.getMode() === 'manual') {
			// Test step: show the newest record as a sample; the production cursor is not touched.
			if (spec.kind === 'window') {
				const item = await sampleWindowEvent(client, spec, windowOptions);
				return item === undefined ? null : [this.helpers.returnJsonArray([item])];
			}
			const sample = await newestRecord(client, spec);
			return sample === undefined ? null : [this.helpers.returnJsonArray([shape(sample)])];
		}

		const store = openNodeState(this);
		if (store === undefined) {
			throw new NodeOperationError(
				this.getNode(),
				"The workflow's static data is damaged, so the trigger cannot keep its position",
				{
					description:
						'The workflow JSON holds a "staticData" value that is not an object. Remove the "staticData" entry from the workflow (e.g. export it, delete the entry, import it again) and activate the workflow again.',
				},
			);
		}
		const check: CheckContext = {
			client,
			node: this.getNode(),
			ceilingMs: cursorCeiling(Date.now()),
		};
		const state = readState(store.stored, event, check.ceilingMs);
		// Any request error propagates before the state is written, so the cursor stays put.
		if (spec.kind === 'window') {
			// Person events: the items already have the webhook trigger's shape.
			const { emit, next } = await pollWindowEvent(check, spec, event, state, windowOptions);
			store.save(stateFields(next));
			return emit.length === 0 ? null : [this.helpers.returnJsonArray(emit)];
		}
		const { emit, next } =
			spec.kind === 'timestamp'
				? await pollTimestampEvent(check, spec, event, state)
				: await pollKeyEvent(check, spec, event, state);
		store.save(stateFields(next));
		if (emit.length === 0) return null;
		return [this.helpers.returnJsonArray(emit.map(shape))];
	}
}
