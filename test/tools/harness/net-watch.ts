import nock from 'nock';

interface RequestLike {
	method?: string;
	proto?: string;
	protocol?: string;
	host?: string;
	hostname?: string;
	port?: string | number;
	path?: string;
}

function describe(first: RequestLike, second?: RequestLike): string {
	const options = second ?? first;
	const proto = options.proto ?? options.protocol?.replace(/:$/, '') ?? 'http';
	const host = options.host ?? options.hostname ?? '?';
	return `${(options.method ?? 'GET').toUpperCase()} ${proto}://${host}${options.path ?? ''}`;
}

/**
 * Runs `fn` while recording requests that matched no nock interceptor (or were blocked by
 * `nock.disableNetConnect()`). Such a request is almost always a test mistake — e.g. n8n-core
 * retries a request once after a 401, so a 401 mock needs `.times(2)` — so the harness
 * reports it instead of leaving only a generic "could not be found" node error.
 */
export async function watchUnmatched<T>(
	fn: () => Promise<T>,
): Promise<{ value: T; unmatched: string[] }> {
	const unmatched: string[] = [];
	const listener = (first: RequestLike, second?: RequestLike) => {
		unmatched.push(describe(first, second));
	};
	nock.emitter.on('no match', listener);
	try {
		const value = await fn();
		return { value, unmatched };
	} finally {
		nock.emitter.removeListener('no match', listener);
	}
}
