/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Shared by the e2e runner and the demo: provision an n8n instance with the packed package, the
// credentials for the sandbox (and the stand-in chat model) and the workflows.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { N8nInstance } from '../runner/n8n';
import type { Runtime } from '../runner/runtimes';
import type { WorkflowJson } from '../runner/workflows';
import { startSandbox, type Sandbox } from '../sandbox';
import { startFakeLlm, type FakeLlm } from './fake-llm';
import { credentialsFile, EXAMPLES, loadExample, WORKFLOW_IDS } from './workflows';

export interface Services {
	sandbox: Sandbox;
	llm: FakeLlm;
	close(): Promise<void>;
}

/** The Salespanel sandbox (seeded defaults) and the stand-in chat model, both on 127.0.0.1. */
export async function startServices(
	opts: { sandboxPort?: number; llmPort?: number } = {},
): Promise<Services> {
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
		for (const node of workflow.nodes)
			if (node.type === 'n8n-nodes-base.slack') node.disabled = true;
		return workflow;
	});
}

/** Workflows activated before `n8n start` (trigger-started ones). */
export const ACTIVE_EXAMPLES = [
	WORKFLOW_IDS.slackAlert,
	WORKFLOW_IDS.formEnrichment,
	WORKFLOW_IDS.aiAgent,
];

export async function provision(
	runtime: Runtime,
	tarball: string,
	services: Services,
	workflows: WorkflowJson[],
	opts: { workDir?: string; port?: number; extraCredentials?: object[] } = {},
): Promise<N8nInstance> {
	const workDir =
		opts.workDir ?? (await mkdtemp(path.join(os.tmpdir(), `salespanel-n8n-${runtime.entry.n8n}-`)));
	const instance = new N8nInstance(runtime, workDir);
	await instance.init(tarball, opts.port);
	await instance.importCredentials([
		...credentialsFile(services.sandbox.url, services.sandbox.token, services.llm.url),
		...(opts.extraCredentials ?? []),
	]);
	await instance.importWorkflows(workflows);
	return instance;
}
