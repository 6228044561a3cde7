import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { SalespanelClient } from '../transport';

/**
 * One operation file: its fields, a `prepare` step that reads and validates one item's
 * parameters without any request, and `execute`, which sends the prepared request(s).
 * The router prepares every item before the first request, so bad input never leaves work
 * half done.
 */
export interface OperationModule<Prepared = unknown> {
	description: INodeProperties[];
	prepare(this: IExecuteFunctions, itemIndex: number): Prepared;
	execute(this: IExecuteFunctions, prepared: Prepared, client: SalespanelClient, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

export type SalespanelResource = 'visitor' | 'activity' | 'lead' | 'visitingCompany' | 'segment';
