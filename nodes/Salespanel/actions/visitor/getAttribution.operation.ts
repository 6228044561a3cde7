import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { simplifyAttribution } from '../../helpers/simplify';
import type { SalespanelClient } from '../../transport';
import {
	optionsCollection,
	simplifyField,
	visitorLocatorField,
	type VisitorField,
} from '../descriptions';
import { readVisitorAndSimplify } from '../parameters';
import type { OperationModule, VisitorRead } from '../types';
import { visitorNotFound } from '../visitorRequests';

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

function prepare(this: IExecuteFunctions, itemIndex: number): VisitorRead {
	return readVisitorAndSimplify.call(this, itemIndex, visitorField);
}

async function execute(
	this: IExecuteFunctions,
	prepared: VisitorRead,
	client: SalespanelClient,
	itemIndex: number,
): Promise<IDataObject> {
	const visitor = await client.request<IDataObject>({
		method: 'GET',
		path: `visitors/attribution/${prepared.visitor.encoded}/`,
		itemIndex,
		notFoundMessage: visitorNotFound(prepared.visitor),
	});
	return prepared.simplify ? simplifyAttribution(visitor) : visitor;
}

export const getVisitorAttribution = {
	fields,
	prepare,
	execute,
} satisfies OperationModule<VisitorRead>;
