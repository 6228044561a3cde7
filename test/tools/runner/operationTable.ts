// The action node's operation table as types, for the hand-kept case lists of the e2e, queue and ui
// suites: a list typed `PerOperation<…>` must name every operation, so an operation added to the
// table without a case there fails `npm run typecheck`.
import type { operationTable } from '../../../nodes/Salespanel/actions/operations';

type Table = typeof operationTable;

/** Every resource/operation pair of the table, e.g. 'visitor.getAll'. */
export type OperationKey = {
	[Resource in keyof Table]: `${Resource}.${Extract<keyof Table[Resource]['operations'], string>}`;
}[keyof Table];

/** One entry per operation of the table, none for anything else. */
export type PerOperation<T> = { [Key in OperationKey]: T };

/** 'visitor.getAll' for a resource and an operation as the node's parameters name them. */
export const operationKey = (resource: string, operation: string): string =>
	`${resource}.${operation}`;
