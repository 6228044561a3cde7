import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { SalespanelClient } from '../../transport';
import { optionsCollection, resultLimitFields } from '../descriptions';
import { readResultLimit, type ResultLimit } from '../parameters';
import type { OperationModule } from '../types';

/** Segments may come paginated or as a bare array; the transport reads both. */
async function execute(
	this: IExecuteFunctions,
	prepared: ResultLimit,
	client: SalespanelClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	return await client.getMany('segments/', { maxResults: prepared.maxResults, itemIndex });
}

export const getManySegments = {
	fields: [...resultLimitFields, optionsCollection()],
	prepare: readResultLimit,
	execute,
} satisfies OperationModule<ResultLimit>;
