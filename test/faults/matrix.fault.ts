/* eslint-disable @n8n/community-nodes/require-node-api-error */
// Fault matrix (npm run test:faults): Return All of 2,000 visitors (20 pages) under throttling,
// server errors, dropped connections, a malformed page, redirects, nonsense Retry-After and data
// moving while paging; 40+ bad inputs; and the API token (also when a server repeats it) in no
// output, error or log line. Every outcome is asserted exactly from the sandbox's request log —
// the exact id set (0 lost, 0 duplicated) or a clear NodeApiError after the retry budget, never a
// silently short result. No speed is asserted; one case checks the least gap the back-off imposes.
import { captured, print } from './capture';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { chain, manualTrigger, type RunResult } from '../tools/harness';
import { backoffDelay, DEFAULT_CLIENT_SETTINGS } from '../../nodes/Salespanel/shared/transport';
import { MAX_CONCURRENT_PAGES } from '../../nodes/Salespanel/shared/transport/pagination';
import type { FaultConfig } from '../tools/sandbox';
import { detailBody } from '../tools/sandbox/faults';
import { startLoopback } from '../tools/support/loopback';
import {
	createSalespanelEngine,
	NODE_NAME,
	salespanelNode,
	type NodeEnv,
} from '../tools/support/node-env';
import {
	attemptsByPage,
	containsText,
	environments,
	faultEnv,
	ids,
	INVALID_JSON_RETRIES,
	isGood,
	onArrival,
	pageAt,
	PAGES,
	results,
	RETRIES,
	returnAll,
	run,
	TOKEN,
	usesRetry,
	VISITORS,
} from './helpers';

const outcomes: string[] = [];
let passed = 0;
let failed = 0;

/** A test that also counts itself for the "N passed, N failed" line and records its outcome. */
function matrixCase(name: string, fn: () => Promise<string | void>, timeoutMs = 60_000): void {
	test(
		name,
		async () => {
			try {
				const detail = await fn();
				passed++;
				outcomes.push(`  ok    ${name}${detail ? ` — ${detail}` : ''}`);
			} catch (error) {
				failed++;
				outcomes.push(
					`  FAIL  ${name} — ${String((error as Error).message)
						.split('\n')
						.slice(0, 3)
						.join(' ')}`,
				);
				throw error;
			}
		},
		timeoutMs,
	);
}

afterAll(async () => {
	await Promise.all(environments.map(async (env) => await env.close()));
	print(`\nfault matrix\n${outcomes.join('\n')}\n${passed} passed, ${failed} failed\n`);
});

const sorted = (list: string[]) => [...list].sort();
const detailOf = (status: number) => (JSON.parse(detailBody(status)) as { detail: string }).detail;

/** The message the node must stop with after the last attempt at a page failed this way. */
function exhaustedMessage(answer: number | 'malformed'): string {
	if (answer === 0)
		return `Could not reach Salespanel: the connection was reset (after ${RETRIES + 1} attempts)`;
	if (answer === 'malformed') return 'Salespanel sent an answer that is not valid JSON (HTTP 200)';
	if (answer === 429) return `Salespanel throttled the requests (429): ${detailOf(429)}`;
	return `Salespanel had a server error (${answer}): ${detailOf(answer)}`;
}

function expectNoOutput(result: RunResult): void {
	expect(result.status).toBe('error');
	expect(result.runData[NODE_NAME]?.[0]?.data).toBeUndefined();
	expect(result.runData[NODE_NAME]?.[0]?.error?.name).toBe('NodeApiError');
}

/**
 * Reads the log page by page (attempts grouped by offset across the whole log: pages are read
 * concurrently) and asserts the one outcome it allows. If some page failed on every attempt the
 * budget allows: the first such page in API order is the one the error names, every page before
 * it answered, the pages after it were at most the ones in flight with it (fewer than
 * MAX_CONCURRENT_PAGES, each within its budget), and a NodeApiError with no output. Otherwise
 * every page answered, each after at most 4 retries, and exactly the expected ids, none twice —
 * in API order when `expected` is the sandbox's (unmoving) collection, as a set when it is given.
 */
