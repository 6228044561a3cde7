// Runs the package's SalespanelClient inside n8n-core's real ExecuteContext (real request helpers,
// real credential handling) with settings a node cannot take from its parameters: a recording
// clock instead of real sleeps, short time-outs. For transport cases that would otherwise wait
// minutes; everything else is tested through the Salespanel node itself.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { SalespanelApi } from '../../../credentials/SalespanelApi.credentials';
import {
	SalespanelClient,
	type ClientSettings,
	type Clock,
} from '../../../nodes/Salespanel/shared/transport';
import {
	chain,
	createEngine,
	manualTrigger,
	testNodeDescription,
	type RunResult,
} from '../harness';

export const PROBE_NAME = 'Client Probe';

/** A clock that does not sleep: it records each wait and moves its own time forward by it. */
export interface RecordingClock extends Clock {
	/** Every wait asked for, in order (pacing and back-off alike). */
	readonly waits: number[];
	/** Sum of the waits. */
	readonly waited: () => number;
}

export function recordingClock(): RecordingClock {
	const waits: number[] = [];
	let skipped = 0;
	return {
		waits,
		waited: () => skipped,
		now: () => Date.now() + skipped,
		sleep: async (ms) => {
			waits.push(ms);
			skipped += ms;
		},
	};
}

/** What the probe runs: the client, and the node's context for calls below the client. */
export type ProbeWork = (client: SalespanelClient, context: IExecuteFunctions) => Promise<unknown>;

/** Runs `work` once in a Manual Trigger → Client Probe workflow; its result is the probe's one output item. */
export async function runProbe(
	credential: { baseUrl: string; apiToken: string },
	settings: Partial<ClientSettings>,
	work: ProbeWork,
): Promise<RunResult> {
	class ClientProbe implements INodeType {
		description = testNodeDescription({
			displayName: PROBE_NAME,
			name: 'clientProbe',
			description: 'Runs a SalespanelClient call',
			credential: 'salespanelApi',
		});

		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const value = await work(new SalespanelClient(this, settings), this);
			return [[{ json: { value } as IDataObject, pairedItem: { item: 0 } }]];
		}
	}
	const engine = createEngine({
		nodeTypes: [ClientProbe],
		credentialTypes: [SalespanelApi],
		credentials: { salespanelApi: credential },
	});
	return await engine.run(
		chain([manualTrigger(), { name: PROBE_NAME, type: 'clientProbe', parameters: {} }]),
	);
}
