import { PollContext } from 'n8n-core';

export interface LogLine {
	level: string;
	message: string;
	meta?: unknown;
}

/**
 * Records what nodes log through `this.logger`, every level (n8n's own logger drops levels below
 * its configured one, so it cannot be spied on for debug lines): replaces the getter of n8n-core's
 * execution contexts, which every context (execute, poll, webhook) inherits. Undone by
 * jest.restoreAllMocks().
 */
export function recordLogs(): LogLine[] {
	let proto: object | null = PollContext.prototype;
	while (proto !== null && Object.getOwnPropertyDescriptor(proto, 'logger') === undefined) {
		proto = Object.getPrototypeOf(proto) as object | null;
	}
	if (proto === null) throw new Error('n8n-core has no logger getter on its execution contexts');
	const lines: LogLine[] = [];
	const log = (level: string) => (message: string, meta?: unknown) =>
		lines.push({ level, message, meta });
	const logger = {
		error: log('error'),
		warn: log('warn'),
		info: log('info'),
		debug: log('debug'),
		verbose: log('verbose'),
	};
	jest.spyOn(proto as { logger: unknown }, 'logger', 'get').mockReturnValue(logger);
	return lines;
}
