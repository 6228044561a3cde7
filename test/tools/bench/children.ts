/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
// Forks one child per measured run and waits for its result. Only processes started here are
// ever killed (by their own pid), on a time-out or when the runner is interrupted.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { ChildMessage, Job, JobResult } from './types';

const running = new Set<ChildProcess>();

export function stopChildren(): void {
	for (const child of running) {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	}
}

export interface ChildOptions {
	n8nDir: string;
	timeoutMs: number;
	/** Heap limit of the child (same for every contender). */
	maxOldSpaceMb: number;
	/** `--cpu-prof DIR`: each child writes a V8 CPU profile (200 µs sampling) into DIR. */
	cpuProfDir?: string;
}

/** Runs `job` in a fresh Node process; rejects with the child's output when it breaks. */
export async function runInChild(job: Job, options: ChildOptions): Promise<JobResult> {
	const child = fork(path.join(__dirname, 'child.js'), [], {
		env: { ...process.env, BENCH_N8N_DIR: options.n8nDir },
		execArgv: [
			`--max-old-space-size=${options.maxOldSpaceMb}`,
			'--expose-gc',
			...(options.cpuProfDir
				? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`, '--cpu-prof-interval=200']
				: []),
		],
		stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
	});
	running.add(child);
	let output = '';
	const keep = (chunk: Buffer) => {
		output = (output + chunk.toString('utf8')).slice(-20_000);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	try {
		return await new Promise<JobResult>((resolve, reject) => {
			let settled = false;
			const finish = (error: Error | undefined, result?: JobResult) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				if (error) reject(error);
				else resolve(result as JobResult);
			};
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				finish(
					new Error(`child timed out after ${Math.round(options.timeoutMs / 1000)} s\n${output}`),
				);
			}, options.timeoutMs);
			child.once('message', (message: ChildMessage) => {
				if (message.ok) finish(undefined, message.result);
				else finish(new Error(`child failed: ${message.error}\n${output}`));
			});
			child.once('exit', (code, signal) =>
				finish(new Error(`child exited (${signal ?? code}) without a result\n${output}`)),
			);
			child.once('error', (error) => finish(error));
			child.send(job);
		});
	} finally {
		if (child.exitCode === null && child.signalCode === null) {
			await new Promise<void>((resolve) => {
				const timer = setTimeout(() => {
					child.kill('SIGKILL');
					resolve();
				}, 10_000);
				child.once('exit', () => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
		running.delete(child);
	}
}
