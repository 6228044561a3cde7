import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { SalespanelClient } from '../../transport';
import { limitField, optionsCollection, readCollectionInput, returnAllField, type CollectionInput } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['segment'], operation: ['getAll'] } }, [
	returnAllField,
	limitField,
	optionsCollection(),
]);

export function prepare(this: IExecuteFunctions, itemIndex: number): CollectionInput {
	return readCollectionInput.call(this, itemIndex);
}

/** Segments may come paginated or as a bare array; the transport reads both. */
export async function execute(this: IExecuteFunctions, prepared: CollectionInput, client: SalespanelClient, itemIndex: number): Promise<IDataObject[]> {
	return await client.getMany('segments/', { maxResults: prepared.maxResults, itemIndex });
}
