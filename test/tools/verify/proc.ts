/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
// Child processes of `npm run verify`: captured output, a timeout that kills the child's whole
// process group, and an environment without what `npm run` injects from this repository.
import { spawn } from 'node:child_process';

export interface RunResult {
	code: number | null;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	ms: number;
}

/**
 * npm settings that may pass through to child npm commands: where the registry is and how to reach
 * it (a CI mirror, a proxy, a CA). Every other `npm_config_*` that `npm run` exports (ignore-scripts
 * from this repo's .npmrc, local_prefix, prefix, dry_run, json, omit…) would change what a child
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

/** The parent environment minus `npm run`'s package, lifecycle and config variables. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		const lower = key.toLowerCase();
		if (lower.startsWith('npm_package_') || lower.startsWith('npm_lifecycle_')) continue;
		if (lower === 'npm_command' || lower === 'init_cwd') continue;
		if (lower.startsWith('npm_config_') && !KEEP_NPM_CONFIG.has(lower)) continue;
		env[key] = value;
	}
	return { ...env, FORCE_COLOR: '0', ...extra };
}

/** Runs a command to completion or timeout; never throws (a spawn error becomes code -1). */
export async function run(
	cmd: string,
	args: string[],
	opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<RunResult> {
	const started = Date.now();
	return await new Promise((resolveRun) => {
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		const child = spawn(cmd, args, {
			cwd: opts.cwd,
			env: opts.env ?? cleanEnv(),
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const killGroup = () => {
			if (child.pid === undefined || child.exitCode !== null) return;
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		};
		process.once('exit', killGroup);
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup();
		}, opts.timeoutMs);
		let done = false;
		const finish = (code: number | null) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			process.removeListener('exit', killGroup);
			resolveRun({ code, stdout, stderr, timedOut, ms: Date.now() - started });
		};
		child.once('error', (error) => {
			stderr += String(error);
			finish(-1);
		});
		child.once('close', (code) => finish(code));
	});
}

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
