import type { IDataObject } from 'n8n-workflow';

/** A JSON object (not null, not a list): the shape of every Salespanel record. */
export const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value as a JSON object, or an empty one when it is anything else. */
export const asObject = (value: unknown): IDataObject => (isObject(value) ? value : {});

/*
 * Text out of a JSON value. Three readings, kept apart because each one's output is already
 * stored or shown somewhere and must not shift:
 *             | "" | "  " | " a "  | 5   | NaN   | anything else
 * textAsSent  | -  | "  " | " a "  | "5" | "NaN" | -
 * visibleText | -  | -    | " a "  | "5" | "NaN" | -
 * trimmedText | -  | -    | "a"    | "5" | -     | -
 * (- = null)
 */

interface TextRules {
	/** A string of spaces counts as missing. */
	blankIsMissing: boolean;
	/** Surrounding spaces are dropped. */
	trim: boolean;
	/** NaN and Infinity count as missing. */
	finiteOnly: boolean;
}

function readText(value: unknown, rules: TextRules): string | null {
	if (typeof value === 'number')
		return rules.finiteOnly && !Number.isFinite(value) ? null : String(value);
	if (typeof value !== 'string' || value === '') return null;
	const trimmed = value.trim();
	if (rules.blankIsMissing && trimmed === '') return null;
	return rules.trim ? trimmed : value;
}

/** A non-empty string as sent, or a number as text: the Simplify fields copy what Salespanel sent. */
export const textAsSent = (value: unknown): string | null =>
	readText(value, { blankIsMissing: false, trim: false, finiteOnly: false });

/** Like textAsSent, but a string of spaces counts as missing: the webhook's hook and segment fields. */
export const visibleText = (value: unknown): string | null =>
	readText(value, { blankIsMissing: true, trim: false, finiteOnly: false });

/** A string without its surrounding spaces, or a finite number as text: segment IDs and titles used as keys. */
export const trimmedText = (value: unknown): string | null =>
	readText(value, { blankIsMissing: true, trim: true, finiteOnly: true });
