/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console */
// npm run bench [-- --n 1000,10000,50000 --runs 5 --minute-ms 10000 --only returnAll,single,webhook …]
// Return All vs HTTP Request pagination, single-item operations vs HTTP Request, webhook trigger vs
// the generic Webhook node. Prints the tables, writes bench/results.md, results.json and chart.svg,
// and ends with one summary line for scripts. Flags also come from BENCH_* environment variables.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { renderChart } from './chart';
import { stopChildren } from './children';
import { renderMarkdown } from './markdown';
import { ensureN8nDir } from './n8n';
import { buildTables, evaluateTargets, renderText, summaryLine } from './report';
import { usePageFirstListHandlers } from './sandbox-patch';
import { runReturnAll, runSingle, runWebhook, type BenchConfig, type Runner } from './scenarios';
import { SINGLE_OPS, type SingleOp } from './types';

const argv = process.argv.slice(2);

function flag(name: string): string | undefined {
	const eq = argv.find((a) => a.startsWith(`--${name}=`));
	if (eq) return eq.slice(name.length + 3);
	const at = argv.indexOf(`--${name}`);
	if (at >= 0 && argv[at + 1] !== undefined && !argv[at + 1].startsWith('--')) return argv[at + 1];
	return process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
}
const bool = (name: string) => argv.includes(`--${name}`) || /^(1|true|yes)$/i.test(process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? '');

function integer(name: string, fallback: number, min: number): number {
	const raw = flag(name);
	if (raw === undefined) return fallback;
	const value = Number(raw.replace(/_/g, ''));
	if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number ≥ ${min} (got "${raw}")`);
	return value;
}

function list<T extends string>(name: string, fallback: T[], allowed?: readonly T[]): T[] {
	const raw = flag(name);
	if (raw === undefined) return fallback;
	const values = raw.split(',').map((v) => v.trim()).filter(Boolean) as T[];
	const bad = allowed ? values.filter((v) => !allowed.includes(v)) : [];
	if (bad.length || values.length === 0) throw new Error(`--${name}: unknown value(s) ${bad.join(', ') || '(empty)'}; allowed: ${allowed?.join(', ')}`);
	return values;
}

function readConfig(): BenchConfig {
	const ns = list('n', ['1000', '10000', '50000']).map((v) => {
		const n = Number(v.replace(/_/g, ''));
		if (!Number.isInteger(n) || n < 1) throw new Error(`--n: "${v}" is not a visitor count`);
		return n;
	});
	return {
		ns,
		runs: integer('runs', 5, 1),
		minuteMs: integer('minute-ms', 10_000, 100),
		singleItems: integer('single-items', 1000, 1),
		ops: list<SingleOp>('ops', SINGLE_OPS, SINGLE_OPS),
		singleMinuteMs: integer('single-minute-ms', 1000, 0),
		webhookEvents: integer('webhook-events', 2000, 1),
		scenarios: new Set(list('only', ['returnAll', 'single', 'webhook'], ['returnAll', 'single', 'webhook'] as const)),
		keepNock: bool('keep-nock'),
		pageFirst: !bool('no-page-first'),
		outDir: path.resolve(flag('out') ?? path.join(process.cwd(), 'bench')),
	};
}

async function main(): Promise<void> {
	const startedAt = new Date();
	const config = readConfig();
	const log = (line: string) => console.log(`  ${line}`);
	console.log(
		`bench: N=${config.ns.join(',')} runs=${config.runs} minute=${config.minuteMs} ms, single ${config.singleItems} items (${config.ops.join(',')}), ` +
			`throttled single minute=${config.singleMinuteMs || 'off'}, webhook ${config.webhookEvents} events, scenarios ${[...config.scenarios].join(',')}`,
	);
	const n8n = await ensureN8nDir((line) => log(line));
	log(`n8n ${n8n.version} at ${n8n.dir}${n8n.installSeconds ? ` (installed in ${n8n.installSeconds.toFixed(0)} s)` : ''}`);
	const patchedRoutes = config.pageFirst ? usePageFirstListHandlers() : [];

	const runner: Runner = {
		config,
		// Not a secret: the sandbox's token for this run, also used to check that it leaks nowhere.
		token: `bench-token-${process.pid}-${Date.now().toString(36)}`,
		log,
		records: [],
		child: {
			n8nDir: n8n.dir,
			maxOldSpaceMb: 8192,
			timeoutMs: Math.max(30 * 60_000, Math.max(...config.ns) * 60 * config.minuteMs * 0.001),
		},
	};
	if (config.scenarios.has('returnAll')) await runReturnAll(runner);
	if (config.scenarios.has('single')) await runSingle(runner);
	if (config.scenarios.has('webhook')) await runWebhook(runner);

	const tables = buildTables(config, runner.records);
	const targets = evaluateTargets(config, runner.records);
	const summary = summaryLine(config, runner.records);
	const versions = runner.records[0]?.result.versions ?? { n8nCore: '?', n8nWorkflow: '?', n8nNodesBase: '?' };
	const seconds = (Date.now() - startedAt.getTime()) / 1000;
	const markdown = renderMarkdown(
		config,
		{
			startedAt,
			seconds,
			node: process.version,
			cpu: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}`,
			memoryGb: Math.round(os.totalmem() / 2 ** 30),
			n8n: n8n.version,
			versions,
			patchedRoutes,
			command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
		},
		tables,
		targets,
		summary,
	);
	await mkdir(config.outDir, { recursive: true });
	await writeFile(path.join(config.outDir, 'results.md'), markdown);
	await writeFile(
		path.join(config.outDir, 'results.json'),
		JSON.stringify({ startedAt, seconds, config: { ...config, outDir: path.relative(process.cwd(), config.outDir) || '.', scenarios: [...config.scenarios] }, records: runner.records }, null, 1) + '\n',
	);
	if (config.scenarios.has('returnAll')) await writeFile(path.join(config.outDir, 'chart.svg'), renderChart(config, runner.records));

	console.log('');
	console.log(renderText(tables, targets));
	console.log('');
	console.log(`wrote ${path.relative(process.cwd(), config.outDir) || '.'}/results.md, results.json${config.scenarios.has('returnAll') ? ', chart.svg' : ''} — took ${(seconds / 60).toFixed(1)} min`);
	const leaked = runner.records.some((r) => JSON.stringify(r).includes(runner.token));
	if (leaked) console.log('WARNING: the API token appears in a recorded result');
	console.log(summary);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		stopChildren();
		process.exit(130);
	});
}

main().catch((error: unknown) => {
	stopChildren();
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exit(1);
});
