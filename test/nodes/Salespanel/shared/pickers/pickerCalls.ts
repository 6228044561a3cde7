// How the editor calls the pickers, through n8n-core's LoadOptionsContext: the visitor picker's list
// search (action node) and the Segments list (webhook trigger; the polling trigger's is the same
// method). For the pickers' own tests.
import type { INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { listSearch, type Engine } from '../../../../tools/harness';
import { loadOptions } from '../../../../tools/harness/load-options';

export async function searchVisitors(
	engine: Engine,
	filter?: string,
	token?: string,
	method = 'searchVisitors',
): Promise<INodeListSearchResult> {
	const node = {
		type: 'n8n-nodes-salespanel.salespanel',
		credentials: ['salespanelApi'],
		parameters: { resource: 'visitor', operation: 'get' },
	};
	return await listSearch(engine, node, method, filter, token);
}

export async function loadSegments(
	engine: Engine,
	credentials = ['salespanelApi'],
): Promise<INodePropertyOptions[]> {
	const node = {
		type: 'salespanelTrigger',
		parameters: { events: ['*'] },
		credentials,
		path: 'parameters.options.segments',
	};
	return await loadOptions(engine, node, 'getSegments');
}
