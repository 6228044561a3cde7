/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// `n8n-node lint` and n8n's registry scanner (@n8n/scan-community-package) run locally. The scanner's
// CLI only scans packages already published with npm provenance, so its exported analyzePackage()
// is called on the TypeScript sources and on the unpacked `npm pack` tarball, like the CLI does.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { pass, verdict, type Check } from './context';
import { cleanEnv, run } from '../runner/proc';
import { plain, tail } from './proc';

export const lintCheck: Check = {
	name: 'lint (strict)',
	async run(ctx) {
		// n8n-node lint itself, not `npm run lint`: that also checks Prettier formatting, which is the
		// project's style, not a registry rule.
		const result = await run(path.join(ctx.root, 'node_modules', '.bin', 'n8n-node'), ['lint'], {
			cwd: ctx.root,
			env: cleanEnv(),
			timeoutMs: 300_000,
		});
		const output = plain(`${result.stdout}\n${result.stderr}`);
		const problems: string[] = [];
		const summary = /✖?\s*(\d+) problems? \((\d+) errors?, (\d+) warnings?\)/.exec(output);
		if (summary)
			problems.push(`${summary[1]} problems (${summary[2]} errors, ${summary[3]} warnings)`);
		// eslint's stylish format: a file path line, then its "  line:col  error|warning  message  rule" lines.
		const findings: string[] = [];
		let file = '';
		for (const line of output.split('\n')) {
			if (/^\/\S+$/.test(line.trim())) file = path.relative(ctx.root, line.trim());
			else if (/^\s+\d+:\d+\s+(error|warning)\s/.test(line))
				findings.push(`${file}:${line.trim().replace(/\s+/g, ' ')}`);
		}
		if (findings.length && !summary) problems.push(`${findings.length} findings`);
		if (result.code !== 0)
			problems.push(`n8n-node lint exited ${result.code}${result.timedOut ? ' (timeout)' : ''}`);
		if (problems.length) problems.push(findings.slice(0, 5).join(' | ') || tail(result, 5));
		return verdict(
			problems,
			`n8n-node lint: 0 errors, 0 warnings (${(result.ms / 1000).toFixed(1)} s)`,
		);
	},
};

const SCANNER = '@n8n/scan-community-package@0.32.0';
/** The scanner pins TypeScript 7, which typescript-eslint cannot load: TypeScript 5.9 is hoisted over it. */
const SCAN_INSTALL = [SCANNER, 'typescript@5.9', 'n8n-workflow@2.41.0'];

export const scanCacheDir = (): string =>
	path.join(
		process.env.SALESPANEL_VERIFY_CACHE ??
			path.join(os.homedir(), '.cache', 'n8n-nodes-salespanel'),
		'scan-0.32.0',
	);

/**
 * Runs inside the cache folder so it resolves the scanner's own eslint, parser and plugins.
 * Prints one JSON line: the scanner's verdict plus its own count of errors and warnings.
 */
const RUNNER = `import { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';
import { ESLint } from 'eslint';
import glob from 'fast-glob';
const [dir, leg] = process.argv.slice(2);
const patterns = leg === 'source' ? SOURCE_FILE_PATTERNS : ['**/*.js', 'package.json'];
const verdict = await analyzePackage(dir, patterns);
const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
const results = files.length ? await eslint.lintFiles(files) : [];
const messages = results.flatMap((r) => r.messages.map((m) => ({ file: r.filePath.slice(dir.length + 1), line: m.line, severity: m.severity, rule: m.ruleId, message: m.message })));
process.stdout.write(JSON.stringify({ passed: verdict.passed, message: verdict.message ?? null, details: verdict.details ?? null, files: files.length, messages }) + '\\n');
process.exit(0);
`;

interface LegResult {
	passed: boolean;
	message: string | null;
	details: string | null;
	files: number;
	messages: Array<{
		file: string;
		line: number;
		severity: number;
		rule: string | null;
		message: string;
	}>;
}

/** Deletes `<dir>.partial-<pid>` folders whose installing process is gone (an interrupted run). */
async function removeAbandonedPartials(dir: string): Promise<void> {
	const prefix = `${path.basename(dir)}.partial-`;
	for (const name of await readdir(path.dirname(dir))) {
		if (!name.startsWith(prefix)) continue;
		const pid = Number(name.slice(prefix.length));
		let alive = false;
		try {
			process.kill(pid, 0);
			alive = pid !== process.pid;
		} catch {
			alive = false;
		}
		if (!alive) await rm(path.join(path.dirname(dir), name), { recursive: true, force: true });
	}
}

