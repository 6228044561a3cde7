import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { companyKey } from '../helpers/recordKeys';
import { simplifyVisitor } from '../helpers/simplify';
import type { SalespanelClient } from '../transport';
import {
	limitField,
	optionsCollection,
	readCollectionInput,
	returnAllField,
	selectByFirstActivityOption,
	simplifyField,
} from './common.descriptions';
import type { OperationModule } from './types';

export interface ListingPrepared {
	maxResults: number | undefined;
	selectByFirstActivity: boolean;
	simplify: boolean;
}

/**
 * Get Many over one of the time-ordered collections (visitors, leads, visiting companies):
 * Return All / Limit, Select by First Activity and, for visitor-shaped results, Simplify.
 */
export function listingOperation(path: string, visitorShaped: boolean): OperationModule<ListingPrepared> {
	const description: INodeProperties[] = [
		returnAllField,
		limitField,
		...(visitorShaped ? [simplifyField] : []),
		optionsCollection([selectByFirstActivityOption]),
	];
	return {
		description,
		prepare(this: IExecuteFunctions, itemIndex: number): ListingPrepared {
			return {
				...readCollectionInput.call(this, itemIndex),
				selectByFirstActivity: this.getNodeParameter('options.selectByFirstActivity', itemIndex, false) as boolean,
				simplify: visitorShaped && (this.getNodeParameter('simplify', itemIndex, true) as boolean),
			};
		},
		async execute(prepared: ListingPrepared, client: SalespanelClient, itemIndex: number): Promise<IDataObject[]> {
			const qs: IDataObject = prepared.selectByFirstActivity ? { select_by_first_activity: true } : {};
			const items = await client.getMany(path, {
				qs,
				maxResults: prepared.maxResults,
				itemIndex,
				key: visitorShaped ? undefined : companyKey,
			});
			return prepared.simplify ? items.map(simplifyVisitor) : items;
		},
	};
}
