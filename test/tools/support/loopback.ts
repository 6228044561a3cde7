/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Small HTTP servers on 127.0.0.1 for hostile-server tests: each records every request (method,
// URL, Authorization header, body) and answers through a handler the test swaps per case.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hit {
	method: string;
	url: string;
	authorization?: string;
	body: string;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, hit: Hit) => void;

export interface Loopback {
	/** e.g. http://127.0.0.1:41234 (no trailing slash). */
	readonly url: string;
	readonly hits: Hit[];
	handle: Handler;
	close(): Promise<void>;
}

/** Answers JSON with the given status and extra headers. */
export function json(
	res: http.ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	res
		.writeHead(status, { 'Content-Type': 'application/json', ...headers })
		.end(JSON.stringify(body));
}

export async function startLoopback(
	handle: Handler = (_req, res) => json(res, 200, {}),
): Promise<Loopback> {
	const sockets = new Set<import('node:net').Socket>();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const hit: Hit = {
				method: req.method ?? 'GET',
				url: req.url ?? '/',
				authorization: req.headers.authorization,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			loopback.hits.push(hit);
			loopback.handle(req, res, hit);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const loopback: Loopback = {
		url: `http://127.0.0.1:${port}`,
		hits: [],
		handle,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	return loopback;
}
