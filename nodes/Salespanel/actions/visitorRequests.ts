import type { IDataObject } from 'n8n-workflow';

import type { VisitorIdentifier } from '../helpers/validation';
import type { SalespanelClient } from '../transport';
import type { VisitorWrite } from './types';

/**
 * The order key of a write to this visitor: IDs are already lower case, emails are compared
 * case-insensitively. One person addressed once by ID and once by email gets two keys: which
 * visitor an email belongs to is only known to the server.
 */
export function visitorOrderKey(visitor: VisitorIdentifier): string {
	return visitor.kind === 'email' ? emailOrderKey(visitor.value) : `id:${visitor.value}`;
}

export function emailOrderKey(email: string): string {
	return `email:${email.toLowerCase()}`;
}

/** Order keys of a write to one visitor. */
export function visitorWriteKeys(prepared: VisitorWrite): string[] {
	return [visitorOrderKey(prepared.visitor)];
}

/** The message for a 404 from a visitor's endpoint: the visitor as it was entered, and an optional fix. */
export function visitorNotFound(visitor: VisitorIdentifier, fix = ''): string {
	return `Visitor "${visitor.value}" not found${fix ? ` (${fix})` : ''}`;
}

/** Sends a prepared write to one visitor: its body as JSON by POST. */
export async function postVisitorWrite(
	client: SalespanelClient,
	path: string,
	prepared: VisitorWrite,
	itemIndex: number,
	notFoundMessage = visitorNotFound(prepared.visitor),
): Promise<IDataObject> {
	return await client.request<IDataObject>({
		method: 'POST',
		path,
		body: prepared.body,
		itemIndex,
		notFoundMessage,
	});
}
