// The transport's decision after one attempt, on its own: classify is pure (no I/O, no clock),
// so each hostile answer is one call. The engine suites (classify.hostile, client, the fault
// matrix) prove the same rules end to end; these pin every branch and limit exactly.
import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';

import {
	classify,
	DEFAULT_CLIENT_SETTINGS,
	FIRST_ATTEMPT,
	MAX_REDIRECTS,
	MAX_RETRIED_BODY_CHARS,
	type Attempt,
	type Decision,
	type Outcome,
	type Tally,
} from '../../../../../nodes/Salespanel/shared/transport';
import { toNode } from '../../../../tools/harness';

const node = toNode({ name: 'Salespanel', type: 'n8n-nodes-salespanel.salespanel' });

const policy = DEFAULT_CLIENT_SETTINGS;
const { maxRetries, maxInvalidJsonRetries, maxThrottleRetries, maxWaitMs, timeoutMs } = policy;
/** Whole seconds, so an HTTP date (which has no milliseconds) reads back exactly. */
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const ORIGIN = 'https://salespanel.io';
const URL_SENT = `${ORIGIN}/api/v1/visitors/?limit=100&offset=0`;
/** Jitter pinned to its lowest: the back-off before retry n is base·2^n / 2. */
const lowest = () => 0;
const floor = (retry: number) => (policy.backoffBaseMs * 2 ** retry) / 2;

const attempt = (overrides: Partial<Attempt> = {}): Attempt => ({
	node,
	method: 'GET',
	url: URL_SENT,
	origin: ORIGIN,
	tally: FIRST_ATTEMPT,
	now: NOW,
	...overrides,
});
const tally = (counts: Partial<Tally>): Tally => ({ ...FIRST_ATTEMPT, ...counts });
const answer = (statusCode: number, body: unknown = {}, headers: IDataObject = {}): Outcome => ({
	answer: { statusCode, body, headers } as IN8nHttpFullResponse,
});
const decide = (outcome: Outcome, overrides: Partial<Attempt> = {}, random = lowest) =>
	classify(outcome, attempt(overrides), policy, random);

/** The error of a `fail` decision (the test fails when the decision is anything else). */
const failure = (decision: Decision) => {
	if (!('fail' in decision)) throw new Error(`expected a failure, got ${JSON.stringify(decision)}`);
	return decision.fail;
};

describe('2xx answers', () => {
	test.each([
		['an object', { results: [] }],
		['a bare array', [{ id: 1 }]],
	])('JSON %s is the result', (_what, body) => {
		expect(decide(answer(200, body))).toEqual({ done: body });
	});

	// Valid JSON, not a torn page: not fetched again; the reader names the shape (actions/visitorRequests.hostile.test.ts).
	test.each([5, 0, true, false])('JSON %p is the result, not "invalid JSON"', (body) => {
		expect(decide(answer(200, body))).toEqual({ done: body });
	});

	test.each([undefined, null, ''])('no body (%p) reads as {}', (body) => {
		expect(decide(answer(204, body))).toEqual({ done: {} });
	});

	test('a non-JSON GET answer is fetched again after the back-off, counted and charged to the budget', () => {
		expect(decide(answer(200, '{"results": [tor'))).toEqual({
			retryAfterMs: floor(0),
			tally: tally({ invalidJsonRetries: 1, waitedMs: floor(0) }),
		});
	});

	test(`a non-JSON GET answer fails once ${maxInvalidJsonRetries} retries are used`, () => {
		const error = failure(
			decide(answer(200, 'garbled'), {
				tally: tally({ invalidJsonRetries: maxInvalidJsonRetries }),
			}),
		);
		expect(error.message).toBe('Salespanel sent an answer that is not valid JSON (HTTP 200)');
		expect(error.description).toBe(
			'Try again later; if it persists, check that the Base URL points to the Salespanel API.',
		);
		expect(error.httpCode).toBe('200');
	});

	test('a non-JSON page larger than the retry limit is not fetched again, and its size is named', () => {
		const page = `<html>${'x'.repeat(MAX_RETRIED_BODY_CHARS)}</html>`;
		const error = failure(decide(answer(200, page)));
		expect(error.description).toBe(
			`The answer was ${Math.round(page.length / 1000)} kB of something else (a web page?), so it was not fetched again. Check that the Base URL points to the Salespanel API.`,
		);
	});

	test('a non-JSON answer to a POST is never sent again', () => {
		expect(failure(decide(answer(201, 'OK'), { method: 'POST' })).message).toBe(
			'Salespanel sent an answer that is not valid JSON (HTTP 201)',
		);
	});

	test('a non-JSON retry that would pass the wait budget fails instead', () => {
		const error = failure(
			decide(answer(200, 'garbled'), { tally: tally({ waitedMs: maxWaitMs }) }),
		);
		expect(error.message).toBe('Salespanel sent an answer that is not valid JSON (HTTP 200)');
	});
});

