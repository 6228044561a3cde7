/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console */
// npm run test:ui [-- --n8n 2.41.1] [--keep] [--pending] [--no-panels]
// A person in the real editor: headless Chromium (Debian's package) against each n8n line of the e2e
// matrix (1.123.81 on Node 20, 2.41.1 on Node 24) with the packed package and the sandbox. One line
// per check, screenshots in ui-screenshots/n8n-<version>/, "N passed, N failed" over both lines.
// `--no-panels` skips the per-operation panels (a quick look while changing the suite; not a full run).
// Stops everything it started (n8n, sandbox, Chromium), also on failure and on Ctrl-C.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { selectors } from 'playwright-core';

import { startSandbox, type Sandbox } from '../sandbox';
import { cacheRoot, ensureRuntime, MATRIX, readInstalledVersion, type MatrixEntry, type Runtime } from '../e2e/install';
import { N8nInstance } from '../e2e/n8n-process';
import { installExitHandlers, sleep, stopAll, waitFor } from '../e2e/proc';
import { Report } from '../e2e/report';
import { packProject } from '../e2e/setup';
import { repoRoot } from '../e2e/workflows';
import { ensureChromium, launchBrowser, Screenshots, type Browser } from './browser';
import {
	checkCanvas,
	checkCustomApiCall,
	checkSimplifiedOutput,
	checkTestDelivery,
	checkCreatorApp,
	checkCreatorSearch,
	checkCredential,
	checkExecuteStep,
	checkOperationPanel,
	checkPollingTriggerPanel,
	checkSignIn,
	checkTriggerPanel,
	panelOrder,
	requiredValues,
	step,
	type UiContext,
} from './checks';
import { Editor, UI_TIMEOUT } from './editor';
import { operationMatrix } from './operations';
import { EDITOR_CHECKS, PENDING_CHECKS } from './pending';

const args = process.argv.slice(2);
const onlyVersion = args.includes('--n8n') ? args[args.indexOf('--n8n') + 1] : undefined;
const keep = args.includes('--keep');
/** Skips the per-operation panels: a quick look while changing the suite, not a full run. */
const noPanels = args.includes('--no-panels');
/** Also run the PENDING checks (counted like the others): for whoever builds those features. */
const runPending = process.argv.includes('--pending');
export const SCREENSHOTS_DIR = path.join(repoRoot(), 'ui-screenshots');

const log = (line: string) => console.log(`  … ${line}`);

/**
 * Another run (e.g. `npm run test:e2e`) may be installing this n8n into the shared cache right now:
 * wait for its `.complete` marker instead of wiping its folder. A folder nobody wrote to for 10
 * minutes is an interrupted install, which ensureRuntime redoes.
 */
async function waitForSharedInstall(entry: MatrixEntry): Promise<void> {
	const N8N_VERSION = entry.n8n;
	const major = (entry.node === 'system' ? process.version.slice(1) : entry.node).split('.')[0];
	const dir = path.join(cacheRoot(), `n8n-${N8N_VERSION}-node${major}`);
	if (!existsSync(dir) || existsSync(path.join(dir, '.complete'))) return;
	const lastWrite = async () => {
		const times = await Promise.all(['install.log', 'node_modules', 'package-lock.json', '.'].map(async (f) => (await stat(path.join(dir, f)).catch(() => undefined))?.mtimeMs ?? 0));
		return Math.max(...times);
	};
	if (Date.now() - (await lastWrite()) > 10 * 60_000) return;
	log(`another run is installing n8n ${N8N_VERSION} into ${dir}; waiting for it to finish`);
	await waitFor(`the other install of n8n ${N8N_VERSION} (${dir}/.complete)`, 45 * 60_000, async () => {
		if (existsSync(path.join(dir, '.complete'))) return true;
		if (Date.now() - (await lastWrite()) > 10 * 60_000) return true;
		return undefined;
	}, 5_000);
}

