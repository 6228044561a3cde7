import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { parseEmail } from '../../shared/helpers/validation';
import {
	additionalFieldsCollection,
	optionalTextField,
	optionsCollection,
	visitorLocatorField,
	type TextField,
} from '../descriptions';
import { readAdditionalText, readVisitor } from '../parameters';
import type { OperationModule, VisitorField, VisitorWrite } from '../types';
import { emailOrderKey, postVisitorWrite, visitorOrderKey } from '../visitorRequests';

const visitorField: VisitorField = {
	name: 'visitorId',
	byEmail: false,
	anonymousFirst: true,
	description: 'The anonymous visitor to identify (the list shows anonymous visitors first)',
};

const identifiedThroughField: TextField = {
	displayName: 'Identified Through',
	name: 'identifiedThrough',
	example: 'form_submission',
	description: 'How the visitor was identified, e.g. form_submission or email_click',
};

const fields: INodeProperties[] = [
	visitorLocatorField(visitorField),
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		required: true,
		default: '',
		description: 'Email address to associate with the visitor',
	},
	additionalFieldsCollection([optionalTextField(identifiedThroughField)]),
	optionsCollection(),
];

export const identifyVisitor = {
	fields,
	prepare(itemIndex) {
		const visitor = readVisitor.call(this, itemIndex, visitorField);
		const body: IDataObject = {
			email: parseEmail(
				this.getNode(),
				itemIndex,
				'Email',
				this.getNodeParameter('email', itemIndex),
			),
		};
		const through = readAdditionalText.call(this, itemIndex, identifiedThroughField);
		if (through) body.identified_through = through;
		return { visitor, body };
	},
	async execute(prepared, client, itemIndex) {
		const response = await postVisitorWrite.call(
			this,
			client,
			`visitors/${prepared.visitor.encoded}/identify/`,
			prepared,
			itemIndex,
		);
		// The reference documents no answer body; an empty one still means success.
		return Object.keys(response).length > 0
			? response
			: { success: true, visitor_id: prepared.visitor.value, email: prepared.body.email };
	},
	/** The anonymous visitor and the email it gets: a later write by that email must wait for this one. */
	orderKeys(prepared) {
		return [visitorOrderKey(prepared.visitor), emailOrderKey(String(prepared.body.email))];
	},
} satisfies OperationModule<VisitorWrite>;
