import type { INodeProperties } from 'n8n-workflow';

import { getManyOnlyOperation } from '../common.descriptions';
import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	getManyOnlyOperation('lead', 'Get many leads active in the last 24 hours, most recent first', 'Get many leads'),
	...getAll.description,
];
