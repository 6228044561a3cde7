/**
 * Compile-time checks of the action node's operation table, run by `npm run typecheck`: each line
 * under a @ts-expect-error must fail to compile, or the typecheck fails. Nothing here runs.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import {
	defineResource,
	operationTable,
	type SalespanelResource,
} from '../../../../nodes/Salespanel/actions/operations';
import type { OperationModule } from '../../../../nodes/Salespanel/actions/types';

const texts = { name: 'Get Many', description: 'Get many things', action: 'Get many things' };
const prepare = (): { limit: number } => ({ limit: 1 });
async function execute(this: IExecuteFunctions, prepared: { limit: number }) {
	return await Promise.resolve({ limit: prepared.limit });
}

export const registered = defineResource({
	name: 'Thing',
	defaultOperation: 'getAll',
	operations: { getAll: { ...texts, module: { fields: [], prepare, execute } } },
});

export const withoutPrepare = defineResource({
	name: 'Thing',
	defaultOperation: 'getAll',
	// @ts-expect-error an operation module without prepare
	operations: { getAll: { ...texts, module: { fields: [], execute } } },
});

export const withoutExecute = defineResource({
	name: 'Thing',
	defaultOperation: 'getAll',
	// @ts-expect-error an operation module without execute
	operations: { getAll: { ...texts, module: { fields: [], prepare } } },
});

export const defaultNotOffered = defineResource({
	name: 'Thing',
	// @ts-expect-error a default operation the resource does not have
	defaultOperation: 'get',
	operations: { getAll: { ...texts, module: { fields: [], prepare, execute } } },
});

// execute takes something other than what prepare returns
export const mismatched = {
	fields: [],
	prepare: () => ({ limit: '1' }),
	// @ts-expect-error execute's argument is not what prepare returns
	execute,
} satisfies OperationModule<{ limit: string }>;

// @ts-expect-error a resource key the table does not have
export const unknownResource: SalespanelResource = 'visitr';

// @ts-expect-error an operation the resource does not have
export const unknownOperation = operationTable.lead.operations.get;
