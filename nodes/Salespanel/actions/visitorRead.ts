import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VisitorIdentifier } from '../shared/helpers/validation';
import type { SalespanelClient } from '../shared/transport';
import { optionsCollection, visitorLocatorField } from './descriptions';
import { readSimplify, readVisitor } from './parameters';
import type { OperationModule, VisitorField, VisitorRead } from './types';
import { requestVisitorObject, visitorNotFound } from './visitorRequests';

/** A read of one visitor: which visitor field, which endpoint, and how the answer becomes the item. */
export interface VisitorReadDefinition {
	visitorField: VisitorField;
	/** The Simplify switch, described for what it flattens. */
	simplifyField: INodeProperties;
	/** The endpoint that answers for this visitor. */
	path(visitor: VisitorIdentifier): string;
	/** The output item from the answer (one JSON object, checked by `requestVisitorObject`). */
	output(answer: IDataObject, prepared: VisitorRead): IDataObject;
}

/** The attribution endpoint: the one read of a visitor that takes an email address as well as the contact_id. */
export function attributionPath(visitor: VisitorIdentifier): string {
	return `visitors/attribution/${visitor.encoded}/`;
}

/**
 * Get and Get Attribution: the visitor picker, Simplify and Options; one GET whose answer must be
 * one visitor object, a 404 naming the visitor as it was entered.
 */
export function visitorReadOperation(
	definition: VisitorReadDefinition,
): OperationModule<VisitorRead> {
	const { visitorField } = definition;
	return {
		fields: [visitorLocatorField(visitorField), definition.simplifyField, optionsCollection()],
		prepare(this: IExecuteFunctions, itemIndex: number): VisitorRead {
			return {
				visitor: readVisitor.call(this, itemIndex, visitorField),
				simplify: readSimplify.call(this, itemIndex),
			};
		},
		async execute(
			this: IExecuteFunctions,
			prepared: VisitorRead,
			client: SalespanelClient,
			itemIndex: number,
		): Promise<IDataObject> {
			const answer = await requestVisitorObject.call(this, client, {
				method: 'GET',
				path: definition.path(prepared.visitor),
				itemIndex,
				notFoundMessage: visitorNotFound(prepared.visitor),
			});
			return definition.output(answer, prepared);
		},
	};
}
