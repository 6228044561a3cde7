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
import { NodeApiError, NodeOperationError, sleepWithAbort } from 'n8n-workflow';

import { resolveApiRoot } from './baseUrl';
import { httpError, networkError, networkErrorCode, THROTTLE_HELP, toNodeError } from './errors';
import { RequestPacer, type PacerSettings } from './pacer';
import { backoffDelay, isRetryableNetworkFailure, isRetryableStatus, parseRetryAfter } from './retry';

export const CREDENTIAL_NAME = 'salespanelApi';

export type SalespanelContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface ClientSettings {
	/** Client-side pacing to the account's burst throttle (default 60 requests per 60 s). */
	pacing: PacerSettings;
	/** Retries of a GET after a 5xx, a reset or a time-out (POSTs: see retry.ts). */
	maxRetries: number;
	/** Longest total time one request may spend waiting on 429 answers before it gives up. */
	maxThrottleWaitMs: number;
	/** Back-off base and cap for retries without a Retry-After header. */
	backoffBaseMs: number;
	backoffCapMs: number;
	/** Per-request time-out. */
	timeoutMs: number;
}

export const DEFAULT_CLIENT_SETTINGS: ClientSettings = {
	pacing: { requestsPerWindow: 60, windowMs: 60_000 },
	maxRetries: 4,
	maxThrottleWaitMs: 5 * 60_000,
	backoffBaseMs: 1_000,
	backoffCapMs: 30_000,
	timeoutMs: 60_000,
};

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

/**
 * One client per node execution: it owns the pacer, so the request rate of one execution never
 * leaks into another workflow or another credential.
 */
export class SalespanelClient {
	private readonly settings: ClientSettings;

	private readonly pacer: RequestPacer;

	private readonly signal?: AbortSignal;

	private apiRoot?: string;

	constructor(
		private readonly ctx: SalespanelContext,
		settings: Partial<ClientSettings> = {},
	) {
		this.settings = { ...DEFAULT_CLIENT_SETTINGS, ...settings };
		this.signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
		this.pacer = new RequestPacer(this.settings.pacing, this.signal);
	}

	private async root(): Promise<string> {
		if (this.apiRoot === undefined) {
			const credentials = await this.ctx.getCredentials(CREDENTIAL_NAME);
			this.apiRoot = resolveApiRoot(this.ctx.getNode(), credentials.baseUrl);
		}
		return this.apiRoot;
	}

	private async wait(ms: number): Promise<void> {
		if (ms > 0) await sleepWithAbort(ms, this.signal);
	}

