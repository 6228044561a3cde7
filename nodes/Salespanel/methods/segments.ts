import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_NAME, SalespanelClient } from '../transport';

/**
 * The account's segments for a Segments picker: the title shown, the segment ID as value (the
 * triggers' segment filters accept IDs and titles alike). Shared by both triggers.
 */
export async function getSegments(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		await this.getCredentials(CREDENTIAL_NAME);
	} catch {
		// The triggers' credential is optional: without one the list cannot load, typed values still work.
		throw new NodeOperationError(this.getNode(), 'Select a Salespanel API credential to load your segments', {
			description: 'Or type segment titles or IDs as an expression, e.g. {{ ["Trial Users"] }}.',
		});
	}
	const segments = await new SalespanelClient(this).getMany('segments/', {});
	return segments
		.filter((segment) => typeof segment.segment_id === 'string')
		.map((segment) => ({
			name: typeof segment.name === 'string' && segment.name.trim() ? segment.name : String(segment.segment_id),
			value: String(segment.segment_id),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
