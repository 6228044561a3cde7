/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Checks of what gets published: package.json, the tarball's file list, the shipped JavaScript,
// the package entry (index.js) and the emitted type declarations.
import { existsSync } from 'node:fs';
import path from 'node:path';

import {
	listFiles,
	loadN8nClasses,
	pass,
	readText,
	verdict,
	type Check,
	type Context,
} from './context';
import { cleanEnv, run } from '../runner/proc';
import { tail } from './proc';

const EXPORTS = ['SalespanelApi', 'Salespanel', 'SalespanelTrigger', 'SalespanelPollingTrigger'];

const isEmpty = (value: unknown) =>
	value === undefined ||
	(typeof value === 'object' && value !== null && Object.keys(value).length === 0);

/**
 * What n8n-node lint's package.json rules (the lint check) leave open: they already reject
 * "dependencies", "overrides", install lifecycle scripts and a name without n8n-nodes-, and allow
 * @n8n/ai-node-sdk as a second peer, which this package does not use.
 */
export const packageJsonCheck: Check = {
	name: 'package.json',
	run(ctx) {
		const { pkg } = ctx;
		const problems: string[] = [];
		for (const field of ['optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
			if (!isEmpty(pkg[field]))
				problems.push(`${field} must be absent (n8n Cloud installs no runtime dependencies)`);
		}
		if (JSON.stringify(pkg.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' })) {
			problems.push(
				`peerDependencies must be exactly {"n8n-workflow":"*"}, is ${JSON.stringify(pkg.peerDependencies)}`,
			);
		}
		if (!pkg.keywords?.includes('n8n-community-node-package'))
			problems.push('keywords must include n8n-community-node-package');
		if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(pkg.version))
			problems.push(`version ${pkg.version} is not semver`);
		if (JSON.stringify(pkg.files) !== JSON.stringify(['dist', 'index.js'])) {
			problems.push(`files must be ["dist","index.js"], is ${JSON.stringify(pkg.files)}`);
		}
		if (pkg.main !== 'index.js') problems.push(`main must be index.js, is ${String(pkg.main)}`);
		const repoUrl = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
		if (!repoUrl || !/github\.com[/:]/.test(repoUrl))
			problems.push('repository.url must name the GitHub repository (npm provenance checks it)');
		const n8n = pkg.n8n;
		if (!n8n) {
			problems.push('the n8n section is missing');
		} else {
			if (n8n.strict !== true) problems.push('n8n.strict must be true');
			if (n8n.n8nNodesApiVersion !== 1) problems.push('n8n.n8nNodesApiVersion must be 1');
			if (!n8n.nodes?.length) problems.push('n8n.nodes is empty');
			if (!n8n.credentials?.length) problems.push('n8n.credentials is empty');
			for (const file of [...(n8n.nodes ?? []), ...(n8n.credentials ?? [])]) {
				if (!file.startsWith('dist/')) problems.push(`${file} is not under dist/`);
				else if (!existsSync(path.join(ctx.root, file)))
					problems.push(`${file} does not exist after the build`);
			}
			for (const loaded of loadN8nClasses(ctx)) if (loaded.error) problems.push(loaded.error);
		}
		const nodes = n8n?.nodes?.length ?? 0;
		return verdict(
			problems,
			`no optional/bundled dependencies, peer n8n-workflow "*" only, strict, ${nodes} nodes + ${n8n?.credentials?.length ?? 0} credential load from dist`,
		);
	},
};

function sourceMapsIntended(ctx: Context): boolean {
	try {
		const tsconfig = JSON.parse(readText(ctx, 'tsconfig.json') ?? '{}') as {
			compilerOptions?: { sourceMap?: boolean };
		};
		return tsconfig.compilerOptions?.sourceMap === true;
	} catch {
		return false;
	}
}

/** The source a dist/ file was built or copied from, or undefined when none exists (a stale file). */
function sourceOf(ctx: Context, distFile: string): string | undefined {
	const rel = distFile.replace(/^dist\//, '');
	const candidates = /\.d\.ts$/.test(rel)
		? [rel.replace(/\.d\.ts$/, '.ts')]
		: /\.js(\.map)?$/.test(rel)
			? [rel.replace(/\.js(\.map)?$/, '.ts')]
			: [rel];
	return candidates.find((candidate) => existsSync(path.join(ctx.root, candidate)));
}

export const packCheck: Check = {
	name: 'pack contents',
	async run(ctx) {
		const result = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: ctx.root,
			env: cleanEnv(),
			timeoutMs: 120_000,
		});
		if (result.code !== 0) return verdict([`npm pack --dry-run failed: ${tail(result)}`], '');
		const json = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as Array<{
			files: Array<{ path: string }>;
			size: number;
		}>;
		const files = json[0].files.map((f) => f.path).sort();
		const maps = sourceMapsIntended(ctx);
		const problems: string[] = [];
		for (const file of files) {
			if (/^(package\.json|README\.md|LICENSE|index\.js)$/.test(file)) continue;
			if (
				/(^|\/)(test|tests|__tests__|\.test-build|sandbox|e2e|bench)(\/|$)|\.(test|spec)\.[jt]s$/i.test(
					file,
				)
			)
				problems.push(`${file}: test/sandbox code is shipped`);
			else if (/\.tsbuildinfo$/.test(file))
				problems.push(`${file}: TypeScript build cache is shipped`);
			else if (/\.map$/.test(file) && !maps)
				problems.push(`${file}: source map shipped but tsconfig has no sourceMap`);
			else if (!/^dist\/(nodes|credentials)\/.+\.(js|js\.map|d\.ts|svg|png|node\.json)$/.test(file))
				problems.push(`${file}: not expected in the tarball`);
			else if (!sourceOf(ctx, file))
				problems.push(`${file}: stale build output (no source in nodes/ or credentials/)`);
		}
		const required = ['package.json', 'README.md', 'LICENSE', 'index.js'];
		for (const file of [...(ctx.pkg.n8n?.nodes ?? []), ...(ctx.pkg.n8n?.credentials ?? [])]) {
			required.push(file, file.replace(/\.js$/, '.d.ts'));
			if (file.endsWith('.node.js')) required.push(file.replace(/\.js$/, '.json'));
		}
		// Icons and codex files gulp copies from the sources: each must reach dist/ and the tarball.
		for (const dir of ['nodes', 'credentials']) {
			for (const file of listFiles(ctx.root, dir))
				if (/\.(svg|png|node\.json)$/.test(file)) required.push(`dist/${file}`);
		}
		for (const file of new Set(required))
			if (!files.includes(file)) problems.push(`${file} is missing from the tarball`);
		const kb = Math.round(json[0].size / 1024);
		return verdict(
			problems,
			`${files.length} files, ${kb} kB packed: dist (js, d.ts, icons, codex), index.js, README, LICENSE, package.json`,
		);
	},
};

