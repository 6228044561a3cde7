import type { INodeProperties } from 'n8n-workflow';

import { getManyOnlyOperation } from '../common.descriptions';
import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	getManyOnlyOperation('segment', 'Get many segments of your account', 'Get many segments'),
	...getAll.description,
];