describe('429 and Retry-After', () => {
	const throttled = (retryAfter?: unknown) =>
		answer(
			429,
			{ detail: 'Request was throttled.' },
			retryAfter === undefined ? {} : { 'retry-after': retryAfter },
		);

	test.each([
		['0', floor(0)],
		['-4', floor(0)],
		['soon', floor(0)],
		['', floor(0)],
		['0.2', floor(0)],
		['1.5', 1_500],
		['7', 7_000],
		[['3', '9'], 3_000],
		[new Date(NOW - 3_600_000).toUTCString(), floor(0)],
		[new Date(NOW + 120_000).toUTCString(), 120_000],
	])(
		'Retry-After %p waits %i ms: what was asked, never less than the back-off',
		(retryAfter, wait) => {
			expect(decide(throttled(retryAfter))).toEqual({
				retryAfterMs: wait,
				tally: tally({ throttleHits: 1, waitedMs: wait }),
			});
		},
	);

	test('no Retry-After: the back-off, growing with each throttled answer', () => {
		expect(decide(throttled(), { tally: tally({ throttleHits: 3, waitedMs: 1_000 }) })).toEqual({
			retryAfterMs: floor(3),
			tally: tally({ throttleHits: 4, waitedMs: 1_000 + floor(3) }),
		});
	});

	test('the jitter scales the back-off between 50 and 100 %', () => {
		expect(decide(throttled(), {}, () => 1)).toMatchObject({ retryAfterMs: policy.backoffBaseMs });
	});

	test('a huge Retry-After is not waited for: it fails at once, naming the wait and the limit', () => {
		const error = failure(decide(throttled('999999')));
		expect(error.message).toBe('Salespanel throttled the requests (429): Request was throttled.');
		expect(error.description).toMatch(
			/^Waited 0 s in total for 1 throttled answer\(s\); Salespanel asked for 999999 s more, past the 300 s limit\. Salespanel throttles/,
		);
	});

	test('waits add up: a second 200 s Retry-After passes the 300 s budget', () => {
		const first = decide(throttled('200'));
		expect(first).toEqual({
			retryAfterMs: 200_000,
			tally: tally({ throttleHits: 1, waitedMs: 200_000 }),
		});
		const error = failure(decide(throttled('200'), { tally: (first as { tally: Tally }).tally }));
		expect(error.description).toMatch(
			/^Waited 200 s in total for 2 throttled answer\(s\); Salespanel asked for 200 s more/,
		);
	});

	test(`short waits still stop after ${maxThrottleRetries} retries`, () => {
		expect(
			decide(throttled('0'), { tally: tally({ throttleHits: maxThrottleRetries - 1 }) }),
		).toMatchObject({
			tally: { throttleHits: maxThrottleRetries },
		});
		const error = failure(
			decide(throttled('0'), {
				tally: tally({ throttleHits: maxThrottleRetries, waitedMs: 12_345 }),
			}),
		);
		expect(error.description).toMatch(
			new RegExp(
				`^Throttled ${maxThrottleRetries + 1} times in a row for one request \\(waited 13 s in total\\); gave up after ${maxThrottleRetries} retries\\.`,
			),
		);
	});

	test('a throttled POST is retried too: the server did not act on it', () => {
		expect(decide(throttled('2'), { method: 'POST' })).toEqual({
			retryAfterMs: 2_000,
			tally: tally({ throttleHits: 1, waitedMs: 2_000 }),
		});
	});

	test('throttling and server errors keep separate counts', () => {
		expect(decide(throttled('1'), { tally: tally({ retries: maxRetries }) })).toMatchObject({
			tally: { retries: maxRetries, throttleHits: 1 },
		});
	});
});

