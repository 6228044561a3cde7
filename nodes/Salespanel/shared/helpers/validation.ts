import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * 8-4-4-4-12 hex: Salespanel's contact ids are UUID-shaped but not always RFC 4122 valid.
 * Written as pattern text without anchors or flags, the form the editor's resource-locator
 * validation takes (it anchors the text itself), so the editor and the node check alike.
 */
export const UUID_REGEX =
	'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const UUID_PATTERN = new RegExp(`^${UUID_REGEX}$`);

/** A pragmatic address check: one @, no spaces, a dotted domain. Salespanel validates the rest. */
export const EMAIL_REGEX =
	'[^\\s@"<>()[\\\\\\],;:]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)+';
const EMAIL_PATTERN = new RegExp(`^${EMAIL_REGEX}$`);

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

/** Visitor IDs are compared and sent in lower case, however they were entered. */
const idIdentifier = (value: string): VisitorIdentifier => ({
	kind: 'id',
	value: value.toLowerCase(),
	encoded: encodeURIComponent(value.toLowerCase()),
});

const emailIdentifier = (email: string): VisitorIdentifier => ({
	kind: 'email',
	value: email,
	encoded: encodeURIComponent(email),
});

/** A typed or mapped value as trimmed text; a number (e.g. from an expression) as its digits. */
const textOf = (raw: unknown): string =>
	typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';

export function parseEmail(node: INode, itemIndex: number, field: string, raw: unknown): string {
	const value = typeof raw === 'string' ? raw.trim() : '';
	if (!value)
		fail(node, itemIndex, `'${field}' is empty`, `Enter an email address, e.g. jane@acme.com.`);
	if (!EMAIL_PATTERN.test(value)) {
		fail(
			node,
			itemIndex,
			`'${field}' is not a valid email address: "${value}"`,
			'Use an address like jane@acme.com.',
		);
	}
	return value;
}

/**
 * A visitor ID (UUID) or, where `allowEmail`, an email address, told apart by shape.
 */
export function parseVisitorIdentifier(
	node: INode,
	itemIndex: number,
	field: string,
	raw: unknown,
	allowEmail = true,
): VisitorIdentifier {
	const value = textOf(raw);
	if (!value) {
		fail(
			node,
			itemIndex,
			`'${field}' is empty`,
			allowEmail
				? 'Enter a visitor ID (UUID) or the email address of an identified visitor.'
				: 'Enter the visitor ID (contact_id), e.g. be8364a3-59b2-d17e-988f-27fb997df240.',
		);
	}
	if (UUID_PATTERN.test(value)) return idIdentifier(value);
	if (!allowEmail) {
		fail(
			node,
			itemIndex,
			`'${field}' is not a visitor ID: "${value}"`,
			'A visitor ID is the contact_id UUID, e.g. be8364a3-59b2-d17e-988f-27fb997df240. Map it from a previous Salespanel node.',
		);
	}
	if (value.includes('@')) return emailIdentifier(parseEmail(node, itemIndex, field, value));
	return fail(
		node,
		itemIndex,
		`'${field}' is neither a visitor ID nor an email address: "${value}"`,
		'Use the contact_id UUID (e.g. be8364a3-59b2-d17e-988f-27fb997df240) or an email address (e.g. jane@acme.com).',
	);
}

function locatorParts(raw: unknown): { mode?: string; value: unknown } {
	if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'mode' in raw && 'value' in raw) {
		const { mode, value } = raw as { mode: unknown; value: unknown };
		return { mode: typeof mode === 'string' ? mode : undefined, value };
	}
	return { value: raw };
}

/**
 * The value of a visitor resource locator: `{mode, value}` as the editor stores it, or a plain
 * string (workflows saved before the locator, expressions, AI tools), told apart by shape. By ID
 * takes only a UUID and By Email only an address; From List holds a contact_id but, given by an
 * expression, may hold either. `allowEmail` is false where the endpoint takes only an ID (Identify).
 */
export function parseVisitorLocator(
	node: INode,
	itemIndex: number,
	field: string,
	raw: unknown,
	allowEmail: boolean,
): VisitorIdentifier {
	const { mode, value } = locatorParts(raw);
	const empty =
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
	if (empty && mode === 'list') {
		fail(
			node,
			itemIndex,
			`'${field}' is empty`,
			`Select a visitor from the list, or choose By ID${allowEmail ? ' or By Email' : ''} and enter one.`,
		);
	}
	if (mode === 'email') {
		if (!allowEmail) {
			fail(
				node,
				itemIndex,
				`'${field}' must be a visitor ID here, not an email address`,
				'This operation needs the contact_id: choose From List or By ID.',
			);
		}
		return emailIdentifier(parseEmail(node, itemIndex, field, value));
	}
	return parseVisitorIdentifier(node, itemIndex, field, value, mode !== 'id' && allowEmail);
}

