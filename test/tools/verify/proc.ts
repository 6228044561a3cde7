// What `npm run verify` reads from a command's output (the commands run through runner/proc.ts).
import type { RunResult } from '../runner/proc';

/** Last lines of a command's output, for a FAIL detail. */
export function tail(result: RunResult, lines = 12): string {
	const text = `${result.stdout}\n${result.stderr}`.trim();
	return text.split('\n').slice(-lines).join('\n');
}

/** Strips ANSI colour codes. */
export function plain(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/\u001b\[[0-9;]*m/g, '');
}
