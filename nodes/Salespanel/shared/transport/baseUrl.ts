/**
 * The Base URL rule, written once: the transport applies it before every request, and the
 * credential embeds ALLOWED_BASE_URL in its notice's display condition and its connection test.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://salespanel.io';

/** A host name or IPv4 address, or an IPv6 address in brackets. */
const HOST = '([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])';
/**
 * Loopback exactly as written: the address checked is the one the user reads. WHATWG URL would
 * also turn 127.1, 0x7f.1 or 2130706433 into 127.0.0.1, but nobody needs those spellings.
 */
const LOOPBACK_HOST = '([Ll][Oo][Cc][Aa][Ll][Hh][Oo][Ss][Tt]|127\\.0\\.0\\.1|\\[::1\\])';
/** 0-65535; no `{n}` quantifiers, which would sit inside the credential's `{{ }}` expressions. */
const PORT =
	'(:(6553[0-5]|655[0-2]\\d|65[0-4]\\d\\d|6[0-4]\\d\\d\\d|[1-5]\\d\\d\\d\\d|\\d\\d?\\d?\\d?))?';
const PATH = '(\\/[^\\s?#]*)?';

/**
 * A Base URL the token may be sent to, unanchored: https:// to any host, plain http:// to loopback
 * only, with an optional port and path; no user name or password, query or fragment. A regex
 * source without flags (the editor evaluates a display condition with `new RegExp(pattern)`), so
 * the schemes are spelled in both cases.
 */
export const ALLOWED_BASE_URL = `([Hh][Tt][Tt][Pp][Ss]:\\/\\/${HOST}|[Hh][Tt][Tt][Pp]:\\/\\/${LOOPBACK_HOST})${PORT}${PATH}`;

const ALLOWED = new RegExp(`^${ALLOWED_BASE_URL}$`);

/** Why a Base URL is refused: the first refusal whose pattern matches explains it. */
const REFUSALS: ReadonlyArray<{ pattern: RegExp; problem: string; fix: string }> = [
	{
		pattern: /^[^/?#]*\/\/[^/?#]*@/,
		problem: 'contains a user name or password (the part before @)',
		fix: 'Remove it: Salespanel is reached with the API token alone, and a name before @ can hide the real host (https://salespanel.io@example.com goes to example.com).',
	},
	{
		pattern: /[?#]/,
		problem: 'contains ? or #',
		fix: 'Remove the ? or # and what follows it: the requests would go to the address before it, which is not what the field seems to say. Use e.g. https://salespanel.io.',
	},
	{
		pattern: /^(?!https?:\/\/)/i,
		problem: 'must start with https://',
		fix: 'Use e.g. https://salespanel.io (the default).',
	},
	{
		pattern: /^http:/i,
		problem: 'uses plain http:// for a host other than localhost, 127.0.0.1 or [::1]',
		fix: 'Use https://, so the API token never crosses a network unencrypted. Plain http:// is accepted only for localhost, 127.0.0.1 and [::1], written exactly so (not 127.1 or 0x7f.1).',
	},
];

const INVALID = {
	problem: 'is not a valid URL',
	fix: 'Use https:// followed by the host, an optional :port and path, e.g. https://salespanel.io.',
};

/**
 * Turns the credential's Base URL (trimmed, the default when empty) into the API root
 * (`…/api/v1`), or refuses it so the token never crosses a network in clear text nor reaches a
 * host the field does not plainly name. The message never repeats the URL: it may hold a password.
 */
export function resolveApiRoot(node: INode, rawBaseUrl: unknown): string {
	const text = String(rawBaseUrl ?? '').trim() || DEFAULT_BASE_URL;
	let url: URL | undefined;
	try {
		url = ALLOWED.test(text) ? new URL(text) : undefined;
	} catch {
		url = undefined;
	}
	if (!url) {
		const { problem, fix } = REFUSALS.find(({ pattern }) => pattern.test(text)) ?? INVALID;
		throw new NodeOperationError(node, `The credential's Base URL ${problem}`, {
			description: `${fix} Fix the Base URL in the Salespanel API credential.`,
		});
	}
	const path = url.pathname.replace(/\/+$/, '');
	return `${url.origin}${path}/api/v1`;
}
