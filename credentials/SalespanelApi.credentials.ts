import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** `[Hh][Tt]…`: the editor evaluates display conditions with `new RegExp(pattern)`, without flags. */
const anyCase = (word: string) =>
	[...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join('');

/**
 * A Base URL the token may be sent to: https:// to any host, or plain http:// to loopback only.
 * The node's transport (resolveApiRoot) applies the same rule before every request.
 */
const ALLOWED_BASE_URL = `(${anyCase('https')}:\\/\\/[^\\s/?#]+|${anyCase('http')}:\\/\\/(${anyCase('localhost')}|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?)(\\/[^\\s?#]*)?`;

/**
 * Hides the Base URL notice while the value is allowed, empty (the default applies) or an
 * expression (only known when the credential is used).
 */
const ALLOWED_OR_UNKNOWN_BASE_URL = `^(=[\\s\\S]*|\\s*|\\s*${ALLOWED_BASE_URL}\\s*)$`;

/** The Base URL as the transport reads it: trimmed, the default when empty. */
const TRIMMED_BASE_URL = '(String($credentials.baseUrl || "").trim() || "https://salespanel.io")';

/**
 * Credential test target. A Base URL that is not allowed is swapped for an unroutable
 * placeholder, so the test fails without the token ever leaving the machine. n8n does not let a
 * test say why: 1.x shows axios's "Unsupported protocol https-required:", 2.x only its code
 * "ERR_BAD_REQUEST". So the sentence is the notice under the Base URL field, shown as soon as
 * such a URL is typed.
 */
const TEST_BASE_URL = `={{ /^${ALLOWED_BASE_URL}$/.test(${TRIMMED_BASE_URL}) ? ${TRIMMED_BASE_URL}.replace(/\\/+$/, "") : "https-required://invalid" }}`;

const REDIRECT_STATUSES = [300, 301, 302, 303, 307, 308];

export class SalespanelApi implements ICredentialType {
	name = 'salespanelApi';

	displayName = 'Salespanel API';

	icon: Icon = {
		light: 'file:salespanel.svg',
		dark: 'file:salespanel.dark.svg',
	};

	documentationUrl = 'https://github.com/salespanel/n8n-nodes-salespanel#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Your Salespanel API token. In Salespanel open Settings → API token (the "API token" page of your dashboard) and copy the token shown there.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://salespanel.io',
			placeholder: 'e.g. https://salespanel.io',
			description:
				'Leave as is for Salespanel. Change it only to reach a local sandbox or a proxy. Must use https://; plain http:// is accepted only for localhost, 127.0.0.1 and [::1], so the token is never sent in clear text over a network.',
		},
		{
			displayName:
				'The Base URL must start with https://. Plain http:// is accepted only for localhost, 127.0.0.1 and [::1], so the API token never crosses a network unencrypted. Until this is fixed, the connection test fails without sending anything.',
			name: 'baseUrlNotice',
			type: 'notice',
			default: '',
			displayOptions: { hide: { baseUrl: [{ _cnd: { regex: ALLOWED_OR_UNKNOWN_BASE_URL } }] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Token {{$credentials.apiToken}}',
			},
		},
	};

	// A redirect is not followed: n8n would re-send the token to wherever it points. It fails the test instead.
	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: '/api/v1/visitors/',
			qs: { limit: 1 },
			headers: { Accept: 'application/json' },
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		},
		rules: REDIRECT_STATUSES.map((status) => ({
			type: 'responseCode' as const,
			properties: {
				value: status,
				message: `The Base URL answered with a redirect (HTTP ${status}); the token is not sent on to another address. Use the address of the Salespanel API, e.g. https://salespanel.io.`,
			},
		})),
	};
}