	/** Sends one request, with pacing, 429 handling and the retry policy; returns the JSON body. */
	async request<T = unknown>(spec: RequestSpec): Promise<T> {
		const node = this.ctx.getNode();
		const { method, itemIndex } = spec;
		const options: IHttpRequestOptions = {
			method,
			url: `${await this.root()}/${spec.path.replace(/^\/+/, '')}`,
			qs: spec.qs,
			body: spec.body,
			json: true,
			headers: { Accept: 'application/json' },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: this.settings.timeoutMs,
		};
		let retries = 0;
		let throttleHits = 0;
		let throttleWaitedMs = 0;
		for (;;) {
			await this.pacer.waitForSlot();
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
				const code = networkErrorCode(error) ?? 'request failed';
				if (isRetryableNetworkFailure(method, code) && retries < this.settings.maxRetries) {
					retries++;
					await this.wait(backoffDelay(retries - 1, this.settings.backoffBaseMs, this.settings.backoffCapMs));
					continue;
				}
				const note =
					method !== 'GET' && code !== 'ECONNREFUSED'
						? 'The connection broke after the request was sent, so Salespanel may already have applied it. It was not repeated automatically, to avoid applying it twice: check Salespanel before running the item again.'
						: undefined;
				throw networkError(node, code, retries + 1, itemIndex, note);
			}

			const { statusCode: status, headers, body } = response;
			if (status === 429) {
				const wait =
					parseRetryAfter(headers?.['retry-after']) ??
					backoffDelay(throttleHits, this.settings.backoffBaseMs, this.settings.backoffCapMs);
				throttleHits++;
				if (throttleWaitedMs + wait > this.settings.maxThrottleWaitMs) {
					const error = httpError(node, { status, body, itemIndex });
					error.description = `Waited ${Math.round(throttleWaitedMs / 1000)} s in total for ${throttleHits} throttled answer(s); Salespanel asked for ${Math.ceil(wait / 1000)} s more, past the ${Math.round(this.settings.maxThrottleWaitMs / 1000)} s limit. ${THROTTLE_HELP}`;
					throw error;
				}
				throttleWaitedMs += wait;
				await this.wait(wait);
				continue;
			}
			this.pacer.record();

			if (status >= 200 && status < 300) {
				if (body === undefined || body === null || body === '') return {} as T;
				if (typeof body === 'object') return body as T;
				// Not JSON (a truncated or garbled page). Repeating a GET is safe.
				if (method === 'GET' && retries < this.settings.maxRetries) {
					retries++;
					await this.wait(backoffDelay(retries - 1, this.settings.backoffBaseMs, this.settings.backoffCapMs));
					continue;
				}
				const message = `Salespanel sent an answer that is not valid JSON (HTTP ${status})`;
				throw new NodeApiError(node, { message } as JsonObject, {
					message,
					description: 'Try again later; if it persists, check that the Base URL points to the Salespanel API.',
					httpCode: String(status),
					itemIndex,
				});
			}
			if (status !== 429 && isRetryableStatus(method, status) && retries < this.settings.maxRetries) {
				retries++;
				await this.wait(
					parseRetryAfter(headers?.['retry-after']) ??
						backoffDelay(retries - 1, this.settings.backoffBaseMs, this.settings.backoffCapMs),
				);
				continue;
			}
			throw httpError(node, { status, body, itemIndex, notFoundMessage: spec.notFoundMessage });
		}
	}

	/** One page of a collection, paginated (`{pagination, results}`) or a bare array. */
	async getPage(path: string, qs: IDataObject, itemIndex?: number, notFoundMessage?: string): Promise<Page> {
		const body = await this.request<unknown>({ method: 'GET', path, qs, itemIndex, notFoundMessage });
		if (Array.isArray(body)) return { items: body as IDataObject[], hasMore: false, bare: true };
		const record = body as { results?: unknown; pagination?: { next?: unknown; count?: unknown }; next?: unknown; count?: unknown };
		if (!record || !Array.isArray(record.results)) {
			const message = 'Salespanel sent a collection in an unexpected shape (no "results" list)';
			throw new NodeApiError(this.ctx.getNode(), { message } as JsonObject, { message, itemIndex });
		}
		const pagination = record.pagination ?? { next: record.next, count: record.count };
		return {
			items: record.results as IDataObject[],
			hasMore: pagination.next !== null && pagination.next !== undefined && pagination.next !== '',
			count: typeof pagination.count === 'number' ? pagination.count : undefined,
			bare: false,
		};
	}

	/**
	 * Walks a limit/offset collection: pages of 100, stops when `pagination.next` is null (no
	 * trailing empty request), asks the last page only for what is still needed, and drops items
	 * already seen (data moves while paging: a visitor active again shifts to the front).
	 *
	 * Offset paging can also skip an item that moves from the unread part to the read part while
	 * paging. For Return All, when fewer distinct items arrived than the last page's `count`, the
	 * collection is read again from the front (where moved items land) until the counts agree or
	 * the collection ends; if a bounded number of extra pages does not close the gap, it fails
	 * with a clear error rather than returning a short result.
	 */
	async getMany(path: string, spec: GetManySpec = {}): Promise<IDataObject[]> {
		const { maxResults, itemIndex, notFoundMessage } = spec;
		const key = spec.key ?? defaultItemKey;
		const results: IDataObject[] = [];
		const seen = new Set<string>();
		const wanted = maxResults === undefined ? Infinity : Math.max(0, Math.floor(maxResults));
		const keyed = { withKey: 0 };
		const take = (items: IDataObject[]) => {
			for (const item of items) {
				if (results.length >= wanted) break;
				const id = item && typeof item === 'object' ? key(item) : undefined;
				if (id !== undefined) {
					if (seen.has(id)) continue;
					seen.add(id);
					keyed.withKey++;
				}
				results.push(item);
			}
		};
		const fetch = async (offset: number, limit: number) =>
			await this.getPage(path, { ...spec.qs, limit, offset }, itemIndex, notFoundMessage);

		let offset = 0;
		let pages = 0;
		let count: number | undefined;
		while (results.length < wanted) {
			const page = await fetch(offset, Math.min(PAGE_SIZE, wanted - results.length));
			pages++;
			count = page.count ?? count;
			take(page.items);
			if (page.bare || !page.hasMore || page.items.length === 0) break;
			offset += page.items.length;
		}

		// Reconciliation for Return All of a keyed, counted collection (see above).
		if (maxResults !== undefined || count === undefined || keyed.withKey !== results.length) return results;
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
			throw new NodeApiError(this.ctx.getNode(), { message } as JsonObject, {
				message,
				description:
					'Items kept moving between pages while the node paged through the collection (for example many visitors becoming active at once). Run the node again; the result is exact once the list holds still long enough to be read.',
				itemIndex,
			});
		}
		return results;
	}
}
