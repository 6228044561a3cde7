import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyVisitor } from '../../helpers/simplify';
import { parseVisitorId, type VisitorIdentifier } from '../../helpers/validation';
import type { SalespanelClient } from '../../transport';
import { optionsCollection, simplifyField } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['visitor'], operation: ['get'] } }, [
	{
		displayName: 'Visitor ID',
		name: 'visitorId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. be8364a3-59b2-d17e-988f-27fb997df240',
		description: "The visitor's contact_id",
	},
	simplifyField,
	optionsCollection(),
]);

interface Prepared {
	visitor: VisitorIdentifier;
	simplify: boolean;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	return {
		visitor: parseVisitorId(this.getNode(), itemIndex, 'Visitor ID', this.getNodeParameter('visitorId', itemIndex)),
		simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
	};
}

export async function execute(this: IExecuteFunctions, prepared: Prepared, client: SalespanelClient, itemIndex: number): Promise<IDataObject> {
	const visitor = await client.request<IDataObject>({
		method: 'GET',
		path: `visitors/${prepared.visitor.encoded}/`,
		itemIndex,
		notFoundMessage: `Visitor "${prepared.visitor.value}" not found`,
	});
	return prepared.simplify ? simplifyVisitor(visitor) : visitor;
}
