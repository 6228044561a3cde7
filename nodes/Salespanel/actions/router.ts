import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_IN_FLIGHT, SalespanelClient, toNodeError, waitHint } from '../shared/transport';
import { runItems } from './itemPool';
import { findOperation } from './operations';
import { readClientSettings } from './parameters';
import type { OperationModule } from './types';

/** The table checks every registered operation at compile time; only a stored value can still be unknown. */
function operationOrFail(
	this: IExecuteFunctions,
	resource: string,
	operation: string,
): OperationModule<unknown> {
	const module = findOperation(resource, operation);
	if (!module) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	return module;
}

type Prepared = { ok: true; value: unknown } | { ok: false; error: Error };

/** The value of the "Custom API Call" option n8n's editor adds to Resource and Operation. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/**
 * n8n offers "Custom API Call" in Resource and Operation of every node whose credential
 * authenticates requests, but only the HTTP Request node can run one. With Resource set to it,
 * no Operation is stored at all, so Operation is read with a fallback.
 */
function refuseCustomApiCall(this: IExecuteFunctions, resource: string, operation: string): void {
	if (resource !== CUSTOM_API_CALL && operation !== CUSTOM_API_CALL) return;
	throw new NodeOperationError(
		this.getNode(),
		"Custom API calls run in the HTTP Request node: use Authentication 'Predefined Credential Type' with Credential Type 'Salespanel API'",
		{
			description:
				'Add an HTTP Request node, choose those two settings, pick your Salespanel credential and enter the full URL, e.g. https://salespanel.io/api/v1/segments/. The Salespanel node runs only the operations it lists.',
		},
	);
}

/** The error item Continue On Fail puts at a failed item's place. */
function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const failure: IDataObject = { error: (error as Error).message };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) failure.description = description;
	const httpCode = (error as { httpCode?: unknown }).httpCode;
	if (typeof httpCode === 'string' && httpCode) failure.httpCode = httpCode;
	return { json: failure, pairedItem: { item: itemIndex } };
}

/**
 * Two passes. First every item's parameters are read and validated, so a bad item stops the
 * run before any request (or, with Continue On Fail, becomes an error item). Then the items run
 * concurrently (at most MAX_IN_FLIGHT) through one client, and so one pacer, for the whole
 * execution; writes to one visitor keep their input order (the module's `orderKeys`). Output
 * stands in input order. Without Continue On Fail the node fails with the error of the lowest
 * failing item, as it would running item by item; no item after a known failure is started.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0, '') as string;
	refuseCustomApiCall.call(this, resource, operation);
	const handler = operationOrFail.call(this, resource, operation);
	const continueOnFail = this.continueOnFail();

	const prepared: Prepared[] = items.map((_, itemIndex) => {
		try {
			return { ok: true, value: handler.prepare.call(this, itemIndex) };
		} catch (error) {
			if (!continueOnFail) throw toNodeError(this.getNode(), error, itemIndex);
			return { ok: false, error: error as Error };
		}
	});

	const client = new SalespanelClient(this, {
		...readClientSettings.call(this),
		operation: `${resource}.${operation}`,
	});
	const signal = this.getExecutionCancelSignal();
	const outcomes = await runItems(
		{
			count: items.length,
			maxInFlight: MAX_IN_FLIGHT,
			orderKeys: (itemIndex) => {
				const entry = prepared[itemIndex];
				return entry.ok && handler.orderKeys ? handler.orderKeys(entry.value) : [];
			},
			stopOnFailure: !continueOnFail,
			signal,
		},
		async (itemIndex) => {
			const entry = prepared[itemIndex];
			if (!entry.ok) throw toNodeError(this.getNode(), entry.error, itemIndex);
			const result = await handler.execute.call(this, entry.value, client, itemIndex);
			const json = (Array.isArray(result) ? result : [result]) as IDataObject[];
			return this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(json), {
				itemData: { item: itemIndex },
			});
		},
	);

	// Throttling and pacing, shown in the output pane. addExecutionHints is missing from older n8n lines.
	const hint = waitHint(client.waitSummary());
	if (hint !== undefined && typeof this.addExecutionHints === 'function') {
		this.addExecutionHints({ message: hint, location: 'outputPane' });
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		// Never started: the execution was cancelled, or (below) an earlier item failed.
		const outcome = outcomes[itemIndex] ?? {
			ok: false,
			error: new NodeOperationError(this.getNode(), 'The execution was cancelled', { itemIndex }),
		};
		if (outcome.ok) {
			output.push(...outcome.value);
			continue;
		}
		if (!continueOnFail) throw toNodeError(this.getNode(), outcome.error, itemIndex);
		output.push(errorItem(outcome.error, itemIndex));
	}
	return [output];
}
