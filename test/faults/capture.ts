/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
// Imported first by the fault suite: records every line written to stdout/stderr, every console
// call and every n8n LoggerProxy message while the suite runs, so the suite can show that the API
// token appears in no log line. n8n's own logger is turned up to debug before n8n-core loads.
import { LoggerProxy } from 'n8n-workflow';
import type { Logger } from 'n8n-workflow';

process.env.N8N_LOG_LEVEL ??= 'debug';

export const captured: string[] = [];

const text = (args: unknown[]) =>
	args
		.map((arg) => {
			if (typeof arg === 'string') return arg;
			try {
				return JSON.stringify(arg);
			} catch {
				return String(arg);
			}
		})
		.join(' ');

const passThroughStdout = /^(1|true|yes)$/i.test(process.env.FAULTS_VERBOSE ?? '');
const writeStdout = process.stdout.write.bind(process.stdout) as (text: string) => boolean;

/** Writes to the real stdout (the suite's own summary), bypassing the capture. */
export function print(text: string): void {
	writeStdout(text);
}

// n8n's logger (winston, debug level) writes to `console._stdout`: recorded, and shown only with
// FAULTS_VERBOSE=1. That is process.stdout when Jest runs one test file in its own process, but Jest's
// buffering console (its own stream) when it runs several files in workers: both are patched, so the
// capture does not depend on how many *.fault.ts files there are. stderr is recorded and passed through.
const consoleStreams = console as unknown as {
	_stdout?: NodeJS.WritableStream;
	_stderr?: NodeJS.WritableStream;
};
const streams = new Set([
	process.stdout,
	process.stderr,
	consoleStreams._stdout,
	consoleStreams._stderr,
]);
for (const stream of streams) {
	if (!stream) continue;
	const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
	// Jest's buffering console has one stream for both: treated as stdout.
	const isStderr =
		stream === process.stderr ||
		(stream === consoleStreams._stderr && stream !== consoleStreams._stdout);
	const pass = isStderr || passThroughStdout;
	stream.write = ((chunk: unknown, ...rest: unknown[]) => {
		captured.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
		if (pass) return write(chunk, ...rest);
		const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
		if (callback) callback();
		return true;
	}) as typeof stream.write;
}

for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
	const original = console[level].bind(console);
	console[level] = (...args: unknown[]) => {
		captured.push(text(args));
		original(...args);
	};
}

const record =
	(level: string) =>
	(message: string, meta?: object): void => {
		captured.push(`${level} ${message} ${text([meta ?? {}])}`);
	};
const logger = {
	error: record('error'),
	warn: record('warn'),
	info: record('info'),
	debug: record('debug'),
} as unknown as Logger;
LoggerProxy.init(logger);