describe('other HTTP statuses', () => {
	test.each([500, 502, 503, 504, 408])(
		'a GET answered %i is retried, honouring Retry-After',
		(status) => {
			expect(
				decide(answer(status, 'busy', { 'retry-after': '3' }), { tally: tally({ retries: 1 }) }),
			).toEqual({
				retryAfterMs: 3_000,
				tally: tally({ retries: 2, waitedMs: 3_000 }),
			});
		},
	);

	test('a 5xx Retry-After of 0 or a past date waits the back-off', () => {
		expect(
			decide(answer(503, '', { 'retry-after': '0' }), { tally: tally({ retries: 2 }) }),
		).toMatchObject({ retryAfterMs: floor(2) });
		expect(
			decide(answer(503, '', { 'retry-after': new Date(NOW - 1_000).toUTCString() })),
		).toMatchObject({ retryAfterMs: floor(0) });
	});

	test(`a GET still failing after ${maxRetries} retries is an ordinary server error`, () => {
		const error = failure(
			decide(answer(503, { detail: 'Down for maintenance' }), {
				tally: tally({ retries: maxRetries }),
			}),
		);
		expect(error.message).toBe('Salespanel had a server error (503): Down for maintenance');
		expect(error.description).toBe('This is usually temporary: try again later.');
	});

	test('a 5xx whose Retry-After passes the budget fails at once, naming the wait', () => {
		const error = failure(
			decide(answer(503, '', { 'retry-after': '86400' }), { tally: tally({ waitedMs: 61_000 }) }),
		);
		expect(error.description).toBe(
			'Salespanel asked to wait 86400 s before trying again, past the 300 s limit for one request (61 s waited already). This is usually temporary: try again later.',
		);
	});

	test('a POST answered 500 is not repeated (it may have been applied)', () => {
		expect(failure(decide(answer(500, {}), { method: 'POST' })).message).toBe(
			'Salespanel had a server error (500)',
		);
	});

	test.each([
		[
			400,
			{ email: ['Enter a valid email address.'] },
			'Salespanel rejected the request (400): email: Enter a valid email address.',
		],
		[
			401,
			{ detail: 'Invalid token.' },
			'Salespanel did not accept the API token (401): Invalid token.',
		],
		[403, {}, 'Salespanel refused access to this resource (403)'],
		[418, 'teapot', 'Salespanel answered with an unexpected status (418): teapot'],
		[101, '', 'Salespanel answered with an unexpected status (101)'],
	])('%i is not retried', (status, body, message) => {
		expect(failure(decide(answer(status, body))).message).toBe(message);
	});

	test('a 404 names what was not found', () => {
		const error = failure(
			decide(answer(404, { detail: 'Not found.' }), {
				notFoundMessage: 'Visitor "jane@acme.com" not found',
			}),
		);
		expect(error.message).toBe('Visitor "jane@acme.com" not found (404)');
	});
});

