import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseJsonObject } from '../../helpers/validation';
import type { SalespanelClient } from '../../transport';
import { additionalFieldsCollection, optionsCollection, visitorLocatorField, type VisitorField } from '../descriptions';
import { readOptionalText, readRequiredText, readVisitor } from '../parameters';
import type { OperationModule, VisitorWrite } from '../types';

const visitorField: VisitorField = {
	name: 'visitorIdentifier',
	byEmail: true,
	description: 'The visitor who did the activity; by email only once identified',
};

const fields: INodeProperties[] = [
	visitorLocatorField(visitorField),
	{
		displayName: 'Category',
		name: 'category',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. product_interaction',
		description: 'Groups similar activities, e.g. product_interaction or sales_call',
	},
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. demo_viewed',
		description: 'The specific action or event, e.g. demo_viewed or trial_started',
	},
	additionalFieldsCollection([
		{
			displayName: 'Activity Identifier',
			name: 'activityIdentifier',
			type: 'string',
			default: '',
			placeholder: 'e.g. Product Demo Video',
			description: 'A human-readable description or identifier of the activity',
		},
		{
			displayName: 'Metadata',
			name: 'metadata',
			type: 'json',
			default: '{}',
			description: 'Additional data as a JSON object, e.g. {"video_duration": 120, "completed": true}',
		},
	]),
	optionsCollection(),
];

function prepare(this: IExecuteFunctions, itemIndex: number): VisitorWrite {
	const visitor = readVisitor.call(this, itemIndex, visitorField);
	const body: IDataObject = {
		visitor_identifier: visitor.value,
		category: readRequiredText.call(this, itemIndex, 'category', 'Category', 'product_interaction'),
		label: readRequiredText.call(this, itemIndex, 'label', 'Label', 'demo_viewed'),
	};
	const identifier = readOptionalText.call(this, itemIndex, 'additionalFields.activityIdentifier');
	if (identifier) body.activity_identifier = identifier;
	const metadata = parseJsonObject(this.getNode(), itemIndex, 'Metadata', this.getNodeParameter('additionalFields.metadata', itemIndex, '{}'));
	if (Object.keys(metadata).length > 0) body.metadata = metadata;
	return { visitor, body };
}

/** Never retried after a broken connection (see transport/retry.ts): an activity must not be logged twice. */
async function execute(this: IExecuteFunctions, prepared: VisitorWrite, client: SalespanelClient, itemIndex: number): Promise<IDataObject> {
	return await client.request<IDataObject>({
		method: 'POST',
		path: 'custom-activity/create/',
		body: prepared.body,
		itemIndex,
		notFoundMessage: `Visitor "${prepared.visitor.value}" not found`,
	});
}

export const createActivity = { fields, prepare, execute } satisfies OperationModule<VisitorWrite>;
