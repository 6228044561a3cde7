import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { VisitorIdentifier } from '../../shared/helpers/validation';
import { optionsCollection, resultLimitFields, visitorLocatorField } from '../descriptions';
import { readResultLimit, readVisitor, type ResultLimit } from '../parameters';
import type { OperationModule, VisitorField } from '../types';
import { visitorNotFound } from '../visitorRequests';

const visitorField: VisitorField = {
	name: 'visitorIdentifier',
	byEmail: true,
	description: 'The visitor whose activities to get; by email only once identified',
};
/** Salespanel's `activity_type` values, as the reference names them. */
const activityTypes: INodePropertyOptions[] = [
	{
		name: 'Custom Activity',
		value: 'custom_activity',
		description: 'Events logged through the API, JavaScript SDK or Zapier',
	},
	{ name: 'Email', value: 'email', description: 'Email opens' },
	{ name: 'Page Visit', value: 'links', description: 'Website page visits and form submissions' },
];

const fields: INodeProperties[] = [
	visitorLocatorField(visitorField),
	...resultLimitFields,
	optionsCollection([
		{
			displayName: 'Activity Types',
			name: 'activityTypes',
			type: 'multiOptions',
			options: activityTypes,
			default: [],
			description: 'Return only activities of these types (all types when empty)',
		},
	]),
];

interface Prepared extends ResultLimit {
	visitor: VisitorIdentifier;
	types: string[];
}

export const getManyActivities = {
	fields,
	prepare(itemIndex) {
		return {
			visitor: readVisitor.call(this, itemIndex, visitorField),
			...readResultLimit.call(this, itemIndex),
			types: (this.getNodeParameter('options.activityTypes', itemIndex, []) as string[]) ?? [],
		};
	},
	/**
	 * The reference documents the activity list as one bare array, newest first, with no type filter
	 * parameter: the type filter is applied here, before the limit, so "Limit 5 emails" means five emails.
	 */
	async execute(prepared, client, itemIndex) {
		const filtering = prepared.types.length > 0;
		const activities = await client.getMany(`visitors/${prepared.visitor.encoded}/activities/`, {
			maxResults: filtering ? undefined : prepared.maxResults,
			itemIndex,
			key: () => undefined,
			notFoundMessage: visitorNotFound(prepared.visitor),
		});
		const selected = filtering
			? activities.filter((a) => prepared.types.includes(String(a.activity_type)))
			: activities;
		const limited =
			prepared.maxResults === undefined ? selected : selected.slice(0, prepared.maxResults);
		return limited.map((activity) => ({ visitor: prepared.visitor.value, ...activity }));
	},
} satisfies OperationModule<Prepared>;
