import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * The API token as it is sent (the credential's Authorization header) and redacted (the client):
 * surrounding whitespace, as a pasted token often has, is never part of it.
 */
export function apiTokenOf(credentials: ICredentialDataDecryptedObject): string {
	const token = credentials.apiToken;
	return typeof token === 'string' || typeof token === 'number' ? String(token).trim() : '';
}
