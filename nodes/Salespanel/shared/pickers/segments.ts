import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	CREDENTIAL_NAME,
	forPicker,
	PAGE_SIZE,
	SalespanelClient,
	type ClientSettings,
} from '../transport';
import { MAX_LABEL_LENGTH, shortened } from './labels';

/** Most segments a picker lists: ten pages. A longer list is refused rather than shown cut short. */
export const MAX_PICKER_SEGMENTS = 10 * PAGE_SIZE;

/**
 * Someone is waiting in the editor: fail within about a minute rather than the five minutes a
 * workflow's read may wait out throttling and server errors.
 */
const PICKER_CLIENT_SETTINGS: Partial<ClientSettings> = {
	timeoutMs: 20_000,
	maxRetries: 1,
	maxInvalidJsonRetries: 0,
	maxThrottleRetries: 2,
	maxWaitMs: 30_000,
};

/** Shown in the Segments field when the trigger has no credential: n8n calls loadOptions anyway. */
export const NO_CREDENTIAL_MESSAGE =
	'Select a Salespanel API credential above to list your segments, or switch this field to Expression and type segment titles or IDs, e.g. Trial Users, Enterprise Prospects';

const idOf = (segment: IDataObject): string | undefined => {
	const id = segment.segment_id;
	if (typeof id === 'number' && Number.isFinite(id)) return String(id);
	return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
};

const titleOf = (segment: IDataObject): string | undefined =>
	typeof segment.name === 'string' && segment.name.trim() !== '' ? segment.name.trim() : undefined;

/** `Title (ID)`, within MAX_LABEL_LENGTH: the title gives way, so the ID stays readable. */
function withId(title: string, id: string): string {
	const idText = ` (${shortened(id, 40)})`;
	return `${shortened(title, MAX_LABEL_LENGTH - idText.length)}${idText}`;
}

/**
 * The account's segments for a Segments picker: the title shown, the segment ID as value (the
 * triggers' segment filters accept IDs and titles alike). Shared by both triggers.
 */
export async function getSegments(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	// The triggers' credential is optional. Without one, n8n still calls this method and shows the
	// thrown message in the field, so the message says what to do; typed values keep working.
	if (this.getNode().credentials?.[CREDENTIAL_NAME] === undefined) {
		throw new NodeOperationError(this.getNode(), NO_CREDENTIAL_MESSAGE);
	}
	const client = new SalespanelClient(this, PICKER_CLIENT_SETTINGS);
	// One more than the picker shows tells a complete list from one that goes on.
	const segments = await client
		.getMany('segments/', { maxResults: MAX_PICKER_SEGMENTS + 1 })
		.catch((error: unknown) => {
			throw forPicker(error);
		});
	if (segments.length > MAX_PICKER_SEGMENTS) {
		throw new NodeOperationError(
			this.getNode(),
			`Salespanel listed more than ${MAX_PICKER_SEGMENTS} segments, too many to pick from: switch this field to Expression and type segment titles or IDs`,
		);
	}
	// Labels are cut (see MAX_LABEL_LENGTH); titles equal once cut are told apart like equal ones.
	const listed = segments.flatMap((segment) => {
		const id = idOf(segment);
		return id === undefined ? [] : [{ id, title: shortened(titleOf(segment) ?? id) }];
	});
	const titleCount = new Map<string, number>();
	for (const { title } of listed) titleCount.set(title, (titleCount.get(title) ?? 0) + 1);
	return listed
		.map(({ id, title }) => ({
			// Two segments with one title stay apart by their ID.
			name: (titleCount.get(title) ?? 0) > 1 ? withId(title, id) : title,
			value: id,
			description: shortened(`Segment ID ${id}`),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
