/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console */
// `npm run verify`: registry and verification readiness of the package (run after `npm run build`).
// One line per check (`ok` / `FAIL` + detail), then `N passed, N failed`; exit 1 on any failure.
//   node .test-build/test/tools/verify/run.js [--root DIR] [--only name,name]
// --root points the checks at another checkout (built beforehand), e.g. a scratch copy.
import path from 'node:path';

import { changelogCheck, codexCheck, iconsCheck, workflowsCheck } from './checks-assets';
import {
	declarationsCheck,
	exportsCheck,
	packageJsonCheck,
	packCheck,
	shippedCodeCheck,
} from './checks-package';
import { runtimeImportsCheck } from './checks-runtime';
import { loadContext, type Check, type CheckResult } from './context';
import { lintCheck, scanCheck } from './scan';

const CHECKS: Check[] = [
	packageJsonCheck,
	packCheck,
	shippedCodeCheck,
	codexCheck,
	iconsCheck,
	exportsCheck,
	declarationsCheck,
	runtimeImportsCheck,
	changelogCheck,
	workflowsCheck,
	lintCheck,
	scanCheck,
];

function parseArgs(argv: string[]): { root: string; only?: string[] } {
	// Compiled to .test-build/test/tools/verify/run.js: the repository is four levels up.
	let root = path.resolve(__dirname, '..', '..', '..', '..');
	let only: string[] | undefined;
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--root') root = path.resolve(argv[++i] ?? '.');
		else if (argv[i] === '--only')
			only = (argv[++i] ?? '').split(',').map((s) => s.trim().toLowerCase());
		else throw new Error(`unknown argument ${argv[i]} (use --root DIR, --only name,name)`);
	}
	return { root, only };
}

async function main(): Promise<number> {
	const { root, only } = parseArgs(process.argv.slice(2));
	const started = Date.now();
	const ctx = loadContext(root);
	const checks = only
		? CHECKS.filter((c) => only.some((o) => c.name.toLowerCase().startsWith(o)))
		: CHECKS;
	if (!checks.length)
		throw new Error(`--only matched no check; checks: ${CHECKS.map((c) => c.name).join(', ')}`);
	console.log(`verify ${ctx.pkg.name}@${ctx.pkg.version} in ${root}`);
	let passed = 0;
	let failed = 0;
	const width = Math.max(...checks.map((c) => c.name.length));
	for (const check of checks) {
		const t0 = Date.now();
		let result: CheckResult;
		try {
			result = await check.run(ctx);
		} catch (error) {
			result = { ok: false, detail: `check crashed: ${(error as Error).message}` };
		}
		const secs = ((Date.now() - t0) / 1000).toFixed(1);
		console.log(
			`${result.ok ? 'ok  ' : 'FAIL'}  ${check.name.padEnd(width)}  ${result.detail} [${secs} s]`,
		);
		if (result.ok) passed++;
		else failed++;
	}
	console.log(
		`${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`,
	);
	return failed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(`verify: ${error.message}`);
		process.exit(2);
	},
);
