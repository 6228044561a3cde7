import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { nodeProperties } from './actions/operations';
import { router } from './actions/router';
import { searchVisitors, searchVisitorsAnonymousFirst } from './shared/pickers/visitors';

export class Salespanel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salespanel',
		name: 'salespanel',
		icon: { light: 'file:salespanel.svg', dark: 'file:salespanel.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Get visitors, leads, visiting companies, activities, attribution and segments from Salespanel, identify visitors and log custom activities',
		defaults: { name: 'Salespanel' },
		documentationUrl: 'https://github.com/salespanel/n8n-nodes-salespanel#operations',
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'salespanelApi', required: true }],
		properties: nodeProperties(),
	};

	methods = {
		listSearch: { searchVisitors, searchVisitorsAnonymousFirst },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
