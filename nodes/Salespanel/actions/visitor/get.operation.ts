import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyVisitor, standardVisitor } from '../../helpers/simplify';
import type { VisitorIdentifier } from '../../helpers/validation';
import type { SalespanelClient } from '../../transport';
import { optionsCollection, readVisitor, simplifyField, visitorLocatorField } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['visitor'], operation: ['get'] } }, [
	visitorLocatorField('visitorId', { byEmail: true, description: 'The visitor to get; by email only once identified' }),
	simplifyField,
	optionsCollection(),
]);

interface Prepared {
	visitor: VisitorIdentifier;
	simplify: boolean;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	return {
		visitor: readVisitor.call(this, itemIndex, 'visitorId', true),
		simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
	};
}

/**
 * The visitor endpoint takes only the contact_id; the attribution endpoint also takes an email
 * and answers with the standard visitor plus attribution extras, which are dropped so that both
 * ways give the same item.
 */
export async function execute(this: IExecuteFunctions, prepared: Prepared, client: SalespanelClient, itemIndex: number): Promise<IDataObject> {
	const byEmail = prepared.visitor.kind === 'email';
	const answer = await client.request<IDataObject>({
		method: 'GET',
		path: byEmail ? `visitors/attribution/${prepared.visitor.encoded}/` : `visitors/${prepared.visitor.encoded}/`,
		itemIndex,
		notFoundMessage: `Visitor "${prepared.visitor.value}" not found`,
	});
	const visitor = byEmail ? standardVisitor(answer) : answer;
	return prepared.simplify ? simplifyVisitor(visitor) : visitor;
}
