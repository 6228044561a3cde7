import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseJsonObject, validateAttributes } from '../../shared/helpers/validation';
import { optionsCollection, VISITOR_FIELD, visitorLocatorField } from '../descriptions';
import { readVisitor } from '../parameters';
import type { OperationModule, VisitorField, VisitorWrite } from '../types';
import { postVisitorWrite, visitorNotFound, visitorWriteKeys } from '../visitorRequests';

const visitorField: VisitorField = {
	name: 'visitorIdentifier',
	byEmail: true,
	description: "The visitor to update; by email also with 'Create New Visitor' to create one",
};

const fields: INodeProperties[] = [
	visitorLocatorField(visitorField),
	{
		displayName: 'Attributes Input Mode',
		name: 'attributesInputMode',
		type: 'options',
		options: [
			{
				name: 'Fields',
				value: 'fields',
				description: 'Enter each attribute with its name, type and value',
			},
			{ name: 'JSON', value: 'json', description: 'Enter all attributes as one JSON object' },
		],
		default: 'fields',
	},
	{
		displayName: 'Attributes',
		name: 'attributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Attribute',
		default: {},
		displayOptions: { show: { attributesInputMode: ['fields'] } },
		description:
			'Attributes that do not exist in your account yet are created, typed by their first value',
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. plan_interest',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'String', value: 'string' },
							{ name: 'Number', value: 'number' },
							{ name: 'Boolean', value: 'boolean' },
						],
						default: 'string',
					},
					{
						displayName: 'Value',
						name: 'stringValue',
						type: 'string',
						default: '',
						displayOptions: { show: { type: ['string'] } },
					},
					{
						displayName: 'Value',
						name: 'numberValue',
						type: 'number',
						typeOptions: { numberPrecision: 6 },
						default: 0,
						displayOptions: { show: { type: ['number'] } },
					},
					{
						displayName: 'Value',
						name: 'booleanValue',
						type: 'boolean',
						default: false,
						description: 'Whether the attribute is true',
						displayOptions: { show: { type: ['boolean'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Attributes (JSON)',
		name: 'attributesJson',
		type: 'json',
		default: '{}',
		placeholder: '{"plan_interest": "enterprise", "seats": 25, "is_customer": false}',
		displayOptions: { show: { attributesInputMode: ['json'] } },
		description:
			'A JSON object of attribute names and values (string, number or boolean), e.g. {"plan_interest": "enterprise", "seats": 25}',
	},
	optionsCollection([
		{
			displayName: 'Create New Visitor',
			name: 'createNew',
			type: 'boolean',
			default: false,
			description: 'Whether to create a visitor with this email address if none exists yet',
		},
	]),
];

interface AttributeRow {
	name?: string;
	type?: 'string' | 'number' | 'boolean';
	stringValue?: string;
	numberValue?: number;
	booleanValue?: boolean;
}

export const setVisitorAttributes = {
	fields,
	prepare(itemIndex) {
		const node = this.getNode();
		const visitor = readVisitor.call(this, itemIndex, visitorField);
		const mode = this.getNodeParameter('attributesInputMode', itemIndex, 'fields') as string;
		let raw: IDataObject | Array<[string, unknown]>;
		let field: string;
		if (mode === 'json') {
			field = 'Attributes (JSON)';
			raw = parseJsonObject(
				node,
				itemIndex,
				field,
				this.getNodeParameter('attributesJson', itemIndex, '{}'),
			);
		} else {
			field = 'Attributes';
			const rows =
				(this.getNodeParameter('attributes.attribute', itemIndex, []) as AttributeRow[]) ?? [];
			raw = rows.map((row): [string, unknown] => [
				String(row.name ?? ''),
				row.type === 'number'
					? row.numberValue
					: row.type === 'boolean'
						? row.booleanValue
						: (row.stringValue ?? ''),
			]);
		}
		const attributes = validateAttributes(node, itemIndex, field, raw);
		const createNew = this.getNodeParameter('options.createNew', itemIndex, false) as boolean;
		if (createNew && visitor.kind !== 'email') {
			throw new NodeOperationError(
				node,
				`'Create New Visitor' needs an email address in '${VISITOR_FIELD}'`,
				{
					itemIndex,
					description:
						'Salespanel can only create a visitor from an email address. Choose By Email and enter it, or turn the option off.',
				},
			);
		}
		return {
			visitor,
			body: {
				visitor_identifier: visitor.value,
				visitor_attributes: attributes,
				create_new: createNew,
			},
		};
	},
	async execute(prepared, client, itemIndex) {
		const fix = "turn on 'Create New Visitor' to create one from an email address";
		return await postVisitorWrite.call(
			this,
			client,
			'visitor-attributes/',
			prepared,
			itemIndex,
			visitorNotFound(prepared.visitor, fix),
		);
	},
	orderKeys: visitorWriteKeys,
} satisfies OperationModule<VisitorWrite>;
