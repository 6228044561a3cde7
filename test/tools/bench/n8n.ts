/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// The n8n side of the benchmark: the cached n8n 1.x install of the e2e suite (installed on first
// use), and the module wiring that lets one harness engine run both our node and n8n-nodes-base's
// HTTP Request node.
//
// n8n-nodes-base cannot be a devDependency (it pins xlsx to an unreachable CDN tarball), so its
// nodes are require()d from the cached install. Each contender runs in its own child process in
// which `n8n-core` and `n8n-workflow` — for the harness, our node and HTTP Request alike — resolve
// to the cache's copies: one instance of each (no duplicate NodeApiError classes, no instanceof
// surprises) and exactly the engine that n8n 1.123 ships. That cache holds n8n-core 1.122.48 and
// n8n-workflow 1.120.31, the versions of our devDependencies, so the harness compiles against the
// same API it runs on.
import Module from 'node:module';
import path from 'node:path';

/** n8n 1.x on the system Node (an entry of the runtimes matrix). */
export async function ensureN8nDir(
	log: (line: string) => void,
): Promise<{ dir: string; version: string; installSeconds: number }> {
	const { ensureRuntime, readInstalledVersion, systemN8n1 } = await import('../runner/runtimes');
	const runtime = await ensureRuntime(systemN8n1(), log);
	return {
		dir: runtime.n8nDir,
		version: await readInstalledVersion(runtime),
		installSeconds: runtime.installSeconds,
	};
}

const SHARED = /^(n8n-core|n8n-workflow)(\/|$)/;

type ResolveFilename = (
	request: string,
	parent: unknown,
	isMain: boolean,
	options?: unknown,
) => string;

/**
 * Makes every `require('n8n-core' | 'n8n-workflow')` in this process resolve from the cached
 * install. Must run before anything loads either package.
 */
export function useCachedN8nModules(n8nDir: string): void {
	const loader = Module as unknown as { _resolveFilename: ResolveFilename };
	const original = loader._resolveFilename;
	loader._resolveFilename = function (request, parent, isMain, options) {
		if (SHARED.test(request))
			return original.call(this, request, parent, isMain, { paths: [n8nDir] });
		return original.call(this, request, parent, isMain, options);
	};
}

export interface BaseNodes {
	HttpRequest: new () => unknown;
	Webhook: new () => unknown;
	HttpHeaderAuth: new () => unknown;
	/** Versions of what was loaded, for the report. */
	versions: { n8nCore: string; n8nWorkflow: string; n8nNodesBase: string };
}

function load<T>(file: string, exportName: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const loaded = require(file) as Record<string, unknown>;
	const value = loaded[exportName];
	if (value === undefined) throw new Error(`${file} exports no ${exportName}`);
	return value as T;
}

/** HTTP Request, Webhook and the Header Auth credential from the cache's n8n-nodes-base. */
export function loadBaseNodes(n8nDir: string): BaseNodes {
	const modules = path.join(n8nDir, 'node_modules');
	const dist = path.join(modules, 'n8n-nodes-base', 'dist');
	const version = (pkg: string) => load<string>(path.join(modules, pkg, 'package.json'), 'version');
	return {
		HttpRequest: load(
			path.join(dist, 'nodes', 'HttpRequest', 'HttpRequest.node.js'),
			'HttpRequest',
		),
		Webhook: load(path.join(dist, 'nodes', 'Webhook', 'Webhook.node.js'), 'Webhook'),
		HttpHeaderAuth: load(
			path.join(dist, 'credentials', 'HttpHeaderAuth.credentials.js'),
			'HttpHeaderAuth',
		),
		versions: {
			n8nCore: version('n8n-core'),
			n8nWorkflow: version('n8n-workflow'),
			n8nNodesBase: version('n8n-nodes-base'),
		},
	};
}
