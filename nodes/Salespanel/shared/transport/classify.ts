/**
 * What to do after one attempt of a request: return its body, wait and send it again, follow a
 * redirect, or give up with an error. A pure decision (no I/O, no clock, no state of its own), so
 * every hostile answer can be tested without a server; the client's loop carries it out.
 */
import type { IHttpRequestMethods, IN8nHttpFullResponse, INode, NodeApiError } from 'n8n-workflow';

import { httpError, invalidJsonError, networkError, redirectError, THROTTLE_HELP } from './errors';
import { isRetryableNetworkFailure, mayHaveReachedServer, networkErrorCode } from './network';
import { isRetryableStatus, retryDelay } from './retry';

/** The limits of retrying and waiting (part of the client's settings). */
export interface RetryPolicy {
	/** Retries of a GET after a 5xx, a reset or a time-out (POSTs: see network.ts). */
	maxRetries: number;
	/** Retries of a GET whose 200 answer is not JSON: a broken page rarely heals by asking again. */
	maxInvalidJsonRetries: number;
	/** Retries after 429 answers, however short the server says the wait is. */
	maxThrottleRetries: number;
	/** Longest total time one request may spend waiting before retries (429, 5xx, resets). */
	maxWaitMs: number;
	/** Back-off base and cap: the least a retry waits, whatever `Retry-After` says. */
	backoffBaseMs: number;
	backoffCapMs: number;
	/** Per-request time-out. */
	timeoutMs: number;
}

/** Same-origin redirects followed per request (GET only). */
export const MAX_REDIRECTS = 5;

/** A non-JSON 200 larger than this is not fetched again: it is a web page, not a torn API answer. */
export const MAX_RETRIED_BODY_CHARS = 1_000_000;

/**
 * A failure this close to the time-out is the time-out: one that strikes while the answer is
 * arriving surfaces as an aborted stream, not as ETIMEDOUT.
 */
const TIMEOUT_SLACK_MS = 25;

/** What one attempt came back with: an HTTP answer (any status), or an error and how long it took. */
export type Outcome = { answer: IN8nHttpFullResponse } | { noAnswer: unknown; elapsedMs: number };

/** What the attempts of one request have used up so far. */
export interface Tally {
	/** Retries after a network failure or a 5xx/408 answer. */
	retries: number;
	invalidJsonRetries: number;
	/** 429 answers received, the last one included. */
	throttleHits: number;
	redirects: number;
	/** Time spent waiting before retries, held against `maxWaitMs`. */
	waitedMs: number;
}

export const FIRST_ATTEMPT: Tally = {
	retries: 0,
	invalidJsonRetries: 0,
	throttleHits: 0,
	redirects: 0,
	waitedMs: 0,
};

/** The request the attempt belongs to. */
export interface Attempt {
	node: INode;
	method: IHttpRequestMethods;
	/** Where this attempt was sent: a relative redirect resolves against it. */
	url: string;
	/** The only origin the token is sent to. */
	origin: string;
	itemIndex?: number;
	/** Message for a 404, e.g. `Visitor "jane@acme.com" not found`. */
	notFoundMessage?: string;
	tally: Tally;
	/** The time the outcome arrived (an HTTP-date `Retry-After` counts from it). */
	now: number;
}

export type Decision =
	| { done: unknown }
	| { retryAfterMs: number; tally: Tally }
	| { redirectTo: string; tally: Tally }
	| { fail: NodeApiError };

const seconds = (ms: number) => Math.ceil(ms / 1000);

/** `random` is the back-off jitter's source (Math.random unless a test pins it). */
export function classify(
	outcome: Outcome,
	attempt: Attempt,
	policy: RetryPolicy,
	random = Math.random,
): Decision {
	if ('noAnswer' in outcome)
		return classifyNoAnswer(outcome.noAnswer, outcome.elapsedMs, attempt, policy, random);
	const { statusCode: status } = outcome.answer;
	if (status >= 300 && status < 400) return followRedirect(outcome.answer, attempt);
	if (status === 429) return retryThrottled(outcome.answer, attempt, policy, random);
	if (status >= 200 && status < 300) return acceptBody(outcome.answer, attempt, policy, random);
	return retryOrFail(outcome.answer, attempt, policy, random);
}

