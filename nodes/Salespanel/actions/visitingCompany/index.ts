import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['visitingCompany'] } },
		options: [{ name: 'Get Many', value: 'getAll', description: 'Get many companies that visited in the last 24 hours, most recent first', action: 'Get many visiting companies' }],
		default: 'getAll',
	},
	...getAll.description,
];
