import type { IDataObject, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import { isObject } from './values';

/** A trigger's state in the workflow static data, which n8n saves only when it changed. */
export interface NodeState {
	/** What is stored (an empty object when nothing usable is). */
	readonly stored: IDataObject;
	/** Stores these fields; fields whose JSON is unchanged are not written. */
	save(fields: IDataObject): void;
}

/** Key prefix of the fallback location in the workflow's global static data. */
export const FALLBACK_STATE_PREFIX = 'salespanelState:';

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

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
	};
}
