import { ExecuteContext, RoutingNode } from 'n8n-core';
import { NodeHelpers, Workflow, createRunExecutionData } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
	INodeType,
	INodeTypes,
	IRunExecutionData,
} from 'n8n-workflow';

import { createAdditionalData, workflowBase } from './additional-data';
import type { TestCredentialsHelper } from './credentials-helper';
import type { CredentialTypesRegistry } from './node-types';
import { testNodeDescription } from './test-nodes';
import { toNode } from './workflow-builder';

interface ErrorWithCause {
	message?: string;
	cause?: { code?: string; response?: { status?: number; statusText?: string } };
}

/**
 * Mirrors n8n's CredentialsTester (packages/cli) for a credential type's declarative `test`:
 * defaults are applied to the data, the test request is placed in the `routing` of a temporary
 * node property and executed by n8n-core's RoutingNode (so `={{$credentials…}}` is resolved by
 * the real expression engine and the credential's `authenticate` is applied), and failures are
 * mapped to `{ status: 'Error', message }` with the same precedence as n8n.
 */
export async function testCredential(
	credentialTypes: CredentialTypesRegistry,
	credentialsHelper: TestCredentialsHelper,
	credentialType: string,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const { test } = credentialTypes.getByName(credentialType);
	if (test === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'test-credential',
		name: `${credentialType} (test)`,
		type: credentialType,
		data: credentialsHelper.applyDefaults(credentialType, data),
	};

	// n8n uses n8n-nodes-base.noOp's description as the carrier; any plain description works.
	const carrier: INodeType = {
		description: testNodeDescription({
			displayName: 'No Operation',
			name: 'noOp',
			group: ['organization'],
			usableAsTool: false,
			description: 'Credential test carrier',
			credential: credentialType,
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.request },
					default: '',
				},
			],
		}),
	};
	const carrierTypes: INodeTypes = {
		getByName: () => carrier,
		getByNameAndVersion: (_type, version) => NodeHelpers.getVersionedNodeType(carrier, version),
		getKnownTypes: (): IDataObject => ({}),
	};

	const node = toNode({
		id: 'temp',
		name: 'Temp-Node',
		type: 'noOp',
		credentials: {
			[credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	});
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: carrierTypes,
	});
	const additionalData = createAdditionalData(
		credentialsHelper,
		'internal',
		workflowBase([node], {}),
	);
	const runExecutionData: IRunExecutionData = createRunExecutionData();
	const inputData = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		inputData,
		{ node, data: {}, source: null },
		[],
	);

	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await new RoutingNode(context, carrier, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as ErrorWithCause;
		const httpResponse = error.cause?.response;
		if (httpResponse) {
			const statusCode = httpResponse.status ?? 0;
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === statusCode) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: httpResponse.statusText || `Received HTTP status code: ${statusCode}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json ?? {};
		const value = rule.properties.key
			.split('.')
			.reduce<unknown>((obj, key) => (obj as IDataObject | undefined)?.[key], body);
		if (value === rule.properties.value)
			return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