function expectExactOrError(env: NodeEnv, result: RunResult, expected?: string[]): string {
	const pages = attemptsByPage(env.sandbox.requests);
	const counts = (answer: number | 'malformed') =>
		env.sandbox.requests.filter((r) =>
			answer === 'malformed'
				? r.fault === 'malformed'
				: r.status === answer && r.fault !== 'malformed',
		).length;
	const failures = [0, 429, 500, 502, 503, 'malformed' as const]
		.map((a) => [a, counts(a)] as const)
		.filter(([, n]) => n > 0)
		.map(([a, n]) => `${n} × ${a === 0 ? 'reset' : a}`)
		.join(', ');
	for (const page of pages) {
		expect(page.answers.filter(usesRetry).length).toBeLessThanOrEqual(RETRIES + 1);
		expect(page.answers.filter((a) => a === 'malformed').length).toBeLessThanOrEqual(
			INVALID_JSON_RETRIES + 1,
		);
	}
	const exhausted = pages
		.filter((page) => !page.answers.some(isGood))
		.sort((a, b) => a.offset - b.offset);
	if (exhausted.length > 0) {
		const failing = exhausted[0];
		const final = failing.answers[failing.answers.length - 1];
		if (final === 'malformed')
			expect(failing.answers.filter((a) => a === 'malformed')).toHaveLength(
				INVALID_JSON_RETRIES + 1,
			);
		else if (final !== 429) expect(failing.answers.filter(usesRetry)).toHaveLength(RETRIES + 1);
		// Every page before the failing one was read (once, answered); none after it beyond those in flight with it.
		const before = pages.filter((page) => page.offset < failing.offset);
		expect(before.map((page) => page.offset).sort((a, b) => a - b)).toEqual(
			allPages.filter((offset) => offset < failing.offset),
		);
		expect(before.every((page) => page.answers.some(isGood))).toBe(true);
		const after = pages.filter((page) => page.offset > failing.offset);
		expect(new Set(after.map((page) => page.offset)).size).toBe(after.length);
		expect(after.length).toBeLessThan(MAX_CONCURRENT_PAGES);
		expectNoOutput(result);
		expect(result.error?.message).toBe(exhaustedMessage(final));
		return `NodeApiError at offset ${failing.offset} after ${before.length} good page${before.length === 1 ? '' : 's'} (${after.length} later in flight): "${result.error?.message}" (${env.sandbox.requests.length} requests: ${failures})`;
	}
	for (const page of pages) {
		expect(page.answers.filter(usesRetry).length).toBeLessThanOrEqual(RETRIES);
		expect(page.answers.filter((a) => a === 'malformed').length).toBeLessThanOrEqual(
			INVALID_JSON_RETRIES,
		);
	}
	expect(result.error).toBeUndefined();
	const got = ids(result);
	expect(new Set(got).size).toBe(got.length);
	if (expected) expect(sorted(got)).toEqual(sorted(expected));
	else expect(got).toEqual(env.sandbox.store.visitors.map((v) => v.contact_id));
	return `${got.length} ids, exact${expected ? '' : ', in API order'}; ${env.sandbox.requests.length} requests for ${pages.length} pages${failures ? ` (${failures})` : ''}`;
}

/** The attempts at every page but `offset`: one good answer each, every page of the collection read once. */
function expectOtherPagesClean(env: NodeEnv, offset: number): void {
	const others = attemptsByPage(env.sandbox.requests).filter((page) => page.offset !== offset);
	expect(others.map((page) => page.offset).sort((a, b) => a - b)).toEqual(
		allPages.filter((o) => o !== offset),
	);
	expect(others.every((page) => page.answers.length === 1 && page.answers[0] === 200)).toBe(true);
}

/**
 * A Return All against a fresh sandbox with a one-shot fault (failNext / resetNext / malformedNext)
 * armed at the page at `offset` only: the env, the result and the attempts at that page.
 */
async function returnAllWithPageFault(
	offset: number,
	fault: Partial<FaultConfig> | ((env: NodeEnv) => Partial<FaultConfig>),
) {
	const env = await faultEnv();
	Object.assign(env.sandbox.faults, {
		...(typeof fault === 'function' ? fault(env) : fault),
		targetOffset: offset,
	});
	const result = await returnAll(env);
	return { env, result, page: pageAt(attemptsByPage(env.sandbox.requests), offset) };
}

const allPages = Array.from({ length: PAGES }, (_, i) => i * 100);

