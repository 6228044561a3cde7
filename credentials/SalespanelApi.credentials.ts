import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { apiTokenOf } from '../nodes/Salespanel/shared/transport/apiToken';
import { ALLOWED_BASE_URL, DEFAULT_BASE_URL } from '../nodes/Salespanel/shared/transport/baseUrl';

/** The Base URL as the transport reads it: trimmed, the default when empty. */
const BASE_URL = `(String($credentials.baseUrl || "").trim() || "${DEFAULT_BASE_URL}")`;

/**
 * The test goes to the Base URL only when the node would send the token there; otherwise to a
 * scheme no HTTP client sends anything to, so the test fails and the token stays here (n8n
 * would send it to whatever the field says, e.g. http://evil.example).
 */
const TEST_BASE_URL = `={{ /^${ALLOWED_BASE_URL}$/.test(${BASE_URL}) ? ${BASE_URL}.replace(/\\/+$/, "") : "refused-base-url:" }}`;

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
			// Hidden while the value is allowed, empty (the default applies) or an expression (known
			// only when used). n8n evaluates this on every use of the credential (each request) and a
			// regex runs in a sandboxed VM (~1 ms), so the usual values come first, without one.
			displayOptions: {
				hide: {
					baseUrl: [
						'https://salespanel.io',
						'',
						{ _cnd: { regex: `^(=[\\s\\S]*|\\s*|\\s*${ALLOWED_BASE_URL}\\s*)$` } },
					],
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

	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: '/api/v1/visitors/',
			qs: { limit: 1 },
			headers: { Accept: 'application/json' },
			// n8n would re-send the token to wherever a redirect points: the test fails on one instead.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		},
	};
}
