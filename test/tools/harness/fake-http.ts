import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

export interface WebhookRequestSpec {
	method?: IHttpRequestMethods;
	headers?: Record<string, string>;
	body?: unknown;
	rawBody?: Buffer;
	query?: Record<string, string>;
	params?: Record<string, string>;
	path?: string;
}

/** What the node wrote to the response object (only when it used getResponseObject()). */
export interface CapturedResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
	/** true once json()/send()/end() was called */
	ended: boolean;
}

/** Minimal express-like request: what WebhookContext and typical webhook() code read. */
export function fakeRequest(spec: WebhookRequestSpec): IDataObject {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(spec.headers ?? {}))
		headers[name.toLowerCase()] = value;
	const body = spec.body ?? {};
	const rawBody =
		spec.rawBody ?? Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
	const query = spec.query ?? {};
	const search = new URLSearchParams(query).toString();
	const path = spec.path ?? '/webhook/test';
	return {
		method: spec.method ?? 'POST',
		headers,
		body,
		rawBody,
		query,
		params: spec.params ?? {},
		path,
		url: search ? `${path}?${search}` : path,
		originalUrl: search ? `${path}?${search}` : path,
		get: (name: string) => headers[name.toLowerCase()],
		header: (name: string) => headers[name.toLowerCase()],
		readRawBody: async () => {},
		contentType: headers['content-type'],
	};
}

/** Minimal express-like response recording status, headers and body into `captured`. */
export function fakeResponse(): { response: IDataObject; captured: CapturedResponse } {
	const captured: CapturedResponse = {
		statusCode: 200,
		headers: {},
		body: undefined,
		ended: false,
	};
	const response: IDataObject = {};
	const finish = (body: unknown) => {
		captured.body = body;
		captured.ended = true;
		return response;
	};
	Object.assign(response, {
		status: (code: number) => {
			captured.statusCode = code;
			return response;
		},
		sendStatus: (code: number) => {
			captured.statusCode = code;
			return finish(undefined);
		},
		set: (name: string, value: string) => {
			captured.headers[name.toLowerCase()] = value;
			return response;
		},
		setHeader: (name: string, value: string) => {
			captured.headers[name.toLowerCase()] = value;
			return response;
		},
		header: (name: string, value: string) => {
			captured.headers[name.toLowerCase()] = value;
			return response;
		},
		getHeader: (name: string) => captured.headers[name.toLowerCase()],
		writeHead: (code: number, headers?: Record<string, string>) => {
			captured.statusCode = code;
			for (const [k, v] of Object.entries(headers ?? {})) captured.headers[k.toLowerCase()] = v;
			return response;
		},
		json: (body: unknown) => finish(body),
		send: (body: unknown) => finish(body),
		end: (body?: unknown) => finish(body),
	});
	Object.defineProperty(response, 'statusCode', {
		get: () => captured.statusCode,
		set: (code: number) => {
			captured.statusCode = code;
		},
	});
	return { response, captured };
}
