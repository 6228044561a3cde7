import type { INodeProperties } from 'n8n-workflow';

import { EMAIL_REGEX, UUID_REGEX } from '../shared/helpers/validation';
import type { VisitorField } from './types';

/** Return All switch and Limit of a collection operation; `readResultLimit` reads them. */
export const resultLimitFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

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
			'Most requests the node sends per window. Salespanel allows 60 a minute unless your account has a custom limit: enter that. 0 sends without waiting. <a href="https://github.com/salespanel/n8n-nodes-salespanel#rate-limits" target="_blank">Rate limits</a>',
	},
	{
		displayName: 'Rate Limit Window (Seconds)',
		name: 'rateLimitWindowSeconds',
		type: 'number',
		typeOptions: { minValue: 0.001, numberPrecision: 3 },
		default: 60,
		description: "How long the window is, in seconds (Salespanel's default: 60)",
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

/** The Additional Fields collection of a write: optional body fields, read by `readAdditionalText`. */
export function additionalFieldsCollection(fields: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: fields,
	};
}

/**
 * A plain text field, written once: `requiredTextField` or `optionalTextField` draws it and
 * `readRequiredText` or `readAdditionalText` reads it, so the label and example in an error
 * are the ones on screen.
 */
export interface TextField {
	displayName: string;
	name: string;
	/** Shown as the placeholder (and, for a required field, in the error for an empty value). */
	example: string;
	description: string;
}

export function requiredTextField(field: TextField): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'string',
		required: true,
		default: '',
		placeholder: `e.g. ${field.example}`,
		description: field.description,
	};
}

/** A text field of Additional Fields; left empty, it is not sent. */
export function optionalTextField(field: TextField): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'string',
		default: '',
		placeholder: `e.g. ${field.example}`,
		description: field.description,
	};
}

/** Label of every visitor field, as error messages name it. */
export const VISITOR_FIELD = 'Visitor';

/**
 * The visitor picker of every operation that targets one visitor: From List (recent visitors,
 * searchable), By Email (unless the endpoint takes only an ID) and By ID.
 */
export function visitorLocatorField(field: VisitorField): INodeProperties {
	return {
		displayName: VISITOR_FIELD,
		name: field.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: field.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a visitor...',
				typeOptions: {
					searchListMethod: field.anonymousFirst
						? 'searchVisitorsAnonymousFirst'
						: 'searchVisitors',
					searchable: true,
				},
			},
			...(field.byEmail
				? [
						{
							displayName: 'By Email',
							name: 'email',
							type: 'string' as const,
							placeholder: 'e.g. jane@acme.com',
							validation: [
								{
									type: 'regex' as const,
									properties: {
										regex: EMAIL_REGEX,
										errorMessage: 'Not an email address, e.g. jane@acme.com',
									},
								},
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
					{
						type: 'regex',
						properties: {
							regex: UUID_REGEX,
							errorMessage:
								'Not a visitor ID (contact_id), e.g. be8364a3-59b2-d17e-988f-27fb997df240',
						},
					},
				],
			},
		],
	};
}
