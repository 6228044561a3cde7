/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, acceptsJson, detail, lastParam } from './drf';
import { FaultInjector, truncateJson } from './faults';
import { findVisitor, type HandlerContext } from './handlers';
import { createLatency, sleepAtLeast } from './latency';
import { isoSeconds, pick } from './random';
import { allowHeader, resolve, type Route } from './routes';
import { Seeder } from './seed';
import { selectVisitors, sortVisitors } from './store';
import { Throttler } from './throttle';
import type { LoggedRequest, Sandbox, SandboxOptions } from './types';
import { sendWebhook } from './webhooks';

/** Default API token of the sandbox (not a secret). */
export const SANDBOX_DEFAULT_CREDENTIAL = 'sandbox-token-0123456789abcdef';
export const DEFAULT_TOKEN: string = SANDBOX_DEFAULT_CREDENTIAL;

type AuthResult = { ok: true } | { ok: false; detail: string };

/** DRF TokenAuthentication + IsAuthenticated. */
function authenticate(header: string | undefined, token: string): AuthResult {
	const parts = (header ?? '').trim().split(/\s+/).filter(Boolean);
	if (!parts.length || parts[0].toLowerCase() !== 'token') {
		return { ok: false, detail: 'Authentication credentials were not provided.' };
	}
	if (parts.length === 1)
		return { ok: false, detail: 'Invalid token header. No credentials provided.' };
	if (parts.length > 2)
		return { ok: false, detail: 'Invalid token header. Token string should not contain spaces.' };
	return parts[1] === token ? { ok: true } : { ok: false, detail: 'Invalid token.' };
}

