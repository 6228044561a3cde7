/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console */
// npm run test:ui [-- --n8n 2.41.1] [--keep] [--pending] [--no-panels]
// A person in the real editor: headless Chromium (Debian's package) against each n8n line of the e2e
// matrix (1.123.81 on Node 20, 2.41.1 on Node 24) with the packed package and the sandbox. One line
// per check, screenshots in ui-screenshots/n8n-<version>/, "N passed, N failed" over both lines.
// `--no-panels` skips the per-operation panels (a quick look while changing the suite; not a full run).
// Stops everything it started (n8n, sandbox, Chromium), also on failure and on Ctrl-C.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { selectors } from 'playwright-core';

import { N8nInstance } from '../runner/n8n';
import { sleep, waitFor } from '../runner/proc';
import { repoRoot } from '../runner/project';
import type { Report } from '../runner/report';
import { runtimeCheck, selectMatrix, type MatrixEntry } from '../runner/runtimes';
import { hasFlag, flagValue, runSuite, type SuiteContext } from '../runner/suite';
import { startSandbox, type Sandbox } from '../sandbox';
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

const lines = selectMatrix(flagValue('n8n'));
const keep = hasFlag('keep');
/** Skips the per-operation panels: a quick look while changing the suite, not a full run. */
const noPanels = hasFlag('no-panels');
/** Also run the PENDING checks (counted like the others): for whoever builds those features. */
const runPending = hasFlag('pending');
export const SCREENSHOTS_DIR = path.join(repoRoot(), 'ui-screenshots');

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
		if (keep || (!interrupted && report.failed > 0))
			console.log(`  … kept ${line.n8n.workDir} (n8n.log)`);
		else await rm(line.n8n.workDir, { recursive: true, force: true });
	}
}

let current: LineResources = {};
const taken: string[] = [];

async function suite(run: SuiteContext): Promise<void> {
	const { report, tarball, log } = run;
	const interrupted = () => run.interrupted;
	/** Every check on one n8n line, labelled with its version; screenshots in ui-screenshots/n8n-<version>/. */
	const runLine = async (entry: MatrixEntry, line: LineResources): Promise<void> => {
		const version = entry.n8n;
		report.label = `ui n8n ${version}`;
		const shots = new Screenshots(path.join(SCREENSHOTS_DIR, `n8n-${version}`));
		await shots.reset();
		try {
			const rt = await runtimeCheck(report, entry, { log });
			if (!rt) return;
			const up = await report.check(
				'n8n start with the packed package, sandbox, owner account (REST)',
				async () => {
					line.sandbox = await startSandbox({ port: 0 });
					line.n8n = new N8nInstance(
						rt,
						await mkdtemp(path.join(os.tmpdir(), 'salespanel-ui-n8n-')),
					);
					await line.n8n.init(tarball);
					const t = Date.now();
					await line.n8n.start();
					const instance = line.n8n;
					// /rest/settings answers while n8n still says "n8n is starting up" to the owner setup.
					await waitFor(
						'owner setup (POST /rest/owner/setup)',
						120_000,
						async () => {
							await instance.signIn();
							return true;
						},
						2_000,
					);
					return `${instance.baseUrl} up in ${((Date.now() - t) / 1000).toFixed(1)} s; sandbox ${line.sandbox.url}`;
				},
			);
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
				if (
					['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host) ||
					route.request().url().startsWith('data:')
				)
					await route.continue();
				else await route.abort('blockedbyclient');
			});
			const ctx: UiContext = {
				editor: new Editor(page, instance.baseUrl),
				sandbox,
				report,
				shots,
				credentialName: '',
				n8n: instance,
				version,
			};

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
				if (interrupted()) return;
				const ok = await checkOperationPanel(ctx, op, values);
				if (ok) panels++;
				if (i === 0) {
					if (ok) await checkExecuteStep(ctx);
					else
						report.fail(
							'execute Segment → Get Many in the editor and see its output',
							'its panel did not open',
						);
					if (ok) await checkCustomApiCall(ctx);
				}
			}
			if (interrupted()) return;
			// Nodes: the manual trigger n8n adds with the first action, plus one per operation whose panel opened.
			await checkCanvas(ctx, panels + 1);
			await checkSimplifiedOutput(ctx, matrix);
			await checkTriggerPanel(ctx);
			await checkTestDelivery(ctx);
			await checkPollingTriggerPanel(ctx);
			if (runPending)
				for (const pending of PENDING_CHECKS)
					await step(ctx, `(pending) ${pending.name}`, async () => await pending.run(ctx));
			// The node-creator check runs last: it leaves the creator open on the app's panel.
			for (const check of EDITOR_CHECKS)
				await step(ctx, check.name, async () => await check.run(ctx));
			if (!instance.running) report.fail('n8n stayed up', (await instance.logTail()).slice(-800));
		} finally {
			taken.push(...shots.taken);
		}
	};

	report.label = 'ui';
	if (
		!(await report.check(
			'headless Chromium (Debian package)',
			async () => await ensureChromium(log),
		))
	)
		return;
	await new Screenshots(SCREENSHOTS_DIR).reset();
	for (const entry of lines) {
		if (interrupted()) break;
		current = {};
		try {
			await runLine(entry, current);
		} catch (error) {
			report.fail(
				`unexpected error (n8n ${entry.n8n})`,
				error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
			);
		} finally {
			if (!interrupted()) await stopLine(current, report, false);
			current = {};
		}
	}
}

runSuite(suite, {
	cleanup: async (interrupted, report) => await stopLine(current, report, interrupted),
	epilogue: () => [
		...(runPending
			? []
			: PENDING_CHECKS.map((pending) => `PENDING [ui] ${pending.name} — needs ${pending.needs}`)),
		`  … ${taken.length} screenshots in ${path.relative(repoRoot(), SCREENSHOTS_DIR)}/ (one folder per n8n line)`,
	],
	summaryDetail: (report) => {
		const perLine = lines.map((entry) => {
			const results = report.results.filter((r) => r.label === `ui n8n ${entry.n8n}`);
			return `n8n ${entry.n8n}: ${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length} failed`;
		});
		return [
			...perLine,
			runPending
				? `${PENDING_CHECKS.length} pending checks run and counted`
				: `${PENDING_CHECKS.length} pending, not counted`,
		].join('; ');
	},
});
