import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { networkFailureAdvice, networkFailurePhrase } from './network';

export const TOKEN_HELP =
	'Check the API Token in the Salespanel API credential. You find the token in your Salespanel dashboard on the API token page (Settings → API token).';

/** A credential whose API Token is empty or only whitespace: refused before any request. */
export function emptyTokenError(node: INode): NodeOperationError {
	return new NodeOperationError(node, "The credential's API Token is empty", {
		description: TOKEN_HELP,
	});
}

export const THROTTLE_HELP =
	"Salespanel throttles the REST API per account (by default 60 requests per minute and 5,000 per day). Lower 'Rate Limit Requests' (or lengthen 'Rate Limit Window (Seconds)') in the node's options, run the workflow less often, or ask Salespanel support to raise your account's API limits.";

/** Pulls Salespanel's message out of a DRF error body: `{"detail": …}` or field errors `{"email": ["…"]}`. */
export function describeErrorBody(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		return text && text.length <= 300 && !text.startsWith('<') ? text : undefined;
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const record = body as Record<string, unknown>;
	if (typeof record.detail === 'string') return record.detail;
	const parts: string[] = [];
	for (const [field, value] of Object.entries(record)) {
		const messages = Array.isArray(value) ? value : [value];
		const text = messages.filter((m) => typeof m === 'string' || typeof m === 'number').join(' ');
		if (text) parts.push(field === 'non_field_errors' ? text : `${field}: ${text}`);
	}
	return parts.length ? parts.join('; ') : undefined;
}

export interface HttpErrorContext {
	status: number;
	body: unknown;
	itemIndex?: number;
	/** Says what was not found, e.g. `Visitor "jane@acme.com" not found`. */
	notFoundMessage?: string;
}

/** A NodeApiError for an HTTP error answer, carrying Salespanel's `detail` and the status code. */
export function httpError(
	node: INode,
	{ status, body, itemIndex, notFoundMessage }: HttpErrorContext,
): NodeApiError {
	const detail = describeErrorBody(body);
	const said = detail ? `: ${detail}` : '';
	let message: string;
	let description: string | undefined;
	switch (status) {
		case 400:
			message = `Salespanel rejected the request (400)${said}`;
			description = 'Check the fields named above and run the node again.';
			break;
		case 401:
			message = `Salespanel did not accept the API token (401)${said}`;
			description = TOKEN_HELP;
			break;
		case 403:
			message = `Salespanel refused access to this resource (403)${said}`;
			description =
				"The API token's account has no access to it. Check the account's plan and permissions in Salespanel.";
			break;
		case 404:
			// DRF's generic "Not found." adds nothing to a message that already names what is missing.
			message =
				notFoundMessage && /^not found\.?$/i.test(detail ?? '')
					? `${notFoundMessage} (404)`
					: `${notFoundMessage ?? 'Salespanel could not find the requested resource'} (404)${said}`;
			description = notFoundMessage
				? 'Check the identifier: a visitor ID (UUID) or the email address of an identified visitor.'
				: undefined;
			break;
		case 429:
			message = `Salespanel throttled the requests (429)${said}`;
			description = THROTTLE_HELP;
			break;
		default:
			message =
				status >= 500
					? `Salespanel had a server error (${status})${said}`
					: `Salespanel answered with an unexpected status (${status})${said}`;
			description = status >= 500 ? 'This is usually temporary: try again later.' : undefined;
	}
	const errorBody: JsonObject = { message, httpCode: String(status) };
	if (detail) errorBody.detail = detail;
	return new NodeApiError(node, errorBody, {
		message,
		description,
		httpCode: String(status),
		itemIndex,
	});
}

const BASE_URL_HELP =
	'Use the address of the Salespanel API as Base URL in the credential, e.g. https://salespanel.io.';

/** A redirect the node does not follow: to another origin, of a write, or one too many. */
export function redirectError(
	node: INode,
	status: number,
	message: string,
	itemIndex?: number,
): NodeApiError {
	return new NodeApiError(
		node,
		{ message, httpCode: String(status) },
		{ message, description: BASE_URL_HELP, httpCode: String(status), itemIndex },
	);
}

/** A 2xx answer that is not JSON; `largeSize` (characters) when it was too large to fetch again. */
export function invalidJsonError(
	node: INode,
	status: number,
	largeSize: number | undefined,
	itemIndex?: number,
): NodeApiError {
	const message = `Salespanel sent an answer that is not valid JSON (HTTP ${status})`;
	return new NodeApiError(node, { message } as JsonObject, {
		message,
		description:
			largeSize !== undefined
				? `The answer was ${Math.round(largeSize / 1000)} kB of something else (a web page?), so it was not fetched again. Check that the Base URL points to the Salespanel API.`
				: 'Try again later; if it persists, check that the Base URL points to the Salespanel API.',
		httpCode: String(status),
		itemIndex,
	});
}

