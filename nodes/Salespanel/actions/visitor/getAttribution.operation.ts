import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyAttribution } from '../../helpers/simplify';
import { parseVisitorIdentifier, type VisitorIdentifier } from '../../helpers/validation';
import type { SalespanelClient } from '../../transport';
import { optionsCollection, simplifyField, visitorIdentifierField } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['visitor'], operation: ['getAttribution'] } }, [
	visitorIdentifierField,
	{
		...simplifyField,
		description:
			'Whether to return a flat version (visitor fields plus landing page, first- and last-touch source, medium and campaign) instead of the full Salespanel object',
	},
	optionsCollection(),
]);

interface Prepared {
	visitor: VisitorIdentifier;
	simplify: boolean;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	return {
		visitor: parseVisitorIdentifier(this.getNode(), itemIndex, 'Visitor ID or Email', this.getNodeParameter('visitorIdentifier', itemIndex)),
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
