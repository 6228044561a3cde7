import { ApplicationError, NodeHelpers } from 'n8n-workflow';
import type {
	ICredentialType,
	IDataObject,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';

/** Package name n8n prefixes community node types with (`<package>.<description.name>`). */
export const PACKAGE_NAME = 'n8n-nodes-salespanel';

export type NodeTypeClass = new () => INodeType | IVersionedNodeType;
export type CredentialTypeClass = new () => ICredentialType;

/**
 * In-memory `INodeTypes` used by `Workflow` / `WorkflowExecute` to resolve `node.type`.
 * A node class is registered under its bare `description.name`, the package-qualified
 * `n8n-nodes-salespanel.<name>` (what n8n writes in exported workflow JSON) and, when given,
 * an explicit alias (the test utility nodes use `test.<name>`).
 */
export class NodeTypesRegistry implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	register(instance: INodeType | IVersionedNodeType, aliases: string[] = []): void {
		const { name } = instance.description;
		const names = aliases.length > 0 ? aliases : [name, `${PACKAGE_NAME}.${name}`];
		for (const typeName of names) this.types.set(typeName, instance);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (type === undefined) {
			throw new ApplicationError(
				`Unknown node type "${nodeType}". Registered: ${[...this.types.keys()].join(', ')}`,
			);
		}
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const name of this.types.keys()) known[name] = { className: name, sourcePath: '' };
		return known;
	}
}

/** Credential types by `name`, with the `extends` chain resolved like n8n's CredentialTypes. */
export class CredentialTypesRegistry {
	private readonly types = new Map<string, ICredentialType>();

	constructor(classes: CredentialTypeClass[]) {
		for (const Cls of classes) {
			const instance = new Cls();
			this.types.set(instance.name, instance);
		}
	}

	recognizes(name: string): boolean {
		return this.types.has(name);
	}

	getByName(name: string): ICredentialType {
		const type = this.types.get(name);
		if (type === undefined) {
			throw new ApplicationError(`Unknown credential type "${name}"`);
		}
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.reduce<string[]>(
			(all, parent) => [...all, parent, ...this.getParentTypes(parent)],
			[],
		);
	}
}
