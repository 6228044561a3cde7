import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyAttribution } from '../../helpers/simplify';
import type { VisitorIdentifier } from '../../helpers/validation';
import type { SalespanelClient } from '../../transport';
import { optionsCollection, readVisitor, simplifyField, visitorLocatorField } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['visitor'], operation: ['getAttribution'] } }, [
	visitorLocatorField('visitorIdentifier', { byEmail: true, description: 'The visitor whose attribution to get; by email only once identified' }),
	{
		...simplifyField,
		description:
			'Whether to return a flat version: visitor fields, time spent (seconds), landing page, and source, medium and every UTM parameter of the first and last touch (e.g. first_touch_utm_source)',
	},
	optionsCollection(),
]);

interface Prepared {
	visitor: VisitorIdentifier;
	simplify: boolean;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	return {
		visitor: readVisitor.call(this, itemIndex, 'visitorIdentifier', true),
		simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
	};
}

export async function execute(this: IExecuteFunctions, prepared: Prepared, client: SalespanelClient, itemIndex: number): Promise<IDataObject> {
	const visitor = await client.request<IDataObject>({
		method: 'GET',
		path: `visitors/attribution/${prepared.visitor.encoded}/`,
		itemIndex,
		notFoundMessage: `Visitor "${prepared.visitor.value}" not found`,
	});
	return prepared.simplify ? simplifyAttribution(visitor) : visitor;
}