/** What a received answer of one kind (throttled, 2xx, any other status) means for the attempt. */
type AnswerHandler = (
	answer: IN8nHttpFullResponse,
	attempt: Attempt,
	policy: RetryPolicy,
	random: () => number,
) => Decision;

type RetryCounter = 'retries' | 'invalidJsonRetries' | 'throttleHits';

/**
 * The wait before the next retry counted in `counter`: what the server asked for in Retry-After,
 * never less than the back-off for that count (so `Retry-After: 0` cannot make the node hammer the API).
 */
function waitBeforeRetry(
	counter: RetryCounter,
	attempt: Attempt,
	policy: RetryPolicy,
	random: () => number,
	retryAfter?: unknown,
): number {
	return retryDelay(
		retryAfter,
		attempt.tally[counter],
		policy.backoffBaseMs,
		policy.backoffCapMs,
		attempt.now,
		random,
	);
}

/** A retry after `wait`, counted in `counter`; undefined when the wait would pass the request's budget. */
function retryWithinBudget(
	wait: number,
	counter: RetryCounter,
	tally: Tally,
	policy: RetryPolicy,
): Decision | undefined {
	if (tally.waitedMs + wait > policy.maxWaitMs) return undefined;
	return {
		retryAfterMs: wait,
		tally: { ...tally, waitedMs: tally.waitedMs + wait, [counter]: tally[counter] + 1 },
	};
}

function classifyNoAnswer(
	error: unknown,
	elapsedMs: number,
	attempt: Attempt,
	policy: RetryPolicy,
	random: () => number,
): Decision {
	const { method, tally } = attempt;
	const timedOut = elapsedMs + TIMEOUT_SLACK_MS >= policy.timeoutMs;
	const code = timedOut ? 'ETIMEDOUT' : (networkErrorCode(error) ?? 'request failed');
	if (isRetryableNetworkFailure(method, code) && tally.retries < policy.maxRetries) {
		const wait = waitBeforeRetry('retries', attempt, policy, random);
		const retry = retryWithinBudget(wait, 'retries', tally, policy);
		if (retry) return retry;
	}
	const note =
		method !== 'GET' && mayHaveReachedServer(code)
			? 'No complete answer arrived after the request was sent, so Salespanel may already have applied it. It was not repeated automatically, to avoid applying it twice: check Salespanel before running the item again.'
			: undefined;
	return { fail: networkError(attempt.node, code, tally.retries + 1, attempt.itemIndex, note) };
}

/**
 * A redirect is followed only for a GET, only within the credential's origin (so the token never
 * reaches another host, nor plain http), at most MAX_REDIRECTS times. Anything else is an error
 * naming the location's origin; a write is never re-sent.
 */
function followRedirect(
	{ statusCode: status, headers }: IN8nHttpFullResponse,
	attempt: Attempt,
): Decision {
	const { node, method, origin, itemIndex, tally } = attempt;
	const rawLocation: unknown = headers?.location;
	const fail = (message: string): Decision => ({
		fail: redirectError(node, status, message, itemIndex),
	});
	const location = Array.isArray(rawLocation) ? (rawLocation[0] as unknown) : rawLocation;
	let target: URL | undefined;
	try {
		target =
			typeof location === 'string' && location.trim()
				? new URL(location.trim(), attempt.url)
				: undefined;
	} catch {
		target = undefined;
	}
	if (target === undefined)
		return fail(`Salespanel answered with a redirect (${status}) without a usable location`);
	const where = `${target.protocol}//${target.host}`;
	if (target.origin !== origin) {
		return fail(
			`Salespanel redirected the request to ${where}; the token is only sent to ${origin}. Check the Base URL.`,
		);
	}
	if (method !== 'GET') {
		return fail(
			`Salespanel answered the ${method} request with a redirect (${status}) to ${where}${target.pathname}; a write is never re-sent to a redirect target, so nothing was written. Check the Base URL.`,
		);
	}
	if (tally.redirects >= MAX_REDIRECTS) {
		return fail(
			`Salespanel redirected the request more than ${MAX_REDIRECTS} times (last to ${where}${target.pathname}). Check the Base URL.`,
		);
	}
	return { redirectTo: target.href, tally: { ...tally, redirects: tally.redirects + 1 } };
}

