/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console */
// The one skeleton of the e2e, queue and ui runners: exit handlers that stop what the run started
// (also on Ctrl-C), the packed package, the suite body (bounded by a time limit), the summary line
// and the exit code (0 only when no case failed).
import { rm } from 'node:fs/promises';
import path from 'node:path';

import type { N8nInstance } from './n8n';
import { installExitHandlers, stopAll, waitFor } from './proc';
import { packProject } from './project';
import { Report } from './report';

export interface SuiteContext {
	report: Report;
	/** The packed package (`npm pack` of the build). */
	tarball: string;
	/** True once Ctrl-C / SIGTERM arrived: a long loop stops early. */
	readonly interrupted: boolean;
	/** A progress line under the case lines. */
	log: (line: string) => void;
}

export interface SuiteOptions {
	/** Stops what the body started; runs once, after the body or on a signal (`interrupted`). */
	cleanup?: (interrupted: boolean, report: Report) => Promise<void>;
	/** The whole run, body and all; past it the report is closed and everything is stopped. */
	timeLimitMinutes?: number;
	/** Lines printed after the cases, before the summary (timings, figures). */
	epilogue?: (report: Report) => string[];
	/** Said inside the summary line's parentheses, before the seconds. */
	summaryDetail?: (report: Report) => string;
}

/** Command-line flags: `--name value` (or the environment variable `env`, when given). */
export function flagValue(name: string, env?: string): string | undefined {
	const args = process.argv.slice(2);
	const at = args.indexOf(`--${name}`);
	return at >= 0 ? args[at + 1] : env === undefined ? undefined : process.env[env];
}

export const hasFlag = (name: string): boolean => process.argv.slice(2).includes(`--${name}`);

const errorText = (error: unknown): string =>
	error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);

async function runSuiteOnce(
	body: (ctx: SuiteContext) => Promise<void>,
	opts: SuiteOptions,
): Promise<number> {
	const started = Date.now();
	const report = new Report();
	let interrupted = false;
	let tarball = '';
	let cleaned: Promise<void> | undefined;
	const cleanUp = async (bySignal: boolean): Promise<void> => {
		cleaned ??= (async () => {
			await opts
				.cleanup?.(bySignal, report)
				.catch((error: unknown) => console.error(`cleanup: ${errorText(error)}`));
			await stopAll();
			if (tarball) await rm(path.dirname(tarball), { recursive: true, force: true });
		})();
		await cleaned;
	};
	installExitHandlers(async () => {
		interrupted = true;
		console.log('  … interrupted: stopping everything this run started');
		await cleanUp(true);
	});
	const ctx: SuiteContext = {
		report,
		get tarball() {
			return tarball;
		},
		get interrupted() {
			return interrupted;
		},
		log: (line) => console.log(`  … ${line}`),
	};
	let timer: NodeJS.Timeout | undefined;
	try {
		report.label = 'package';
		const packed = await report.check('npm pack', async () => {
			tarball = await packProject();
			return path.basename(tarball);
		});
		if (packed) {
			const limitMinutes = opts.timeLimitMinutes;
			const timeLimit = new Promise<'time limit'>((resolveLimit) => {
				if (limitMinutes !== undefined)
					timer = setTimeout(() => resolveLimit('time limit'), limitMinutes * 60_000);
			});
			const outcome = await Promise.race([body(ctx).then(() => 'done' as const), timeLimit]);
			if (outcome === 'time limit') {
				report.label = 'suite';
				report.fail(
					'time limit',
					`the suite ran longer than ${limitMinutes} min; stopping everything it started`,
				);
			}
		}
	} catch (error) {
		report.fail('unexpected error', errorText(error));
	} finally {
		clearTimeout(timer);
		report.close();
		await cleanUp(false);
	}
	for (const line of opts.epilogue?.(report) ?? []) console.log(line);
	const detail = opts.summaryDetail?.(report);
	console.log(
		`\n${report.summary()} (${detail ? `${detail}; ` : ''}${((Date.now() - started) / 1000).toFixed(0)} s)`,
	);
	return report.failed === 0 ? 0 : 1;
}

/**
 * Runs a long-lived tool (demo, dev) as this process's whole job: `start` starts everything and
 * gives back the n8n it keeps up; then the process waits while n8n runs (Ctrl-C goes through the
 * exit handlers), and when n8n stops on its own says so with its log's tail, cleans up and exits 1.
 */
export function serveUntilStopped(
	start: () => Promise<{ n8n: N8nInstance; cleanup: () => Promise<void> }>,
): void {
	start()
		.then(async ({ n8n, cleanup }) => {
			await waitFor(
				'n8n to stop',
				Number.MAX_SAFE_INTEGER,
				async () => (n8n.running ? undefined : true),
				1_000,
			);
			console.log(`n8n stopped unexpectedly; last log lines:\n${await n8n.logTail(1500)}`);
			await cleanup();
		})
		.catch((error: unknown) => console.error(error instanceof Error ? error.message : error))
		.finally(async () => {
			await stopAll();
			process.exit(1);
		});
}

/** Runs a suite as this process's whole job and exits with its code. */
export function runSuite(
	body: (ctx: SuiteContext) => Promise<void>,
	opts: SuiteOptions = {},
): void {
	runSuiteOnce(body, opts).then(
		(code) => process.exit(code),
		async (error: unknown) => {
			console.error(error);
			await stopAll();
			process.exit(1);
		},
	);
}
