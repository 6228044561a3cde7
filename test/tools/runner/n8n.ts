/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets */
// One real n8n instance: a fresh user folder with the packed package in .n8n/nodes/node_modules,
// driven through n8n's CLI (import, execute, activate) and its HTTP server (webhooks, REST API).
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

import { cleanEnv, freePort, run, sleep, start, stop, waitFor, type RunResult } from './proc';
import type { Runtime } from './runtimes';
import type { WorkflowJson } from './workflows';

// Not secrets: a throw-away local instance (user folder in a temp dir) signs in with these.
export const OWNER = {
	email: 'demo@salespanel.example',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Salespanel-demo-1',
};
const BROWSER_ID = 'salespanel-e2e';

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
}

export interface NodeRun {
	items: Array<Record<string, unknown>>;
	error?: { message?: string; description?: string };
}

/** runData → node name → output items of its first run (main output 0). */
export function nodeOutputs(runData: unknown): Record<string, NodeRun> {
	const out: Record<string, NodeRun> = {};
	const data = (runData ?? {}) as Record<
		string,
		Array<{
			data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
			error?: NodeRun['error'];
		}>
	>;
	for (const [name, runs] of Object.entries(data)) {
		const first = runs?.[0];
		out[name] = {
			items: (first?.data?.main?.[0] ?? []).map((item) => item.json),
			error: first?.error,
		};
	}
	return out;
}

/** The JSON object `n8n execute --rawOutput` prints, found among any log lines around it. */
/** Output of `n8n execute --rawOutput` kept in memory (the default cut of 4 MB loses the run data of a few thousand items). */
const EXECUTE_OUTPUT_MAX_CHARS = 256_000_000;

export function parseExecuteOutput(stdout: string): Record<string, unknown> | undefined {
	const lines = stdout.split('\n');
	const first = lines.findIndex((line) => line === '{');
	if (first < 0) return undefined;
	for (let last = lines.length - 1; last > first; last--) {
		if (lines[last] !== '}') continue;
		try {
			return JSON.parse(lines.slice(first, last + 1).join('\n')) as Record<string, unknown>;
		} catch {
			// a later "}" may close it
		}
	}
	return undefined;
}

export class N8nInstance {
	readonly major: number;
	port = 0;
	private brokerPort = 0;
	private server?: ChildProcess;
	private serverLog?: WriteStream;
	private cookie = '';

	constructor(
		readonly runtime: Runtime,
		readonly workDir: string,
		private readonly extraEnv: Record<string, string> = {},
	) {
		this.major = Number(runtime.entry.n8n.split('.')[0]);
	}

	get userFolder(): string {
		return path.join(this.workDir, 'user');
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get logFile(): string {
		return path.join(this.workDir, 'n8n.log');
	}

	/** Where n8n finds installed community packages: this package goes in here. */
	private get packageDir(): string {
		return path.join(this.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-salespanel');
	}

	/** Ports, and the packed package unpacked where n8n installs community packages. */
	async init(tarball: string, port?: number): Promise<void> {
		this.port = port ?? (await freePort());
		this.brokerPort = await freePort();
		const target = this.packageDir;
		await mkdir(target, { recursive: true });
		// What `npm install <tarball>` does for a package without dependencies: unpack it.
		const untar = await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], {
			timeoutMs: 60_000,
		});
		if (untar.code !== 0) throw new Error(`tar -xzf ${tarball}: ${untar.stderr}`);
	}

	/** Ports, and a link to the working copy (`npm link` style) where n8n installs community packages: n8n loads its dist/. */
	async link(packageRoot: string, port?: number): Promise<void> {
		this.port = port ?? (await freePort());
		this.brokerPort = await freePort();
		await mkdir(path.dirname(this.packageDir), { recursive: true });
		await rm(this.packageDir, { recursive: true, force: true });
		await symlink(packageRoot, this.packageDir, 'dir');
	}

	env(): NodeJS.ProcessEnv {
		return cleanEnv({
			PATH: this.runtime.pathEnv,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'salespanel-e2e-fixed-encryption-key',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_SECURE_COOKIE: 'false',
			WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			...this.runtime.entry.env,
			...this.extraEnv,
		});
	}

