import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** 8-4-4-4-12 hex: Salespanel's contact ids are UUID-shaped but not always RFC 4122 valid. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A pragmatic address check: one @, no spaces, a dotted domain. Salespanel validates the rest. */
export const EMAIL_PATTERN = /^[^\s@"<>()[\\\],;:]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

export type IdentifierKind = 'id' | 'email';

export interface VisitorIdentifier {
	kind: IdentifierKind;
	value: string;
	/** Percent-encoded for a URL path segment (`+` and `@` included). */
	encoded: string;
}

function fail(node: INode, itemIndex: number, message: string, description: string): never {
	throw new NodeOperationError(node, message, { itemIndex, description });
}

export function parseEmail(node: INode, itemIndex: number, field: string, raw: unknown): string {
	const value = typeof raw === 'string' ? raw.trim() : '';
	if (!value) fail(node, itemIndex, `'${field}' is empty`, `Enter an email address, e.g. jane@acme.com.`);
	if (!EMAIL_PATTERN.test(value)) {
		fail(node, itemIndex, `'${field}' is not a valid email address: "${value}"`, 'Use an address like jane@acme.com.');
	}
	return value;
}

export function parseVisitorId(node: INode, itemIndex: number, field: string, raw: unknown): VisitorIdentifier {
	const value = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
	if (!value) fail(node, itemIndex, `'${field}' is empty`, 'Enter the visitor ID (contact_id), e.g. be8364a3-59b2-d17e-988f-27fb997df240.');
	if (!UUID_PATTERN.test(value)) {
		fail(
			node,
			itemIndex,
			`'${field}' is not a visitor ID: "${value}"`,
			'A visitor ID is the contact_id UUID, e.g. be8364a3-59b2-d17e-988f-27fb997df240. Map it from a previous Salespanel node.',
		);
	}
	return { kind: 'id', value: value.toLowerCase(), encoded: encodeURIComponent(value.toLowerCase()) };
}

/** A visitor ID (UUID) or an email address, told apart by shape. */
export function parseVisitorIdentifier(node: INode, itemIndex: number, field: string, raw: unknown): VisitorIdentifier {
	const value = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
	if (!value) {
		fail(node, itemIndex, `'${field}' is empty`, 'Enter a visitor ID (UUID) or the email address of an identified visitor.');
	}
	if (UUID_PATTERN.test(value)) return { kind: 'id', value: value.toLowerCase(), encoded: encodeURIComponent(value.toLowerCase()) };
	if (value.includes('@')) {
		const email = parseEmail(node, itemIndex, field, value);
		return { kind: 'email', value: email, encoded: encodeURIComponent(email) };
	}
	return fail(
		node,
		itemIndex,
		`'${field}' is neither a visitor ID nor an email address: "${value}"`,
		'Use the contact_id UUID (e.g. be8364a3-59b2-d17e-988f-27fb997df240) or an email address (e.g. jane@acme.com).',
	);
}

export function parseLimit(node: INode, itemIndex: number, raw: unknown): number {
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		fail(node, itemIndex, `'Limit' must be a whole number of at least 1 (got ${JSON.stringify(raw)})`, "Set 'Limit' to e.g. 50, or turn on 'Return All'.");
	}
	return value;
}

/** Parses a JSON parameter that must be an object (`{…}`); accepts an object given by expression. */
export function parseJsonObject(node: INode, itemIndex: number, field: string, raw: unknown): IDataObject {
	let value: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return {};
		try {
			value = JSON.parse(raw);
		} catch (error) {
			fail(node, itemIndex, `'${field}' is not valid JSON`, `Enter a JSON object, e.g. {"plan": "enterprise"}. Parser said: ${(error as Error).message}`);
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		fail(node, itemIndex, `'${field}' must be a JSON object`, 'Enter key-value pairs in braces, e.g. {"plan": "enterprise", "seats": 25}.');
	}
	return value as IDataObject;
}

export type AttributeValue = string | number | boolean;

/** Checks Salespanel's attribute rules: non-empty names; string, number or boolean values. */
export function validateAttributes(node: INode, itemIndex: number, field: string, attributes: IDataObject): Record<string, AttributeValue> {
	const result: Record<string, AttributeValue> = {};
	const entries = Object.entries(attributes);
	if (entries.length === 0) {
		fail(node, itemIndex, `'${field}' has no attributes`, 'Add at least one attribute name and value.');
	}
	for (const [name, value] of entries) {
		if (name.trim() === '') fail(node, itemIndex, `'${field}' has an attribute with an empty name`, 'Give every attribute a name, e.g. plan_interest.');
		const ok = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
		if (!ok) {
			const got = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : String(value);
			fail(
				node,
				itemIndex,
				`Attribute "${name}" in '${field}' has an unsupported value (${got})`,
				'Salespanel attribute values must be a string, a number or true/false. Leave the attribute out, or turn the value into text first.',
			);
		}
		result[name.trim()] = value as AttributeValue;
	}
	return result;
}
