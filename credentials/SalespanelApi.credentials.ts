import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
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

const BASE_URL_ALLOWED = `/^${ALLOWED_BASE_URL}$/.test(${TRIMMED_BASE_URL})`;

/**
 * A refused Base URL never reaches the network: the test reads a local `data:` URL instead, and a
 * success rule turns that answer into a sentence (for a failed URL n8n shows no custom text: 1.x
 * would print "Unsupported protocol", 2.x only "ERR_BAD_REQUEST"). n8n 1.x and 2.x both hand the
 * rule the `data:` body as a Buffer (rule key "0": its first byte); the parsed form is matched
 * too. The real API never answers GET /visitors/ with either shape.
 */
const REFUSED_KEY = 'salespanelBaseUrlRefused';
const REFUSED_TARGET = `data:application/json,{"${REFUSED_KEY}":true}`;
const TEST_BASE_URL = `={{ ${BASE_URL_ALLOWED} ? ${TRIMMED_BASE_URL}.replace(/\\/+$/, "") : "" }}`;
const TEST_URL = `={{ ${BASE_URL_ALLOWED} ? "/api/v1/visitors/" : ${JSON.stringify(REFUSED_TARGET)} }}`;
const REFUSED_MESSAGE =
	'The Base URL must start with https:// (plain http:// only for localhost, 127.0.0.1 and [::1]), so the token was not sent. Fix the Base URL, e.g. https://salespanel.io.';

const REDIRECT_STATUSES = [300, 301, 302, 303, 307, 308];

/**
 * The refused-URL rules and the redirect rules together. n8n's type wants one kind per list, but
 * both testers (1.x and 2.x) read a mixed list rule by rule.
 */
const TEST_RULES = [
	...['0', REFUSED_KEY].map((key) => ({
		type: 'responseSuccessBody' as const,
		properties: { key, value: key === '0' ? '{'.charCodeAt(0) : true, message: REFUSED_MESSAGE },
	})),
	...REDIRECT_STATUSES.map((status) => ({
		type: 'responseCode' as const,
		properties: {
			value: status,
			message: `The Base URL answered with a redirect (HTTP ${status}); the token is not sent on to another address. Use the address of the Salespanel API, e.g. https://salespanel.io.`,
		},
	})),
] as Array<
	IAuthenticateRuleResponseSuccessBody | IAuthenticateRuleResponseCode
> as IAuthenticateRuleResponseCode[];

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
				'Leave as is for Salespanel; change it only for a local sandbox or a proxy. It must start with https:// (http:// only for localhost), so your token is never sent unencrypted.',
		},
		{
			displayName:
				'The Base URL must start with https://. Plain http:// is accepted only for localhost, 127.0.0.1 and [::1]. Until this is fixed, the connection test fails without sending anything.',
			name: 'baseUrlNotice',
			type: 'notice',
			default: '',
			// n8n evaluates this on every use of the credential (each request), and a regex runs in
			// a sandboxed VM (~1 ms), so the usual values are matched first without one. Each of
			// them is also matched by the regex; the conditions are tried in order. Only plain
			// values: n8n's startsWith & co. throw on a Base URL stored as a number.
			displayOptions: {
				hide: {
					baseUrl: ['https://salespanel.io', '', { _cnd: { regex: ALLOWED_OR_UNKNOWN_BASE_URL } }],
				},
			},
		},
	];

	/**
	 * `Authorization: Token <API token>` on every request. A function, not a generic
	 * `=Token {{$credentials.apiToken}}`: n8n would evaluate that expression (with a full data
	 * proxy) for every request, ~0.5 ms each, and a Return All or 60 items send many at once.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const token = credentials.apiToken;
		const text = typeof token === 'string' || typeof token === 'number' ? String(token) : '';
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Token ${text}` },
		};
	}

	// A redirect is not followed: n8n would re-send the token to wherever it points. It fails the test instead.
	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: TEST_URL,
			qs: { limit: 1 },
			headers: { Accept: 'application/json' },
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		},
		rules: TEST_RULES,
	};
}
