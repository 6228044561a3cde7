import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['segment'] } },
		options: [{ name: 'Get Many', value: 'getAll', description: 'Get many segments of your account', action: 'Get many segments' }],
		default: 'getAll',
	},
	...getAll.description,
];