function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolveBody, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function parseLoggedBody(raw: string): unknown {
	if (!raw) return undefined;
	try {
		return JSON.parse(raw) as unknown;
	} catch (error) {
		return error instanceof SyntaxError ? raw : undefined;
	}
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const now = options.now ?? (() => Date.now());
	const token = options.token ?? DEFAULT_TOKEN;
	const seed = options.seed ?? 42;
	const seeder = new Seeder({
		seed,
		visitors: options.visitors ?? 250,
		companies: options.companies ?? 40,
		segments: options.segments ?? 12,
		now,
	});
	const store = seeder.store;
	const throttler = new Throttler(options.throttle, now);
	const latency = createLatency(options.latency, seed);
	const injector = new FaultInjector(seed);
	const activitiesPaginated = options.activitiesPaginated ?? false;
	const segmentsPaginated = options.segmentsPaginated ?? true;
	let port = 0;

	/**
	 * With latency on: per response, when its simulated round trip is over. The round trip runs from
	 * arrival; the request is handled half-way and its answer (or reset) goes out when the round trip
	 * is over, never sooner. So the sandbox's own work is part of the round trip, as a server's is,
	 * and concurrent requests do not queue behind each other's handling on this one thread.
	 */
	const roundTripOver = new WeakMap<http.ServerResponse, Promise<void>>();
	const afterRoundTrip = (res: http.ServerResponse, action: () => void) => {
		const over = roundTripOver.get(res);
		if (over) void over.then(action);
		else action();
	};

	const send = (
		req: http.IncomingMessage,
		res: http.ServerResponse,
		entry: LoggedRequest,
		status: number,
		body: unknown,
		headers: Record<string, string> = {},
	) => {
		// Encoded once: writing a large string to the socket costs more than its bytes.
		const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
		entry.status = status;
		afterRoundTrip(res, () => {
			res.writeHead(status, {
				'Content-Type': 'application/json',
				'Content-Length': String(payload.length),
				Vary: 'Accept',
				'X-Frame-Options': 'DENY',
				...headers,
			});
			res.end(req.method === 'HEAD' ? undefined : payload);
		});
	};

	const applyDrift = (kind: 'visitors' | 'leads') => {
		const drift = sandbox.faults.driftPerPage;
		if (!drift) return;
		if (drift.insert && drift.insert > 0) seeder.addVisitors(drift.insert, true, true);
		for (let i = 0; i < (drift.reorder ?? 0); i++) {
			const population = selectVisitors(store, now(), kind === 'leads', false);
			if (!population.length) break;
			// Prefer visitors that are not already at the very front.
			const candidates = population.length > 1 ? population.slice(1) : population;
			seeder.touch(pick(seeder.rng, candidates));
		}
		selectVisitors(store, now(), false, false); // re-sorts store.visitors
	};

	const handleApi = async (
		req: http.IncomingMessage,
		res: http.ServerResponse,
		entry: LoggedRequest,
		route: Route,
		params: string[],
		url: URL,
		raw: string,
	) => {
		const allow = allowHeader(route);
		const faults = sandbox.faults;
		if (faults.latencyMs && faults.latencyMs > 0) await sleep(faults.latencyMs);

		// 1. Content negotiation (DRF does it before authentication).
		const format = lastParam(url.searchParams, 'format');
		if (format !== null && format !== 'json')
			return send(req, res, entry, 404, { detail: 'Not found.' }, { Allow: allow });
		if (!acceptsJson(req.headers.accept)) {
			return send(
				req,
				res,
				entry,
				406,
				{ detail: 'Could not satisfy the request Accept header.' },
				{ Allow: allow },
			);
		}
		// 2. Authentication / permissions.
		const auth = authenticate(req.headers.authorization, token);
		if (!auth.ok)
			return send(
				req,
				res,
				entry,
				401,
				{ detail: auth.detail },
				{ Allow: allow, 'WWW-Authenticate': 'Token' },
			);
		// 3. Injected faults.
		const offset = Number(lastParam(url.searchParams, 'offset') ?? 0);
		const fault = injector.decide(faults, offset);
		if (fault) {
			entry.fault = fault.fault;
			if (fault.kind === 'reset') {
				entry.status = 0;
				afterRoundTrip(res, () => req.socket.destroy());
				return;
			}
			return send(req, res, entry, fault.status, fault.body, fault.headers);
		}
		// 4. Throttling (burst + sustained, per token).
		const throttled = throttler.check(token);
		if (throttled) {
			return send(
				req,
				res,
				entry,
				429,
				{ detail: throttled.detail },
				{ Allow: allow, 'Retry-After': throttled.retryAfter },
			);
		}
		// 5. Method dispatch.
		const method = req.method ?? 'GET';
		if (method === 'OPTIONS') {
			return send(
				req,
				res,
				entry,
				200,
				{
					name: route.name.replace(
						/(^|-)(\w)/g,
						(_m, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase(),
					),
					description: '',
					renders: ['application/json'],
					parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
				},
				{ Allow: allow },
			);
		}
		if (method !== route.method && !(method === 'HEAD' && route.method === 'GET')) {
			return send(
				req,
				res,
				entry,
				405,
				{ detail: `Method "${method}" not allowed.` },
				{ Allow: allow },
			);
		}
		let parsed: { value: unknown } | null = null;
		const ctx: HandlerContext = {
			store,
			seeder,
			now: now(),
			query: url.searchParams,
			absoluteUri: `http://${req.headers.host ?? `127.0.0.1:${port}`}${req.url ?? '/'}`,
			activitiesPaginated,
			segmentsPaginated,
			data: () => {
				if (parsed) return parsed.value;
				const contentType = req.headers['content-type'];
				if (!raw.length || !contentType) parsed = { value: {} };
				else {
					const media = contentType.split(';')[0].trim().toLowerCase();
					if (media === 'application/json') {
						try {
							parsed = { value: JSON.parse(raw) as unknown };
						} catch (error) {
							throw detail(400, `JSON parse error - ${(error as Error).message}`);
						}
					} else if (media === 'application/x-www-form-urlencoded') {
						parsed = { value: Object.fromEntries(new URLSearchParams(raw)) };
					} else {
						throw detail(415, `Unsupported media type "${contentType}" in request.`);
					}
				}
				return parsed.value;
			},
		};
		let result: unknown;
		try {
			result = route.handler(ctx, params);
		} catch (error) {
			if (error instanceof ApiError)
				return send(req, res, entry, error.status, error.body, { Allow: allow, ...error.headers });
			entry.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
			return send(req, res, entry, 500, { detail: 'A server error occurred.' }, { Allow: allow });
		}
		let text = JSON.stringify(result);
		if (route.list && injector.takeMalformed(faults, offset)) {
			entry.fault = 'malformed';
			text = truncateJson(text);
		}
		send(req, res, entry, 200, text, { Allow: allow });
		if (route.drift) applyDrift(route.drift);
	};

	const onRequest = async (
		req: http.IncomingMessage,
		res: http.ServerResponse,
		arrivedAt: number,
	) => {
		const raw = await readBody(req);
		const url = new URL(req.url ?? '/', 'http://sandbox.local');
		const entry: LoggedRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			body: parseLoggedBody(raw),
			status: 0,
			authorized: authenticate(req.headers.authorization, token).ok,
			at: now(),
		};
		const index = sandbox.requests.push(entry) - 1;
		if (latency) {
			// Every answer waits for it (a 404, a redirect, a 429 and a reset too), so none arrives
			// sooner than it would over the network; see roundTripOver.
			entry.delayMs = latency.delayFor(index);
			const elapsed = performance.now() - arrivedAt;
			roundTripOver.set(res, sleepAtLeast(entry.delayMs - elapsed));
			// Handled half a round trip after it was sent, when a server would receive it. Handling
			// it at once made this one thread busy while the rest of a burst was still arriving, so
			// their arrival (and answers) came late by the handling of the ones before them.
			await sleepAtLeast(entry.delayMs / 2 - elapsed);
		}
		const match = resolve(url.pathname);
		if (!match) {
			// Django CommonMiddleware APPEND_SLASH: permanent redirect when the slashed path resolves.
			if (!url.pathname.endsWith('/') && resolve(url.pathname + '/')) {
				entry.status = 301;
				afterRoundTrip(res, () => {
					res.writeHead(301, {
						Location: url.pathname + '/' + url.search,
						'Content-Type': 'text/html; charset=utf-8',
						'Content-Length': '0',
					});
					res.end();
				});
				return;
			}
			return send(req, res, entry, 404, { detail: 'Not found.' });
		}
		await handleApi(req, res, entry, match.route, match.params, url, raw);
	};

	const server = http.createServer((req, res) => {
		onRequest(req, res, performance.now()).catch((error: unknown) => {
			afterRoundTrip(res, () => {
				if (res.headersSent || res.destroyed) return;
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ detail: 'A server error occurred.' }));
			});
			const last = sandbox.requests[sandbox.requests.length - 1];
			if (last) last.error = String(error);
		});
	});

	await new Promise<void>((resolveListen, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
	});
	port = (server.address() as AddressInfo).port;

	const knownVisitor = (contactId: string) => {
		const visitor = findVisitor(store, contactId, false);
		if (visitor === undefined) throw new Error(`The sandbox has no visitor ${contactId}`);
		return visitor;
	};

	const sandbox: Sandbox = {
		url: `http://127.0.0.1:${port}`,
		token,
		port,
		store,
		requests: [],
		faults: {},
		resetLog: () => {
			sandbox.requests.length = 0;
		},
		resetThrottle: () => throttler.reset(),
		addVisitors: (n, opts) => seeder.addVisitors(n, opts?.lead ?? true, opts?.front ?? true),
		setLastSeen: (contactId, ms) => {
			const visitor = knownVisitor(contactId);
			seeder.touch(visitor);
			visitor.web_activity_summary.last_seen = isoSeconds(ms ?? now());
			sortVisitors(store);
			return visitor;
		},
		qualifyForSegment: (contactId, segmentName) => {
			const visitor = knownVisitor(contactId);
			if (!store.segments.some((segment) => segment.name === segmentName)) {
				throw new Error(`qualifyForSegment: the sandbox account has no segment "${segmentName}"`);
			}
			visitor.qualified_segments = [...(visitor.qualified_segments ?? []), segmentName];
			return visitor;
		},
		sendWebhook: async (targetUrl, opts) => await sendWebhook(store, seeder, targetUrl, opts),
		close: () =>
			new Promise<void>((resolveClose, reject) => {
				server.close((error) => (error ? reject(error) : resolveClose()));
				server.closeAllConnections();
			}),
	};
	return sandbox;
}
