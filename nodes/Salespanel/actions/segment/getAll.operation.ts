import { optionsCollection, resultLimitFields } from '../descriptions';
import { readResultLimit, type ResultLimit } from '../parameters';
import type { OperationModule } from '../types';

export const getManySegments = {
	fields: [...resultLimitFields, optionsCollection()],
	prepare: readResultLimit,
	/** Segments may come paginated or as a bare array; the transport reads both. */
	async execute(prepared, client, itemIndex) {
		return await client.getMany('segments/', { maxResults: prepared.maxResults, itemIndex });
	},
} satisfies OperationModule<ResultLimit>;