describe('redirects', () => {
	const redirect = (status: number, location: unknown) =>
		answer(status, '', location === undefined ? {} : { location });

	test.each([301, 302, 303, 307, 308])(
		'a GET redirected (%i) within the origin is followed, relative locations resolved',
		(status) => {
			expect(decide(redirect(status, '/api/v1/visitors/?limit=100&offset=100'))).toEqual({
				redirectTo: `${ORIGIN}/api/v1/visitors/?limit=100&offset=100`,
				tally: tally({ redirects: 1 }),
			});
		},
	);

	test('a list of locations: the first counts', () => {
		expect(
			decide(redirect(302, [`${ORIGIN}/api/v1/a/`, 'https://other.example/b/'])),
		).toMatchObject({ redirectTo: `${ORIGIN}/api/v1/a/` });
	});

	test.each([
		['another host', 'https://evil.example/api/v1/visitors/', 'https://evil.example'],
		['another port', 'https://salespanel.io:8443/api/v1/visitors/', 'https://salespanel.io:8443'],
		[
			'plain http on the same host',
			'http://salespanel.io/api/v1/visitors/',
			'http://salespanel.io',
		],
		['a protocol-relative location', '//evil.example/steal', 'https://evil.example'],
	])('to %s: refused, the token stays home', (_what, location, where) => {
		const error = failure(decide(redirect(302, location)));
		expect(error.message).toBe(
			`Salespanel redirected the request to ${where}; the token is only sent to ${ORIGIN}. Check the Base URL.`,
		);
		expect(error.httpCode).toBe('302');
	});

	test('a write is never re-sent, even within the origin', () => {
		const error = failure(decide(redirect(307, '/api/v1/identify/'), { method: 'POST' }));
		expect(error.message).toBe(
			`Salespanel answered the POST request with a redirect (307) to ${ORIGIN}/api/v1/identify/; a write is never re-sent to a redirect target, so nothing was written. Check the Base URL.`,
		);
	});

	test.each([undefined, '', '   ', 42, 'http://[broken'])(
		'location %p is unusable: a clear error',
		(location) => {
			expect(failure(decide(redirect(301, location))).message).toBe(
				'Salespanel answered with a redirect (301) without a usable location',
			);
		},
	);

	test(`more than ${MAX_REDIRECTS} redirects: stops`, () => {
		expect(
			decide(redirect(302, '/x/'), { tally: tally({ redirects: MAX_REDIRECTS - 1 }) }),
		).toMatchObject({ tally: { redirects: MAX_REDIRECTS } });
		expect(
			failure(decide(redirect(302, '/x/'), { tally: tally({ redirects: MAX_REDIRECTS }) })).message,
		).toBe(
			`Salespanel redirected the request more than ${MAX_REDIRECTS} times (last to ${ORIGIN}/x/). Check the Base URL.`,
		);
	});
});