/** A 2xx answer whose JSON is not the documented shape (a collection, a visitor, a write's result). */
export function shapeError(node: INode, message: string, itemIndex?: number): NodeApiError {
	return new NodeApiError(
		node,
		{ message },
		{
			message,
			description: `The answer does not look like the Salespanel API's. ${BASE_URL_HELP} If it persists, contact Salespanel support.`,
			itemIndex,
		},
	);
}

/**
 * What a JSON value is, for an error: its kind, and a number's value. Never a text's content (a
 * server may echo the token, and this is said outside the client's redaction).
 */
export function describeJsonValue(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (Array.isArray(value))
		return `a list of ${value.length} entr${value.length === 1 ? 'y' : 'ies'}`;
	if (typeof value === 'string') return `a text of ${value.length} characters`;
	if (typeof value === 'object') return 'an object';
	return `the ${typeof value} ${String(value)}`;
}

/** A collection whose `pagination.next` never ended: stopped rather than returning a short or padded list. */
export function paginationError(
	node: INode,
	why: string,
	itemIndex?: number,
	note?: string,
): NodeApiError {
	const message = `Salespanel's pagination did not end: ${why}`;
	return new NodeApiError(
		node,
		{ message },
		{
			message,
			description: `${note === undefined ? '' : `${note} `}The node stopped reading instead of returning an incomplete or repeated list. A proxy that ignores 'offset' causes this: ${BASE_URL_HELP} If it persists, contact Salespanel support.`,
			itemIndex,
		},
	);
}

/** Return All read fewer distinct items than the collection's count, even after reading it again: never a silently short list. */
export function listDriftError(
	node: INode,
	read: number,
	count: number,
	itemIndex?: number,
): NodeApiError {
	const message = `Salespanel's list changed faster than it could be read: ${read} of ${count} items arrived`;
	return new NodeApiError(node, { message } as JsonObject, {
		message,
		description:
			'Items kept moving between pages while the node paged through the collection (for example many visitors becoming active at once). Run the node again; the result is exact once the list holds still long enough to be read.',
		itemIndex,
	});
}

/**
 * A NodeApiError for a request that got no HTTP answer. Built from the code alone: the original
 * error holds the request configuration, headers included, and must not reach output or logs.
 * The code stays out of the message text, where n8n would swap the message for a generic one.
 */
export function networkError(
	node: INode,
	code: string,
	attempts: number,
	itemIndex?: number,
	note?: string,
): NodeApiError {
	const message = `Could not reach Salespanel: ${networkFailurePhrase(code)} (after ${attempts} attempt${attempts === 1 ? '' : 's'})`;
	const advice =
		note ??
		networkFailureAdvice(code) ??
		"Check the network and the credential's Base URL; if Salespanel is down, try again later.";
	const description = `Network error ${code}. ${advice}`;
	return new NodeApiError(node, { message, networkCode: code } as JsonObject, {
		message,
		description,
		itemIndex,
	});
}

/** Passes n8n's own errors through and wraps anything else, so a caller can always rethrow it. */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error), {
		itemIndex,
	});
}

/** Shortest credential value that is redacted; a shorter one would mangle ordinary words. */
const MIN_SECRET_LENGTH = 4;
const REDACTED = '[redacted]';

/** Fields of an error that carry text: n8n shows and stores them. `node` (the workflow's own node) is not one. */
const ERROR_TEXT_FIELDS = [
	'message',
	'description',
	'messages',
	'stack',
	'errorResponse',
	'context',
	'cause',
];

/**
 * `value` with the secret (and its URL-encoded form) replaced in every string. Arrays and plain
 * objects (a server's answer) are cleaned in place; errors only in the fields n8n shows and stores.
 */
export function redactSecret<T>(value: T, secret: string, seen = new Set<unknown>()): T {
	if (secret.length < MIN_SECRET_LENGTH) return value;
	if (typeof value === 'string') {
		let text: string = value;
		for (const form of new Set([secret, encodeURIComponent(secret)]))
			text = text.split(form).join(REDACTED);
		return text as T;
	}
	if (!value || typeof value !== 'object' || seen.has(value)) return value;
	seen.add(value);
	const target = value as Record<string, unknown>;
	const keys =
		value instanceof Error ? ERROR_TEXT_FIELDS.filter((key) => key in target) : Object.keys(target);
	for (const key of keys) {
		const child = target[key];
		if (typeof child !== 'string' && (!child || typeof child !== 'object')) continue;
		const cleaned = redactSecret(child, secret, seen);
		if (cleaned !== child) target[key] = cleaned;
	}
	return value;
}

/**
 * An error for a picker: the editor shows it as "<httpCode> - <message>", so the message drops
 * its own " (401)" rather than say the status twice. Node runs keep the status in the message.
 */
export function forPicker(error: unknown): unknown {
	if (error instanceof NodeApiError && error.httpCode) {
		error.message = error.message.replace(` (${error.httpCode})`, '');
	}
	return error;
}
