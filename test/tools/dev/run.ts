/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console */
// npm run dev [-- --n8n 2.41.1] [--port 5678] [--sandbox] [--fresh]
// For contributors: `tsc -w` of nodes/ and credentials/ into dist/ (icons and codex files copied
// when they change) and a local n8n from the tools' cache with this working copy linked into its
// community-packages folder (not packed), started with N8N_DEV_RELOAD so a rebuild reloads the
// nodes. `--sandbox` also starts the Salespanel sandbox with a credential for it. The n8n user
// folder stays in the cache between runs (`--fresh` starts a new one). Ctrl-C stops everything.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

import { OWNER, N8nInstance } from '../runner/n8n';
import { cleanEnv, installExitHandlers, preferredPort, start } from '../runner/proc';
import { repoRoot } from '../runner/project';
import { cacheRoot, ensureRuntime, selectMatrix, systemN8n1 } from '../runner/runtimes';
import { flagValue, hasFlag, serveUntilStopped } from '../runner/suite';
import { SALESPANEL_CREDENTIAL } from '../runner/workflows';
import { startSandbox, type Sandbox } from '../sandbox';

/** What the build copies besides tsc's output (gulpfile.js), per source folder. */
const ASSET = /\.(png|svg)$|\.node\.json$/;

const log = (line: string) => console.log(`[dev] ${line}`);

/** Prefixes every line a child prints, so the watch build and n8n can be told apart. */
function prefixed(prefix: string): (chunk: Buffer) => void {
	let rest = '';
	return (chunk) => {
		const lines = (rest + chunk.toString('utf8')).split('\n');
		rest = lines.pop() ?? '';
		for (const line of lines) if (line.trim()) console.log(`${prefix} ${line}`);
	};
}

/** Copies a changed icon or codex file into dist/, as `gulp build` does. */
function watchAssets(root: string): FSWatcher[] {
	return ['nodes', 'credentials'].map((folder) =>
		watch(path.join(root, folder), { recursive: true }, (_event, file) => {
			if (!file || !ASSET.test(file)) return;
			const target = path.join(root, 'dist', folder, file);
			void mkdir(path.dirname(target), { recursive: true })
				.then(async () => await copyFile(path.join(root, folder, file), target))
				.then(() => log(`copied ${folder}/${file} to dist/`))
				.catch(() => undefined); // a file deleted or renamed away: nothing to copy
		}),
	);
}

async function main(): Promise<{ n8n: N8nInstance; cleanup: () => Promise<void> }> {
	const root = repoRoot();
	const only = flagValue('n8n');
	const entry = only === undefined ? systemN8n1() : selectMatrix(only)[0];
	const started: { n8n?: N8nInstance; sandbox?: Sandbox; watchers: FSWatcher[] } = { watchers: [] };
	const cleanup = async () => {
		log('stopping n8n, the watch build and the sandbox …');
		for (const watcher of started.watchers) watcher.close();
		await started.n8n?.stop();
		await started.sandbox?.close();
	};
	installExitHandlers(cleanup);

	log('watch build: tsc -w (nodes/, credentials/ → dist/), icons and codex files copied on change');
	const tsc = start(
		process.execPath,
		[
			path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
			'-w',
			'-p',
			'tsconfig.json',
			'--preserveWatchOutput',
		],
		{
			cwd: root,
			env: cleanEnv(),
		},
	);
	tsc.stdout?.on('data', prefixed('[tsc]'));
	tsc.stderr?.on('data', prefixed('[tsc]'));
	started.watchers = watchAssets(root);

	log(
		`n8n ${entry.n8n} from the cache (${cacheRoot()}; the first run installs it: several minutes)`,
	);
	const runtime = await ensureRuntime(entry, log);
	const workDir = path.join(cacheRoot(), `dev-n8n-${entry.n8n}`);
	if (hasFlag('fresh')) await rm(workDir, { recursive: true, force: true });
	await mkdir(workDir, { recursive: true });
	const n8n = new N8nInstance(runtime, workDir, { N8N_DEV_RELOAD: 'true' });
	started.n8n = n8n;
	await n8n.link(root, await preferredPort(Number(flagValue('port') ?? 5678)));

	if (hasFlag('sandbox')) {
		const sandbox = await startSandbox({ port: await preferredPort(8787) });
		started.sandbox = sandbox;
		await n8n.importCredentials([
			{
				...SALESPANEL_CREDENTIAL,
				type: 'salespanelApi',
				data: { apiToken: sandbox.token, baseUrl: sandbox.url },
			},
		]);
	}
	log(`starting n8n on ${n8n.baseUrl} (log: ${n8n.logFile}) …`);
	await n8n.start();
	await n8n.signIn();

	console.log(`
n8n ${entry.n8n} on Node ${runtime.nodeVersion} with n8n-nodes-salespanel linked from ${root}

  n8n editor    ${n8n.baseUrl}
  sign in       ${OWNER.email} / ${OWNER.password}
  user folder   ${n8n.userFolder} (kept between runs; --fresh for a new one)${
		started.sandbox
			? `
  sandbox API   ${started.sandbox.url} (token ${started.sandbox.token}; credential "${SALESPANEL_CREDENTIAL.name}")`
			: ''
	}

Edit nodes/ or credentials/: tsc rebuilds dist/ and n8n reloads the nodes (reopen the node panel). Ctrl-C stops everything.`);

	return { n8n, cleanup };
}

serveUntilStopped(main);
