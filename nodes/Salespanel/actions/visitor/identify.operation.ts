import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parseEmail, type VisitorIdentifier } from '../../helpers/validation';
import type { SalespanelClient } from '../../transport';
import { optionsCollection, readVisitor, visitorLocatorField } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['visitor'], operation: ['identify'] } }, [
	visitorLocatorField('visitorId', { byEmail: false, anonymousFirst: true, description: 'The anonymous visitor to identify (the list shows anonymous visitors first)' }),
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		required: true,
		default: '',
		description: 'Email address to associate with the visitor',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Identified Through',
				name: 'identifiedThrough',
				type: 'string',
				default: '',
				placeholder: 'e.g. form_submission',
				description: 'How the visitor was identified, e.g. form_submission or email_click',
			},
		],
	},
	optionsCollection(),
]);

interface Prepared {
	visitor: VisitorIdentifier;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const node = this.getNode();
	const visitor = readVisitor.call(this, itemIndex, 'visitorId', false);
	const body: IDataObject = { email: parseEmail(node, itemIndex, 'Email', this.getNodeParameter('email', itemIndex)) };
	const through = String(this.getNodeParameter('additionalFields.identifiedThrough', itemIndex, '') ?? '').trim();
	if (through) body.identified_through = through;
	return { visitor, body };
}

export async function execute(this: IExecuteFunctions, prepared: Prepared, client: SalespanelClient, itemIndex: number): Promise<IDataObject> {
	const response = await client.request<IDataObject>({
		method: 'POST',
		path: `visitors/${prepared.visitor.encoded}/identify/`,
		body: prepared.body,
		itemIndex,
		notFoundMessage: `Visitor "${prepared.visitor.value}" not found`,
	});
	// The reference documents no answer body; an empty one still means success.
	return Object.keys(response).length > 0 ? response : { success: true, visitor_id: prepared.visitor.value, email: prepared.body.email };
}