	/** Runs `n8n <args>` to completion with this instance's environment. */
	async cli(args: string[], timeoutMs = 180_000, maxChars?: number): Promise<RunResult> {
		const node = path.join(this.runtime.nodeBinDir, 'node');
		return await run(node, [this.runtime.n8nBin, ...args], {
			cwd: this.workDir,
			env: this.env(),
			timeoutMs,
			maxChars,
			logFile: path.join(this.workDir, 'cli.log'),
		});
	}

	private async cliOk(args: string[]): Promise<RunResult> {
		const result = await this.cli(args);
		if (result.code !== 0)
			throw new Error(
				`n8n ${args.join(' ')} failed (exit ${result.code}${result.timedOut ? ', timed out' : ''}):\n${(result.stderr + result.stdout).slice(-1500)}`,
			);
		return result;
	}

	async importCredentials(credentials: object[]): Promise<void> {
		const file = path.join(this.workDir, 'credentials.json');
		await writeFile(file, JSON.stringify(credentials, null, 2));
		await this.cliOk(['import:credentials', `--input=${file}`]);
	}

	async importWorkflows(workflows: WorkflowJson[]): Promise<void> {
		const file = path.join(this.workDir, 'workflows.json');
		await writeFile(file, JSON.stringify(workflows, null, 2));
		await this.cliOk(['import:workflow', `--input=${file}`]);
	}

	/** Activation before `n8n start`: update:workflow on 1.x, publish:workflow on 2.x. */
	async activate(id: string): Promise<void> {
		await this.cliOk(
			this.major >= 2
				? ['publish:workflow', `--id=${id}`]
				: ['update:workflow', `--id=${id}`, '--active=true'],
		);
	}

	/** `n8n execute --id --rawOutput`: the run data, or the error n8n reported. */
	async execute(id: string): Promise<{
		result: RunResult;
		data?: Record<string, unknown>;
		runData: Record<string, NodeRun>;
		error?: string;
	}> {
		// The run data of thousands of items is tens of MB of pretty-printed JSON: keep all of it.
		const result = await this.cli(
			['execute', `--id=${id}`, '--rawOutput'],
			300_000,
			EXECUTE_OUTPUT_MAX_CHARS,
		);
		const data = parseExecuteOutput(result.stdout);
		if (data === undefined && result.code === 0) {
			return {
				result,
				runData: {},
				error: `could not read the run data in n8n execute's output (${result.stdout.length} characters)`,
			};
		}
		const resultData = ((data?.data as Record<string, unknown> | undefined)?.resultData ?? {}) as {
			runData?: unknown;
			error?: { message?: string };
		};
		const error =
			result.code !== 0 || resultData.error
				? (resultData.error?.message ??
					`exit ${result.code}: ${(result.stderr || result.stdout).slice(-600)}`)
				: undefined;
		return { result, data, runData: nodeOutputs(resultData.runData), error };
	}

	/** `n8n start`; resolves once /healthz answers (bounded). */
	async start(timeoutMs = 180_000): Promise<void> {
		const node = path.join(this.runtime.nodeBinDir, 'node');
		this.serverLog = createWriteStream(this.logFile, { flags: 'a' });
		const server = start(node, [this.runtime.n8nBin, 'start'], {
			cwd: this.workDir,
			env: this.env(),
			log: this.serverLog,
		});
		this.server = server;
		await waitFor('n8n /healthz', timeoutMs, async () => {
			if (server.exitCode !== null)
				throw new Error(`n8n start exited with ${server.exitCode}; see ${this.logFile}`);
			const res = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
			return res.ok ? true : undefined;
		});
		// /healthz answers before the REST API and the webhooks are mounted.
		await waitFor('the n8n REST API', timeoutMs, async () => {
			if (server.exitCode !== null)
				throw new Error(`n8n start exited with ${server.exitCode}; see ${this.logFile}`);
			const res = await fetch(`${this.baseUrl}/rest/settings`, {
				signal: AbortSignal.timeout(5_000),
			});
			return res.ok ? true : undefined;
		});
	}

