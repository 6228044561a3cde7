/**
 * The Base URL rule, written once: the transport applies it before every request and the
 * credential (its form notice and its connection test, which run as n8n expressions and display
 * conditions) embeds the same patterns. So the patterns are regex sources without flags: the
 * editor evaluates a display condition with `new RegExp(pattern)`.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://salespanel.io';

/** `[Hh][Tt]…`: a case-insensitive word in a pattern that cannot carry the `i` flag. */
export const anyCase = (word: string) =>
	[...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join('');

/** A host name or IPv4 address, or an IPv6 address in brackets. */
const HOST = '([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])';
/**
 * Loopback exactly as written: the address checked is the one the user reads. WHATWG URL would
 * also turn 127.1, 0x7f.1 or 2130706433 into 127.0.0.1, but nobody needs those spellings.
 */
const LOOPBACK_HOST = `(${anyCase('localhost')}|127\\.0\\.0\\.1|\\[::1\\])`;
/** 0-65535; no `{n}` quantifiers, which would sit inside the credential's `{{ }}` expressions. */
const PORT =
	'(:(6553[0-5]|655[0-2]\\d|65[0-4]\\d\\d|6[0-4]\\d\\d\\d|[1-5]\\d\\d\\d\\d|\\d\\d?\\d?\\d?))?';
const PATH = '(\\/[^\\s?#]*)?';

/**
 * A Base URL the token may be sent to, unanchored: https:// to any host, plain http:// to loopback
 * only, with an optional port and path; no user name or password, query or fragment.
 */
export const ALLOWED_BASE_URL = `(${anyCase('https')}:\\/\\/${HOST}|${anyCase('http')}:\\/\\/${LOOPBACK_HOST})${PORT}${PATH}`;

const ALLOWED = new RegExp(`^${ALLOWED_BASE_URL}$`);

const FIX_IN_CREDENTIAL = 'Fix the Base URL in the Salespanel API credential.';

/** Why a Base URL is refused: the first refusal whose pattern matches explains it. */
export interface BaseUrlRefusal {
	/** Tells the refusals apart in the credential test; each starts with its own letter. */
	reason: 'userinfo' | 'query' | 'scheme' | 'http' | 'invalid';
	/** Unanchored regex source, no flags. */
	pattern: string;
	/** Completes "The Base URL …". */
	problem: string;
	fix: string;
}

export const BASE_URL_REFUSALS: readonly BaseUrlRefusal[] = [
	{
		reason: 'userinfo',
		pattern: '^[^\\/?#]*\\/\\/[^\\/?#]*@',
		problem: 'contains a user name or password (the part before @)',
		fix: 'Remove it: Salespanel is reached with the API token alone, and a name before @ can hide the real host (https://salespanel.io@example.com goes to example.com).',
	},
	{
		reason: 'query',
		pattern: '[?#]',
		problem: 'contains ? or #',
		fix: 'Remove the ? or # and what follows it: the requests would go to the address before it, which is not what the field seems to say. Use e.g. https://salespanel.io.',
	},
	{
		reason: 'scheme',
		pattern: `^(?!${anyCase('http')}s?:\\/\\/)`,
		problem: 'must start with https://',
		fix: 'Use e.g. https://salespanel.io (the default).',
	},
	{
		reason: 'http',
		pattern: `^${anyCase('http')}:`,
		problem: 'uses plain http:// for a host other than localhost, 127.0.0.1 or [::1]',
		fix: 'Use https://, so the API token never crosses a network unencrypted. Plain http:// is accepted only for localhost, 127.0.0.1 and [::1], written exactly so (not 127.1 or 0x7f.1).',
	},
	{
		reason: 'invalid',
		pattern: '',
		problem: 'is not a valid URL',
		fix: 'Use https:// followed by the host, an optional :port and path, e.g. https://salespanel.io.',
	},
];

/** The Base URL as it is used: trimmed, the default when empty. */
export const baseUrlText = (raw: unknown) => String(raw ?? '').trim() || DEFAULT_BASE_URL;

/** Why this Base URL (already trimmed) may not receive the token, or undefined when it may. */
export function baseUrlRefusal(text: string): BaseUrlRefusal | undefined {
	if (ALLOWED.test(text)) return undefined;
	return BASE_URL_REFUSALS.find(({ pattern }) => new RegExp(pattern).test(text));
}

/**
 * Turns the credential's Base URL into the API root (`…/api/v1`), or refuses it (see
 * BASE_URL_REFUSALS) so the token never crosses a network in clear text nor reaches a host the
 * field does not plainly name. The message never repeats the URL: it may hold a password.
 */
export function resolveApiRoot(node: INode, rawBaseUrl: unknown): string {
	const text = baseUrlText(rawBaseUrl);
	const refusal = baseUrlRefusal(text);
	let url: URL | undefined;
	try {
		url = refusal ? undefined : new URL(text);
	} catch {
		url = undefined;
	}
	if (!url) {
		const { problem, fix } = refusal ?? BASE_URL_REFUSALS[BASE_URL_REFUSALS.length - 1];
		throw new NodeOperationError(node, `The credential's Base URL ${problem}`, {
			description: `${fix} ${FIX_IN_CREDENTIAL}`,
		});
	}
	const path = url.pathname.replace(/\/+$/, '');
	return `${url.origin}${path}/api/v1`;
}
