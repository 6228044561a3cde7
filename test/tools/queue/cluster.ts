/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// n8n in queue mode: one main (`n8n start`), workers (`n8n worker`) and a webhook processor
// (`n8n webhook`), all on PostgreSQL and Redis, all with the same encryption key. Each process has
// its own user folder with the packed package unpacked into .n8n/nodes (as the e2e suite loads it),
// its own port and task-broker port, and its own log, which is where a worker names the executions
// it ran ("Worker started execution <id>").
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import type { Runtime } from '../runner/runtimes';
import { N8nInstance } from '../runner/n8n';
import { start, stop, waitFor } from '../runner/proc';
import type { Postgres, Service } from './services';

export type Role = 'main' | 'worker' | 'webhook';

/** One `n8n worker` or `n8n webhook` process (the main one is an N8nInstance's own `n8n start`). */
class SideProcess {
	private child?: ChildProcess;
	private log?: WriteStream;

	constructor(
		readonly name: string,
		readonly role: Exclude<Role, 'main'>,
		readonly instance: N8nInstance,
		private readonly args: string[],
	) {}

	get logFile(): string {
		return this.instance.logFile;
	}

	get running(): boolean {
		return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
	}

	/** The address its health endpoint answers on (worker server or webhook server). */
	get healthUrl(): string {
		return `${this.instance.baseUrl}/healthz${this.role === 'worker' ? '/readiness' : ''}`;
	}

	async start(timeoutMs: number): Promise<void> {
		const { runtime } = this.instance;
		this.log = createWriteStream(this.logFile, { flags: 'a' });
		const child = start(
			path.join(runtime.nodeBinDir, 'node'),
			[runtime.n8nBin, this.role, ...this.args],
			{
				cwd: this.instance.workDir,
				env: this.instance.env(),
				log: this.log,
			},
		);
		this.child = child;
		await waitFor(`${this.name} ${this.healthUrl}`, timeoutMs, async () => {
			if (child.exitCode !== null)
				throw new Error(`${this.name} exited with ${child.exitCode}; see ${this.logFile}`);
			const res = await fetch(this.healthUrl, { signal: AbortSignal.timeout(2_000) });
			return res.ok ? true : undefined;
		});
	}

	async stop(): Promise<void> {
		if (this.child) await stop(this.child, 20_000);
		this.child = undefined;
		this.log?.end();
	}
}

export interface ClusterOptions {
	workers: number;
	/** Executions one worker runs at the same time (`n8n worker --concurrency`). */
	workerConcurrency: number;
}

export class QueueCluster {
	readonly main: N8nInstance;
	readonly workers: SideProcess[] = [];
	readonly webhook: SideProcess;
	/** Each instance's extra environment; N8nInstance keeps a reference, so entries added here after init() apply. */
	private readonly envs = new Map<N8nInstance, Record<string, string>>();

