import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	parseLimit,
	parseVisitorLocator,
	type VisitorIdentifier,
} from '../shared/helpers/validation';
import { DEFAULT_CLIENT_SETTINGS, type ClientSettings } from '../shared/transport';
import { VISITOR_FIELD, type TextField } from './descriptions';
import type { VisitorField } from './types';

/** How many results a collection operation returns. */
export interface ResultLimit {
	/** undefined = Return All. */
	maxResults: number | undefined;
}

/** Reads Return All / Limit (`resultLimitFields`) of one item, validating an expression-supplied limit. */
export function readResultLimit(this: IExecuteFunctions, itemIndex: number): ResultLimit {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return { maxResults: undefined };
	return {
		maxResults: parseLimit(
			this.getNode(),
			itemIndex,
			this.getNodeParameter('limit', itemIndex, 50),
		),
	};
}

/** Pacing settings from the first item's options (one pacer serves the whole execution). */
export function readClientSettings(this: IExecuteFunctions): Partial<ClientSettings> {
	const defaults = DEFAULT_CLIENT_SETTINGS.pacing;
	const requests = Number(
		this.getNodeParameter('options.rateLimitRequests', 0, defaults.requestsPerWindow),
	);
	const windowSeconds = Number(
		this.getNodeParameter('options.rateLimitWindowSeconds', 0, defaults.windowMs / 1000),
	);
	return {
		pacing: {
			requestsPerWindow: Number.isFinite(requests) && requests > 0 ? Math.floor(requests) : 0,
			windowMs:
				Number.isFinite(windowSeconds) && windowSeconds > 0
					? windowSeconds * 1000
					: defaults.windowMs,
		},
	};
}

/** Reads and validates one item's visitor field (a locator value or a plain string). */
export function readVisitor(
	this: IExecuteFunctions,
	itemIndex: number,
	field: VisitorField,
): VisitorIdentifier {
	return parseVisitorLocator(
		this.getNode(),
		itemIndex,
		VISITOR_FIELD,
		this.getNodeParameter(field.name, itemIndex),
		field.byEmail,
	);
}

/** The Simplify switch (`simplifyField`) of one item. */
export function readSimplify(this: IExecuteFunctions, itemIndex: number): boolean {
	return this.getNodeParameter('simplify', itemIndex, true) as boolean;
}

/** Reads one item's `requiredTextField`, trimmed; an empty value fails before any request. */
export function readRequiredText(
	this: IExecuteFunctions,
	itemIndex: number,
	field: TextField,
): string {
	const value = readTrimmedText.call(this, itemIndex, field.name);
	if (!value) {
		const label = field.displayName;
		throw new NodeOperationError(this.getNode(), `'${label}' is empty`, {
			itemIndex,
			description: `Enter a ${label.toLowerCase()}, e.g. ${field.example}.`,
		});
	}
	return value;
}

/** Reads one item's `optionalTextField` in Additional Fields, trimmed; '' when left out. */
export function readAdditionalText(
	this: IExecuteFunctions,
	itemIndex: number,
	field: TextField,
): string {
	return readTrimmedText.call(this, itemIndex, `additionalFields.${field.name}`);
}

function readTrimmedText(this: IExecuteFunctions, itemIndex: number, path: string): string {
	return String(this.getNodeParameter(path, itemIndex, '') ?? '').trim();
}
