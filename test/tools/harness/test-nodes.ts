import { NodeConnectionTypes, NodeOperationError, jsonParse } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';

/** Type names the utility nodes are registered under in every engine. */
export const MANUAL_TRIGGER_TYPE = 'test.manualTrigger';
export const ITEMS_TYPE = 'test.items';

/**
 * Equivalent of n8n-nodes-base.manualTrigger ("When clicking 'Execute workflow'"): in manual
 * mode n8n calls `trigger()` and waits for `manualTriggerFunction` to emit one empty item.
 */
export class TestManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow with one empty item',
		defaults: { name: 'Manual Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/**
 * Emits the objects of its `itemsJson` parameter (JSON array, or a single object) as items,
 * each paired with input item 0 — a short way to feed N items into the node under test.
 */
export class TestItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Items',
		name: 'items',
		group: ['transform'],
		version: 1,
		description: 'Outputs fixed items',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties: [
			{
				displayName: 'Items (JSON)',
				name: 'itemsJson',
				type: 'string',
				default: '[]',
				description: 'JSON array of objects; each object becomes one output item',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('itemsJson', 0) as unknown;
		let parsed: unknown;
		try {
			parsed = typeof raw === 'string' ? jsonParse(raw) : raw;
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `itemsJson is not valid JSON: ${(error as Error).message}`);
		}
		const list = Array.isArray(parsed) ? parsed : [parsed];
		return [
			list.map((json) => ({
				json: (json ?? {}) as IDataObject,
				pairedItem: { item: 0 },
			})),
		];
	}
}
