import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SalespanelApi } from '../../../credentials/SalespanelApi.credentials';
import { Salespanel } from '../../../nodes/Salespanel/Salespanel.node';
import { SalespanelPollingTrigger } from '../../../nodes/Salespanel/SalespanelPollingTrigger.node';
import { SalespanelTrigger } from '../../../nodes/Salespanel/SalespanelTrigger.node';
import { createEngine, manualRun, type Engine, type NodeSpec, type RunResult } from '../harness';
import { startSandbox } from '../sandbox';
import type { Sandbox, SandboxOptions } from '../sandbox';

export const NODE_NAME = 'Salespanel';

export interface NodeEnv {
	sandbox: Sandbox;
	engine: Engine;
	/** Runs Manual Trigger → (Items →) Salespanel with these parameters. */
	run(
		parameters: INodeParameters,
		inputItems?: IDataObject[],
		nodeExtra?: Partial<NodeSpec>,
	): Promise<RunResult>;
	close(): Promise<void>;
}

export function salespanelNode(
	parameters: INodeParameters,
	extra: Partial<NodeSpec> = {},
): NodeSpec {
	return {
		name: NODE_NAME,
		type: 'n8n-nodes-salespanel.salespanel',
		parameters,
		credentials: ['salespanelApi'],
		...extra,
	};
}

/** Engine with the package's nodes and credential, and a credential pointing at `baseUrl`. */
export function createSalespanelEngine(baseUrl: string, apiToken: string): Engine {
	return createEngine({
		nodeTypes: [Salespanel, SalespanelTrigger, SalespanelPollingTrigger],
		credentialTypes: [SalespanelApi],
		credentials: { salespanelApi: { apiToken, baseUrl } },
	});
}

/** A sandbox (throttling off unless asked for) plus an engine whose credential points at it. */
export async function startNodeEnv(options: SandboxOptions = {}): Promise<NodeEnv> {
	const sandbox = await startSandbox({ throttle: false, ...options });
	const engine = createSalespanelEngine(sandbox.url, sandbox.token);
	return {
		sandbox,
		engine,
		async run(parameters, inputItems, nodeExtra = {}) {
			const node = salespanelNode(parameters, nodeExtra);
			return await engine.run(manualRun(node, inputItems));
		},
		close: async () => await sandbox.close(),
	};
}
