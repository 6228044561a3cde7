import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://salespanel.io';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Turns the credential's base URL into the API root (`…/api/v1`). Refuses anything but https,
 * and plain http to anything but loopback, so the token never crosses a network in clear text.
 */
export function resolveApiRoot(node: INode, rawBaseUrl: unknown): string {
	const text = String(rawBaseUrl ?? '').trim() || DEFAULT_BASE_URL;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new NodeOperationError(node, `The credential's Base URL "${text}" is not a valid URL`, {
			description: 'Use e.g. https://salespanel.io (the default) in the Salespanel API credential.',
		});
	}
	const secure = url.protocol === 'https:';
	const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
	if (!secure && !loopbackHttp) {
		throw new NodeOperationError(
			node,
			`The credential's Base URL must use https:// (got "${url.protocol}//${url.host}")`,
			{
				description:
					'Plain http:// is accepted only for localhost, 127.0.0.1 and [::1], so the API token is never sent unencrypted over a network. Fix the Base URL in the Salespanel API credential.',
			},
		);
	}
	const path = url.pathname.replace(/\/+$/, '');
	return `${url.origin}${path}/api/v1`;
}
