// Helpers of the fault matrix: a sandbox + engine per case, the request log read back page by
// page (pages are read concurrently, so by offset across the whole log), and a deep search for
// the API token.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RunResult } from '../tools/harness';
import type { LoggedRequest, Sandbox, SandboxOptions } from '../tools/sandbox';
import { NODE_NAME, startNodeEnv, type NodeEnv } from '../tools/support/node-env';

/** The API token of every fault sandbox; the suite checks it never shows up anywhere. */
export const TOKEN = ['fault', 'matrix', 'token', '5c1d0e9b7a'].join('-');

export const VISITORS = 2000;
export const PAGES = VISITORS / 100;

/** Every environment the suite started, so the token scan can also read their request logs. */
export const environments: NodeEnv[] = [];
/** Every run result of the suite, for the token scan. */
export const results: RunResult[] = [];

export async function faultEnv(options: SandboxOptions = {}): Promise<NodeEnv> {
	const env = await startNodeEnv({ visitors: VISITORS, token: TOKEN, ...options });
	environments.push(env);
	return env;
}

export async function run(
	env: NodeEnv,
	parameters: INodeParameters,
	input?: IDataObject[],
): Promise<RunResult> {
	const result = await env.run(parameters, input);
	results.push(result);
	return result;
}

/** Return All of the visitors, full objects, with the given node options. */
export async function returnAll(env: NodeEnv, options: IDataObject = {}): Promise<RunResult> {
	return await run(env, {
		resource: 'visitor',
		operation: 'getAll',
		returnAll: true,
		simplify: false,
		options: options as INodeParameters,
	});
}

/** Calls `observe()` as every request arrives (the store then holds what this request will be answered from). */
export function onArrival(sandbox: Sandbox, observe: () => void): void {
	const log = sandbox.requests;
	const push = log.push.bind(log);
	log.push = (...entries: LoggedRequest[]) => {
		observe();
		return push(...entries);
	};
}

export interface PageAttempts {
	offset: number;
	limit: number;
	/** Statuses in order; 0 = connection reset, 'malformed' = a truncated 200. */
	answers: Array<number | 'malformed'>;
	/** Sandbox clock (ms) at which each attempt arrived. */
	at: number[];
}

const answerOf = (entry: LoggedRequest): number | 'malformed' =>
	entry.fault === 'malformed' ? 'malformed' : entry.status;

/**
 * The request log as attempts per page, across the whole log: pages are read concurrently, so the
 * attempts at one page interleave with other pages' requests. An attempt belongs to the page at
 * its offset and limit; after a good answer there, the same offset and limit begin a new page (a
 * re-read). Pages are listed by their first arrival; `at` holds each attempt's arrival time.
 */
export function attemptsByPage(log: LoggedRequest[]): PageAttempts[] {
	const pages: PageAttempts[] = [];
	const open = new Map<string, PageAttempts>();
	for (const entry of log) {
		const offset = Number(entry.query.offset ?? 0);
		const limit = Number(entry.query.limit ?? 0);
		const key = `${offset}/${limit}`;
		const page = open.get(key);
		// Any answer but a good one is retried at the same offset and limit.
		if (page && page.answers[page.answers.length - 1] !== 200) {
			page.answers.push(answerOf(entry));
			page.at.push(entry.at);
		} else {
			const fresh = { offset, limit, answers: [answerOf(entry)], at: [entry.at] };
			pages.push(fresh);
			open.set(key, fresh);
		}
	}
	return pages;
}

/** The attempts at the page at `offset` (its only read: throws if it was read twice or never). */
export function pageAt(pages: PageAttempts[], offset: number): PageAttempts {
	const matching = pages.filter((page) => page.offset === offset);
	if (matching.length !== 1)
		throw new Error(`expected one read of the page at offset ${offset}, found ${matching.length}`);
	return matching[0];
}

export const isGood = (answer: number | 'malformed') => answer === 200;
/** Failures that use up the retry budget (4 retries after the first attempt); 429s, redirects and malformed pages do not. */
export const usesRetry = (answer: number | 'malformed') =>
	answer !== 200 && answer !== 429 && answer !== 'malformed' && !(answer >= 300 && answer < 400);
export const RETRIES = 4;
/** A 200 that is not JSON is fetched again at most twice (its own budget). */
export const INVALID_JSON_RETRIES = 2;

export function ids(result: RunResult): string[] {
	return result.json(NODE_NAME).map((item) => String(item.contact_id));
}

/** Whether `needle` occurs anywhere in `value`: strings, keys, non-enumerable error fields, causes. */
export function containsText(value: unknown, needle: string, seen = new Set<unknown>()): boolean {
	if (typeof value === 'string') return value.includes(needle);
	if (
		typeof value === 'number' ||
		typeof value === 'boolean' ||
		value === null ||
		value === undefined
	)
		return false;
	if (typeof value === 'function') return false;
	if (Buffer.isBuffer(value)) return value.toString('utf8').includes(needle);
	if (seen.has(value)) return false;
	seen.add(value);
	const object = value as Record<string, unknown>;
	for (const key of Object.getOwnPropertyNames(object)) {
		if (key.includes(needle)) return true;
		let child: unknown;
		try {
			child = object[key];
		} catch {
			continue;
		}
		if (containsText(child, needle, seen)) return true;
	}
	if (value instanceof Map) {
		for (const [key, child] of value)
			if (containsText(key, needle, seen) || containsText(child, needle, seen)) return true;
	}
	if (value instanceof Set) {
		for (const child of value) if (containsText(child, needle, seen)) return true;
	}
	return false;
}