	constructor(
		readonly runtime: Runtime,
		readonly workDir: string,
		private readonly redis: Service,
		private readonly postgres: Postgres,
		private readonly options: ClusterOptions,
	) {
		this.main = this.instance('main', { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' });
		for (let i = 1; i <= options.workers; i++) {
			const name = `worker-${i}`;
			this.workers.push(
				new SideProcess(name, 'worker', this.instance(name), [
					`--concurrency=${options.workerConcurrency}`,
				]),
			);
		}
		this.webhook = new SideProcess('webhook', 'webhook', this.instance('webhook'), []);
	}

	private instance(name: string, extra: Record<string, string> = {}): N8nInstance {
		const env = this.sharedEnv(extra);
		const instance = new N8nInstance(this.runtime, path.join(this.workDir, name), env);
		this.envs.set(instance, env);
		return instance;
	}

	/** Environment every process shares: the database, the queue, the log level. */
	private sharedEnv(extra: Record<string, string> = {}): Record<string, string> {
		return {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.postgres.port),
			DB_POSTGRESDB_DATABASE: this.postgres.database,
			DB_POSTGRESDB_USER: this.postgres.user,
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			// Debug: the main process logs each poll ("Polling trigger initiated"), workers the executions they run.
			N8N_LOG_LEVEL: 'debug',
			...extra,
		};
	}

	get processes(): Array<{ name: string; role: Role; logFile: string }> {
		return [
			{ name: 'main', role: 'main', logFile: this.main.logFile },
			...this.workers.map((w) => ({ name: w.name, role: w.role as Role, logFile: w.logFile })),
			{ name: this.webhook.name, role: this.webhook.role as Role, logFile: this.webhook.logFile },
		];
	}

	/** Unpacks the tarball into every process's user folder and gives each its ports. */
	async init(tarball: string): Promise<void> {
		await mkdir(this.workDir, { recursive: true });
		await this.main.init(tarball);
		await this.webhook.instance.init(tarball);
		for (const worker of this.workers) await worker.instance.init(tarball);
		// Production webhooks are served by the webhook processor: the URL the editor shows.
		const webhookBase = `${this.webhook.instance.baseUrl}/`;
		const queueEnv = (instance: N8nInstance, extra: Record<string, string> = {}) =>
			Object.assign(this.envs.get(instance) ?? {}, { WEBHOOK_URL: webhookBase, ...extra });
		queueEnv(this.main);
		queueEnv(this.webhook.instance);
		for (const worker of this.workers) {
			queueEnv(worker.instance, {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(worker.instance.port),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			});
		}
	}

	/** Main first (it migrates the database and activates workflows), then workers and the webhook processor. */
	async start(timeoutMs = 240_000): Promise<void> {
		await this.main.start(timeoutMs);
		await Promise.all([
			...this.workers.map(async (w) => await w.start(timeoutMs)),
			this.webhook.start(timeoutMs),
		]);
	}

	/**
	 * Signs in to the main process. Under load n8n answers /rest/settings (where N8nInstance.start()
	 * stops waiting) a moment before it mounts /rest/owner/setup and /rest/login, so this retries.
	 */
	async signIn(timeoutMs = 90_000): Promise<void> {
		await waitFor(
			'sign-in to the main process',
			timeoutMs,
			async () => {
				await this.main.signIn();
				return true;
			},
			1_000,
		);
	}

	async stop(): Promise<void> {
		await Promise.allSettled([
			this.webhook.stop(),
			...this.workers.map(async (w) => await w.stop()),
		]);
		await this.main.stop();
	}

	/** Names of the processes that are not running any more. */
	stopped(): string[] {
		return [
			...(this.main.running ? [] : ['main']),
			...this.workers.filter((w) => !w.running).map((w) => w.name),
			...(this.webhook.running ? [] : ['webhook']),
		];
	}

	async readLog(name: string): Promise<string> {
		const found = this.processes.find((p) => p.name === name);
		return found ? await readFile(found.logFile, 'utf8').catch(() => '') : '';
	}

	/** execution id → the worker whose log says it started it (a second worker would show as "a+b"). */
	async executionWorkers(): Promise<Map<string, string>> {
		const byExecution = new Map<string, string>();
		for (const worker of this.workers) {
			const log = await this.readLog(worker.name);
			for (const match of log.matchAll(/Worker started execution (\d+) \(job [^)]*\)/g)) {
				const previous = byExecution.get(match[1]);
				byExecution.set(
					match[1],
					previous && previous !== worker.name ? `${previous}+${worker.name}` : worker.name,
				);
			}
		}
		return byExecution;
	}

	/** Waits until each id is named by exactly one worker's log; returns id → worker. */
	async workersOf(ids: string[], timeoutMs = 15_000): Promise<Map<string, string>> {
		return await waitFor(
			`worker log lines for executions ${ids.join(', ')}`,
			timeoutMs,
			async () => {
				const all = await this.executionWorkers();
				const picked = new Map(ids.map((id) => [id, all.get(id) ?? '']));
				return [...picked.values()].every((w) => w !== '') ? picked : undefined;
			},
		);
	}

	/** Lines of a process's log matching `pattern`. */
	async countInLog(name: string, pattern: RegExp): Promise<number> {
		return [...(await this.readLog(name)).matchAll(new RegExp(pattern.source, 'g'))].length;
	}
}
