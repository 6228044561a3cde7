import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { companyKey } from '../shared/helpers/recordKeys';
import { simplifyVisitor } from '../shared/helpers/simplify';
import type { SalespanelClient } from '../shared/transport';
import { simplifyField } from '../shared/fields';
import { optionsCollection, resultLimitFields, selectByFirstActivityOption } from './descriptions';
import { readResultLimit, readSimplify, type ResultLimit } from './parameters';
import type { OperationModule } from './types';

export interface ListingPrepared extends ResultLimit {
	selectByFirstActivity: boolean;
	simplify: boolean;
}

/** The collection a Get Many lists. */
export interface ListedCollection {
	/** The collection's path, e.g. 'leads/'. */
	path: string;
	/** Visitors get the Simplify switch and are told apart by contact_id; companies by their domain or name. */
	records: 'visitors' | 'companies';
}

/**
 * Get Many over one of the time-ordered collections (visitors, leads, visiting companies):
 * Return All / Limit, Select by First Activity and, for visitors, Simplify.
 */
export function listingOperation({
	path,
	records,
}: ListedCollection): OperationModule<ListingPrepared> {
	const visitors = records === 'visitors';
	return {
		fields: [
			...resultLimitFields,
			...(visitors ? [simplifyField] : []),
			optionsCollection([selectByFirstActivityOption]),
		],
		prepare(this: IExecuteFunctions, itemIndex: number): ListingPrepared {
			return {
				...readResultLimit.call(this, itemIndex),
				selectByFirstActivity: this.getNodeParameter(
					'options.selectByFirstActivity',
					itemIndex,
					false,
				) as boolean,
				simplify: visitors && readSimplify.call(this, itemIndex),
			};
		},
		async execute(
			prepared: ListingPrepared,
			client: SalespanelClient,
			itemIndex: number,
		): Promise<IDataObject[]> {
			const qs: IDataObject = prepared.selectByFirstActivity
				? { select_by_first_activity: true }
				: {};
			const items = await client.getMany(path, {
				qs,
				maxResults: prepared.maxResults,
				itemIndex,
				key: visitors ? undefined : companyKey,
			});
			return prepared.simplify ? items.map(simplifyVisitor) : items;
		},
	};
}
