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

import { apiTokenOf } from '../nodes/Salespanel/shared/transport/apiToken';
import {
	ALLOWED_BASE_URL,
	BASE_URL_REFUSALS,
	DEFAULT_BASE_URL,
} from '../nodes/Salespanel/shared/transport/baseUrl';

/**
 * Hides the Base URL notice while the value is allowed, empty (the default applies) or an
 * expression (only known when the credential is used).
 */
const ALLOWED_OR_UNKNOWN_BASE_URL = `^(=[\\s\\S]*|\\s*|\\s*${ALLOWED_BASE_URL}\\s*)$`;

/** The Base URL as the transport reads it (baseUrlText): trimmed, the default when empty. */
const TRIMMED_BASE_URL = `(String($credentials.baseUrl || "").trim() || "${DEFAULT_BASE_URL}")`;

const matches = (pattern: string) => `/${pattern}/.test(${TRIMMED_BASE_URL})`;

const BASE_URL_ALLOWED = matches(`^${ALLOWED_BASE_URL}$`);

/**
 * A refused Base URL never reaches the network: the test reads a local `data:` URL naming the
 * refusal instead, and a success rule turns that answer into the transport's sentence (for a
 * failed URL n8n shows no custom text: 1.x would print "Unsupported protocol", 2.x only
 * "ERR_BAD_REQUEST"). n8n 1.x and 2.x both hand the rule the `data:` body as a Buffer (a numeric
 * rule key is a byte: the refusal's first letter); the parsed form is matched too. The real API
 * never answers GET /visitors/ with either shape.
 */
const REFUSED_KEY = 'salespanelBaseUrlRefused';
const REFUSED_BODY_START = `{"${REFUSED_KEY}":"`;
const refusedTarget = (reason: string) =>
	JSON.stringify(`data:application/json,${REFUSED_BODY_START}${reason}"}`);
/** The first refusal whose pattern matches, as in baseUrlRefusal. */
const REFUSED_TARGET = BASE_URL_REFUSALS.reduceRight(
	(otherwise, { reason, pattern }) =>
		pattern
			? `${matches(pattern)} ? ${refusedTarget(reason)} : ${otherwise}`
			: refusedTarget(reason),
	'',
);
const TEST_BASE_URL = `={{ ${BASE_URL_ALLOWED} ? ${TRIMMED_BASE_URL}.replace(/\\/+$/, "") : "" }}`;
const TEST_URL = `={{ ${BASE_URL_ALLOWED} ? "/api/v1/visitors/" : ${REFUSED_TARGET} }}`;

const REDIRECT_STATUSES = [300, 301, 302, 303, 307, 308];

/**
 * The refused-URL rules and the redirect rules together. n8n's type wants one kind per list, but
 * both testers (1.x and 2.x) read a mixed list rule by rule.
 */
const TEST_RULES = [
	...BASE_URL_REFUSALS.flatMap(({ reason, problem, fix }) => {
		const message = `The Base URL ${problem}, so the token was not sent. ${fix}`;
		return [
			{ key: String(REFUSED_BODY_START.length), value: reason.charCodeAt(0) },
			{ key: REFUSED_KEY, value: reason },
		].map(({ key, value }) => ({
			type: 'responseSuccessBody' as const,
			properties: { key, value, message },
		}));
	}),
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
				'The Base URL must be https://, a host, optional port and path (no user:password@, ? or #); http:// only for localhost, 127.0.0.1, [::1]. Until then the connection test fails without sending anything.',
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
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Token ${apiTokenOf(credentials)}` },
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
