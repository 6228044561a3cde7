import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { VisitorIdentifier } from '../shared/helpers/validation';
import type { SalespanelClient } from '../shared/transport';

/**
 * One operation file: its fields, a `prepare` step that reads and validates one item's
 * parameters without any request, and `execute`, which sends the prepared request(s).
 * The router prepares every item before the first request, so bad input never leaves work
 * half done. Each file checks its object with `satisfies OperationModule<Prepared>`, which ties
 * what `prepare` returns to what `execute` takes.
 */
export interface OperationModule<Prepared> {
	/** The operation's own fields; the operation table adds the displayOptions that show them. */
	fields: INodeProperties[];
	prepare(this: IExecuteFunctions, itemIndex: number): Prepared;
	// Method syntax on purpose: it lets the table hold every module as OperationModule<unknown>.
	execute(
		this: IExecuteFunctions,
		prepared: Prepared,
		client: SalespanelClient,
		itemIndex: number,
	): Promise<IDataObject | IDataObject[]>;
	/**
	 * Writes only: the visitors this item writes to (see `visitorOrderKey`). Items run
	 * concurrently; those sharing a key run one after another in input order. Reads have none.
	 */
	orderKeys?(prepared: Prepared): string[];
}

/** One entry of a resource's Operation list and the module that runs it. */
export interface OperationDefinition {
	/** Title Case, e.g. 'Get Many'. */
	name: string;
	description: string;
	/** What n8n shows in the nodes panel and hands AI agents, e.g. 'Get many visitors'. */
	action: string;
	module: OperationModule<unknown>;
}

/** One entry of the Resource list; `Operation` is the union of its operation values. */
export interface ResourceDefinition<Operation extends string> {
	/** Title Case, e.g. 'Visiting Company'. */
	name: string;
	/** Preselected in the Operation list; must be one of `operations`. */
	defaultOperation: NoInfer<Operation>;
	/** In the order their fields appear in the node's properties; the Operation list is sorted by name. */
	operations: Record<Operation, OperationDefinition>;
}

/**
 * One operation's visitor field, written once: `visitorLocatorField` draws it and `readVisitor`
 * reads it, so the two cannot disagree on its name or on whether an email address is allowed.
 */
export interface VisitorField {
	/** Kept from the plain-text fields the locator replaced, so saved workflows still load. */
	name: 'visitorId' | 'visitorIdentifier';
	/** Whether the endpoint takes an email address too (By Email mode), not only the contact_id. */
	byEmail: boolean;
	/** Whether the list shows anonymous visitors first (Identify). */
	anonymousFirst?: boolean;
	description: string;
}

/** What a write to one visitor prepares: the visitor (for the path and messages) and the JSON body. */
export interface VisitorWrite {
	visitor: VisitorIdentifier;
	body: IDataObject;
}

/** What a read of one visitor prepares. */
export interface VisitorRead {
	visitor: VisitorIdentifier;
	simplify: boolean;
}
