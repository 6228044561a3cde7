import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { parseJsonObject } from '../../shared/helpers/validation';
import {
	additionalFieldsCollection,
	optionalTextField,
	optionsCollection,
	requiredTextField,
	visitorLocatorField,
	type TextField,
} from '../descriptions';
import { readAdditionalText, readRequiredText, readVisitor } from '../parameters';
import type { OperationModule, VisitorField, VisitorWrite } from '../types';
import { postVisitorWrite, visitorWriteKeys } from '../visitorRequests';

const visitorField: VisitorField = {
	name: 'visitorIdentifier',
	byEmail: true,
	description: 'The visitor who did the activity; by email only once identified',
};

const categoryField: TextField = {
	displayName: 'Category',
	name: 'category',
	example: 'product_interaction',
	description: 'Groups similar activities, e.g. product_interaction or sales_call',
};
const labelField: TextField = {
	displayName: 'Label',
	name: 'label',
	example: 'demo_viewed',
	description: 'The specific action or event, e.g. demo_viewed or trial_started',
};
const activityIdentifierField: TextField = {
	displayName: 'Activity Identifier',
	name: 'activityIdentifier',
	example: 'Product Demo Video',
	description: 'A human-readable description or identifier of the activity',
};

const fields: INodeProperties[] = [
	visitorLocatorField(visitorField),
	requiredTextField(categoryField),
	requiredTextField(labelField),
	additionalFieldsCollection([
		optionalTextField(activityIdentifierField),
		{
			displayName: 'Metadata',
			name: 'metadata',
			type: 'json',
			default: '{}',
			description:
				'Additional data as a JSON object, e.g. {"video_duration": 120, "completed": true}',
		},
	]),
	optionsCollection(),
];

export const createActivity = {
	fields,
	prepare(itemIndex) {
		const visitor = readVisitor.call(this, itemIndex, visitorField);
		const body: IDataObject = {
			visitor_identifier: visitor.value,
			category: readRequiredText.call(this, itemIndex, categoryField),
			label: readRequiredText.call(this, itemIndex, labelField),
		};
		const identifier = readAdditionalText.call(this, itemIndex, activityIdentifierField);
		if (identifier) body.activity_identifier = identifier;
		const metadata = parseJsonObject(
			this.getNode(),
			itemIndex,
			'Metadata',
			this.getNodeParameter('additionalFields.metadata', itemIndex, '{}'),
		);
		if (Object.keys(metadata).length > 0) body.metadata = metadata;
		return { visitor, body };
	},
	/** Never retried after a broken connection (see shared/transport/retry.ts): an activity must not be logged twice. */
	async execute(prepared, client, itemIndex) {
		return await postVisitorWrite.call(
			this,
			client,
			'custom-activity/create/',
			prepared,
			itemIndex,
		);
	},
	orderKeys: visitorWriteKeys,
} satisfies OperationModule<VisitorWrite>;
