import { LoadOptionsContext } from 'n8n-core';
import { ApplicationError, Workflow } from 'n8n-workflow';
import type { INode, INodeCredentials, INodeParameters, INodePropertyOptions } from 'n8n-workflow';

import { createAdditionalData, workflowBase } from './additional-data';
import type { Engine } from './engine';

export interface LoadOptionsRequest {
	/** Node type as registered with the engine, e.g. `salespanelTrigger`. */
	type: string;
	typeVersion?: number;
	/** Name of a `methods.loadOptions` function of the node type, e.g. `getSegments`. */
	method: string;
	/** The node's current parameters, as the editor sends them. */
	parameters?: INodeParameters;
	/**
	 * Credential types selected on the node in the editor (their data comes from the engine's
	 * `credentials`); omitted or empty: no credential selected.
	 */
	credentials?: string[];
	/** Path of the parameter being filled, as the editor sends it (default `parameters.<method>`). */
	path?: string;
}

/**
 * Calls a node type's loadOptions method the way n8n's DynamicNodeParametersService does for the
 * editor: a one-node workflow with a "Temp-Node" carrying the current parameters and the selected
 * credentials, and n8n-core's real LoadOptionsContext (credentials resolved and applied by the
 * engine's credentials helper, requests sent through n8n-core's request helpers).
 */
export async function loadOptions(engine: Engine, request: LoadOptionsRequest): Promise<INodePropertyOptions[]> {
	const nodeType = engine.nodeTypes.getByNameAndVersion(request.type, request.typeVersion);
	const method = nodeType.methods?.loadOptions?.[request.method];
	if (method === undefined) {
		throw new ApplicationError(`Node type "${request.type}" has no loadOptions method "${request.method}"`);
	}
	const parameters = request.parameters ?? {};
	const credentials: INodeCredentials = {};
	for (const name of request.credentials ?? []) credentials[name] = { id: `test-${name}`, name: `${name} (test)` };
	const node: INode = {
		id: 'temp-node',
		name: 'Temp-Node',
		type: request.type,
		typeVersion: request.typeVersion ?? nodeType.description.defaultVersion ?? 1,
		position: [0, 0],
		parameters,
	};
	if (Object.keys(credentials).length > 0) node.credentials = credentials;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: engine.nodeTypes });
	const additionalData = createAdditionalData(engine.credentialsHelper, 'internal', workflowBase([node], {}));
	additionalData.currentNodeParameters = parameters;
	const context = new LoadOptionsContext(workflow, node, additionalData, request.path ?? `parameters.${request.method}`);
	return await method.call(context);
}
