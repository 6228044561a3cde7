/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console */
// npm run bench [-- --n 1000,10000,50000 --runs 5 --minute-ms 10000 --only returnAll,single,webhook,latency …]
// npm run bench -- --quick   (only the latency and webhook sections, 3 runs)
// npm run bench -- --cold    (latency section: measure the first execution of a fresh process, no warm-up)
// npm run bench -- --cpu-prof DIR   (every child writes a V8 CPU profile into DIR)
// npm run bench -- --rerender bench/results.json   (rebuild results.md and the chart from recorded results)
// npm run bench -- --json-reader [--runs 9]   (only readJsonBody vs a plain UTF-8 decode and parse, in-process, ~30 s)
// npm run bench -- --budget  (only the simulated day of the polling trigger's API budget: bench/budget.md)
// Return All vs HTTP Request pagination, single-item operations vs HTTP Request, webhook trigger vs
// the generic Webhook node, and both nodes against a sandbox with a network round trip (latency).
// Prints the tables, writes bench/results.md, results.json and chart.svg (--quick: bench/quick/),
// and ends with the summary lines for scripts. Flags also come from BENCH_* environment variables.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { budgetMarkdown, runBudgetBench, writeBudgetResults } from './budget';
import { renderChart } from './chart';
import { stopChildren } from './children';
import { runJsonReader } from './jsonReader';
import { renderMarkdown } from './markdown';
import { ensureN8nDir } from './n8n';
import { buildTables, evaluateTargets, latencyLine, renderText, summaryLine } from './report';
import {
	BENCH_SECTIONS,
	runLatency,
	runReturnAll,
	runSingle,
	runWebhook,
	type BenchConfig,
	type BenchSection,
	type Runner,
	type RunRecord,
} from './scenarios';
import { SINGLE_OPS, type SingleOp } from './types';

const argv = process.argv.slice(2);

function flag(name: string): string | undefined {
	const eq = argv.find((a) => a.startsWith(`--${name}=`));
	if (eq) return eq.slice(name.length + 3);
	const at = argv.indexOf(`--${name}`);
	if (at >= 0 && argv[at + 1] !== undefined && !argv[at + 1].startsWith('--')) return argv[at + 1];
	return process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
}
const bool = (name: string) =>
	argv.includes(`--${name}`) ||
	/^(1|true|yes)$/i.test(process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? '');

function integer(name: string, fallback: number, min: number): number {
	const raw = flag(name);
	if (raw === undefined) return fallback;
	const value = Number(raw.replace(/_/g, ''));
	if (!Number.isInteger(value) || value < min)
		throw new Error(`--${name} must be a whole number ≥ ${min} (got "${raw}")`);
	return value;
}

function list<T extends string>(name: string, fallback: T[], allowed?: readonly T[]): T[] {
	const raw = flag(name);
	if (raw === undefined) return fallback;
	const values = raw
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean) as T[];
	const bad = allowed ? values.filter((v) => !allowed.includes(v)) : [];
	if (bad.length || values.length === 0)
		throw new Error(
			`--${name}: unknown value(s) ${bad.join(', ') || '(empty)'}; allowed: ${allowed?.join(', ')}`,
		);
	return values;
}

function readConfig(): BenchConfig {
	const ns = list('n', ['1000', '10000', '50000']).map((v) => {
		const n = Number(v.replace(/_/g, ''));
		if (!Number.isInteger(n) || n < 1) throw new Error(`--n: "${v}" is not a visitor count`);
		return n;
	});
	// --quick: the latency and webhook sections only, 3 runs; explicit flags still win.
	const quick = bool('quick');
	return {
		ns,
		runs: integer('runs', quick ? 3 : 5, 1),
		minuteMs: integer('minute-ms', 10_000, 100),
		singleItems: integer('single-items', 1000, 1),
		ops: list<SingleOp>('ops', SINGLE_OPS, SINGLE_OPS),
		singleMinuteMs: integer('single-minute-ms', 1000, 0),
		webhookEvents: integer('webhook-events', 2000, 1),
		rttMs: integer('rtt-ms', 100, 1),
		jitterMs: integer('jitter-ms', 10, 0),
		quick,
		scenarios: new Set(
			list<BenchSection>(
				'only',
				quick ? ['latency', 'webhook'] : [...BENCH_SECTIONS],
				BENCH_SECTIONS,
			),
		),
		keepNock: bool('keep-nock'),
		coldStart: bool('cold'),
		// A quick run never overwrites the full run's results.
		outDir: path.resolve(
			flag('out') ?? path.join(process.cwd(), 'bench', ...(quick ? ['quick'] : [])),
		),
	};
}

/** What results.md says about a run besides its records. */
interface RunInfo {
	startedAt: Date;
	seconds: number;
	/** n8n's version; the recorded n8n-core version when unknown. */
	n8n: string | undefined;
	command: string;
}

