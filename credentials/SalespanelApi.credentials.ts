import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Credential test target. A base URL that would send the token in clear text over a network
 * (plain http:// to anything but loopback) or that is not http(s) at all is swapped for an
 * unroutable placeholder whose name states the problem, so the test fails without the token
 * ever leaving the machine. The node's transport applies the same rule before every request.
 */
const TEST_BASE_URL =
	'={{ /^(https:\\/\\/[^\\s/?#]+|http:\\/\\/(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?)(\\/[^\\s?#]*)?$/i.test(String($credentials.baseUrl || "").trim()) ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : "base-url-must-be-https-or-http-localhost://invalid" }}';

const REDIRECT_STATUSES = [300, 301, 302, 303, 307, 308];

export class SalespanelApi implements ICredentialType {
	name = 'salespanelApi';

	displayName = 'Salespanel API';

	icon: Icon = {
		light: 'file:salespanel.svg',
		dark: 'file:salespanel.dark.svg',
	};

	documentationUrl = 'https://salespanel.io/docs/rest-api/#authentication';

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
