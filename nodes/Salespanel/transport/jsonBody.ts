/**
 * Reads an answer's raw bytes the way axios would with its defaults (UTF-8, a leading BOM
 * dropped, JSON parsed when it parses, else the text), only faster for what Salespanel sends.
 *
 * Why: Salespanel answers in UTF-8 with raw non-ASCII characters (names, page titles, emoji).
 * One character beyond Latin-1 makes V8 decode the whole page into a two-byte string, ~1.5 ms
 * per 115 KB page, four times the JSON parse itself. JSON's structure is ASCII and a UTF-8
 * multi-byte sequence never contains an ASCII byte, so the bytes are read as Latin-1 (one char
 * per byte, no decoding), parsed, and only the strings that hold non-ASCII bytes are decoded
 * as UTF-8 afterwards. A `\u` escape of a non-ASCII character would be indistinguishable from
 * a raw byte after parsing, so such a body takes the ordinary path.
 */

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Any char a raw non-ASCII byte became. */
const RAW_HIGH_BYTE = /[\x80-\xff]/;

/** A `\u` escape other than \u0000–\u007f (a backslash before `u` is enough to be careful). */
const NON_ASCII_ESCAPE = /\\u(?!00[0-7])/i;

const fromLatin1 = (text: string) => Buffer.from(text, 'latin1').toString('utf8');

/** What axios gives for this text: the parsed JSON, else the text itself. */
function parsedOrText(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** `value` under `key`, as an own data property: never the `__proto__` setter. */
function put(target: object, key: string, value: unknown): void {
	Object.defineProperty(target, key, {
		value,
		writable: true,
		enumerable: true,
		configurable: true,
	});
}

/**
 * Decodes, in place, every string (keys too) of a parsed Latin-1 reading that holds raw
 * non-ASCII bytes. Iterative: a hostile answer may nest deeper than the call stack.
 */
function decodeStrings(root: unknown): unknown {
	if (typeof root === 'string') return RAW_HIGH_BYTE.test(root) ? fromLatin1(root) : root;
	const pending: object[] = [];
	if (typeof root === 'object' && root !== null) pending.push(root);
	for (let container = pending.pop(); container !== undefined; container = pending.pop()) {
		if (Array.isArray(container)) {
			// By index: Object.keys of a huge array would allocate a string per element.
			for (let index = 0; index < container.length; index++) {
				const value: unknown = container[index];
				if (typeof value === 'string') {
					if (RAW_HIGH_BYTE.test(value)) container[index] = fromLatin1(value);
				} else if (typeof value === 'object' && value !== null) {
					pending.push(value);
				}
			}
			continue;
		}
		const record = container as Record<string, unknown>;
		let keys = Object.keys(record);
		if (keys.some((key) => RAW_HIGH_BYTE.test(key))) {
			// Renamed keys keep their places: take every property off and put it back in order.
			const entries = keys.map((key) => [key, record[key]] as const);
			for (const key of keys) delete record[key];
			for (const [key, value] of entries)
				put(record, RAW_HIGH_BYTE.test(key) ? fromLatin1(key) : key, value);
			keys = Object.keys(record);
		}
		for (const key of keys) {
			const value = record[key];
			if (typeof value === 'string') {
				if (RAW_HIGH_BYTE.test(value)) put(record, key, fromLatin1(value));
			} else if (typeof value === 'object' && value !== null) {
				pending.push(value);
			}
		}
	}
	return root;
}

/**
 * The body of an answer requested as raw bytes, as the rest of the client expects it: parsed
 * JSON, or the text when it is not JSON; an empty body is `''`. Anything but bytes (another n8n
 * version may hand over text or parsed JSON) is passed on as it is.
 */
export function readJsonBody(body: unknown): unknown {
	if (!Buffer.isBuffer(body)) return body;
	const bom = UTF8_BOM.every((byte, index) => body[index] === byte);
	const bytes = bom ? body.subarray(UTF8_BOM.length) : body;
	// One char per byte: no decoding, and a native scan finds any non-ASCII byte.
	const latin1 = bytes.toString('latin1');
	if (!RAW_HIGH_BYTE.test(latin1)) return parsedOrText(latin1);
	if (!NON_ASCII_ESCAPE.test(latin1)) {
		try {
			return decodeStrings(JSON.parse(latin1));
		} catch {
			// Not JSON: the text below, decoded properly.
		}
	}
	return parsedOrText(bytes.toString('utf8'));
}
