/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
// Child processes of the tools (e2e, queue, ui, verify, dev): each runs in its own process group, is
// tracked, bounded by a timeout and killed (group-wide) on timeout, on stop and when the runner exits.
// Nothing else is killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import net from 'node:net';

const tracked = new Set<ChildProcess>();

/**
 * npm settings that may pass through to child npm commands: where the registry is and how to reach
 * it (a CI mirror, a proxy, a CA). Every other `npm_config_*` that `npm run` exports (ignore-scripts
 * from this repo's .npmrc, local_prefix, nodedir, dry_run, json, omit…) would change what a child
 * npm does, so it is dropped.
 */
const KEEP_NPM_CONFIG = new Set([
	'npm_config_registry',
	'npm_config_cache',
	'npm_config_userconfig',
	'npm_config_globalconfig',
	'npm_config_cafile',
	'npm_config_ca',
	'npm_config_strict_ssl',
	'npm_config_proxy',
	'npm_config_https_proxy',
	'npm_config_noproxy',
	'npm_config_fetch_retries',
	'npm_config_fetch_timeout',
]);

/**
 * The parent environment minus what `npm run` injects from this repository (package, lifecycle and
 * config variables) and minus the caller's own n8n settings (N8N_*, DB_*, EXECUTIONS_*), which
 * would change the n8n a tool starts.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		const lower = key.toLowerCase();
		if (lower.startsWith('npm_package_') || lower.startsWith('npm_lifecycle_')) continue;
		if (lower === 'npm_command' || lower === 'init_cwd') continue;
		if (lower.startsWith('npm_config_') && !KEEP_NPM_CONFIG.has(lower)) continue;
		if (key.startsWith('N8N_') || key.startsWith('DB_') || key.startsWith('EXECUTIONS_')) continue;
		env[key] = value;
	}
	return { ...env, FORCE_COLOR: '0', ...extra };
}

export interface RunOptions {
	cwd?: string;
	/** Default: cleanEnv(). */
	env?: NodeJS.ProcessEnv;
	timeoutMs: number;
	/** Also append stdout and stderr to this file. */
	logFile?: string;
	/** Keep at most this many characters of stdout/stderr in memory (default 4 MB). */
	maxChars?: number;
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	ms: number;
}

/** Sends a signal to the child's whole process group (it was spawned detached, as group leader). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/** Starts a tracked child in its own process group. */
export function start(
	cmd: string,
	args: string[],
	opts: { cwd?: string; env?: NodeJS.ProcessEnv; log?: WriteStream },
): ChildProcess {
	const child = spawn(cmd, args, {
		cwd: opts.cwd,
		env: opts.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	tracked.add(child);
	child.once('exit', () => tracked.delete(child));
	child.once('error', () => tracked.delete(child));
	if (opts.log) {
		child.stdout?.pipe(opts.log, { end: false });
		child.stderr?.pipe(opts.log, { end: false });
	}
	return child;
}

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
	return new Promise((resolveWait) => {
		const timer = setTimeout(() => resolveWait(false), timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolveWait(true);
		});
	});
}

/** SIGTERM to the group, then SIGKILL after `graceMs`. */
export async function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
	killGroup(child, 'SIGTERM');
	if (!(await waitForExit(child, graceMs))) {
		killGroup(child, 'SIGKILL');
		await waitForExit(child, 5_000);
	}
}

/** Runs a command to completion (or timeout), capturing its output; never throws (a spawn error is code -1). */
export function run(cmd: string, args: string[], opts: RunOptions): Promise<RunResult> {
	const started = Date.now();
	const max = opts.maxChars ?? 4_000_000;
	const log = opts.logFile ? createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
	log?.write(`\n$ ${cmd} ${args.join(' ')}\n`);
	return new Promise((resolveRun) => {
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		let child: ChildProcess;
		try {
			child = start(cmd, args, { cwd: opts.cwd, env: opts.env ?? cleanEnv() });
		} catch (error) {
			resolveRun({
				code: -1,
				signal: null,
				stdout: '',
				stderr: String(error),
				timedOut: false,
				ms: 0,
			});
			return;
		}
		child.stdout?.on('data', (chunk: Buffer) => {
			if (stdout.length < max) stdout += chunk.toString('utf8');
			log?.write(chunk);
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			if (stderr.length < max) stderr += chunk.toString('utf8');
			log?.write(chunk);
		});
		const timer = setTimeout(() => {
			timedOut = true;
			void stop(child, 5_000);
		}, opts.timeoutMs);
		const finish = (code: number | null, signal: NodeJS.Signals | null) => {
			clearTimeout(timer);
			log?.end();
			resolveRun({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
		};
		child.once('error', (error) => {
			stderr += String(error);
			finish(-1, null);
		});
		child.once('close', finish);
	});
}

/** Kills every process group this runner started and has not seen exit. */
export async function stopAll(): Promise<void> {
	await Promise.all([...tracked].map(async (child) => await stop(child, 5_000)));
}

let handlersInstalled = false;

/** On Ctrl-C / SIGTERM / exit: kill our children (synchronously on exit), then leave. */
export function installExitHandlers(onSignal?: () => Promise<void>): void {
	if (handlersInstalled) return;
	handlersInstalled = true;
	process.on('exit', () => {
		for (const child of tracked) killGroup(child, 'SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			const hard = setTimeout(() => process.exit(130), 20_000);
			hard.unref();
			void (async () => {
				try {
					await onSignal?.();
				} finally {
					await stopAll();
					process.exit(130);
				}
			})();
		});
	}
}

/** A free TCP port on 127.0.0.1 (asked from the OS). */
export function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

/** `preferred` when it is free on 127.0.0.1, else any free port. */
export async function preferredPort(preferred: number): Promise<number> {
	const free = await new Promise<boolean>((resolveProbe) => {
		const server = net.createServer();
		server.once('error', () => resolveProbe(false));
		server.listen(preferred, '127.0.0.1', () => server.close(() => resolveProbe(true)));
	});
	return free ? preferred : await freePort();
}

export const sleep = (ms: number): Promise<void> =>
	new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
export async function waitFor<T>(
	what: string,
	timeoutMs: number,
	check: () => Promise<T | undefined>,
	everyMs = 500,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await check();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		await sleep(everyMs);
	}
	const suffix = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
	throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${suffix}`);
}