describe('Return All of 2,000 visitors under faults', () => {
	matrixCase('baseline: no fault', async () => {
		const env = await faultEnv();
		const result = await returnAll(env);
		expect(attemptsByPage(env.sandbox.requests).map((p) => p.offset)).toEqual(allPages);
		return expectExactOrError(env, result);
	});

	matrixCase('burst 5/min (node paced for 60/min): 429 + Retry-After, waited out', async () => {
		const minuteMs = 1000;
		const env = await faultEnv({ throttle: { burst: 5, minuteMs, dayMs: minuteMs * 1440 } });
		const result = await returnAll(env, {
			rateLimitRequests: 60,
			rateLimitWindowSeconds: minuteMs / 1000,
		});
		const throttled = env.sandbox.requests.filter((r) => r.status === 429);
		expect(throttled.length).toBeGreaterThan(0);
		expect(env.sandbox.requests.filter((r) => r.status === 200)).toHaveLength(PAGES);
		// Each page read once (its 429s retried, then one 200), whatever order the pages arrived in.
		const pages = attemptsByPage(env.sandbox.requests);
		expect(pages.map((p) => p.offset).sort((a, b) => a - b)).toEqual(allPages);
		expect(
			pages.every(
				(p) =>
					p.answers[p.answers.length - 1] === 200 && p.answers.slice(0, -1).every((a) => a === 429),
			),
		).toBe(true);
		return expectExactOrError(env, result);
	});

	matrixCase('burst 5/min with the node paced to 5/min: no 429 at all', async () => {
		const minuteMs = 1000;
		const env = await faultEnv({ throttle: { burst: 5, minuteMs, dayMs: minuteMs * 1440 } });
		const result = await returnAll(env, {
			rateLimitRequests: 5,
			rateLimitWindowSeconds: minuteMs / 1000,
		});
		expect(env.sandbox.requests.map((r) => r.status)).toEqual(allPages.map(() => 200));
		return expectExactOrError(env, result);
	});

	matrixCase(
		'429 without Retry-After, twice in a row mid-collection: back-off, then on',
		async () => {
			const { env, result, page } = await returnAllWithPageFault(500, {
				failNext: { count: 2, status: 429 },
			});
			expect(page.answers).toEqual([429, 429, 200]);
			expectOtherPagesClean(env, 500);
			expect(env.sandbox.requests).toHaveLength(PAGES + 2);
			return expectExactOrError(env, result);
		},
	);

	matrixCase(
		'429 asking for a day (past the 5-minute wait budget): clear error at once',
		async () => {
			const { env, result, page } = await returnAllWithPageFault(300, {
				failNext: { count: 1, status: 429, headers: { 'Retry-After': '86400' } },
			});
			// The page asked to wait a day is not tried again; the pages in flight with it are all the rest.
			expect(page.answers).toEqual([429]);
			expect(env.sandbox.requests.filter((r) => r.status !== 200)).toHaveLength(1);
			expect((result.error as { description?: string }).description).toMatch(
				/^Waited 0 s in total for 1 throttled answer\(s\); Salespanel asked for 86400 s more, past the 300 s limit\./,
			);
			return expectExactOrError(env, result);
		},
	);

	matrixCase(
		'25% 5xx (no Retry-After: exponential back-off)',
		async () => {
			const env = await faultEnv({ seed: 25 });
			env.sandbox.faults.errorRate = 0.25;
			const result = await returnAll(env);
			expect(env.sandbox.requests.some((r) => r.fault === 'errorRate')).toBe(true);
			return expectExactOrError(env, result);
		},
		120_000,
	);

	matrixCase(
		'75% 5xx (back-to-back failures, no Retry-After)',
		async () => {
			const env = await faultEnv({ seed: 75 });
			env.sandbox.faults.errorRate = 0.75;
			const result = await returnAll(env);
			return expectExactOrError(env, result);
		},
		180_000,
	);

	matrixCase(
		'503 × 4 back-to-back mid-collection, Retry-After: 0: recovers on the 5th attempt',
		async () => {
			const { env, result, page } = await returnAllWithPageFault(700, {
				failNext: { count: 4, status: 503, headers: { 'Retry-After': '0' } },
			});
			expect(env.sandbox.requests).toHaveLength(PAGES + 4);
			expect(page.answers).toEqual([503, 503, 503, 503, 200]);
			expectOtherPagesClean(env, 700);
			return expectExactOrError(env, result);
		},
	);

	matrixCase(
		'503 × 5 back-to-back mid-collection, Retry-After: 0: NodeApiError, no partial output',
		async () => {
			const { env, result, page } = await returnAllWithPageFault(700, {
				failNext: { count: 5, status: 503, headers: { 'Retry-After': '0' } },
			});
			expect(page.answers).toEqual([503, 503, 503, 503, 503]);
			// The 7 pages before it, its 5 attempts, and at most the pages in flight with it (once each).
			expect(env.sandbox.requests.length).toBeGreaterThanOrEqual(7 + 5);
			expect(env.sandbox.requests.length).toBeLessThan(7 + 5 + MAX_CONCURRENT_PAGES);
			return expectExactOrError(env, result);
		},
	);

	matrixCase(
		'15% connection resets (GETs retried)',
		async () => {
			const env = await faultEnv({ seed: 15 });
			env.sandbox.faults.resetRate = 0.15;
			const result = await returnAll(env);
			expect(env.sandbox.requests.some((r) => r.status === 0)).toBe(true);
			return expectExactOrError(env, result);
		},
		120_000,
	);

	matrixCase(
		'5 resets in a row mid-collection: NodeApiError naming the reset',
		async () => {
			const { env, result, page } = await returnAllWithPageFault(500, { resetNext: 5 });
			expect(page.answers).toEqual([0, 0, 0, 0, 0]);
			expect(env.sandbox.requests.filter((r) => r.status !== 200)).toHaveLength(5);
			expect((result.error as { description?: string }).description).toMatch(
				/^Network error ECONNRESET\./,
			);
			return expectExactOrError(env, result);
		},
		60_000,
	);

	matrixCase('a malformed JSON page (truncated 200): retried, nothing lost', async () => {
		const { env, result, page } = await returnAllWithPageFault(400, { malformedNext: 1 });
		expect(page.answers).toEqual(['malformed', 200]);
		expectOtherPagesClean(env, 400);
		expect(env.sandbox.requests).toHaveLength(PAGES + 1);
		return expectExactOrError(env, result);
	});

	matrixCase(
		'the same page malformed 3 times: NodeApiError, no partial output (a broken page is fetched 3 times at most)',
		async () => {
			const { env, result, page } = await returnAllWithPageFault(200, { malformedNext: 5 });
			expect(page.answers).toEqual(
				Array.from({ length: INVALID_JSON_RETRIES + 1 }, () => 'malformed'),
			);
			expect(env.sandbox.faults.malformedNext).toBe(5 - (INVALID_JSON_RETRIES + 1));
			return expectExactOrError(env, result);
		},
		60_000,
	);

	matrixCase(
		'a 302 to another origin mid-collection: NodeApiError naming it; the other server gets no request',
		async () => {
			const other = await startLoopback();
			try {
				const { env, result, page } = await returnAllWithPageFault(300, {
					failNext: {
						count: 1,
						status: 302,
						body: '',
						headers: { Location: `${other.url}/api/v1/visitors/?limit=100&offset=300` },
					},
				});
				const pages = attemptsByPage(env.sandbox.requests);
				expect(page.answers).toEqual([302]);
				// The pages before it answered; after it, at most the pages in flight with it, once each.
				expect(pages.filter((p) => p.offset < 300).map((p) => p.answers)).toEqual([
					[200],
					[200],
					[200],
				]);
				const after = pages.filter((p) => p.offset > 300);
				expect(after.every((p) => p.answers.length === 1 && p.answers[0] === 200)).toBe(true);
				expect(after.length).toBeLessThan(MAX_CONCURRENT_PAGES);
				expectNoOutput(result);
				expect(result.error?.message).toBe(
					`Salespanel redirected the request to ${other.url}; the token is only sent to ${env.sandbox.url}. Check the Base URL.`,
				);
				expect(other.hits).toEqual([]);
				return `NodeApiError at offset 300 after 3 pages (${after.length} later in flight): "${result.error?.message}"; ${other.hits.length} requests reached the other origin`;
			} finally {
				await other.close();
			}
		},
	);

	matrixCase(
		'a 301 within the Base URL origin mid-collection: followed, nothing lost',
		async () => {
			const { env, result, page } = await returnAllWithPageFault(300, ({ sandbox }) => ({
				failNext: {
					count: 1,
					status: 301,
					body: '',
					headers: { Location: `${sandbox.url}/api/v1/visitors/?limit=100&offset=300` },
				},
			}));
			expect(env.sandbox.requests).toHaveLength(PAGES + 1);
			expect(page.answers).toEqual([301, 200]);
			expectOtherPagesClean(env, 300);
			return expectExactOrError(env, result);
		},
	);

	matrixCase(
		'429 with Retry-After: 0, three times on one page: every retry waits at least the back-off floor',
		async () => {
			const { env, result, page } = await returnAllWithPageFault(400, {
				failNext: { count: 3, status: 429, headers: { 'Retry-After': '0' } },
			});
			expect(page.answers).toEqual([429, 429, 429, 200]);
			expectOtherPagesClean(env, 400);
			const { backoffBaseMs, backoffCapMs } = DEFAULT_CLIENT_SETTINGS;
			// Between the attempts at this page (other pages' requests interleave with them).
			const gaps = [1, 2, 3].map((i) => page.at[i] - page.at[i - 1]);
			// Real timers may fire a millisecond or two early against the sandbox's clock.
			gaps.forEach((gap, attempt) =>
				expect(gap).toBeGreaterThanOrEqual(
					backoffDelay(attempt, backoffBaseMs, backoffCapMs, () => 0) - 5,
				),
			);
			return `${expectExactOrError(env, result)}; gaps after the 429s: ${gaps.join(', ')} ms`;
		},
	);

	matrixCase(
		'503 asking to retry in 1,000,000 s: a clear error at once, no 11-day sleep',
		async () => {
			const { env, result, page } = await returnAllWithPageFault(300, {
				failNext: { count: 1, status: 503, headers: { 'Retry-After': '1000000' } },
			});
			// Not tried again: one 503 at the page, every other request a 200.
			expect(page.answers).toEqual([503]);
			expect(env.sandbox.requests.filter((r) => r.status !== 200)).toHaveLength(1);
			expectNoOutput(result);
			expect(result.error?.message).toBe(exhaustedMessage(503));
			expect((result.error as { description?: string }).description).toMatch(
				/^Salespanel asked to wait 1000000 s before trying again, past the 300 s limit for one request/,
			);
			const pages = attemptsByPage(env.sandbox.requests);
			expect(pages.filter((p) => p.offset < 300).map((p) => p.answers)).toEqual([
				[200],
				[200],
				[200],
			]);
			expect(pages.filter((p) => p.offset > 300).length).toBeLessThan(MAX_CONCURRENT_PAGES);
			return `NodeApiError at offset 300: "${result.error?.message}"`;
		},
	);

	matrixCase(
		'a server repeating the token in 401, 400 and 500 answers: redacted (see the token scan below)',
		async () => {
			const env = await faultEnv({ visitors: 30 });
			const messages: string[] = [];
			for (const [status, body] of [
				[401, JSON.stringify({ detail: `Invalid token "${TOKEN}".` })],
				[400, JSON.stringify({ limit: [`"${TOKEN}" is not a valid integer.`] })],
			] as const) {
				env.sandbox.faults.failNext = { count: 1, status, body };
				messages.push((await returnAll(env)).error?.message ?? '');
			}
			env.sandbox.faults.failNext = {
				count: 1,
				status: 500,
				body: `Traceback (most recent call last): Authorization: Token ${TOKEN}`,
			};
			const write = await run(env, {
				resource: 'activity',
				operation: 'create',
				visitorIdentifier: 'jane@acme.com',
				category: 'c',
				label: 'l',
			});
			messages.push(write.error?.message ?? '');
			expect(messages).toEqual([
				'Salespanel did not accept the API token (401): Invalid token "[redacted]".',
				'Salespanel rejected the request (400): limit: "[redacted]" is not a valid integer.',
				'Salespanel had a server error (500): Traceback (most recent call last): Authorization: Token [redacted]',
			]);
			return messages.join(' | ');
		},
	);

	/**
	 * Drift: the collection changes after every list page. The exact expected set is the
	 * collection as it stood when the node's last request was answered: the store at that
	 * request's arrival (drift follows a page, after it was sent).
	 */
	const driftCase = (label: string, drift: { insert?: number; reorder?: number }) => {
		const name = `visitors ${label} while paging (${JSON.stringify(drift)} per page)`;
		const fn = async () => {
			const env = await faultEnv({ seed: 11 });
			const before = env.sandbox.store.visitors.map((v) => v.contact_id);
			let atLastRequest: string[] = [];
			onArrival(env.sandbox, () => {
				atLastRequest = env.sandbox.store.visitors.map((v) => v.contact_id);
			});
			env.sandbox.faults.driftPerPage = drift;
			const result = await returnAll(env);
			env.sandbox.faults.driftPerPage = undefined;
			const got = new Set(result.error ? [] : ids(result));
			const lostOriginals = before.filter((id) => !got.has(id)).length;
			const missing = atLastRequest.filter((id) => !got.has(id)).length;
			const what = `status ${result.status}, ${got.size} of ${atLastRequest.length} ids (${missing} missing, ${lostOriginals} of them in the account before paging began)`;
			try {
				if (result.error) {
					// Too much drift for the reconciliation budget: a clear error, never a short result.
					expectNoOutput(result);
					expect(
						attemptsByPage(env.sandbox.requests).every((page) => page.answers.every(isGood)),
					).toBe(true);
					const [, arrived, counted] =
						/^Salespanel's list changed faster than it could be read: (\d+) of (\d+) items arrived$/.exec(
							result.error.message,
						) ?? [];
					// The count is the one of the last page answered: the collection as it stood then.
					expect(Number(counted)).toBe(atLastRequest.length);
					expect(Number(arrived)).toBeLessThan(Number(counted));
					return `NodeApiError: "${result.error.message}" (${env.sandbox.requests.length} requests)`;
				}
				const summary = expectExactOrError(env, result, atLastRequest);
				expect(lostOriginals).toBe(0);
				return `${summary}; ${atLastRequest.length - VISITORS} arrived while paging`;
			} catch (error) {
				throw new Error(
					`${what}; ${env.sandbox.requests.length} requests\n${(error as Error).message}`,
				);
			}
		};
		matrixCase(name, fn);
	};
	driftCase('inserted and re-ordered', { insert: 1, reorder: 3 });
	driftCase('inserted', { insert: 3 });
	driftCase('re-ordered', { reorder: 5 });
	driftCase('re-ordered heavily', { reorder: 20 });
	driftCase('inserted and re-ordered heavily', { insert: 10, reorder: 10 });
});

