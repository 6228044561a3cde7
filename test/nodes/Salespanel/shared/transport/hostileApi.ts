// The set-up of the transport's hostile tests (<module>.hostile.test.ts): two loopback servers, one
// standing in for the API (its handler set per test) and one for "another host"; nock blocks
// everything else. Runs go through the real n8n-core engine: the Salespanel node, or the client
// in a probe node with a recording clock for cases that would otherwise wait minutes.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	backoffDelay,
	DEFAULT_CLIENT_SETTINGS,
} from '../../../../../nodes/Salespanel/shared/transport';
import { chain, manualTrigger, withItems, type RunResult } from '../../../../tools/harness';
import { runProbe, type ProbeWork } from '../../../../tools/support/client-probe';
import { json, type Loopback } from '../../../../tools/support/loopback';
import { loopbackOnly, useLoopback } from '../../../../tools/support/loopbackApi';
import { createSalespanelEngine, salespanelNode } from '../../../../tools/support/node-env';

/** The least back-off before retry number `attempt` (0-based): jitter never goes below half. */
export const backoffFloor = (attempt: number) =>
	backoffDelay(
		attempt,
		DEFAULT_CLIENT_SETTINGS.backoffBaseMs,
		DEFAULT_CLIENT_SETTINGS.backoffCapMs,
		() => 0,
	);

export const description = (result: RunResult) =>
	(result.error as { description?: string } | undefined)?.description;

export const authorizations = (hits: Loopback['hits']) => hits.map((hit) => hit.authorization);

/** Starts the servers for the calling test file (beforeAll) and empties their logs before each test. */
export function useHostileApi(token: string) {
	loopbackOnly();
	const servers = {
		/** The Base URL's server: set `handle` to answer as the test needs. */
		api: useLoopback(),
		/** Another origin: a redirect may point here; the token must never arrive. */
		elsewhere: useLoopback((_req, res) => json(res, 200, [])),
	};
	const engine = () => createSalespanelEngine(servers.api.url, token);
	const runNode = async (
		parameters: IDataObject,
		extra: IDataObject = {},
		input?: IDataObject[],
	): Promise<RunResult> => {
		const node = salespanelNode(parameters as INodeParameters, extra);
		return await engine().run(input ? withItems(input, node) : chain([manualTrigger(), node]));
	};
	return {
		servers,
		engine,
		runNode,
		listSegments: async (extra: IDataObject = {}) =>
			await runNode({ resource: 'segment', operation: 'getAll', returnAll: true }, extra),
		createActivity: async (extra: IDataObject = {}) =>
			await runNode(
				{
					resource: 'activity',
					operation: 'create',
					visitorIdentifier: 'jane@acme.com',
					category: 'c',
					label: 'l',
				},
				extra,
			),
		/** The client in a probe node, with settings a node cannot take (a recording clock, short time-outs). */
		probe: async (settings: Parameters<typeof runProbe>[1], work: ProbeWork) =>
			await runProbe({ baseUrl: servers.api.url, apiToken: token }, settings, work),
	};
}
