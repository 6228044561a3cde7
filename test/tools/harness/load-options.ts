import { LoadOptionsContext } from 'n8n-core';
import { ApplicationError, Workflow } from 'n8n-workflow';
import type {
	INode,
	INodeCredentials,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { createAdditionalData, workflowBase } from './additional-data';
import type { Engine } from './engine';

export interface LoadOptionsRequest {
	/** Node type name, e.g. `n8n-nodes-salespanel.salespanel`. */
	type: string;
	typeVersion?: number;
	/** The node's current parameters, as the editor sends them. */
	parameters?: INodeParameters;
	/** `['salespanelApi']` references the engine's credential of that type; `{}` means none set. */
	credentials?: string[] | INodeCredentials;
	/** Parameter path the editor asks for, e.g. `parameters.visitorId`. */
	path?: string;
}

/**
 * What n8n's DynamicNodeParametersService (packages/cli) does for a listSearch or loadOptions
 * call from the editor: a one-node workflow holding the node's current parameters, named
 * "Temp-Node", and the real n8n-core LoadOptionsContext around it.
 */
function loadOptionsContext(engine: Engine, request: LoadOptionsRequest): LoadOptionsContext {
	const credentials = Array.isArray(request.credentials)
		? Object.fromEntries(
				request.credentials.map((type) => [type, { id: `test-${type}`, name: `${type} (test)` }]),
			)
		: request.credentials;
	const node: INode = {
		parameters: request.parameters ?? {},
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: request.type,
		typeVersion: request.typeVersion ?? 1,
		position: [0, 0],
		...(credentials ? { credentials } : {}),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: engine.nodeTypes,
	});
	const additionalData: IWorkflowExecuteAdditionalData = createAdditionalData(
		engine.credentialsHelper,
		'internal',
		workflowBase([node], {}),
	);
	additionalData.currentNodeParameters = node.parameters;
	return new LoadOptionsContext(
		workflow,
		workflow.nodes['Temp-Node'],
		additionalData,
		request.path ?? 'parameters',
	);
}

function method<T>(
	engine: Engine,
	request: LoadOptionsRequest,
	kind: 'listSearch' | 'loadOptions',
	name: string,
): T {
	const nodeType = engine.nodeTypes.getByNameAndVersion(request.type, request.typeVersion ?? 1);
	const found = (nodeType.methods?.[kind] as Record<string, unknown> | undefined)?.[name];
	if (typeof found !== 'function')
		throw new ApplicationError(`Node type "${request.type}" has no ${kind} method "${name}"`);
	return found as T;
}

/** Runs a resource locator's `searchListMethod` as the editor's From List does. */
export async function listSearch(
	engine: Engine,
	request: LoadOptionsRequest,
	name: string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const search = method<(filter?: string, token?: string) => Promise<INodeListSearchResult>>(
		engine,
		request,
		'listSearch',
		name,
	);
	return await search.call(loadOptionsContext(engine, request), filter, paginationToken);
}

/** Runs a `loadOptionsMethod` as the editor does for an options or multiOptions field. */
export async function loadOptions(
	engine: Engine,
	request: LoadOptionsRequest,
	name: string,
): Promise<INodePropertyOptions[]> {
	const load = method<() => Promise<INodePropertyOptions[]>>(engine, request, 'loadOptions', name);
	return await load.call(loadOptionsContext(engine, request));
}