describe('bad input: clear error, 0 requests', () => {
	let env: NodeEnv;
	const visitorId = () => env.sandbox.store.visitors[0].contact_id;
	const idOf = (i: number) => env.sandbox.store.visitors[i].contact_id;

	beforeAll(async () => {
		env = await faultEnv({ visitors: 30 });
	});

	type Case = [
		label: string,
		parameters: () => IDataObject,
		message: string | RegExp,
		input?: () => IDataObject[],
	];
	const attributes = (rows: IDataObject[]) => ({
		attributesInputMode: 'fields',
		attributes: { attribute: rows },
	});
	const json = (text: string) => ({ attributesInputMode: 'json', attributesJson: text });
	const visitor = (operation: string, extra: IDataObject) => ({
		resource: 'visitor',
		operation,
		...extra,
	});
	const activity = (operation: string, extra: IDataObject) => ({
		resource: 'activity',
		operation,
		...extra,
	});
	const create = (extra: IDataObject) =>
		activity('create', {
			visitorIdentifier: 'jane@acme.com',
			category: 'product_interaction',
			label: 'demo_viewed',
			...extra,
		});
	const setAttributes = (extra: IDataObject) =>
		visitor('setAttributes', {
			visitorIdentifier: 'jane@acme.com',
			...attributes([{ name: 'plan', type: 'string', stringValue: 'pro' }]),
			...extra,
		});

	const cases: Case[] = [
		[
			'visitor.get: empty ID (from an expression)',
			() => visitor('get', { visitorId: '={{ "" }}' }),
			"'Visitor' is empty",
		],
		['visitor.get: blank ID', () => visitor('get', { visitorId: '   ' }), "'Visitor' is empty"],
		[
			'visitor.get: word',
			() => visitor('get', { visitorId: 'abc' }),
			`'Visitor' is neither a visitor ID nor an email address: "abc"`,
		],
		// Typed values in By ID / By Email / From List are checked by n8n itself (see test/nodes/Salespanel/Salespanel.editor.test.ts); from an expression, by the node.
		[
			'visitor.get: email in By ID (from an expression)',
			() =>
				visitor('get', { visitorId: { __rl: true, mode: 'id', value: '={{ "jane@acme.com" }}' } }),
			`'Visitor' is not a visitor ID: "jane@acme.com"`,
		],
		[
			'visitor.get: ID in By Email (from an expression)',
			() =>
				visitor('get', {
					visitorId: { __rl: true, mode: 'email', value: `={{ "${visitorId()}" }}` },
				}),
			/^'Visitor' is not a valid email address: /,
		],
		[
			'visitor.get: nothing in From List (from an expression)',
			() =>
				visitor('get', { visitorId: { __rl: true, mode: 'list', value: '={{ $json.missing }}' } }),
			"'Visitor' is empty",
		],
		[
			'visitor.identify: email (By Email stored from Get)',
			() =>
				visitor('identify', {
					visitorId: { __rl: true, mode: 'email', value: 'jane@acme.com' },
					email: 'jane@acme.com',
				}),
			"'Visitor' must be a visitor ID here, not an email address",
		],
		[
			'visitor.identify: plain email',
			() => visitor('identify', { visitorId: 'jane@acme.com', email: 'jane@acme.com' }),
			`'Visitor' is not a visitor ID: "jane@acme.com"`,
		],
		[
			'visitor.get: UUID one digit short',
			() => visitor('get', { visitorId: 'be8364a3-59b2-d17e-988f-27fb997df24' }),
			`'Visitor' is neither a visitor ID nor an email address: "be8364a3-59b2-d17e-988f-27fb997df24"`,
		],
		[
			'visitor.get: path traversal',
			() => visitor('get', { visitorId: '../segments' }),
			`'Visitor' is neither a visitor ID nor an email address: "../segments"`,
		],
		[
			'visitor.get: UUID with a query string',
			() => visitor('get', { visitorId: `${visitorId()}?format=api` }),
			/^'Visitor' is neither a visitor ID nor an email address: ".*\?format=api"$/,
		],
		[
			'visitor.identify: empty email (from an expression)',
			() => visitor('identify', { visitorId: visitorId(), email: '={{ $json.missing }}' }),
			"'Email' is empty",
		],
		[
			'visitor.identify: no @',
			() => visitor('identify', { visitorId: visitorId(), email: 'not-an-email' }),
			`'Email' is not a valid email address: "not-an-email"`,
		],
		[
			'visitor.identify: no domain dot',
			() => visitor('identify', { visitorId: visitorId(), email: 'a@b' }),
			`'Email' is not a valid email address: "a@b"`,
		],
		[
			'visitor.identify: space in email',
			() => visitor('identify', { visitorId: visitorId(), email: 'jane doe@acme.com' }),
			`'Email' is not a valid email address: "jane doe@acme.com"`,
		],
		[
			'visitor.identify: bad visitor ID',
			() => visitor('identify', { visitorId: 'xyz', email: 'jane@acme.com' }),
			`'Visitor' is not a visitor ID: "xyz"`,
		],
		[
			'visitor.setAttributes: empty identifier (from an expression)',
			() => setAttributes({ visitorIdentifier: '={{ "" }}' }),
			"'Visitor' is empty",
		],
		[
			'visitor.setAttributes: neither ID nor email',
			() => setAttributes({ visitorIdentifier: 'bob' }),
			`'Visitor' is neither a visitor ID nor an email address: "bob"`,
		],
		[
			'visitor.setAttributes: half an email',
			() => setAttributes({ visitorIdentifier: 'bob@' }),
			`'Visitor' is not a valid email address: "bob@"`,
		],
		[
			'visitor.setAttributes: no attributes',
			() => setAttributes(attributes([])),
			"'Attributes' has no attributes",
		],
		[
			'visitor.setAttributes: attribute without name',
			() => setAttributes(attributes([{ name: ' ', type: 'string', stringValue: 'x' }])),
			"'Attributes' has an attribute with an empty name",
		],
		[
			'visitor.setAttributes: attribute twice',
			() =>
				setAttributes(
					attributes([
						{ name: 'plan', type: 'string', stringValue: 'a' },
						{ name: 'plan', type: 'number', numberValue: 1 },
					]),
				),
			`Attribute "plan" appears twice in 'Attributes'`,
		],
		[
			'visitor.setAttributes: JSON not parseable',
			() => setAttributes(json('{not json')),
			"'Attributes (JSON)' is not valid JSON",
		],
		[
			'visitor.setAttributes: JSON array',
			() => setAttributes(json('[1, 2]')),
			"'Attributes (JSON)' must be a JSON object",
		],
		[
			'visitor.setAttributes: JSON string',
			() => setAttributes(json('"plan"')),
			"'Attributes (JSON)' must be a JSON object",
		],
		[
			'visitor.setAttributes: JSON empty object',
			() => setAttributes(json('{}')),
			"'Attributes (JSON)' has no attributes",
		],
		[
			'visitor.setAttributes: nested object value',
			() => setAttributes(json('{"plan": {"tier": 1}}')),
			`Attribute "plan" in 'Attributes (JSON)' has an unsupported value (an object)`,
		],
		[
			'visitor.setAttributes: list value',
			() => setAttributes(json('{"tags": ["a"]}')),
			`Attribute "tags" in 'Attributes (JSON)' has an unsupported value (a list)`,
		],
		[
			'visitor.setAttributes: null value',
			() => setAttributes(json('{"plan": null}')),
			`Attribute "plan" in 'Attributes (JSON)' has an unsupported value (null)`,
		],
		[
			'visitor.setAttributes: empty attribute name in JSON',
			() => setAttributes(json('{"": 1}')),
			"'Attributes (JSON)' has an attribute with an empty name",
		],
		[
			'visitor.setAttributes: Create New Visitor with an ID',
			() => setAttributes({ visitorIdentifier: visitorId(), options: { createNew: true } }),
			"'Create New Visitor' needs an email address in 'Visitor'",
		],
		[
			'visitor.getAttribution: empty (from an expression)',
			() => visitor('getAttribution', { visitorIdentifier: '={{ $json.email }}' }),
			"'Visitor' is empty",
		],
		[
			'visitor.getAttribution: word',
			() => visitor('getAttribution', { visitorIdentifier: 'nobody' }),
			`'Visitor' is neither a visitor ID nor an email address: "nobody"`,
		],
		[
			'visitor.getAttribution: two @',
			() => visitor('getAttribution', { visitorIdentifier: 'a@b@c.com' }),
			`'Visitor' is not a valid email address: "a@b@c.com"`,
		],
		[
			'visitor.getAll: limit 0',
			() => visitor('getAll', { returnAll: false, limit: 0 }),
			"'Limit' must be a whole number of at least 1 (got 0)",
		],
		[
			'visitor.getAll: limit -5',
			() => visitor('getAll', { returnAll: false, limit: -5 }),
			"'Limit' must be a whole number of at least 1 (got -5)",
		],
		[
			'visitor.getAll: limit 2.5',
			() => visitor('getAll', { returnAll: false, limit: 2.5 }),
			"'Limit' must be a whole number of at least 1 (got 2.5)",
		],
		[
			'visitor.getAll: limit from an expression that is text',
			() => visitor('getAll', { returnAll: false, limit: '={{ "ten" }}' }),
			`'Limit' must be a whole number of at least 1 (got "ten")`,
		],
		[
			'activity.getAll: empty identifier (from an expression)',
			() => activity('getAll', { visitorIdentifier: '={{ "  " }}' }),
			"'Visitor' is empty",
		],
		[
			'activity.getAll: word',
			() => activity('getAll', { visitorIdentifier: 'zzz' }),
			`'Visitor' is neither a visitor ID nor an email address: "zzz"`,
		],
		[
			'activity.getAll: limit 0',
			() => activity('getAll', { visitorIdentifier: 'jane@acme.com', returnAll: false, limit: 0 }),
			"'Limit' must be a whole number of at least 1 (got 0)",
		],
		[
			'activity.create: empty category (from an expression)',
			() => create({ category: '={{ "" }}' }),
			"'Category' is empty",
		],
		['activity.create: blank label', () => create({ label: '   ' }), "'Label' is empty"],
		[
			'activity.create: metadata not JSON',
			() => create({ additionalFields: { metadata: '{bad' } }),
			"'Metadata' is not valid JSON",
		],
		[
			'activity.create: metadata array',
			() => create({ additionalFields: { metadata: '[1]' } }),
			"'Metadata' must be a JSON object",
		],
		[
			'activity.create: metadata number',
			() => create({ additionalFields: { metadata: '42' } }),
			"'Metadata' must be a JSON object",
		],
		[
			'activity.create: identifier with a space',
			() => create({ visitorIdentifier: 'not valid' }),
			`'Visitor' is neither a visitor ID nor an email address: "not valid"`,
		],
		[
			'lead.getAll: limit 0',
			() => ({ resource: 'lead', operation: 'getAll', returnAll: false, limit: 0 }),
			"'Limit' must be a whole number of at least 1 (got 0)",
		],
		[
			'visitingCompany.getAll: limit -1',
			() => ({ resource: 'visitingCompany', operation: 'getAll', returnAll: false, limit: -1 }),
			"'Limit' must be a whole number of at least 1 (got -1)",
		],
		[
			'segment.getAll: limit 0',
			() => ({ resource: 'segment', operation: 'getAll', returnAll: false, limit: 0 }),
			"'Limit' must be a whole number of at least 1 (got 0)",
		],
		[
			'visitor.get ×3, the 3rd ID bad: nothing sent for the good ones either',
			() => visitor('get', { visitorId: '={{ $json.id }}' }),
			`'Visitor' is neither a visitor ID nor an email address: "oops"`,
			() => [{ id: idOf(0) }, { id: idOf(1) }, { id: 'oops' }],
		],
		[
			'visitor.identify ×3, the 2nd email bad',
			() => visitor('identify', { visitorId: '={{ $json.id }}', email: '={{ $json.email }}' }),
			`'Email' is not a valid email address: "x@"`,
			() => [
				{ id: idOf(0), email: 'a@acme.com' },
				{ id: idOf(1), email: 'x@' },
				{ id: idOf(2), email: 'c@acme.com' },
			],
		],
		[
			'activity.create ×2, the 2nd metadata bad',
			() =>
				create({
					visitorIdentifier: '={{ $json.email }}',
					additionalFields: { metadata: '={{ $json.metadata }}' },
				}),
			"'Metadata' must be a JSON object",
			() => [
				{ email: 'a@acme.com', metadata: '{}' },
				{ email: 'b@acme.com', metadata: '[]' },
			],
		],
	];

	matrixCase(
		'bad input — required field left empty in the editor: n8n refuses the workflow before the node runs',
		async () => {
			env.sandbox.resetLog();
			const result = await run(env, visitor('get', { visitorId: '' }) as INodeParameters).catch(
				(error: Error) => error,
			);
			expect(result).toBeInstanceOf(Error);
			expect((result as Error).message).toBe(
				'The workflow has issues and cannot be executed for that reason. Please fix them first.',
			);
			expect(env.sandbox.requests).toHaveLength(0);
			return undefined;
		},
	);

	for (const [label, parameters, message, input] of cases) {
		matrixCase(`bad input — ${label}`, async () => {
			env.sandbox.resetLog();
			const result = await run(env, parameters() as INodeParameters, input?.());
			expect(result.status).toBe('error');
			if (typeof message === 'string') expect(result.error?.message).toBe(message);
			else expect(result.error?.message).toMatch(message);
			expect(result.runData[NODE_NAME]?.[0]?.data).toBeUndefined();
			expect(env.sandbox.requests).toHaveLength(0);
			const description = (result.error as { description?: unknown }).description;
			expect(typeof description === 'string' && description.length > 0).toBe(true);
			return undefined;
		});
	}

	const credentialCases: Array<[string, string, string]> = [
		[
			'credential: plain http to a non-loopback host',
			'http://example.com',
			"The credential's Base URL uses plain http:// for a host other than localhost, 127.0.0.1 or [::1]",
		],
		[
			'credential: Base URL not a URL',
			'not a url',
			"The credential's Base URL must start with https://",
		],
		[
			'credential: ftp Base URL',
			'ftp://127.0.0.1',
			"The credential's Base URL must start with https://",
		],
		[
			'credential: Base URL with a password',
			'https://user:secret@salespanel.io',
			"The credential's Base URL contains a user name or password (the part before @)",
		],
		[
			'credential: Base URL with a fragment',
			'https://x#@salespanel.io',
			"The credential's Base URL contains ? or #",
		],
	];
	for (const [label, baseUrl, message] of credentialCases) {
		matrixCase(`bad input — ${label}`, async () => {
			env.sandbox.resetLog();
			const engine = createSalespanelEngine(baseUrl, TOKEN);
			const result = await engine.run(
				chain([
					manualTrigger(),
					salespanelNode({ resource: 'segment', operation: 'getAll', returnAll: true }),
				]),
			);
			results.push(result);
			expect(result.error?.message).toBe(message);
			expect(env.sandbox.requests).toHaveLength(0);
			return undefined;
		});
	}
});

describe('the API token', () => {
	matrixCase('appears 0 times in any output, error or log line of this suite', async () => {
		expect(results.length).toBeGreaterThan(60);
		const n8nLogLines = captured.filter((line) =>
			/Workflow execution (started|finished)/.test(line),
		).length;
		expect(n8nLogLines).toBeGreaterThan(0);
		const inResults = results.filter(
			(result) => containsText(result.raw, TOKEN) || containsText(result.error, TOKEN),
		).length;
		const inLogs = captured.filter((line) => line.includes(TOKEN)).length;
		const inRequestLogs = environments.filter((env) =>
			containsText(env.sandbox.requests, TOKEN),
		).length;
		expect({ inResults, inLogs, inRequestLogs }).toEqual({
			inResults: 0,
			inLogs: 0,
			inRequestLogs: 0,
		});
		const errors = results.filter((r) => r.error).length;
		return `${results.length} runs (${errors} errors) and ${captured.length} output/log lines (${n8nLogLines} from n8n's debug logger) scanned`;
	});
});
