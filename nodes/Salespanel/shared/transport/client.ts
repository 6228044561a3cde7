import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiTokenOf } from './apiToken';
import { resolveApiRoot } from './baseUrl';
import { classify, FIRST_ATTEMPT, type Outcome, type RetryPolicy } from './classify';
import { StoppedError, SYSTEM_CLOCK, type Clock } from './clock';
import { emptyTokenError, redactSecret, toNodeError } from './errors';
import { readJsonBody } from './jsonBody';
import { RequestPacer, sleepUnlessStopped, type PacerSettings } from './pacer';
import { WaitLog, type WaitSummary } from './waitLog';
import type { Page } from './pageLoop';
import { parsePage, readCollection, type GetManySpec } from './pagination';

export const CREDENTIAL_NAME = 'salespanelApi';

export type SalespanelContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface ClientSettings extends RetryPolicy {
	/** Client-side pacing to the account's burst throttle (default 60 requests per 60 s). */
	pacing: PacerSettings;
	/** Source of time and sleep for every wait (tests record the waits instead of sleeping). */
	clock: Clock;
	/** What the requests are for, in log lines (e.g. `visitor.getAll`, `newLead`). */
	operation?: string;
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

interface Credential {
	/** `…/api/v1`, from the credential's Base URL. */
	apiRoot: string;
	/** The only origin the token is sent to. */
	origin: string;
	/**
	 * The credential as loaded, handed to every request: n8n would otherwise load and decrypt it
	 * again for each one (with its display rules), ~1 ms per request.
	 */
	decrypted: ICredentialsDecrypted;
	/** The API token, redacted from every error the client passes on. */
	token: string;
}

/**
 * One client per node execution: it owns the pacer, so the request rate of one execution never
 * leaks into another workflow or another credential.
 */
export class SalespanelClient {
	private readonly settings: ClientSettings;

	private readonly pacer: RequestPacer;

	private readonly signal?: AbortSignal;

	private readonly waits: WaitLog;

	/** Loaded once per execution; concurrent callers share the one load. */
	private credential?: Promise<Credential>;

	/** The token once loaded, for redaction (an error may come before or during the load). */
	private token = '';

	constructor(
		private readonly ctx: SalespanelContext,
		settings: Partial<ClientSettings> = {},
	) {
		this.settings = { ...DEFAULT_CLIENT_SETTINGS, ...settings };
		this.signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
		this.waits = new WaitLog(
			() => ctx.logger,
			ctx.getNode().name,
			this.settings.operation ?? 'request',
			this.settings.clock,
		);
		this.pacer = new RequestPacer(this.settings.pacing, this.signal, this.waits.clock, (ms) =>
			this.waits.paced(ms),
		);
	}

	/** How often this client was throttled and how long it waited (for the execution hint). */
	waitSummary(): WaitSummary {
		return this.waits.totals();
	}

	/** Requests this client sent (each attempt counts), e.g. for the polling trigger's daily cap. */
	get requestsSent(): number {
		return this.pacer.sent;
	}

	private async loadCredential(): Promise<Credential> {
		this.credential ??= (async () => {
			const credentials = await this.ctx.getCredentials(CREDENTIAL_NAME);
			const token = apiTokenOf(credentials);
			this.token = token;
			const node = this.ctx.getNode();
			if (!token) throw emptyTokenError(node);
			const apiRoot = resolveApiRoot(node, credentials.baseUrl);
			const details = node.credentials?.[CREDENTIAL_NAME];
			const decrypted: ICredentialsDecrypted = {
				id: details?.id ?? '',
				name: details?.name ?? '',
				type: CREDENTIAL_NAME,
				data: credentials,
			};
			return { apiRoot, origin: new URL(apiRoot).origin, token, decrypted };
		})();
		return await this.credential;
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
			throw redactSecret(error, this.token);
		}
	}

	/** The wait before a retry; a cancelled execution ends it with the client's cancel error. */
	private async wait(ms: number, stop?: AbortSignal, itemIndex?: number): Promise<void> {
		if (ms <= 0) return;
		const stopped = await sleepUnlessStopped(this.waits.clock, ms, this.signal, stop).then(
			() => false,
			() => true,
		);
		if (!stopped) return;
		if (this.signal?.aborted) throw this.cancelled(itemIndex);
		throw new StoppedError();
	}

	private cancelled(itemIndex?: number): NodeOperationError {
		return new NodeOperationError(this.ctx.getNode(), 'The execution was cancelled', {
			itemIndex,
		});
	}

	/** Sends one request, with pacing, 429 handling, redirects and the retry policy; returns the JSON body. */
	async request<T = unknown>(spec: RequestSpec): Promise<T> {
		return await this.redacting(async () => (await this.send(spec)) as T);
	}

	/**
	 * Send, classify, then wait or stop: every decision about an answer is classify's. `stop`
	 * ends the request between attempts (a concurrent page no longer needed): no new attempt is
	 * sent and the call rejects with a StoppedError.
	 */
	private async send(spec: RequestSpec, stop?: AbortSignal): Promise<unknown> {
		const { method, itemIndex, notFoundMessage } = spec;
		const node = this.ctx.getNode();
		const { apiRoot, origin, decrypted } = await this.loadCredential();
		const options: IHttpRequestOptions = {
			method,
			url: `${apiRoot}/${spec.path.replace(/^\/+/, '')}`,
			qs: spec.qs,
			body: spec.body,
			json: true,
			// Raw bytes, read by readJsonBody: n8n's own reading, the same whatever n8n's JSON settings.
			encoding: 'arraybuffer',
			headers: { Accept: 'application/json' },
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: this.settings.timeoutMs,
			// n8n-core would follow a redirect and re-send the token to any host; classify decides instead.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
		let tally = FIRST_ATTEMPT;
		// Attempts of this request; a redirect is not one (it sends the request on, not again).
		let attemptNumber = 1;
		for (;;) {
			const outcome = await this.attempt(options, decrypted, itemIndex, stop);
			const now = this.settings.clock.now();
			const attempt = {
				node,
				method,
				url: options.url,
				origin,
				itemIndex,
				notFoundMessage,
				tally,
				now,
			};
			const decision = classify(outcome, attempt, this.settings);
			if ('done' in decision) return decision.done;
			if ('redirectTo' in decision) {
				tally = decision.tally;
				options.url = decision.redirectTo;
				// The location carries its own query string.
				options.qs = undefined;
				continue;
			}
			// Logged before acting on it: the 429 that ends a request counts like the others.
			const answer = 'answer' in outcome ? outcome.answer : undefined;
			const waitMs = 'fail' in decision ? undefined : decision.retryAfterMs;
			this.waits.answered(
				spec.path,
				attemptNumber,
				waitMs,
				answer?.statusCode,
				answer?.headers?.['retry-after'],
			);
			if ('fail' in decision) throw decision.fail;
			tally = decision.tally;
			attemptNumber++;
			await this.wait(decision.retryAfterMs, stop, itemIndex);
		}
	}

	/**
	 * Sends the request once, within the pacer's window. Only the execution's own problems throw
	 * here (a cancelled execution, an error n8n raised before sending); what the server or the
	 * network did comes back as the outcome.
	 */
	private async attempt(
		options: IHttpRequestOptions,
		credentialsDecrypted: ICredentialsDecrypted,
		itemIndex?: number,
		stop?: AbortSignal,
	): Promise<Outcome> {
		const node = this.ctx.getNode();
		// A wait ended by `stop` or by the execution's cancel signal rejects here, before sending.
		const slot = await this.pacer.acquire(stop);
		const sentAt = this.settings.clock.now();
		try {
			const answer = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				CREDENTIAL_NAME,
				options,
				{ credentialsDecrypted },
			)) as IN8nHttpFullResponse;
			slot.answered();
			const body = readJsonBody(answer.body) as IN8nHttpFullResponse['body'];
			return { answer: { ...answer, body } };
		} catch (error) {
			if (error instanceof NodeOperationError) {
				slot.release();
				throw toNodeError(node, error, itemIndex);
			}
			if (this.signal?.aborted) {
				slot.release();
				throw this.cancelled(itemIndex);
			}
			slot.answered();
			return { noAnswer: error, elapsedMs: this.settings.clock.now() - sentAt };
		}
	}

	/** One page of a collection, paginated (`{pagination, results}`) or a bare array. */
	async getPage(
		path: string,
		qs: IDataObject,
		itemIndex?: number,
		notFoundMessage?: string,
	): Promise<Page> {
		return await this.redacting(
			async () => await this.readPage(path, qs, itemIndex, notFoundMessage),
		);
	}

	private async readPage(
		path: string,
		qs: IDataObject,
		itemIndex?: number,
		notFoundMessage?: string,
		stop?: AbortSignal,
	): Promise<Page> {
		const body = await this.send({ method: 'GET', path, qs, itemIndex, notFoundMessage }, stop);
		return parsePage(this.ctx.getNode(), body, itemIndex);
	}

	/** Every item of a collection (Return All) or the first `maxResults`; see readCollection. */
	async getMany(path: string, spec: GetManySpec = {}): Promise<IDataObject[]> {
		const { itemIndex, notFoundMessage } = spec;
		const fetchPage = async (offset: number, limit: number, stop?: AbortSignal) =>
			await this.readPage(path, { ...spec.qs, limit, offset }, itemIndex, notFoundMessage, stop);
		return await this.redacting(
			async () => await readCollection(fetchPage, spec, this.ctx.getNode()),
		);
	}
}
