import type { INodeProperties } from 'n8n-workflow';

import { simplifyAttribution } from '../../shared/helpers/simplify';
import { simplifyField } from '../../shared/fields';
import { optionsCollection, visitorLocatorField } from '../descriptions';
import { readVisitorAndSimplify } from '../parameters';
import type { OperationModule, VisitorField, VisitorRead } from '../types';
import { requestVisitorObject, visitorNotFound } from '../visitorRequests';

const visitorField: VisitorField = {
	name: 'visitorIdentifier',
	byEmail: true,
	description: 'The visitor whose attribution to get; by email only once identified',
};

const fields: INodeProperties[] = [
	visitorLocatorField(visitorField),
	{
		...simplifyField,
		description:
			'Whether to return a flat version: visitor fields, time spent (seconds), landing page, and source, medium and every UTM parameter of the first and last touch (e.g. first_touch_utm_source)',
	},
	optionsCollection(),
];

export const getVisitorAttribution = {
	fields,
	prepare(itemIndex) {
		return readVisitorAndSimplify.call(this, itemIndex, visitorField);
	},
	async execute(prepared, client, itemIndex) {
		const visitor = await requestVisitorObject.call(this, client, {
			method: 'GET',
			path: `visitors/attribution/${prepared.visitor.encoded}/`,
			itemIndex,
			notFoundMessage: visitorNotFound(prepared.visitor),
		});
		return prepared.simplify ? simplifyAttribution(visitor) : visitor;
	},
} satisfies OperationModule<VisitorRead>;