/** The n8n lines to run: the e2e matrix, or the one named with --n8n. */
function linesToRun(): MatrixEntry[] {
	if (onlyVersion === undefined) return MATRIX;
	const entry = MATRIX.find((e) => e.n8n === onlyVersion);
	if (!entry) throw new Error(`--n8n ${onlyVersion}: not in test/tools/e2e/install.ts's MATRIX (${MATRIX.map((e) => e.n8n).join(', ')})`);
	return [entry];
}

/** What one line started; stopped before the next line starts (each n8n needs its own port and browser). */
interface LineResources {
	browser?: Browser;
	sandbox?: Sandbox;
	n8n?: N8nInstance;
}

async function stopLine(line: LineResources, report: Report, interrupted: boolean): Promise<void> {
	await line.browser?.close();
	await line.n8n?.stop();
	await line.sandbox?.close().catch(() => undefined);
	if (line.n8n) {
		if (keep || (!interrupted && report.failed > 0)) console.log(`  … kept ${line.n8n.workDir} (n8n.log)`);
		else await rm(line.n8n.workDir, { recursive: true, force: true });
	}
}

async function main(): Promise<number> {
	const started = Date.now();
	const lines = linesToRun();
	let tarball = '';
	let current: LineResources = {};
	const report = new Report();
	report.label = 'ui';
	/** Stops what this run started and removes its temp folders (n8n's is kept on failure or --keep). Runs once. */
	let cleaned: Promise<void> | undefined;
	const cleanUp = async (interrupted: boolean): Promise<void> => {
		cleaned ??= (async () => {
			await stopLine(current, report, interrupted);
			await stopAll();
			if (tarball) await rm(path.dirname(tarball), { recursive: true, force: true });
		})();
		await cleaned;
	};
	let interrupted = false;
	installExitHandlers(async () => {
		interrupted = true;
		console.log('  … interrupted: stopping Chromium, n8n and the sandbox');
		await cleanUp(true);
	});
	await new Screenshots(SCREENSHOTS_DIR).reset();
	const taken: string[] = [];

	/** Every check on one n8n line, labelled with its version; screenshots in ui-screenshots/n8n-<version>/. */
	const runLine = async (entry: MatrixEntry, line: LineResources): Promise<void> => {
		const version = entry.n8n;
		report.label = `ui n8n ${version}`;
		const shots = new Screenshots(path.join(SCREENSHOTS_DIR, `n8n-${version}`));
		await shots.reset();
		try {
			let runtime: Runtime | undefined;
			await report.check(`n8n ${version} (cached install)`, async () => {
				await waitForSharedInstall(entry);
				runtime = await ensureRuntime(entry, log);
				const installed = await readInstalledVersion(runtime);
				if (installed !== version) throw new Error(`installed n8n is ${installed}, expected ${version}`);
				return `n8n ${installed} on Node ${runtime.nodeVersion} (${runtime.installSeconds ? `installed in ${runtime.installSeconds.toFixed(0)} s` : 'cached'})`;
			});
			if (!runtime) return;
			const rt = runtime;
			const up = await report.check('n8n start with the packed package, sandbox, owner account (REST)', async () => {
				line.sandbox = await startSandbox({ port: 0 });
				line.n8n = new N8nInstance(rt, await mkdtemp(path.join(os.tmpdir(), 'salespanel-ui-n8n-')));
				await line.n8n.init(tarball);
				const t = Date.now();
				await line.n8n.start();
				const instance = line.n8n;
				// /rest/settings answers while n8n still says "n8n is starting up" to the owner setup.
				await waitFor('owner setup (POST /rest/owner/setup)', 120_000, async () => {
					await instance.signIn();
					return true;
				}, 2_000);
				return `${instance.baseUrl} up in ${((Date.now() - t) / 1000).toFixed(1)} s; sandbox ${line.sandbox.url}`;
			});
			if (!up || !line.n8n || !line.sandbox) return;
			const instance: N8nInstance = line.n8n;
			const sandbox: Sandbox = line.sandbox;

			selectors.setTestIdAttribute('data-test-id');
			line.browser = await launchBrowser();
			const { page, context } = line.browser;
			page.setDefaultTimeout(UI_TIMEOUT);
			// Leaving a workflow n8n 2.x has not saved yet asks "leave site?": a person leaving on purpose says yes.
			page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));
			// Only loopback: the editor's calls to the outside (telemetry, docs, fonts) are refused.
			await context.route('**/*', async (route) => {
				const host = new URL(route.request().url()).hostname;
				if (['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host) || route.request().url().startsWith('data:')) await route.continue();
				else await route.abort('blockedbyclient');
			});
			const ctx: UiContext = { editor: new Editor(page, instance.baseUrl), sandbox, report, shots, credentialName: '', n8n: instance, version };

			if (!(await checkSignIn(ctx))) return;
			if (!(await checkCredential(ctx))) return;

			const matrix = operationMatrix();
			const values = requiredValues(sandbox);
			const searched = await checkCreatorSearch(ctx);
			if (searched) await checkCreatorApp(ctx, matrix);
			if (searched) {
				await ctx.editor.page.keyboard.press('Escape');
				await sleep(300);
			}
			const ordered = panelOrder(matrix);
			let panels = 0;
			for (const [i, op] of (noPanels ? ordered.slice(0, 1) : ordered).entries()) {
				if (interrupted) return;
				const ok = await checkOperationPanel(ctx, op, values);
				if (ok) panels++;
				if (i === 0) {
					if (ok) await checkExecuteStep(ctx);
					else report.fail('execute Segment → Get Many in the editor and see its output', 'its panel did not open');
					if (ok) await checkCustomApiCall(ctx);
				}
			}
			if (interrupted) return;
			// Nodes: the manual trigger n8n adds with the first action, plus one per operation whose panel opened.
			await checkCanvas(ctx, panels + 1);
			await checkSimplifiedOutput(ctx, matrix);
			await checkTriggerPanel(ctx);
			await checkTestDelivery(ctx);
			await checkPollingTriggerPanel(ctx);
			if (runPending) for (const pending of PENDING_CHECKS) await step(ctx, `(pending) ${pending.name}`, async () => await pending.run(ctx));
			// The node-creator check runs last: it leaves the creator open on the app's panel.
			for (const check of EDITOR_CHECKS) await step(ctx, check.name, async () => await check.run(ctx));
			if (!instance.running) report.fail('n8n stayed up', (await instance.logTail()).slice(-800));
		} finally {
			taken.push(...shots.taken);
		}
	};

	try {
		const chromiumReady = await report.check('headless Chromium (Debian package)', async () => await ensureChromium(log));
		const packed = await report.check('npm pack', async () => {
			tarball = await packProject();
			return path.basename(tarball);
		});
		if (chromiumReady && packed) {
			for (const entry of lines) {
				if (interrupted) break;
				current = {};
				try {
					await runLine(entry, current);
				} catch (error) {
					report.fail(`unexpected error (n8n ${entry.n8n})`, error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error));
				} finally {
					if (!interrupted) await stopLine(current, report, false);
					current = {};
				}
			}
		}
	} catch (error) {
		report.fail('unexpected error', error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error));
	} finally {
		await cleanUp(false);
	}
	return finish(report, started, taken, lines);
}

function finish(report: Report, started: number, taken: string[], lines: MatrixEntry[]): number {
	if (!runPending) for (const pending of PENDING_CHECKS) console.log(`PENDING [ui] ${pending.name} — needs ${pending.needs}`);
	console.log(`  … ${taken.length} screenshots in ${path.relative(repoRoot(), SCREENSHOTS_DIR)}/ (one folder per n8n line)`);
	const pendingNote = runPending ? `${PENDING_CHECKS.length} pending checks run and counted` : `${PENDING_CHECKS.length} pending, not counted`;
	const perLine = lines
		.map((entry) => {
			const results = report.results.filter((r) => r.label === `ui n8n ${entry.n8n}`);
			return `n8n ${entry.n8n}: ${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length} failed`;
		})
		.join('; ');
	console.log(`\n${report.summary()} (${perLine}; ${((Date.now() - started) / 1000).toFixed(0)} s; ${pendingNote})`);
	return report.failed === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	async (error: unknown) => {
		console.error(error);
		await stopAll();
		process.exit(1);
	},
);
