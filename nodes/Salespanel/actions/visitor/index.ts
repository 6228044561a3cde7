import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getAttribution from './getAttribution.operation';
import * as identify from './identify.operation';
import * as setAttributes from './setAttributes.operation';

export { get, getAll, getAttribution, identify, setAttributes };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['visitor'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a visitor by ID', action: 'Get a visitor' },
			{ name: 'Get Attribution', value: 'getAttribution', description: 'Get first- and last-touch attribution of a visitor', action: 'Get attribution of a visitor' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many visitors, most recently active first', action: 'Get many visitors' },
			{ name: 'Identify', value: 'identify', description: 'Associate an anonymous visitor with an email address', action: 'Identify a visitor' },
			{ name: 'Set Attributes', value: 'setAttributes', description: 'Set custom attribute values on a visitor', action: 'Set attributes of a visitor' },
		],
		default: 'getAll',
	},
	...getAll.description,
	...get.description,
	...identify.description,
	...setAttributes.description,
	...getAttribution.description,
];
