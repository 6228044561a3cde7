import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { resolveApiRoot } from './baseUrl';
import { SYSTEM_CLOCK, type Clock } from './clock';
import {
	httpError,
	networkError,
	networkErrorCode,
	paginationError,
	redactSecret,
	redirectError,
	shapeError,
	THROTTLE_HELP,
	toNodeError,
} from './errors';
import { RequestPacer, type PacerSettings } from './pacer';
import { backoffDelay, isRetryableNetworkFailure, isRetryableStatus, retryDelay } from './retry';

export const CREDENTIAL_NAME = 'salespanelApi';

export type SalespanelContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface ClientSettings {
	/** Client-side pacing to the account's burst throttle (default 60 requests per 60 s). */
	pacing: PacerSettings;
	/** Retries of a GET after a 5xx, a reset or a time-out (POSTs: see retry.ts). */
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
	/** Source of time and sleep for every wait (tests record the waits instead of sleeping). */
	clock: Clock;
}

export const DEFAULT_CLIENT_SETTINGS: ClientSettings = {
	pacing: { requestsPerWindow: 60, windowMs: 60_000 },
	maxRetries: 4,
	maxInvalidJsonRetries: 2,
	maxThrottleRetries: 10,
	maxWaitMs: 5 * 60_000,
	backoffBaseMs: 1_000,
	backoffCapMs: 30_000,
	timeoutMs: 60_000,
	clock: SYSTEM_CLOCK,
};

/** Same-origin redirects followed per request (GET only). */
export const MAX_REDIRECTS = 5;

/** A non-JSON 200 larger than this is not fetched again: it is a web page, not a torn API answer. */
const MAX_RETRIED_BODY_CHARS = 1_000_000;

/** Return All reads at most `count` plus this share of it (at least two pages) before it calls the walk endless. */
const COUNT_MARGIN = 0.25;
/** Bound on the items read when the server sends no `count` at all. */
const MAX_UNCOUNTED_ITEMS = 1_000_000;

export interface RequestSpec {
	method: IHttpRequestMethods;
	/** Path below /api/v1/, with the documented trailing slash, identifiers already encoded. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	/** Message for a 404, e.g. `Visitor "jane@acme.com" not found`. */
	notFoundMessage?: string;
}

export interface Page {
	items: IDataObject[];
	/** Whether the server announced a next page (`pagination.next` not null). */
	hasMore: boolean;
	/** `pagination.count`, when the collection is paginated. */
	count?: number;
	/** The collection came as a bare JSON array: it is complete in one answer. */
	bare: boolean;
}

export interface GetManySpec {
	qs?: IDataObject;
	/** Stop after this many items; undefined fetches everything (Return All). */
	maxResults?: number;
	itemIndex?: number;
	notFoundMessage?: string;
	/** Identity of an item for de-duplication across pages; undefined keys are never merged. */
	key?: (item: IDataObject) => string | undefined;
}

/** The largest page Salespanel serves. */
export const PAGE_SIZE = 100;

