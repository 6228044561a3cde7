import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { EMAIL_REGEX, parseLimit, parseVisitorLocator, UUID_REGEX, type VisitorIdentifier } from '../helpers/validation';
import type { ClientSettings } from '../transport';

/** Return All switch of a collection operation. */
export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

/** Limit of a collection operation; pages of 100 are fetched until it is reached. */
export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return a flat version of each visitor (ID, name, email, title, company, source, country, tags, segments, activity counts, first and last seen) instead of the full Salespanel object',
};

export const selectByFirstActivityOption: INodeProperties = {
	displayName: 'Select by First Activity',
	name: 'selectByFirstActivity',
	type: 'boolean',
	default: false,
	description:
		'Whether to select by first activity instead of last activity: return only those first seen in the period, not those merely active in it',
};

/** Pacing to the account's throttle; offered in every operation's Options. */
export const rateLimitOptions: INodeProperties[] = [
	{
		displayName: 'Rate Limit Requests',
		name: 'rateLimitRequests',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60,
		description:
			"How many requests the node sends per rate limit window at most. Salespanel's default burst throttle is 60 per 60 seconds; enter your account's custom limit if it has one. 0 turns pacing off.",
	},
	{
		displayName: 'Rate Limit Window (Seconds)',
		name: 'rateLimitWindowSeconds',
		type: 'number',
		typeOptions: { minValue: 0.001, numberPrecision: 3 },
		default: 60,
		description: "Length of the throttle window in seconds (Salespanel's default: 60)",
	},
];

/** An Options collection with the operation's own options plus the rate limit pair. */
export function optionsCollection(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...extra, ...rateLimitOptions],
	};
}

export interface CollectionInput {
	/** undefined = Return All. */
	maxResults: number | undefined;
}

/** Reads Return All / Limit of one item, validating an expression-supplied limit. */
export function readCollectionInput(this: IExecuteFunctions, itemIndex: number): CollectionInput {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return { maxResults: undefined };
	return { maxResults: parseLimit(this.getNode(), itemIndex, this.getNodeParameter('limit', itemIndex, 50)) };
}

/** Pacing settings from the first item's options (one pacer serves the whole execution). */
export function readClientSettings(this: IExecuteFunctions): Partial<ClientSettings> {
	const requests = Number(this.getNodeParameter('options.rateLimitRequests', 0, 60));
	const windowSeconds = Number(this.getNodeParameter('options.rateLimitWindowSeconds', 0, 60));
	return {
		pacing: {
			requestsPerWindow: Number.isFinite(requests) && requests > 0 ? Math.floor(requests) : 0,
			windowMs: Number.isFinite(windowSeconds) && windowSeconds > 0 ? windowSeconds * 1000 : 60_000,
		},
	};
}

/** Label of every visitor field, as error messages name it. */
export const VISITOR_FIELD = 'Visitor';

/** The two visitor locator fields; their names are kept from the plain-text fields they replaced. */
export type VisitorFieldName = 'visitorId' | 'visitorIdentifier';

/**
 * The visitor picker of every operation that targets one visitor: From List (recent visitors,
 * searchable), By Email (unless the endpoint takes only an ID) and By ID.
 */
export function visitorLocatorField(
	name: VisitorFieldName,
	options: { byEmail: boolean; anonymousFirst?: boolean; description: string },
): INodeProperties {
	return {
		displayName: VISITOR_FIELD,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a visitor...',
				typeOptions: {
					searchListMethod: options.anonymousFirst ? 'searchVisitorsAnonymousFirst' : 'searchVisitors',
					searchable: true,
				},
			},
			...(options.byEmail
				? [
						{
							displayName: 'By Email',
							name: 'email',
							type: 'string' as const,
							placeholder: 'e.g. jane@acme.com',
							validation: [
								{ type: 'regex' as const, properties: { regex: EMAIL_REGEX, errorMessage: 'Not an email address, e.g. jane@acme.com' } },
							],
						},
					]
				: []),
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. be8364a3-59b2-d17e-988f-27fb997df240',
				validation: [
					{ type: 'regex', properties: { regex: UUID_REGEX, errorMessage: 'Not a visitor ID (contact_id), e.g. be8364a3-59b2-d17e-988f-27fb997df240' } },
				],
			},
		],
	};
}

/** Reads and validates one item's visitor field (a locator value or a plain string). */
export function readVisitor(this: IExecuteFunctions, itemIndex: number, name: VisitorFieldName, allowEmail: boolean): VisitorIdentifier {
	return parseVisitorLocator(this.getNode(), itemIndex, VISITOR_FIELD, this.getNodeParameter(name, itemIndex), allowEmail);
}

/** The Operation selector of a resource whose only operation is Get Many. */
export function getManyOnlyOperation(resource: string, description: string, action: string): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: [{ name: 'Get Many', value: 'getAll', description, action }],
		default: 'getAll',
	};
}
