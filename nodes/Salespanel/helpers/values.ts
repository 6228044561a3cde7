import type { IDataObject } from 'n8n-workflow';

/** A JSON object (not null, not a list): the shape of every Salespanel record. */
export const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value as a JSON object, or an empty one when it is anything else. */
export const asObject = (value: unknown): IDataObject => (isObject(value) ? value : {});
