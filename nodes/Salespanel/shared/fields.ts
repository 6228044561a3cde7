import type { INodeProperties } from 'n8n-workflow';

// Fields of more than one node: the Simplify switches and the triggers' Segments picker.

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return a flat item with what a CRM maps (first and last name, email, title, LinkedIn, company website and location, source, tags, segments, activity) instead of the full Salespanel object',
};

/** The triggers' Simplify switch: what it flattens depends on the event. */
export const simplifyEventField: INodeProperties = {
	...simplifyField,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/**
 * The triggers' Segments picker: the account's segments from `getSegments`; typed titles, IDs and
 * expressions stay valid values (`allowArbitraryValues`), so older text values keep working.
 */
export function segmentsField(lead: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Segment Names or IDs',
		name: 'segments',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getSegments' },
		allowArbitraryValues: true,
		default: [],
		description: `${lead}Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`,
		...extra,
	};
}
