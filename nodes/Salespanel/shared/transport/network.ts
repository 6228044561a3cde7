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
	/** The request certainly never reached the server (so a write was certainly not applied). */
	unsent?: true;
	/** What to do, where the usual advice (check the network and the Base URL) does not fit. */
	advice?: string;
}

/**
 * Every network failure the transport recognises. The order matters: an error text is matched
 * against the codes from the top, and the first code it contains wins.
 */
const NETWORK_FAILURES: Record<string, NetworkFailure> = {
	ECONNREFUSED: { phrase: 'the connection was refused', resend: 'any method', unsent: true },
	// Node's TLS says "wrong version number" or "packet length too long" when the server answers
	// the handshake in plain HTTP.
	EPROTO: {
		phrase: 'the secure (TLS) connection could not be set up',
		resend: 'never',
		unsent: true,
		advice:
			"The Base URL starts with https://, but the server at that address and port does not speak TLS: usually a plain-http server. For a local server without TLS use http:// (accepted for localhost, 127.0.0.1 and [::1]); otherwise check the Base URL's port.",
	},
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

/** Advice for this failure, when it has its own. */
export function networkFailureAdvice(code: string): string | undefined {
	return isKnownCode(code) ? NETWORK_FAILURES[code].advice : undefined;
}

/** Whether a request that failed this way may have reached the server (and a write been applied). */
export function mayHaveReachedServer(code: string): boolean {
	return !(isKnownCode(code) && NETWORK_FAILURES[code].unsent);
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
	if (/wrong version number|packet length too long/i.test(text)) return 'EPROTO';
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
