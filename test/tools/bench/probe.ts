// Baseline for the single-item overhead: a bare node that sends exactly the requests of the four
// single-item operations through n8n's own request helper (httpRequestWithAuthentication with the
// Salespanel credential) and does nothing else — no parameters per item, no validation, no error
// mapping. Run one item after another (as the Salespanel node does) or all at once (as HTTP
// Request does), it shows what the requests themselves cost in each I/O pattern; the rest of a
// contender's CPU per item is that node's own overhead.
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import type { SingleOp } from './types';

export const PROBE_TYPE = 'n8n-nodes-salespanel.benchProbe';

export function probeRequest(
	op: SingleOp,
	baseUrl: string,
	item: IDataObject,
): IHttpRequestOptions {
	const api = `${baseUrl.replace(/\/+$/, '')}/api/v1`;
	const id = encodeURIComponent(String(item.id));
	switch (op) {
		case 'get':
			return { method: 'GET', url: `${api}/visitors/${id}/`, json: true };
		case 'identify':
			return {
				method: 'POST',
				url: `${api}/visitors/${id}/identify/`,
				body: { email: item.email },
				json: true,
			};
		case 'setAttributes':
			return {
				method: 'POST',
				url: `${api}/visitor-attributes/`,
				body: {
					visitor_identifier: item.id,
					visitor_attributes: { plan_interest: 'enterprise', seats: 25 },
					create_new: false,
				},
				json: true,
			};
		case 'createActivity':
			return {
				method: 'POST',
				url: `${api}/custom-activity/create/`,
				body: {
					visitor_identifier: item.id,
					category: 'product_interaction',
					label: 'demo_viewed',
				},
				json: true,
			};
	}
}

export class BenchProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench Probe',
		name: 'benchProbe',
		group: ['transform'],
		version: 1,
		description: 'Sends the bare requests of a single-item operation (benchmark baseline)',
		defaults: { name: 'Probe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'salespanelApi', required: true }],
		properties: [
			{ displayName: 'Operation', name: 'op', type: 'string', default: 'get' },
			{
				displayName: 'Parallel',
				name: 'parallel',
				type: 'boolean',
				default: false,
				description: 'Whether to send all requests at once',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const op = this.getNodeParameter('op', 0) as SingleOp;
		const parallel = this.getNodeParameter('parallel', 0) as boolean;
		const { baseUrl } = await this.getCredentials('salespanelApi');
		const one = async (index: number): Promise<INodeExecutionData> => ({
			json: (await this.helpers.httpRequestWithAuthentication.call(
				this,
				'salespanelApi',
				probeRequest(op, String(baseUrl), items[index].json),
			)) as IDataObject,
			pairedItem: { item: index },
		});
		if (parallel) return [await Promise.all(items.map(async (_, index) => await one(index)))];
		const output: INodeExecutionData[] = [];
		for (let index = 0; index < items.length; index++) output.push(await one(index));
		return [output];
	}
}