/**
 * Modules shipped code may require besides its own files: the peer and Node's crypto. The registry
 * scan (scan.ts) lints the same files with n8n's rules (restricted globals, imports, eval/Function,
 * child_process, console), but its import rule also allows lodash, luxon, zod… and any devDependency;
 * this package ships with zero runtime dependencies, so only these may be required.
 */
const ALLOWED_REQUIRES = new Set(['n8n-workflow', 'crypto', 'node:crypto']);

/** Blanks block comments (keeping their line breaks, so line numbers stay right) and whole-line `//` comments. */
const stripComments = (code: string) =>
	code
		.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''))
		.replace(/^\s*\/\/.*$/gm, '');

export const shippedCodeCheck: Check = {
	name: 'shipped code',
	run(ctx) {
		const files = [...ctx.distFiles.filter((f) => f.endsWith('.js')), 'index.js'];
		const problems: string[] = [];
		for (const file of files) {
			stripComments(readText(ctx, file) ?? '')
				.split('\n')
				.forEach((line, i) => {
					for (const match of line.matchAll(/\b(?:require|import)\s*\(\s*["']([^"']+)["']\s*\)/g)) {
						const mod = match[1];
						if (!mod.startsWith('.') && !ALLOWED_REQUIRES.has(mod))
							problems.push(`${file}:${i + 1} requires '${mod}'`);
					}
				});
		}
		if (files.length < 2) problems.push('no compiled JavaScript under dist/ (run the build)');
		return verdict(
			problems,
			`${files.length} files require only n8n-workflow, crypto and their own files`,
		);
	},
};

const isClass = (value: unknown) =>
	typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));

export const exportsCheck: Check = {
	name: 'index.js exports',
	run(ctx) {
		const problems: string[] = [];
		const source = readText(ctx, 'index.js') ?? '';
		if (!/^\s*(['"]use strict['"];\s*)?\/\*\*[\s\S]{40,}?\*\//.test(source))
			problems.push('index.js does not start with a doc comment');
		let exported: Record<string, unknown> = {};
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			exported = require(path.join(ctx.root, 'index.js')) as Record<string, unknown>;
		} catch (error) {
			return verdict([`require(index.js) failed: ${(error as Error).message.split('\n')[0]}`], '');
		}
		const keys = Object.keys(exported).sort();
		if (JSON.stringify(keys) !== JSON.stringify([...EXPORTS].sort()))
			problems.push(`exports ${keys.join(', ')}; expected ${EXPORTS.join(', ')}`);
		const loadedByN8n = new Map(loadN8nClasses(ctx).map((l) => [l.className, l]));
		for (const name of EXPORTS) {
			const cls = exported[name];
			if (!isClass(cls)) {
				problems.push(`${name} is not a class`);
				continue;
			}
			const instance = new (cls as new () => Record<string, unknown>)();
			const description = instance.description as Record<string, unknown> | undefined;
			const label = name.endsWith('Api') ? instance.name : description?.name;
			if (typeof label !== 'string' || !label)
				problems.push(`${name} has no ${name.endsWith('Api') ? 'name' : 'description.name'}`);
			if (!name.endsWith('Api') && typeof description?.displayName !== 'string')
				problems.push(`${name} has no description.displayName`);
			if (loadedByN8n.get(name)?.cls !== cls)
				problems.push(`${name} is not the class n8n loads from package.json's n8n section`);
		}
		return verdict(
			problems,
			`documented; ${EXPORTS.join(', ')} are classes with description/name, same as n8n loads`,
		);
	},
};

export const declarationsCheck: Check = {
	name: 'type declarations',
	run(ctx) {
		const problems: string[] = [];
		const loaded = loadN8nClasses(ctx);
		for (const name of EXPORTS) {
			const entry = loaded.find((l) => l.className === name);
			if (!entry) {
				problems.push(`${name} is not listed in package.json's n8n section`);
				continue;
			}
			const dts = entry.file.replace(/\.js$/, '.d.ts');
			const text = readText(ctx, dts);
			if (text === undefined) problems.push(`${dts} was not emitted`);
			else if (!new RegExp(`export declare class ${name}\\b`).test(text))
				problems.push(`${dts} does not declare class ${name}`);
		}
		return problems.length
			? verdict(problems, '')
			: pass(`${EXPORTS.length} .d.ts files declare the exported classes`);
	},
};
