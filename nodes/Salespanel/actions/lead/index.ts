import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [{ name: 'Get Many', value: 'getAll', description: 'Get many leads active in the last 24 hours, most recent first', action: 'Get many leads' }],
		default: 'getAll',
	},
	...getAll.description,
];