export function parseLimit(node: INode, itemIndex: number, raw: unknown): number {
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		fail(
			node,
			itemIndex,
			`'Limit' must be a whole number of at least 1 (got ${JSON.stringify(raw)})`,
			"Set 'Limit' to e.g. 50, or turn on 'Return All'.",
		);
	}
	return value;
}

/** Parses a JSON parameter that must be an object (`{…}`); accepts an object given by expression. */
export function parseJsonObject(
	node: INode,
	itemIndex: number,
	field: string,
	raw: unknown,
): IDataObject {
	let value: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return {};
		try {
			value = JSON.parse(raw);
		} catch (error) {
			fail(
				node,
				itemIndex,
				`'${field}' is not valid JSON`,
				`Enter a JSON object, e.g. {"plan": "enterprise"}. Parser said: ${(error as Error).message}`,
			);
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		fail(
			node,
			itemIndex,
			`'${field}' must be a JSON object`,
			'Enter key-value pairs in braces, e.g. {"plan": "enterprise", "seats": 25}.',
		);
	}
	const dropped = findUnsendableKey(value);
	if (dropped !== undefined) {
		fail(
			node,
			itemIndex,
			`'${field}' contains the key "${dropped.key}"${dropped.path ? ` (at ${dropped.path})` : ''}, which cannot be sent`,
			UNSENDABLE_HELP,
		);
	}
	return value as IDataObject;
}

/**
 * Keys that n8n's HTTP client (axios) silently removes from JSON bodies, at any depth: a write
 * carrying one would report success while Salespanel never received that part.
 */
const UNSENDABLE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const UNSENDABLE_HELP =
	"n8n's HTTP client drops keys named __proto__, constructor and prototype from every request, so Salespanel would never receive it. Rename the key, e.g. constructor_name.";

/** The first unsendable key in a JSON value and its dotted path; walks iteratively, so any depth is safe. */
function findUnsendableKey(value: unknown): { key: string; path: string } | undefined {
	const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
	while (stack.length > 0) {
		const { value: current, path } = stack.pop()!;
		if (!current || typeof current !== 'object') continue;
		for (const [key, child] of Object.entries(current)) {
			const childPath = path ? `${path}.${key}` : key;
			if (UNSENDABLE_KEYS.has(key)) return { key, path: path ? childPath : '' };
			stack.push({ value: child, path: childPath });
		}
	}
	return undefined;
}

export type AttributeValue = string | number | boolean;

/**
 * Checks Salespanel's attribute rules: non-empty names, each once (after trimming), that can be
 * sent; string, number or boolean values. Takes entries so that names repeated in the Fields
 * mode are seen before they collapse into one key.
 */
export function validateAttributes(
	node: INode,
	itemIndex: number,
	field: string,
	attributes: IDataObject | Array<[string, unknown]>,
): Record<string, AttributeValue> {
	const result: Record<string, AttributeValue> = {};
	const entries = Array.isArray(attributes) ? attributes : Object.entries(attributes);
	if (entries.length === 0) {
		fail(
			node,
			itemIndex,
			`'${field}' has no attributes`,
			'Add at least one attribute name and value.',
		);
	}
	for (const [rawName, value] of entries) {
		const name = rawName.trim();
		if (name === '')
			fail(
				node,
				itemIndex,
				`'${field}' has an attribute with an empty name`,
				'Give every attribute a name, e.g. plan_interest.',
			);
		if (UNSENDABLE_KEYS.has(name))
			fail(node, itemIndex, `Attribute "${name}" in '${field}' cannot be sent`, UNSENDABLE_HELP);
		if (Object.prototype.hasOwnProperty.call(result, name)) {
			fail(
				node,
				itemIndex,
				`Attribute "${name}" appears twice in '${field}'`,
				'Give each attribute once; remove or rename the duplicate.',
			);
		}
		const ok =
			typeof value === 'string' ||
			typeof value === 'boolean' ||
			(typeof value === 'number' && Number.isFinite(value));
		if (!ok) {
			const got =
				value === null
					? 'null'
					: Array.isArray(value)
						? 'a list'
						: typeof value === 'object'
							? 'an object'
							: String(value);
			fail(
				node,
				itemIndex,
				`Attribute "${name}" in '${field}' has an unsupported value (${got})`,
				'Salespanel attribute values must be a string, a number or true/false. Leave the attribute out, or turn the value into text first.',
			);
		}
		result[name] = value as AttributeValue;
	}
	return result;
}
