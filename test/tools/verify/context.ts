/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// What every check reads: the package root, its package.json, the files under dist/ and the
// compiled classes that package.json's `n8n` section points at.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface PackageJson {
	name: string;
	version: string;
	main?: string;
	files?: string[];
	optionalDependencies?: Record<string, string>;
	bundleDependencies?: unknown;
	bundledDependencies?: unknown;
	peerDependencies?: Record<string, string>;
	keywords?: string[];
	repository?: { url?: string } | string;
	n8n?: { n8nNodesApiVersion?: number; strict?: boolean; nodes?: string[]; credentials?: string[] };
	[key: string]: unknown;
}

export interface Context {
	root: string;
	pkg: PackageJson;
	/** Paths under dist/, relative to root, POSIX separators. */
	distFiles: string[];
}

export interface CheckResult {
	ok: boolean;
	detail: string;
}

export interface Check {
	name: string;
	run: (ctx: Context) => Promise<CheckResult> | CheckResult;
}

export const pass = (detail: string): CheckResult => ({ ok: true, detail });
export const fail = (problems: string[]): CheckResult => ({
	ok: false,
	detail: problems.join('; '),
});
/** ok when `problems` is empty, else FAIL listing them. */
export const verdict = (problems: string[], okDetail: string): CheckResult =>
	problems.length ? fail(problems) : pass(okDetail);

export function listFiles(root: string, dir: string): string[] {
	const abs = path.join(root, dir);
	if (!existsSync(abs)) return [];
	const out: string[] = [];
	for (const entry of readdirSync(abs, { withFileTypes: true })) {
		const rel = `${dir}/${entry.name}`;
		if (entry.isDirectory()) out.push(...listFiles(root, rel));
		else out.push(rel);
	}
	return out.sort();
}

export function loadContext(root: string): Context {
	const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
	return { root, pkg, distFiles: listFiles(root, 'dist') };
}

export function readText(ctx: Context, rel: string): string | undefined {
	const abs = path.join(ctx.root, rel);
	return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
}

export interface LoadedClass {
	/** package.json entry, e.g. dist/nodes/Salespanel/Salespanel.node.js */
	file: string;
	kind: 'node' | 'credential';
	/** Export name n8n's loader expects: the file name before `.node.js` / `.credentials.js`. */
	className: string;
	/** The class, or undefined with `error` set. */
	cls?: new () => unknown;
	instance?: Record<string, unknown>;
	error?: string;
}

/** Requires every n8n.nodes / n8n.credentials file and instantiates the export n8n would use. */
export function loadN8nClasses(ctx: Context): LoadedClass[] {
	const entries: Array<[string, 'node' | 'credential']> = [
		...(ctx.pkg.n8n?.nodes ?? []).map((f): [string, 'node'] => [f, 'node']),
		...(ctx.pkg.n8n?.credentials ?? []).map((f): [string, 'credential'] => [f, 'credential']),
	];
	return entries.map(([file, kind]) => {
		const className = path.basename(file).replace(/\.(node|credentials)\.js$/, '');
		const loaded: LoadedClass = { file, kind, className };
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const mod = require(path.join(ctx.root, file)) as Record<string, unknown>;
			const cls = mod[className];
			if (typeof cls !== 'function') throw new Error(`does not export a class named ${className}`);
			loaded.cls = cls as new () => unknown;
			loaded.instance = new loaded.cls() as Record<string, unknown>;
		} catch (error) {
			loaded.error = `${file}: ${(error as Error).message.split('\n')[0]}`;
		}
		return loaded;
	});
}

/** `description` of a node instance, or the instance itself for a credential. */
export function describe(loaded: LoadedClass): Record<string, unknown> | undefined {
	if (!loaded.instance) return undefined;
	if (loaded.kind === 'credential') return loaded.instance;
	return loaded.instance.description as Record<string, unknown> | undefined;
}
