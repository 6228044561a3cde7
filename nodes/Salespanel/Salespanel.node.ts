import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as activity from './actions/activity';
import * as lead from './actions/lead';
import { router } from './actions/router';
import * as segment from './actions/segment';
import * as visitingCompany from './actions/visitingCompany';
import * as visitor from './actions/visitor';
import { searchVisitors, searchVisitorsAnonymousFirst } from './methods/visitors';

export class Salespanel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salespanel',
		name: 'salespanel',
		icon: { light: 'file:salespanel.svg', dark: 'file:salespanel.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Get visitors, leads, visiting companies, activities, attribution and segments from Salespanel, identify visitors and log custom activities',
		defaults: { name: 'Salespanel' },
		documentationUrl: 'https://github.com/salespanel/n8n-nodes-salespanel#operations',
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'salespanelApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Activity', value: 'activity' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'Segment', value: 'segment' },
					{ name: 'Visiting Company', value: 'visitingCompany' },
					{ name: 'Visitor', value: 'visitor' },
				],
				default: 'visitor',
			},
			...visitor.description,
			...activity.description,
			...lead.description,
			...visitingCompany.description,
			...segment.description,
		],
	};

	methods = {
		listSearch: { searchVisitors, searchVisitorsAnonymousFirst },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