	async stop(): Promise<void> {
		if (this.server) await stop(this.server, 20_000);
		this.server = undefined;
		this.serverLog?.end();
	}

	get running(): boolean {
		return !!this.server && this.server.exitCode === null;
	}

	async logTail(chars = 2000): Promise<string> {
		return (await readFile(this.logFile, 'utf8').catch(() => '')).slice(-chars);
	}

	/** Calls the server; `rest` paths get the owner's session cookie. */
	async http(
		method: string,
		urlPath: string,
		body?: unknown,
		headers: Record<string, string> = {},
	): Promise<{ status: number; text: string; json: unknown; setCookie: string[] }> {
		const res = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: {
				'browser-id': BROWSER_ID,
				...(this.cookie ? { cookie: this.cookie } : {}),
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...headers,
			},
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
			signal: AbortSignal.timeout(120_000),
		});
		const text = await res.text();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, text, json, setCookie: res.headers.getSetCookie() };
	}

	/** Creates the owner account (first start) or logs in, keeping the session cookie. */
	async signIn(): Promise<void> {
		// /rest/settings can answer a moment before the auth routes are mounted: seen as a 404
		// ("Cannot POST /rest/login", 1.x) and as n8n 2.x's 200 page "n8n is starting up. Please
		// wait". Both are retried for a bounded time.
		const attempt = async () => {
			const setup = await this.http('POST', '/rest/owner/setup', OWNER);
			if (setup.status < 400 && !startingUp(setup)) return setup;
			return await this.http('POST', '/rest/login', {
				emailOrLdapLoginId: OWNER.email,
				email: OWNER.email,
				password: OWNER.password,
			});
		};
		const startingUp = (answer: { status: number; text: string }) =>
			answer.status === 404 || /is starting up/i.test(answer.text);
		let res = await attempt();
		for (let waited = 0; startingUp(res) && waited < 60_000; waited += 1_000) {
			await sleep(1_000);
			res = await attempt();
		}
		const auth = res.setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (!auth)
			throw new Error(`Could not sign in to n8n (HTTP ${res.status}): ${res.text.slice(0, 300)}`);
		this.cookie = auth;
	}

	async rest<T>(method: string, urlPath: string, body?: unknown): Promise<T> {
		const res = await this.http(method, `/rest${urlPath}`, body);
		if (res.status >= 400)
			throw new Error(`${method} /rest${urlPath}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
		return (res.json as { data: T }).data;
	}

	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = await this.rest<{ results: ExecutionSummary[] }>(
			'GET',
			`/executions?filter=${filter}&limit=100`,
		);
		return data.results;
	}

	/** Waits until the workflow has `count` finished executions; returns them, oldest first. */
	async waitForExecutions(
		workflowId: string,
		count: number,
		timeoutMs = 60_000,
	): Promise<ExecutionSummary[]> {
		return await waitFor(`${count} finished executions of ${workflowId}`, timeoutMs, async () => {
			const list = await this.executions(workflowId);
			const done = list.filter((e) => !['new', 'running', 'waiting'].includes(e.status));
			return done.length >= count ? done.sort((a, b) => Number(a.id) - Number(b.id)) : undefined;
		});
	}

	/** One execution with its run data (the REST API sends it in n8n's "flatted" encoding). */
	async execution(
		id: string,
	): Promise<{ status: string; runData: Record<string, NodeRun>; error?: string }> {
		const data = await this.rest<{ status: string; data: string }>('GET', `/executions/${id}`);
		const requireFromN8n = createRequire(
			path.join(this.runtime.n8nDir, 'node_modules', 'n8n', 'package.json'),
		);
		const flatted = requireFromN8n('flatted') as { parse: (text: string) => unknown };
		const parsed = flatted.parse(data.data) as {
			resultData?: { runData?: unknown; error?: { message?: string } };
		};
		return {
			status: data.status,
			runData: nodeOutputs(parsed.resultData?.runData),
			error: parsed.resultData?.error?.message,
		};
	}
}
