import type { INodeProperties } from 'n8n-workflow';

import { simplifyVisitor, standardVisitor } from '../../shared/helpers/simplify';
import { simplifyField } from '../../shared/fields';
import { optionsCollection, visitorLocatorField } from '../descriptions';
import { readVisitorAndSimplify } from '../parameters';
import type { OperationModule, VisitorField, VisitorRead } from '../types';
import { requestVisitorObject, visitorNotFound } from '../visitorRequests';

const visitorField: VisitorField = {
	name: 'visitorId',
	byEmail: true,
	description: 'The visitor to get; by email only once identified',
};

const fields: INodeProperties[] = [
	visitorLocatorField(visitorField),
	simplifyField,
	optionsCollection(),
];

export const getVisitor = {
	fields,
	prepare(itemIndex) {
		return readVisitorAndSimplify.call(this, itemIndex, visitorField);
	},
	/**
	 * The visitor endpoint takes only the contact_id; the attribution endpoint also takes an email
	 * and answers with the standard visitor plus attribution extras, which are dropped so that both
	 * ways give the same item.
	 */
	async execute(prepared, client, itemIndex) {
		const byEmail = prepared.visitor.kind === 'email';
		const answer = await requestVisitorObject.call(this, client, {
			method: 'GET',
			path: byEmail
				? `visitors/attribution/${prepared.visitor.encoded}/`
				: `visitors/${prepared.visitor.encoded}/`,
			itemIndex,
			notFoundMessage: visitorNotFound(prepared.visitor),
		});
		const visitor = byEmail ? standardVisitor(answer) : answer;
		return prepared.simplify ? simplifyVisitor(visitor) : visitor;
	},
} satisfies OperationModule<VisitorRead>;
