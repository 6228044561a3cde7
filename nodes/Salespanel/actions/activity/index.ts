import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getAll from './getAll.operation';

export { create, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['activity'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Log a custom activity for a visitor', action: 'Create a custom activity' },
			{ name: 'Get Many', value: 'getAll', description: "Get a visitor's page visits, email opens and custom activities", action: 'Get many activities' },
		],
		default: 'getAll',
	},
	...getAll.description,
	...create.description,
];
