import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { parseJsonObject, type VisitorIdentifier } from '../../helpers/validation';
import type { SalespanelClient } from '../../transport';
import { optionsCollection, readVisitor, visitorLocatorField } from '../common.descriptions';

export const description = updateDisplayOptions({ show: { resource: ['activity'], operation: ['create'] } }, [
	visitorLocatorField('visitorIdentifier', { byEmail: true, description: 'The visitor who did the activity; by email only once identified' }),
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
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
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
		],
	},
	optionsCollection(),
]);

interface Prepared {
	visitor: VisitorIdentifier;
	body: IDataObject;
}

function requiredText(this: IExecuteFunctions, itemIndex: number, name: string, label: string, example: string): string {
	const value = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!value) {
		throw new NodeOperationError(this.getNode(), `'${label}' is empty`, { itemIndex, description: `Enter a ${label.toLowerCase()}, e.g. ${example}.` });
	}
	return value;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Prepared {
	const node = this.getNode();
	const visitor = readVisitor.call(this, itemIndex, 'visitorIdentifier', true);
	const body: IDataObject = {
		visitor_identifier: visitor.value,
		category: requiredText.call(this, itemIndex, 'category', 'Category', 'product_interaction'),
		label: requiredText.call(this, itemIndex, 'label', 'Label', 'demo_viewed'),
	};
	const identifier = String(this.getNodeParameter('additionalFields.activityIdentifier', itemIndex, '') ?? '').trim();
	if (identifier) body.activity_identifier = identifier;
	const metadata = parseJsonObject(node, itemIndex, 'Metadata', this.getNodeParameter('additionalFields.metadata', itemIndex, '{}'));
	if (Object.keys(metadata).length > 0) body.metadata = metadata;
	return { visitor, body };
}

/** Never retried after a broken connection (see transport/retry.ts): an activity must not be logged twice. */
export async function execute(this: IExecuteFunctions, prepared: Prepared, client: SalespanelClient, itemIndex: number): Promise<IDataObject> {
	return await client.request<IDataObject>({
		method: 'POST',
		path: 'custom-activity/create/',
		body: prepared.body,
		itemIndex,
		notFoundMessage: `Visitor "${prepared.visitor.value}" not found`,
	});
}
