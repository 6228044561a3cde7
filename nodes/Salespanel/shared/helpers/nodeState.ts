import type { IDataObject, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import { isObject } from './values';

/** A trigger's state in the workflow static data, which n8n saves only when it changed. */
export interface NodeState {
	/** What is stored (an empty object when nothing usable is). */
	readonly stored: IDataObject;
	/** Stores these fields; fields whose JSON is unchanged are not written. */
	save(fields: IDataObject): void;
	/**
	 * Stores one field without comparing it with what is stored (O(1)), or removes it when the
	 * value is undefined. For a value changed in place: writing it again through n8n's static data
	 * object marks the static data changed, so n8n saves it.
	 */
	write(name: string, value: unknown): void;
}

/** Key prefix of the fallback location in the workflow's global static data. */
export const FALLBACK_STATE_PREFIX = 'salespanelState:';

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const writeField = (target: IDataObject, name: string, value: unknown) => {
	if (value === undefined) delete target[name];
	else target[name] = value as IDataObject[string];
};

/**
 * The node's own workflow static data. n8n hands a node only the value stored under its name,
 * so when that value is not an object (a workflow edited by hand or imported) the node can
 * neither use nor replace it: the state then lives in the workflow's global static data under
 * `salespanelState:<node name>`, written as a whole so n8n notices the change. Undefined when
 * the global static data is not an object either.
 */
export function openNodeState(ctx: IPollFunctions | IWebhookFunctions): NodeState | undefined {
	const own: unknown = ctx.getWorkflowStaticData('node');
	if (isObject(own)) {
		return {
			stored: own,
			save(fields) {
				for (const [name, value] of Object.entries(fields)) {
					if (!sameJson(own[name], value)) own[name] = value;
				}
			},
			write(name, value) {
				writeField(own, name, value);
			},
		};
	}
	const global: unknown = ctx.getWorkflowStaticData('global');
	if (!isObject(global)) return undefined;
	const key = `${FALLBACK_STATE_PREFIX}${ctx.getNode().name}`;
	const current = global[key];
	const stored = isObject(current) ? current : {};
	return {
		stored,
		save(fields) {
			const next = { ...stored, ...fields };
			if (!isObject(current) || !sameJson(stored, next)) global[key] = next;
		},
		write(name, value) {
			writeField(stored, name, value);
			// Attaches a new state object, and marks a stored one changed.
			global[key] = stored;
		},
	};
}