/** Installs the scanner once into the cache (atomically: a partial folder is renamed on success). */
async function ensureScanner(log: string[]): Promise<{ dir: string; seconds: number }> {
	const dir = scanCacheDir();
	const marker = path.join(dir, '.complete');
	const wanted = JSON.stringify(SCAN_INSTALL);
	if (existsSync(marker) && (await readFile(marker, 'utf8')).includes(wanted))
		return { dir, seconds: 0 };
	const started = Date.now();
	await mkdir(path.dirname(dir), { recursive: true });
	await removeAbandonedPartials(dir);
	const partial = `${dir}.partial-${process.pid}`;
	await rm(partial, { recursive: true, force: true });
	await mkdir(partial, { recursive: true });
	await writeFile(
		path.join(partial, 'package.json'),
		JSON.stringify({ name: 'salespanel-verify-scanner', private: true }, null, 2),
	);
	const args = [
		'install',
		...SCAN_INSTALL,
		'--ignore-scripts',
		'--legacy-peer-deps',
		'--no-audit',
		'--no-fund',
		'--loglevel=error',
		'--prefix',
		partial,
	];
	let result = await run('npm', args, { cwd: partial, env: cleanEnv(), timeoutMs: 600_000 });
	if (result.code !== 0)
		result = await run('npm', args, { cwd: partial, env: cleanEnv(), timeoutMs: 600_000 });
	if (result.code !== 0) {
		await rm(partial, { recursive: true, force: true });
		throw new Error(`npm install ${SCAN_INSTALL.join(' ')} failed: ${tail(result, 8)}`);
	}
	await writeFile(
		path.join(partial, '.complete'),
		JSON.stringify({ install: SCAN_INSTALL, at: new Date().toISOString() }),
	);
	await rm(dir, { recursive: true, force: true });
	await rename(partial, dir);
	log.push(`installed ${SCANNER} into ${dir}`);
	return { dir, seconds: (Date.now() - started) / 1000 };
}

async function analyze(
	scannerDir: string,
	target: string,
	leg: 'source' | 'tarball',
): Promise<LegResult> {
	const runner = path.join(scannerDir, 'verify-runner.mjs');
	if (!existsSync(runner) || (await readFile(runner, 'utf8')) !== RUNNER)
		await writeFile(runner, RUNNER);
	const result = await run(process.execPath, [runner, target, leg], {
		cwd: scannerDir,
		env: cleanEnv(),
		timeoutMs: 300_000,
	});
	const line = result.stdout.trim().split('\n').pop() ?? '';
	let parsed: LegResult | undefined;
	try {
		parsed = JSON.parse(line) as LegResult;
	} catch {
		parsed = undefined;
	}
	if (!parsed)
		throw new Error(`scanner (${leg}) produced no result, exit ${result.code}: ${tail(result, 8)}`);
	return parsed;
}

function describeLeg(leg: string, result: LegResult): string[] {
	const problems: string[] = [];
	const errors = result.messages.filter((m) => m.severity === 2).length;
	const warnings = result.messages.length - errors;
	if (!result.passed)
		problems.push(`${leg}: analyzePackage failed (${result.message ?? 'no message'})`);
	if (result.messages.length) {
		const first = result.messages
			.slice(0, 4)
			.map((m) => `${m.file}:${m.line} ${m.rule ?? ''} ${m.message}`);
		problems.push(`${leg}: ${errors} errors, ${warnings} warnings: ${first.join(' | ')}`);
	}
	if (result.files === 0) problems.push(`${leg}: no files to analyze`);
	return problems;
}

export const scanCheck: Check = {
	name: 'registry scan',
	async run(ctx) {
		const notes: string[] = [];
		const { dir, seconds } = await ensureScanner(notes);
		const work = await mkdtemp(path.join(os.tmpdir(), 'salespanel-verify-'));
		try {
			const pack = await run(
				'npm',
				['pack', '--ignore-scripts', '--json', '--pack-destination', work],
				{ cwd: ctx.root, env: cleanEnv(), timeoutMs: 120_000 },
			);
			if (pack.code !== 0) return verdict([`npm pack failed: ${tail(pack)}`], '');
			const filename = (
				JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ filename: string }>
			)[0].filename;
			const unpacked = path.join(work, 'package-root');
			await mkdir(unpacked);
			const untar = await run(
				'tar',
				['-xzf', path.join(work, filename), '-C', unpacked, '--strip-components=1'],
				{ cwd: work, timeoutMs: 60_000 },
			);
			if (untar.code !== 0) return verdict([`tar failed: ${tail(untar)}`], '');
			const [source, tarball] = await Promise.all([
				analyze(dir, ctx.root, 'source'),
				analyze(dir, unpacked, 'tarball'),
			]);
			const problems = [...describeLeg('source', source), ...describeLeg('tarball', tarball)];
			const install = seconds
				? `, scanner installed in ${seconds.toFixed(0)} s`
				: ', scanner cached';
			return problems.length
				? verdict(problems, '')
				: pass(
						`${SCANNER}: 0 findings in ${source.files} source files and ${tarball.files} tarball files${install}`,
					);
		} finally {
			await rm(work, { recursive: true, force: true });
		}
	},
};
