/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Shared by the e2e runner and the demo: pack the project, provision an n8n instance with the
// tarball, the credentials for the sandbox (and the stand-in chat model) and the workflows.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import { startFakeLlm, type FakeLlm } from './fake-llm';
import { cleanEnv, type Runtime } from './install';
import { N8nInstance } from './n8n-process';
import { run } from './proc';
import { EXAMPLES, credentialsFile, loadExample, repoRoot, WORKFLOW_IDS, type WorkflowJson } from './workflows';

/** `npm pack` of the built project into a temp folder; the tarball's path. */
export async function packProject(): Promise<string> {
	const root = repoRoot();
	if (!existsSync(path.join(root, 'dist', 'nodes', 'Salespanel', 'Salespanel.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first (npm run test:e2e and npm run demo do)');
	}
	const dest = await mkdtemp(path.join(os.tmpdir(), 'salespanel-pack-'));
	const result = await run('npm', ['pack', '--json', '--pack-destination', dest], { cwd: root, env: cleanEnv(), timeoutMs: 120_000 });
	if (result.code !== 0) throw new Error(`npm pack failed: ${result.stderr.slice(-1000)}`);
	const jsonStart = result.stdout.indexOf('[');
	const info = JSON.parse(result.stdout.slice(jsonStart)) as Array<{ filename: string }>;
	return path.join(dest, path.basename(info[0].filename));
}

export interface Services {
	sandbox: Sandbox;
	llm: FakeLlm;
	close(): Promise<void>;
}

/** The Salespanel sandbox (seeded defaults) and the stand-in chat model, both on 127.0.0.1. */
export async function startServices(opts: { sandboxPort?: number; llmPort?: number } = {}): Promise<Services> {
	const sandbox = await startSandbox({ port: opts.sandboxPort ?? 0 });
	const llm = await startFakeLlm(opts.llmPort ?? 0);
	return {
		sandbox,
		llm,
		close: async () => {
			await Promise.allSettled([sandbox.close(), llm.close()]);
		},
	};
}

/**
 * Example workflows as the suite and the demo import them. The Slack node is disabled: there is no
 * Slack here (and no Slack credential); everything up to the message it would post runs for real.
 */
export function exampleWorkflows(): WorkflowJson[] {
	return EXAMPLES.map(({ file, id }) => {
		const workflow = loadExample(file, id);
		for (const node of workflow.nodes) if (node.type === 'n8n-nodes-base.slack') node.disabled = true;
		return workflow;
	});
}

/** Workflows activated before `n8n start` (trigger-started ones). */
export const ACTIVE_EXAMPLES = [WORKFLOW_IDS.slackAlert, WORKFLOW_IDS.formEnrichment, WORKFLOW_IDS.aiAgent];

export async function provision(
	runtime: Runtime,
	tarball: string,
	services: Services,
	workflows: WorkflowJson[],
	opts: { workDir?: string; port?: number; extraCredentials?: object[] } = {},
): Promise<N8nInstance> {
	const workDir = opts.workDir ?? (await mkdtemp(path.join(os.tmpdir(), `salespanel-n8n-${runtime.entry.n8n}-`)));
	const instance = new N8nInstance(runtime, workDir);
	await instance.init(tarball, opts.port);
	await instance.importCredentials([...credentialsFile(services.sandbox.url, services.sandbox.token, services.llm.url), ...(opts.extraCredentials ?? [])]);
	await instance.importWorkflows(workflows);
	return instance;
}
