import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { VisitorIdentifier } from '../shared/helpers/validation';
import { isObject } from '../shared/helpers/values';
import type { RequestSpec, SalespanelClient } from '../shared/transport';
import { describeJsonValue, shapeError } from '../shared/transport/errors';
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

/**
 * Sends one request about one visitor whose answer is one JSON object (the visitor, or a write's
 * result), so an input item gives one output item; any other answer fails, naming what came. A
 * read's answer must not be empty either (no body and `null` read as `{}`): a visitor has fields.
 */
export async function requestVisitorObject(
	this: IExecuteFunctions,
	client: SalespanelClient,
	spec: RequestSpec,
): Promise<IDataObject> {
	const answer = await client.request<unknown>(spec);
	const read = spec.method === 'GET';
	if (isObject(answer) && (!read || Object.keys(answer).length > 0)) return answer;
	const got = isObject(answer) ? 'an empty answer' : describeJsonValue(answer);
	throw shapeError(
		this.getNode(),
		`Salespanel answered ${spec.method} /api/v1/${spec.path} with ${got} instead of one ${read ? 'visitor' : 'result'} object`,
		spec.itemIndex,
	);
}

/** Sends a prepared write to one visitor: its body as JSON by POST. */
export async function postVisitorWrite(
	this: IExecuteFunctions,
	client: SalespanelClient,
	path: string,
	prepared: VisitorWrite,
	itemIndex: number,
	notFoundMessage = visitorNotFound(prepared.visitor),
): Promise<IDataObject> {
	return await requestVisitorObject.call(this, client, {
		method: 'POST',
		path,
		body: prepared.body,
		itemIndex,
		notFoundMessage,
	});
}
