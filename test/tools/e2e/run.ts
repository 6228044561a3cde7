/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console */
// npm run test:e2e [-- --n8n 1.123.81] [--keep]
// For each n8n of the matrix: install (cached), load the packed package, run the cases, print one
// line per case and "N passed, N failed". Kills only the processes it started.
import { rm } from 'node:fs/promises';

import type { N8nInstance } from '../runner/n8n';
import { operationCases, pickVisitors, runOperationCases } from '../runner/operationCases';
import { flagValue, hasFlag, runSuite } from '../runner/suite';
import {
	ensureRuntime,
	runtimeCheck,
	selectMatrix,
	type MatrixEntry,
	type Runtime,
} from '../runner/runtimes';
import { checkNodeTypes, waitForWebhooks } from '../runner/serverChecks';
import { operationsWorkflow, SUITE_IDS, triggerWorkflow } from '../runner/workflows';
import type { Report } from '../runner/report';
import { runCrmSyncExample } from './cases-cli';
import { checkEditorWiring } from './cases-editor';
import {
	checkAgentExample,
	checkCredentialTest,
	checkFormExample,
	checkSlackExample,
	checkTrigger,
} from './cases-server';
import {
	runWaitCases,
	startWaitSandboxes,
	waitCredentials,
	waitsWorkflow,
	type WaitSandboxes,
} from './cases-waits';
import {
	ACTIVE_EXAMPLES,
	exampleWorkflows,
	provision,
	startServices,
	type Services,
} from './setup';
import { WORKFLOW_IDS } from './workflows';

const matrix = selectMatrix(flagValue('n8n', 'E2E_N8N'));
const keep = hasFlag('keep');

interface Timing {
	version: string;
	installSeconds: number;
	casesSeconds: number;
}

async function runVersion(
	entry: MatrixEntry,
	install: Promise<Runtime>,
	report: Report,
	tarball: string,
	timings: Timing[],
): Promise<void> {
	const started = Date.now();
	report.label = `n8n ${entry.n8n}`;
	const runtime = await runtimeCheck(report, entry, {
		log: () => undefined,
		name: 'install',
		install,
	});
	if (!runtime) return;
	const installSeconds = runtime.installSeconds;
	report.label = `n8n ${entry.n8n} / Node ${runtime.nodeVersion.split('.')[0]}`;
	const casesStarted = Date.now();
	let services: Services | undefined;
	let waitSandboxes: WaitSandboxes | undefined;
	let n8n: N8nInstance | undefined;
	try {
		services = await startServices();
		waitSandboxes = await startWaitSandboxes();
		const waits: WaitSandboxes = waitSandboxes;
		const { sandbox, llm } = services;
		const tag = `n8n${entry.n8n.replace(/\./g, '_')}`;
		const picks = pickVisitors(sandbox);
		const cases = operationCases(sandbox, picks, tag);
		const trigger = triggerWorkflow();
		const examples = exampleWorkflows();
		const byId = (id: string) => {
			const found = examples.find((w) => w.id === id);
			if (!found) throw new Error(`example ${id} missing`);
			return found;
		};
		const provisioned = await report.check(
			'import credentials and workflows (n8n CLI)',
			async () => {
				n8n = await provision(
					runtime,
					tarball,
					services as Services,
					[operationsWorkflow(cases), waitsWorkflow(), trigger, ...examples],
					{
						extraCredentials: waitCredentials(waits),
					},
				);
				return `${examples.length + 3} workflows, user folder ${n8n.userFolder}`;
			},
		);
		if (!provisioned || !n8n) return;
		const instance: N8nInstance = n8n;

		await runOperationCases(report, instance, cases);
		await runCrmSyncExample(report, instance, sandbox);
		await runWaitCases(report, instance, waits);

		const active = [SUITE_IDS.trigger, ...ACTIVE_EXAMPLES];
		const activated = await report.check('activate trigger workflows (n8n CLI)', async () => {
			for (const id of active) await instance.activate(id);
			return `${active.length} workflows via ${instance.major >= 2 ? 'publish:workflow' : 'update:workflow --active=true'}`;
		});
		if (!activated) return;
		const up = await report.check('n8n start', async () => {
			const t = Date.now();
			await instance.start();
			await instance.signIn();
			await waitForWebhooks(instance, trigger);
			return `healthy and webhooks live after ${((Date.now() - t) / 1000).toFixed(1)} s on port ${instance.port}`;
		});
		if (!up) {
			console.log(
				(await instance.logTail())
					.split('\n')
					.map((l) => `    | ${l}`)
					.join('\n'),
			);
			return;
		}
		await checkNodeTypes(report, instance);
		await checkCredentialTest(report, instance, sandbox);
		await checkEditorWiring(report, instance, sandbox);
		await checkTrigger(report, instance, sandbox, trigger);
		await checkSlackExample(report, instance, sandbox, byId(WORKFLOW_IDS.slackAlert), picks);
		await checkFormExample(report, instance, sandbox, picks, tag);
		await checkAgentExample(report, instance, sandbox, llm, byId(WORKFLOW_IDS.aiAgent), picks);
		if (!instance.running) report.fail('n8n stayed up', (await instance.logTail()).slice(-800));
	} catch (error) {
		report.fail(
			'unexpected error',
			error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
		);
	} finally {
		const instance = n8n as N8nInstance | undefined;
		await instance?.stop();
		await services?.close();
		await waitSandboxes?.close();
		if (instance) {
			if (keep || report.results.some((r) => !r.ok && r.label === report.label))
				console.log(`  … kept ${instance.workDir} (n8n.log, cli.log)`);
			else await rm(instance.workDir, { recursive: true, force: true });
		}
		timings.push({
			version: entry.n8n,
			installSeconds,
			casesSeconds: (Date.now() - casesStarted) / 1000,
		});
		console.log(`  … n8n ${entry.n8n}: ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
	}
}

const timings: Timing[] = [];
runSuite(
	async ({ report, tarball }) => {
		// All installs start now (a cold cache downloads in parallel); each version runs once its install is done.
		const installs = matrix.map((entry) => {
			const install = ensureRuntime(entry, (line) => console.log(`  … ${line}`));
			install.catch(() => undefined);
			return install;
		});
		for (const [i, entry] of matrix.entries())
			await runVersion(entry, installs[i], report, tarball, timings);
	},
	{
		epilogue: () =>
			timings.map(
				(t) =>
					`timing n8n ${t.version}: install ${t.installSeconds ? `${t.installSeconds.toFixed(0)} s` : 'cached'}, cases ${t.casesSeconds.toFixed(0)} s`,
			),
	},
);