/** A 429 is retried for any method (the server did not act), up to the retry cap and the wait budget. */
const retryThrottled: AnswerHandler = (answer, attempt, policy, random) => {
	const { statusCode: status, headers, body } = answer;
	const { tally } = attempt;
	const wait = waitBeforeRetry('throttleHits', attempt, policy, random, headers?.['retry-after']);
	const throttleHits = tally.throttleHits + 1;
	const retry =
		throttleHits <= policy.maxThrottleRetries
			? retryWithinBudget(wait, 'throttleHits', tally, policy)
			: undefined;
	if (retry) return retry;
	const error = httpError(attempt.node, { status, body, itemIndex: attempt.itemIndex });
	error.description =
		throttleHits > policy.maxThrottleRetries
			? `Throttled ${throttleHits} times in a row for one request (waited ${seconds(tally.waitedMs)} s in total); gave up after ${policy.maxThrottleRetries} retries. ${THROTTLE_HELP}`
			: `Waited ${seconds(tally.waitedMs)} s in total for ${throttleHits} throttled answer(s); Salespanel asked for ${seconds(wait)} s more, past the ${seconds(policy.maxWaitMs)} s limit. ${THROTTLE_HELP}`;
	return { fail: error };
};

/**
 * A 2xx: JSON is the result (no body reads as `{}`), its shape checked where it is read; text is
 * a torn or foreign page (a JSON string cannot be told from it after reading).
 */
const acceptBody: AnswerHandler = ({ statusCode: status, body }, attempt, policy, random) => {
	if (body === undefined || body === null || body === '') return { done: {} };
	if (typeof body === 'object' || typeof body === 'number' || typeof body === 'boolean')
		return { done: body };
	// Repeating a GET is safe; a large web page is not fetched again.
	const { tally } = attempt;
	const size = typeof body === 'string' ? body.length : 0;
	if (
		attempt.method === 'GET' &&
		size <= MAX_RETRIED_BODY_CHARS &&
		tally.invalidJsonRetries < policy.maxInvalidJsonRetries
	) {
		const wait = waitBeforeRetry('invalidJsonRetries', attempt, policy, random);
		const retry = retryWithinBudget(wait, 'invalidJsonRetries', tally, policy);
		if (retry) return retry;
	}
	return {
		fail: invalidJsonError(
			attempt.node,
			status,
			size > MAX_RETRIED_BODY_CHARS ? size : undefined,
			attempt.itemIndex,
		),
	};
};

/** Any other status: a GET is retried after a 5xx or 408 within the budget; the rest is an error. */
const retryOrFail: AnswerHandler = (answer, attempt, policy, random) => {
	const { statusCode: status, headers, body } = answer;
	const { node, method, itemIndex, tally } = attempt;
	if (isRetryableStatus(method, status) && tally.retries < policy.maxRetries) {
		const wait = waitBeforeRetry('retries', attempt, policy, random, headers?.['retry-after']);
		const retry = retryWithinBudget(wait, 'retries', tally, policy);
		if (retry) return retry;
		const error = httpError(node, { status, body, itemIndex });
		error.description = `Salespanel asked to wait ${seconds(wait)} s before trying again, past the ${seconds(policy.maxWaitMs)} s limit for one request (${seconds(tally.waitedMs)} s waited already). This is usually temporary: try again later.`;
		return { fail: error };
	}
	return {
		fail: httpError(node, { status, body, itemIndex, notFoundMessage: attempt.notFoundMessage }),
	};
};
