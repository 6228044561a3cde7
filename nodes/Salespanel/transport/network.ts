/** Requests that got no HTTP answer: which failure it was, how to say it, and whether to send again. */

interface NetworkFailure {
	/** Completes "Could not reach Salespanel: …". */
	phrase: string;
	/**
	 * Who may be sent again: `any method` only when the server certainly never saw the request (the
	 * connection was refused); `GET` after a reset or a time-out, where a write may already have been
	 * applied (repeating could log a custom activity twice); `never` when asking again will not help.
	 */
	resend: 'any method' | 'GET' | 'never';
}

/**
 * Every network failure the transport recognises. The order matters: an error text is matched
 * against the codes from the top, and the first code it contains wins.
 */
const NETWORK_FAILURES: Record<string, NetworkFailure> = {
	ECONNREFUSED: { phrase: 'the connection was refused', resend: 'any method' },
	ECONNRESET: { phrase: 'the connection was reset', resend: 'GET' },
	ETIMEDOUT: { phrase: 'the request timed out', resend: 'GET' },
	ECONNABORTED: { phrase: 'the request timed out', resend: 'GET' },
	EPIPE: { phrase: 'the connection broke', resend: 'GET' },
	EAI_AGAIN: { phrase: 'the host name could not be resolved', resend: 'GET' },
	ENOTFOUND: { phrase: 'the host name was not found', resend: 'never' },
	EHOSTUNREACH: { phrase: 'the host is unreachable', resend: 'never' },
	ENETUNREACH: { phrase: 'the network is unreachable', resend: 'never' },
	ESOCKETTIMEDOUT: { phrase: 'the request timed out', resend: 'GET' },
	UND_ERR_SOCKET: { phrase: 'the connection broke', resend: 'GET' },
};

const KNOWN_CODES = Object.keys(NETWORK_FAILURES);

const isKnownCode = (code: string) => Object.prototype.hasOwnProperty.call(NETWORK_FAILURES, code);

/** How a failure reads in "Could not reach Salespanel: …"; a code the table lacks reads as a plain failure. */
export function networkFailurePhrase(code: string): string {
	return isKnownCode(code) ? NETWORK_FAILURES[code].phrase : 'the request failed';
}

/** Whether a request that failed without an HTTP answer may be sent again (see `resend` above). */
export function isRetryableNetworkFailure(method: string, code: string): boolean {
	if (!isKnownCode(code)) return false;
	const { resend } = NETWORK_FAILURES[code];
	return resend === 'any method' || (resend === 'GET' && method.toUpperCase() === 'GET');
}

function codeInText(text: string): string | undefined {
	const match = KNOWN_CODES.find((code) => text.includes(code));
	if (match) return match;
	// "stream has been aborted": the connection closed while the answer was arriving.
	if (/socket hang up|stream has been aborted/i.test(text)) return 'ECONNRESET';
	if (/timeout of \d+ms exceeded/i.test(text)) return 'ETIMEDOUT';
	return undefined;
}

/**
 * The network error code (ECONNRESET, …) of a failed request. n8n wraps it in a NodeApiError
 * whose `httpCode` or `messages` carry it; older versions keep it on `cause`.
 */
export function networkErrorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const record = current as Record<string, unknown>;
		for (const key of ['code', 'httpCode']) {
			const value = record[key];
			if (typeof value === 'string' && isKnownCode(value)) return value;
		}
		const texts = [record.message, ...(Array.isArray(record.messages) ? record.messages : [])];
		for (const text of texts) {
			const found = typeof text === 'string' ? codeInText(text) : undefined;
			if (found) return found;
		}
		current = record.cause ?? record.reason ?? record.errorResponse;
	}
	return undefined;
}
