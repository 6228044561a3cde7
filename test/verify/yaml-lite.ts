// A small YAML reader for GitHub workflow files: block mappings and sequences, flow sequences of
// scalars, quoted scalars and `|`/`>` block scalars. Values stay strings (no number/boolean typing,
// so `on:` stays the key "on"). Anything fancier (anchors, flow mappings, multi-documents) is not
// needed by the checks and is kept as a raw string.

export type Yaml = string | null | Yaml[] | { [key: string]: Yaml };

interface Line {
	indent: number;
	text: string;
	/** Line number in the file, for error messages. */
	no: number;
}

function stripComment(text: string): string {
	let quote: string | undefined;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quote) {
			if (c === quote) quote = undefined;
		} else if (c === '"' || c === "'") {
			quote = c;
		} else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
			return text.slice(0, i).trimEnd();
		}
	}
	return text.trimEnd();
}

function scalar(raw: string): Yaml {
	const text = raw.trim();
	if (text === '' || text === '~' || text === 'null') return null;
	if (/^".*"$/.test(text)) return text.slice(1, -1).replace(/\\"/g, '"');
	if (/^'.*'$/.test(text)) return text.slice(1, -1).replace(/''/g, "'");
	if (/^\[.*\]$/.test(text)) {
		const inner = text.slice(1, -1).trim();
		return inner ? inner.split(',').map((part) => scalar(part)) : [];
	}
	return text;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s:"'][^:]*?)\s*:(?:\s+(.*))?$/;

class Parser {
	private i = 0;

	constructor(
		private readonly lines: Line[],
		private readonly raw: string[],
	) {}

	parse(): Yaml {
		if (!this.lines.length) return null;
		return this.block(this.lines[0].indent);
	}

	private block(indent: number): Yaml {
		const line = this.lines[this.i];
		return /^-(\s|$)/.test(line.text) ? this.sequence(indent) : this.mapping(indent);
	}

	private sequence(indent: number): Yaml[] {
		const out: Yaml[] = [];
		while (this.i < this.lines.length) {
			const line = this.lines[this.i];
			if (line.indent !== indent || !/^-(\s|$)/.test(line.text)) break;
			const rest = line.text.replace(/^-\s*/, '');
			if (!rest) {
				this.i++;
				out.push(this.i < this.lines.length && this.lines[this.i].indent > indent ? this.block(this.lines[this.i].indent) : null);
			} else if (KEY.test(rest) && !/^["'[]/.test(rest.trim()) ) {
				// `- key: value` starts a mapping whose keys sit two columns further in.
				const childIndent = indent + line.text.length - rest.length;
				this.lines[this.i] = { indent: childIndent, text: rest, no: line.no };
				out.push(this.mapping(childIndent));
			} else {
				this.i++;
				out.push(scalar(rest));
			}
		}
		return out;
	}

	private mapping(indent: number): { [key: string]: Yaml } {
		const out: { [key: string]: Yaml } = {};
		while (this.i < this.lines.length) {
			const line = this.lines[this.i];
			if (line.indent < indent) break;
			if (line.indent > indent || /^-(\s|$)/.test(line.text)) throw new Error(`line ${line.no}: unexpected indentation`);
			const match = KEY.exec(line.text);
			if (!match) throw new Error(`line ${line.no}: expected "key: value", got "${line.text}"`);
			const key = scalar(match[1]) as string;
			const value = match[2] ?? '';
			this.i++;
			if (/^[|>][-+]?$/.test(value)) {
				out[key] = this.blockScalar(line.no, indent);
			} else if (value) {
				out[key] = scalar(value);
			} else if (this.i < this.lines.length && this.lines[this.i].indent > indent) {
				out[key] = this.block(this.lines[this.i].indent);
			} else if (this.i < this.lines.length && this.lines[this.i].indent === indent && /^-(\s|$)/.test(this.lines[this.i].text)) {
				out[key] = this.sequence(indent);
			} else {
				out[key] = null;
			}
		}
		return out;
	}

	/** Raw lines (comments kept, blank lines kept) more indented than the key. */
	private blockScalar(keyLineNo: number, indent: number): string {
		const taken: string[] = [];
		while (this.i < this.lines.length && this.lines[this.i].indent > indent) this.i++;
		const end = this.i < this.lines.length ? this.lines[this.i].no - 1 : this.raw.length;
		for (let no = keyLineNo + 1; no <= end; no++) taken.push(this.raw[no - 1]);
		return taken.join('\n').replace(/\s+$/, '');
	}
}

export function parseYaml(text: string): Yaml {
	const raw = text.replace(/\r\n/g, '\n').split('\n');
	const lines: Line[] = [];
	raw.forEach((rawLine, index) => {
		if (/^\t/.test(rawLine)) throw new Error(`line ${index + 1}: tab indentation`);
		const body = stripComment(rawLine);
		if (!body.trim() || body.trim() === '---') return;
		lines.push({ indent: body.length - body.trimStart().length, text: body.trim(), no: index + 1 });
	});
	return new Parser(lines, raw).parse();
}

/** Walks a path of mapping keys; undefined when any step is missing or not a mapping. */
export function at(value: Yaml | undefined, ...keys: string[]): Yaml | undefined {
	let current = value;
	for (const key of keys) {
		if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined;
		current = current[key];
	}
	return current;
}

/** A value as a list of strings (a scalar becomes a one-element list). */
export function strings(value: Yaml | undefined): string[] {
	if (value === undefined || value === null) return [];
	if (Array.isArray(value)) return value.flatMap((v) => strings(v));
	return typeof value === 'string' ? [value] : [];
}
