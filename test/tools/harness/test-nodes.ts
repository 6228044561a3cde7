import { NodeConnectionTypes, NodeOperationError, jsonParse } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';

/** Type names the utility nodes are registered under in every engine. */
export const MANUAL_TRIGGER_TYPE = 'test.manualTrigger';
export const ITEMS_TYPE = 'test.items';

export interface TestNodeSpec {
	displayName: string;
	name: string;
	description: string;
	/** Default: the display name. */
	defaultName?: string;
	/** Default: ['transform']. */
	group?: INodeTypeDescription['group'];
	/** A trigger has no input. */
	trigger?: boolean;
	/** The credential type it requires, if any. */
	credential?: string;
	/** Default: true (what n8n's lint asks of a node). */
	usableAsTool?: boolean;
	properties?: INodeProperties[];
}

/** The description of a node that exists only in tests: version 1, one main output (and input unless a trigger). */
export function testNodeDescription(spec: TestNodeSpec): INodeTypeDescription {
	return {
		displayName: spec.displayName,
		name: spec.name,
		group: spec.group ?? ['transform'],
		version: 1,
		description: spec.description,
		defaults: { name: spec.defaultName ?? spec.displayName },
		inputs: spec.trigger ? [] : [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		...(spec.credential ? { credentials: [{ name: spec.credential, required: true }] } : {}),
		...(spec.usableAsTool === false ? {} : { usableAsTool: true }),
		properties: spec.properties ?? [],
	};
}

/**
 * Equivalent of n8n-nodes-base.manualTrigger ("When clicking 'Execute workflow'"): in manual
 * mode n8n calls `trigger()` and waits for `manualTriggerFunction` to emit one empty item.
 */
export class TestManualTrigger implements INodeType {
	description = testNodeDescription({
		displayName: 'Test Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		trigger: true,
		usableAsTool: false,
		description: 'Starts the workflow with one empty item',
		defaultName: 'Manual Trigger',
	});

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
	description = testNodeDescription({
		displayName: 'Test Items',
		name: 'items',
		description: 'Outputs fixed items',
		defaultName: 'Items',
		properties: [
			{
				displayName: 'Items (JSON)',
				name: 'itemsJson',
				type: 'string',
				default: '[]',
				description: 'JSON array of objects; each object becomes one output item',
			},
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('itemsJson', 0) as unknown;
		let parsed: unknown;
		try {
			parsed = typeof raw === 'string' ? jsonParse(raw) : raw;
		} catch (error) {
			throw new NodeOperationError(
				this.getNode(),
				`itemsJson is not valid JSON: ${(error as Error).message}`,
			);
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
