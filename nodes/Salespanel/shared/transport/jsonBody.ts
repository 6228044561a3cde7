/**
 * Reads an answer's raw bytes as n8n's HTTP client (axios) reads them with its default encoding:
 * UTF-8, a leading BOM dropped, the parsed JSON when it parses, else the text.
 *
 * The client asks for raw bytes so that this reading is the node's own on every n8n line, whatever
 * n8n's HTTP client is set to do with JSON. It is plain on purpose: a byte-level reader (Latin-1,
 * then UTF-8 per string) took up to 4.5× this time on Salespanel pages and 4–15× on hostile 10 MB
 * bodies (`npm run bench -- --json-reader`, bench/NOTES.md).
 */

const BOM = 0xfeff;

/**
 * The body of an answer requested as raw bytes, as the rest of the client expects it: parsed
 * JSON (`__proto__` keys as own properties, as JSON.parse makes them), or the text when it is not
 * JSON; an empty body is `''`. Anything but bytes (another n8n version may hand over text or
 * parsed JSON) is passed on as it is.
 */
export function readJsonBody(body: unknown): unknown {
	if (!Buffer.isBuffer(body)) return body;
	let text = body.toString('utf8');
	if (text.charCodeAt(0) === BOM) text = text.slice(1);
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}