/** Writes results.md (and chart.svg after Return All) from a run's records; returns the summary lines. */
async function writeResults(
	config: BenchConfig,
	records: RunRecord[],
	run: RunInfo,
): Promise<string> {
	// The throttle summary (unless only latency/webhook ran), then the latency line last.
	const summary = [
		...(config.scenarios.has('returnAll') || config.scenarios.has('single')
			? [summaryLine(config, records)]
			: []),
		...(config.scenarios.has('latency') || config.scenarios.has('webhook')
			? [latencyLine(config, records)]
			: []),
	].join('\n');
	const versions = records[0]?.result.versions ?? {
		n8nCore: '?',
		n8nWorkflow: '?',
		n8nNodesBase: '?',
	};
	const markdown = renderMarkdown(
		config,
		{
			startedAt: run.startedAt,
			seconds: run.seconds,
			node: process.version,
			cpu: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}`,
			memoryGb: Math.round(os.totalmem() / 2 ** 30),
			n8n: run.n8n ?? versions.n8nCore,
			versions,
			command: run.command,
		},
		buildTables(config, records),
		evaluateTargets(config, records),
		summary,
	);
	await mkdir(config.outDir, { recursive: true });
	await writeFile(path.join(config.outDir, 'results.md'), markdown);
	if (config.scenarios.has('returnAll'))
		await writeFile(path.join(config.outDir, 'chart.svg'), renderChart(config, records));
	return summary;
}

/**
 * `--rerender results.json`: rebuilds results.md (and the chart) from a run's recorded results with
 * the current report code, without measuring again.
 */
async function rerender(file: string): Promise<void> {
	const saved = JSON.parse(await readFile(file, 'utf8')) as {
		startedAt: string;
		seconds: number;
		config: Omit<BenchConfig, 'scenarios'> & { scenarios: BenchSection[] };
		records: RunRecord[];
	};
	const outDir = path.dirname(path.resolve(file));
	const config: BenchConfig = {
		...saved.config,
		scenarios: new Set(saved.config.scenarios),
		outDir,
	};
	const previous = await readFile(path.join(outDir, 'results.md'), 'utf8').catch(() => '');
	const summary = await writeResults(config, saved.records, {
		startedAt: new Date(saved.startedAt),
		seconds: saved.seconds,
		n8n: /real n8n-core `WorkflowExecute` of n8n ([^ ]+) /.exec(previous)?.[1],
		command: /Generated by `([^`]+)`/.exec(previous)?.[1] ?? 'npm run bench',
	});
	console.log(`rewrote ${path.relative(process.cwd(), outDir) || '.'}/results.md from ${file}`);
	console.log(summary);
}

/** The daily API budget section: a simulated day of the polling trigger, in-process. */
async function budget(outDir: string): Promise<void> {
	console.log('bench-budget: simulating a day of checks every minute for every polling event …');
	const result = await runBudgetBench();
	const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
	await mkdir(outDir, { recursive: true });
	await writeBudgetResults(outDir, budgetMarkdown(result, command, new Date()));
	console.log(result.line);
}

async function main(): Promise<void> {
	const from = flag('rerender');
	if (from !== undefined) return await rerender(from);
	if (bool('json-reader')) {
		const rounds = integer('runs', 9, 1);
		console.log(`bench: answer reader, ${rounds} paired rounds per body (Node ${process.version})`);
		console.log(runJsonReader(rounds, (line) => console.log(`  ${line}`)));
		return;
	}
	if (bool('budget'))
		return await budget(path.resolve(flag('out') ?? path.join(process.cwd(), 'bench')));
	const startedAt = new Date();
	const config = readConfig();
	const log = (line: string) => console.log(`  ${line}`);
	console.log(
		`bench: N=${config.ns.join(',')} runs=${config.runs} minute=${config.minuteMs} ms, single ${config.singleItems} items (${config.ops.join(',')}), ` +
			`throttled single minute=${config.singleMinuteMs || 'off'}, webhook ${config.webhookEvents} events, latency RTT ${config.rttMs} ms + 0–${config.jitterMs} ms, ` +
			`scenarios ${[...config.scenarios].join(',')}${config.quick ? ' (--quick)' : ''}`,
	);
	const n8n = await ensureN8nDir((line) => log(line));
	log(
		`n8n ${n8n.version} at ${n8n.dir}${n8n.installSeconds ? ` (installed in ${n8n.installSeconds.toFixed(0)} s)` : ''}`,
	);

	const runner: Runner = {
		config,
		// Not a secret: the sandbox's token for this run, also used to check that it leaks nowhere.
		token: `bench-token-${process.pid}-${Date.now().toString(36)}`,
		log,
		records: [],
		child: {
			n8nDir: n8n.dir,
			maxOldSpaceMb: 8192,
			cpuProfDir:
				flag('cpu-prof') === undefined ? undefined : path.resolve(flag('cpu-prof') as string),
			timeoutMs: Math.max(30 * 60_000, Math.max(...config.ns) * 60 * config.minuteMs * 0.001),
		},
	};
	if (config.scenarios.has('returnAll')) await runReturnAll(runner);
	if (config.scenarios.has('single')) await runSingle(runner);
	if (config.scenarios.has('webhook')) await runWebhook(runner);
	if (config.scenarios.has('latency')) await runLatency(runner);

	const seconds = (Date.now() - startedAt.getTime()) / 1000;
	const summary = await writeResults(config, runner.records, {
		startedAt,
		seconds,
		n8n: n8n.version,
		command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
	});
	await writeFile(
		path.join(config.outDir, 'results.json'),
		JSON.stringify(
			{
				startedAt,
				seconds,
				config: {
					...config,
					outDir: path.relative(process.cwd(), config.outDir) || '.',
					scenarios: [...config.scenarios],
				},
				records: runner.records,
			},
			null,
			1,
		) + '\n',
	);
	// Part of the full run (after results.md is written: it adds its section there).
	if (!config.quick && flag('only') === undefined) await budget(config.outDir);

	console.log('');
	console.log(
		renderText(buildTables(config, runner.records), evaluateTargets(config, runner.records)),
	);
	console.log('');
	console.log(
		`wrote ${path.relative(process.cwd(), config.outDir) || '.'}/results.md, results.json${config.scenarios.has('returnAll') ? ', chart.svg' : ''} — took ${(seconds / 60).toFixed(1)} min`,
	);
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