describe('no answer', () => {
	const noAnswer = (error: unknown, elapsedMs = 40): Outcome => ({ noAnswer: error, elapsedMs });
	const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

	test('a reset GET is sent again after the back-off', () => {
		expect(decide(noAnswer(reset), { tally: tally({ retries: 1 }) })).toEqual({
			retryAfterMs: floor(1),
			tally: tally({ retries: 2, waitedMs: floor(1) }),
		});
	});

	test(`a GET still failing after ${maxRetries} retries names the attempts`, () => {
		const error = failure(decide(noAnswer(reset), { tally: tally({ retries: maxRetries }) }));
		expect(error.message).toBe(
			`Could not reach Salespanel: the connection was reset (after ${maxRetries + 1} attempts)`,
		);
		expect(error.description).toBe(
			"Network error ECONNRESET. Check the network and the credential's Base URL; if Salespanel is down, try again later.",
		);
	});

	test('a reset POST is not repeated, and says why', () => {
		const error = failure(decide(noAnswer(reset), { method: 'POST' }));
		expect(error.message).toBe(
			'Could not reach Salespanel: the connection was reset (after 1 attempt)',
		);
		expect(error.description).toMatch(
			/^Network error ECONNRESET\. No complete answer arrived .* not repeated automatically/,
		);
	});

	test('a refused connection is retried for a POST too: the server never saw it', () => {
		expect(
			decide(noAnswer(new Error('connect ECONNREFUSED 127.0.0.1:1')), { method: 'POST' }),
		).toMatchObject({ retryAfterMs: floor(0) });
		const error = failure(
			decide(noAnswer(new Error('connect ECONNREFUSED 127.0.0.1:1')), {
				method: 'POST',
				tally: tally({ retries: maxRetries }),
			}),
		);
		expect(error.description).toBe(
			"Network error ECONNREFUSED. Check the network and the credential's Base URL; if Salespanel is down, try again later.",
		);
	});

	test('a failure at the time-out is a time-out, whatever the error says', () => {
		const aborted = new Error('stream has been aborted');
		expect(failure(decide(noAnswer(aborted, timeoutMs - 20), { method: 'POST' })).message).toBe(
			'Could not reach Salespanel: the request timed out (after 1 attempt)',
		);
		expect(failure(decide(noAnswer(aborted, timeoutMs - 1_000), { method: 'POST' })).message).toBe(
			'Could not reach Salespanel: the connection was reset (after 1 attempt)',
		);
	});

	test.each([
		['ENOTFOUND', 'the host name was not found'],
		['EHOSTUNREACH', 'the host is unreachable'],
		['ENETUNREACH', 'the network is unreachable'],
	])('%s is not retried: asking again will not help', (code, phrase) => {
		expect(failure(decide(noAnswer({ code }))).message).toBe(
			`Could not reach Salespanel: ${phrase} (after 1 attempt)`,
		);
	});

	// Node's TLS on OpenSSL 3 (Node 20 and 24) says "wrong version number"; other builds "packet length too long".
	test.each([
		[
			'write EPROTO 80CC04A2837F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:',
		],
		['write EPROTO error:0A0000C6:SSL routines:tls_get_more_records:packet length too long'],
		['SSL routines:tls_get_more_records:packet length too long'],
	])(
		'https to a plain-http server (%s) says so and how to fix it; a POST gets no "may already be applied" note',
		(text) => {
			for (const method of ['GET', 'POST'] as const) {
				const decision = decide(noAnswer(new Error(text)), { method });
				const error = failure(decision);
				expect(error.message).toBe(
					'Could not reach Salespanel: the secure (TLS) connection could not be set up (after 1 attempt)',
				);
				expect(error.description).toBe(
					"Network error EPROTO. The Base URL starts with https://, but the server at that address and port does not speak TLS: usually a plain-http server. For a local server without TLS use http:// (accepted for localhost, 127.0.0.1 and [::1]); otherwise check the Base URL's port.",
				);
			}
		},
	);

	test('an unrecognised failure is not retried and reads as a plain failure', () => {
		const error = failure(decide(noAnswer(new Error('something odd'))));
		expect(error.message).toBe('Could not reach Salespanel: the request failed (after 1 attempt)');
		expect(error.description).toMatch(/^Network error request failed\./);
	});

	test('a retry that would pass the wait budget fails instead', () => {
		expect(
			failure(decide(noAnswer(reset), { tally: tally({ waitedMs: maxWaitMs - 1 }) })).message,
		).toBe('Could not reach Salespanel: the connection was reset (after 1 attempt)');
	});

	test("the original error (it holds the request's headers) is not passed on", () => {
		const leaky = Object.assign(new Error('read ECONNRESET'), {
			config: { headers: { Authorization: 'Token secret-value' } },
		});
		const error = failure(decide(noAnswer(leaky), { method: 'POST' }));
		expect(
			JSON.stringify({ ...error, message: error.message, description: error.description }),
		).not.toContain('secret-value');
	});
});

describe('purity', () => {
	test('the same inputs give the same decision, and the tally passed in is left alone', () => {
		const before = Object.freeze(tally({ retries: 1, throttleHits: 2, waitedMs: 5_000 }));
		const outcome = answer(429, {}, { 'retry-after': '4' });
		const first = decide(outcome, { tally: before });
		expect(decide(outcome, { tally: before })).toEqual(first);
		expect(before).toEqual(tally({ retries: 1, throttleHits: 2, waitedMs: 5_000 }));
	});
});