export function defaultItemKey(item: IDataObject): string | undefined {
	const id = item.contact_id ?? item.segment_id ?? item.id;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

interface Credential {
	/** `…/api/v1`, from the credential's Base URL. */
	apiRoot: string;
	/** The only origin the token is sent to. */
	origin: string;
	/** The API token, redacted from every error the client passes on. */
	token: string;
}

const isRecord = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const seconds = (ms: number) => Math.ceil(ms / 1000);

/**
 * One client per node execution: it owns the pacer, so the request rate of one execution never
 * leaks into another workflow or another credential.
 */
export class SalespanelClient {
	private readonly settings: ClientSettings;

	private readonly pacer: RequestPacer;

	private readonly signal?: AbortSignal;

	private credential?: Credential;

	constructor(
		private readonly ctx: SalespanelContext,
		settings: Partial<ClientSettings> = {},
	) {
		this.settings = { ...DEFAULT_CLIENT_SETTINGS, ...settings };
		this.signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
		this.pacer = new RequestPacer(this.settings.pacing, this.signal, this.settings.clock);
	}

	private async loadCredential(): Promise<Credential> {
		if (this.credential === undefined) {
			const credentials = await this.ctx.getCredentials(CREDENTIAL_NAME);
			const apiRoot = resolveApiRoot(this.ctx.getNode(), credentials.baseUrl);
			const token = typeof credentials.apiToken === 'string' ? credentials.apiToken.trim() : '';
			this.credential = { apiRoot, origin: new URL(apiRoot).origin, token };
		}
		return this.credential;
	}

	/**
	 * Runs `work` and strips the API token from any error it throws. The one place redaction
	 * happens: a server may repeat the token in a 401 detail, a field error or a 500 page, and
	 * every error text ends up in the editor, in Continue On Fail items and in the stored execution.
	 */
	private async redacting<T>(work: () => Promise<T>): Promise<T> {
		try {
			return await work();
		} catch (error) {
			throw redactSecret(error, this.credential?.token ?? '');
		}
	}

	private async wait(ms: number): Promise<void> {
		if (ms > 0) await this.settings.clock.sleep(ms, this.signal);
	}

	/** Sends one request, with pacing, 429 handling, redirects and the retry policy; returns the JSON body. */
	async request<T = unknown>(spec: RequestSpec): Promise<T> {
		return await this.redacting(async () => await this.send<T>(spec));
	}

	private async send<T>(spec: RequestSpec): Promise<T> {
		const node = this.ctx.getNode();
		const { method, itemIndex } = spec;
		const { clock, maxRetries, maxInvalidJsonRetries, maxThrottleRetries, maxWaitMs, backoffBaseMs, backoffCapMs } = this.settings;
		const { apiRoot, origin } = await this.loadCredential();
		const options: IHttpRequestOptions = {
			method,
			url: `${apiRoot}/${spec.path.replace(/^\/+/, '')}`,
			qs: spec.qs,
			body: spec.body,
			json: true,
			headers: { Accept: 'application/json' },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: this.settings.timeoutMs,
			// n8n-core would follow a redirect and re-send the token to any host; redirects are handled below.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
		const backoff = (attempt: number) => backoffDelay(attempt, backoffBaseMs, backoffCapMs);
		let retries = 0;
		let invalidJsonRetries = 0;
		let throttleHits = 0;
		let redirects = 0;
		let waitedMs = 0;
		/** Waits `ms` when the request's wait budget allows it; false when it does not. */
		const waitWithinBudget = async (ms: number): Promise<boolean> => {
			if (waitedMs + ms > maxWaitMs) return false;
			waitedMs += ms;
			await this.wait(ms);
			return true;
		};

		for (;;) {
			await this.pacer.waitForSlot();
			const sentAt = clock.now();
			let response: IN8nHttpFullResponse;
			try {
				response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
					this.ctx,
					CREDENTIAL_NAME,
					options,
				)) as IN8nHttpFullResponse;
			} catch (error) {
				if (error instanceof NodeOperationError) throw toNodeError(node, error, itemIndex);
				if (this.signal?.aborted) throw new NodeOperationError(node, 'The execution was cancelled', { itemIndex });
				this.pacer.record();
				// A time-out that struck while the answer was arriving surfaces as an aborted stream.
				const timedOut = clock.now() - sentAt + 25 >= this.settings.timeoutMs;
				const code = timedOut ? 'ETIMEDOUT' : (networkErrorCode(error) ?? 'request failed');
				if (isRetryableNetworkFailure(method, code) && retries < maxRetries && (await waitWithinBudget(backoff(retries)))) {
					retries++;
					continue;
				}
				const note =
					method !== 'GET' && code !== 'ECONNREFUSED'
						? 'No complete answer arrived after the request was sent, so Salespanel may already have applied it. It was not repeated automatically, to avoid applying it twice: check Salespanel before running the item again.'
						: undefined;
				throw networkError(node, code, retries + 1, itemIndex, note);
			}
			this.pacer.record();

			const { statusCode: status, headers, body } = response;
			if (status >= 300 && status < 400) {
				options.url = this.redirectTarget({ method, status, location: headers?.location, from: options.url, origin, redirects, itemIndex });
				options.qs = undefined;
				redirects++;
				continue;
			}

			if (status === 429) {
				const wait = retryDelay(headers?.['retry-after'], throttleHits, backoffBaseMs, backoffCapMs, clock.now());
				throttleHits++;
				if (throttleHits <= maxThrottleRetries && (await waitWithinBudget(wait))) continue;
				const error = httpError(node, { status, body, itemIndex });
				error.description =
					throttleHits > maxThrottleRetries
						? `Throttled ${throttleHits} times in a row for one request (waited ${seconds(waitedMs)} s in total); gave up after ${maxThrottleRetries} retries. ${THROTTLE_HELP}`
						: `Waited ${seconds(waitedMs)} s in total for ${throttleHits} throttled answer(s); Salespanel asked for ${seconds(wait)} s more, past the ${seconds(maxWaitMs)} s limit. ${THROTTLE_HELP}`;
				throw error;
			}

			if (status >= 200 && status < 300) {
				if (body === undefined || body === null || body === '') return {} as T;
				if (typeof body === 'object') return body as T;
				// Not JSON (a truncated or garbled page). Repeating a GET is safe; a large web page is not fetched again.
				const size = typeof body === 'string' ? body.length : 0;
				const retryable = method === 'GET' && size <= MAX_RETRIED_BODY_CHARS && invalidJsonRetries < maxInvalidJsonRetries;
				if (retryable && (await waitWithinBudget(backoff(invalidJsonRetries)))) {
					invalidJsonRetries++;
					continue;
				}
				const message = `Salespanel sent an answer that is not valid JSON (HTTP ${status})`;
				throw new NodeApiError(node, { message } as JsonObject, {
					message,
					description:
						size > MAX_RETRIED_BODY_CHARS
							? `The answer was ${Math.round(size / 1000)} kB of something else (a web page?), so it was not fetched again. Check that the Base URL points to the Salespanel API.`
							: 'Try again later; if it persists, check that the Base URL points to the Salespanel API.',
					httpCode: String(status),
					itemIndex,
				});
			}

			if (isRetryableStatus(method, status) && retries < maxRetries) {
				const wait = retryDelay(headers?.['retry-after'], retries, backoffBaseMs, backoffCapMs, clock.now());
				if (await waitWithinBudget(wait)) {
					retries++;
					continue;
				}
				const error = httpError(node, { status, body, itemIndex });
				error.description = `Salespanel asked to wait ${seconds(wait)} s before trying again, past the ${seconds(maxWaitMs)} s limit for one request (${seconds(waitedMs)} s waited already). This is usually temporary: try again later.`;
				throw error;
			}
			throw httpError(node, { status, body, itemIndex, notFoundMessage: spec.notFoundMessage });
		}
	}

	/**
	 * Where a redirect may be followed: only a GET, only within the credential's origin (so the
	 * token never reaches another host, nor plain http), at most MAX_REDIRECTS times. Anything
	 * else is an error naming the location's origin; a write is never re-sent.
	 */
	private redirectTarget(redirect: {
		method: IHttpRequestMethods;
		status: number;
		location: unknown;
		from: string;
		origin: string;
		redirects: number;
		itemIndex?: number;
	}): string {
		const { method, status, from, origin, redirects, itemIndex } = redirect;
		const node = this.ctx.getNode();
		const location = Array.isArray(redirect.location) ? (redirect.location[0] as unknown) : redirect.location;
		let target: URL | undefined;
		try {
			target = typeof location === 'string' && location.trim() ? new URL(location.trim(), from) : undefined;
		} catch {
			target = undefined;
		}
		if (target === undefined) {
			throw redirectError(node, status, `Salespanel answered with a redirect (${status}) without a usable location`, itemIndex);
		}
		const where = `${target.protocol}//${target.host}`;
		if (target.origin !== origin) {
			throw redirectError(
				node,
				status,
				`Salespanel redirected the request to ${where}; the token is only sent to ${origin}. Check the Base URL.`,
				itemIndex,
			);
		}
		if (method !== 'GET') {
			throw redirectError(
				node,
				status,
				`Salespanel answered the ${method} request with a redirect (${status}) to ${where}${target.pathname}; a write is never re-sent to a redirect target, so nothing was written. Check the Base URL.`,
				itemIndex,
			);
		}
		if (redirects >= MAX_REDIRECTS) {
			throw redirectError(
				node,
				status,
				`Salespanel redirected the request more than ${MAX_REDIRECTS} times (last to ${where}${target.pathname}). Check the Base URL.`,
				itemIndex,
			);
		}
		return target.href;
	}

	/** One page of a collection, paginated (`{pagination, results}`) or a bare array. */
	async getPage(path: string, qs: IDataObject, itemIndex?: number, notFoundMessage?: string): Promise<Page> {
		return await this.redacting(async () => await this.readPage(path, qs, itemIndex, notFoundMessage));
	}

	private async readPage(path: string, qs: IDataObject, itemIndex?: number, notFoundMessage?: string): Promise<Page> {
		const node = this.ctx.getNode();
		const body = await this.send<unknown>({ method: 'GET', path, qs, itemIndex, notFoundMessage });
		const bare = Array.isArray(body);
		const record = (isRecord(body) ? body : {}) as {
			results?: unknown;
			pagination?: { next?: unknown; count?: unknown } | null;
			next?: unknown;
			count?: unknown;
		};
		const items: unknown = bare ? body : record.results;
		if (!Array.isArray(items)) {
			throw shapeError(node, 'Salespanel sent a collection in an unexpected shape (no "results" list)', itemIndex);
		}
		const bad = items.findIndex((entry) => !isRecord(entry));
		if (bad >= 0) {
			throw shapeError(node, `Salespanel sent a collection entry that is not an object: ${bare ? 'entry' : 'results'}[${bad}] is ${describeValue(items[bad])}`, itemIndex);
		}
		const pagination = isRecord(record.pagination) ? record.pagination : { next: record.next, count: record.count };
		const { count } = pagination;
		return {
			items: items as IDataObject[],
			// Only a URL announces a next page; `false`, `0` and the like mean there is none.
			hasMore: !bare && typeof pagination.next === 'string' && pagination.next !== '',
			count: typeof count === 'number' && Number.isFinite(count) && count >= 0 ? count : undefined,
			bare,
		};
	}

	/**
	 * Walks a limit/offset collection: pages of 100, stops when `pagination.next` is null (no
	 * trailing empty request), asks the last page only for what is still needed, and drops items
	 * already seen (data moves while paging: a visitor active again shifts to the front).
	 *
	 * A server whose `next` never ends is stopped with an error (never a short or padded result)
	 * when a page is empty or adds nothing new, when the offset passes `count`, or when far more
	 * was read than the first `count` (plus a margin for items arriving while paging).
	 *
	 * Offset paging can also skip an item that moves from the unread part to the read part while
	 * paging. For Return All, when fewer distinct items arrived than the last page's `count`, the
	 * collection is read again from the front (where moved items land) until the counts agree or
	 * the collection ends; if a bounded number of extra pages does not close the gap, it fails
	 * with a clear error rather than returning a short result.
	 */
	async getMany(path: string, spec: GetManySpec = {}): Promise<IDataObject[]> {
		return await this.redacting(async () => await this.walk(path, spec));
	}

	private async walk(path: string, spec: GetManySpec): Promise<IDataObject[]> {
		const node = this.ctx.getNode();
		const { maxResults, itemIndex, notFoundMessage } = spec;
		const key = spec.key ?? defaultItemKey;
		const results: IDataObject[] = [];
		const seen = new Set<string>();
		const wanted = maxResults === undefined ? Infinity : Math.max(0, Math.floor(maxResults));
		let keyed = 0;
		/** Adds the page's new items; returns how many were new. */
		const take = (items: IDataObject[]): number => {
			const before = results.length;
			for (const item of items) {
				if (results.length >= wanted) break;
				const id = key(item);
				if (id !== undefined) {
					if (seen.has(id)) continue;
					seen.add(id);
					keyed++;
				}
				results.push(item);
			}
			return results.length - before;
		};
		const fetch = async (offset: number, limit: number) =>
			await this.readPage(path, { ...spec.qs, limit, offset }, itemIndex, notFoundMessage);
		const endless = (why: string) => paginationError(node, `${why} (${results.length} items read)`, itemIndex);

		let offset = 0;
		let pages = 0;
		let count: number | undefined;
		let readBound = MAX_UNCOUNTED_ITEMS;
		while (results.length < wanted) {
			const page = await fetch(offset, Math.min(PAGE_SIZE, wanted - results.length));
			pages++;
			if (count === undefined && page.count !== undefined) {
				readBound = page.count + Math.max(2 * PAGE_SIZE, Math.ceil(page.count * COUNT_MARGIN));
			}
			count = page.count ?? count;
			const added = take(page.items);
			if (page.bare || !page.hasMore || results.length >= wanted) break;
			// The server announces another page: make sure the walk is still getting somewhere.
			if (page.items.length === 0) throw endless(`it announced a next page but sent an empty one at offset ${offset}`);
			if (added === 0) throw endless(`it sent only items already read at offset ${offset} and still announced a next page`);
			offset += page.items.length;
			if (count !== undefined && offset >= count) {
				throw endless(`it announced a next page at offset ${offset}, past its own count of ${count}`);
			}
			if (offset >= readBound) throw endless(`it still announced a next page at offset ${offset}`);
		}

		// Reconciliation for Return All of a keyed, counted collection (see above).
		if (maxResults !== undefined || count === undefined || keyed !== results.length) return results;
		let budget = pages;
		offset = 0;
		while (results.length < count && budget-- > 0) {
			const page = await fetch(offset, PAGE_SIZE);
			count = page.count ?? count;
			take(page.items);
			if (!page.hasMore || page.items.length === 0) break;
			offset += page.items.length;
		}
		if (results.length < count) {
			// Never a silently short Return All.
			const message = `Salespanel's list changed faster than it could be read: ${results.length} of ${count} items arrived`;
			throw new NodeApiError(node, { message } as JsonObject, {
				message,
				description:
					'Items kept moving between pages while the node paged through the collection (for example many visitors becoming active at once). Run the node again; the result is exact once the list holds still long enough to be read.',
				itemIndex,
			});
		}
		return results;
	}
}

/** A short, safe description of an unexpected JSON value: its kind and a preview of a few dozen characters. */
function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	const text = JSON.stringify(value) ?? String(value);
	const preview = text.length > 40 ? `${text.slice(0, 40)}…` : text;
	return `a ${typeof value} (${preview})`;
}
