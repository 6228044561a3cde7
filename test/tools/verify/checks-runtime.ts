/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// At run time `n8n-workflow` is the running n8n's copy (a peer dependency), not the dev dependency:
// every value the built package takes from it must exist in the n8n-workflow of each n8n line the
// package supports (the e2e matrix). n8n 2.x's lacks sleepWithAbort, and a missing export only
// fails when the code path runs, so this is checked on the built files, before any n8n starts.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { cacheRoot, MATRIX } from '../runner/runtimes';
import { pass, fail, readText, type Check, type Context } from './context';
import { cleanEnv, run } from '../runner/proc';
import { tail } from './proc';

/**
 * `<name>` of every `<binding>.<name>` where `<binding> = require("n8n-workflow")` (or, for an
 * `import * as`, `__importStar(require("n8n-workflow"))`), per dist file.
 */
export function workflowValueImports(ctx: Context): Map<string, string[]> {
	const used = new Map<string, string[]>();
	for (const file of ctx.distFiles.filter((f) => f.endsWith('.js'))) {
		const code = readText(ctx, file) ?? '';
		for (const [, binding] of code.matchAll(
			/(\w+)\s*=\s*(?:__import(?:Star|Default)\()?require\("n8n-workflow"\)/g,
		)) {
			for (const [, name] of code.matchAll(new RegExp(`\\b${binding}\\.(\\w+)`, 'g'))) {
				used.set(name, [...new Set([...(used.get(name) ?? []), file])]);
			}
		}
	}
	return used;
}

/** The n8n-workflow an n8n line runs: from its e2e install when cached, else the version its package pins. */
async function workflowDirFor(
	n8n: string,
	log: string[],
): Promise<{ dir: string; version: string; from: string }> {
	const root = cacheRoot();
	const installs = existsSync(root)
		? readdirSync(root).filter(
				(d) => d.startsWith(`n8n-${n8n}-`) && existsSync(path.join(root, d, '.complete')),
			)
		: [];
	for (const install of installs) {
		const dir = path.join(root, install, 'node_modules', 'n8n-workflow');
		const pkg = path.join(dir, 'package.json');
		if (existsSync(pkg))
			return {
				dir,
				version: (JSON.parse(await readFile(pkg, 'utf8')) as { version: string }).version,
				from: `the n8n ${n8n} install`,
			};
	}
	const view = await run('npm', ['view', `n8n@${n8n}`, 'dependencies.n8n-workflow'], {
		cwd: root,
		env: cleanEnv(),
		timeoutMs: 120_000,
	});
	const version = view.stdout.trim();
	if (view.code !== 0 || !/^\d+\.\d+\.\d+$/.test(version))
		throw new Error(`npm view n8n@${n8n} dependencies.n8n-workflow: ${tail(view, 4)}`);
	return {
		dir: await ensureWorkflow(version, log),
		version,
		from: `n8n-workflow@${version}, which n8n ${n8n} pins`,
	};
}

/** Installs n8n-workflow@version once into the cache (a partial folder is renamed on success). */
async function ensureWorkflow(version: string, log: string[]): Promise<string> {
	const home = path.join(cacheRoot(), `n8n-workflow-${version}`);
	const dir = path.join(home, 'node_modules', 'n8n-workflow');
	if (existsSync(path.join(home, '.complete'))) return dir;
	await mkdir(cacheRoot(), { recursive: true });
	const partial = `${home}.partial-${process.pid}`;
	await rm(partial, { recursive: true, force: true });
	await mkdir(partial, { recursive: true });
	await writeFile(
		path.join(partial, 'package.json'),
		JSON.stringify({ name: 'salespanel-verify-workflow', private: true }),
	);
	const args = [
		'install',
		`n8n-workflow@${version}`,
		'--ignore-scripts',
		'--no-audit',
		'--no-fund',
		'--loglevel=error',
		'--prefix',
		partial,
	];
	const result = await run('npm', args, { cwd: partial, env: cleanEnv(), timeoutMs: 600_000 });
	if (result.code !== 0) {
		await rm(partial, { recursive: true, force: true });
		throw new Error(`npm install n8n-workflow@${version} failed: ${tail(result, 6)}`);
	}
	await writeFile(path.join(partial, '.complete'), new Date().toISOString());
	await rm(home, { recursive: true, force: true });
	await rename(partial, home);
	log.push(`installed n8n-workflow@${version}`);
	return dir;
}

/** The names n8n-workflow exports with a defined value, as `require` sees them in a child process. */
async function exportedValues(dir: string): Promise<Set<string>> {
	const script = `const m = require(${JSON.stringify(dir)}); process.stdout.write(JSON.stringify(Object.keys(m).filter((k) => m[k] !== undefined)));`;
	const result = await run(process.execPath, ['-e', script], {
		cwd: path.dirname(dir),
		env: cleanEnv(),
		timeoutMs: 120_000,
	});
	if (result.code !== 0) throw new Error(`require(${dir}) failed: ${tail(result, 6)}`);
	return new Set(JSON.parse(result.stdout) as string[]);
}

export const runtimeImportsCheck: Check = {
	name: 'n8n-workflow values on every n8n line',
	run: async (ctx) => {
		const used = workflowValueImports(ctx);
		if (used.size === 0)
			return fail(['found no require("n8n-workflow") in dist/: run `npm run build` first']);
		const problems: string[] = [];
		const lines: string[] = [];
		const log: string[] = [];
		for (const { n8n } of MATRIX) {
			const { dir, version, from } = await workflowDirFor(n8n, log);
			const exported = await exportedValues(dir);
			const missing = [...used.keys()].filter((name) => !exported.has(name));
			for (const name of missing)
				problems.push(
					`n8n ${n8n} (n8n-workflow ${version}) has no ${name}, used in ${used.get(name)?.join(', ')}`,
				);
			lines.push(`n8n ${n8n}: n8n-workflow ${version} (${from})`);
		}
		const names = [...used.keys()].sort().join(', ');
		return problems.length
			? fail(problems)
			: pass(`${names} exist in ${lines.join('; ')}${log.length ? `; ${log.join('; ')}` : ''}`);
	},
};
