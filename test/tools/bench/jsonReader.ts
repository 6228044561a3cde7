/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console */
// `npm run bench -- --json-reader [--runs 9]`: the answer reader (`readJsonBody`) against a plain
// reading of the same bytes, `JSON.parse(bytes.toString('utf8'))` after dropping a BOM, which is
// what n8n's HTTP client (axios) does with its default encoding, and against that reading itself
// (axios's default transformResponse). In-process, no n8n children, under a minute.
//
// Pages are list pages of the sandbox's visitors (its seeded data) whose human text is rewritten
// into one script each, at ~35, ~115 (one page of 100 visitors) and ~500 KB; the hostile bodies
// are 10 MB of short non-ASCII strings or keys. Paired: in each round every contender reads the
// same bytes for the same number of iterations, in an order that alternates between rounds, so
// drift of the machine (other processes, GC debt) lands on all of them. A control times the plain
// reader a second time in each round: its ratio to the first is the run-to-run noise.
import axios from 'axios';

import { readJsonBody } from '../../../nodes/Salespanel/shared/transport/jsonBody';
import { Seeder } from '../sandbox/seed';
import { fixed, spread, textTable, type Spread } from './stats';

export const JSON_SCRIPTS = ['latin', 'accented', 'emoji', 'cyrillic', 'cjk'] as const;
type Script = (typeof JSON_SCRIPTS)[number];
const PAGE_KB = [35, 115, 500];
const HOSTILE_BYTES = 10 * 1024 * 1024;
/** A page's batch of iterations lasts about this long for the plain reader. */
const BATCH_MS = 10;

/** The plain reading: UTF-8, a leading BOM dropped, the JSON when it parses, else the text. */
function plainReading(bytes: Buffer): unknown {
	let text = bytes.toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

const [axiosTransformResponse] = axios.defaults.transformResponse as Array<
	(this: object, data: unknown) => unknown
>;

/** n8n's own reading without `encoding`: axios's http adapter decodes and drops a BOM, then its default transformResponse. */
function n8nReading(bytes: Buffer): unknown {
	let text = bytes.toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	return axiosTransformResponse.call({ transitional: axios.defaults.transitional }, text);
}

// The control is the plain reader again: any ratio but 1 between the two is noise.
const CONTENDERS = {
	ours: readJsonBody,
	plain: plainReading,
	n8n: n8nReading,
	control: plainReading,
} as const;
type Contender = keyof typeof CONTENDERS;

/** Strings a person wrote or a page shows: not ids, times, URLs, e-mail addresses or codes. */
const isText = (value: string) =>
	/[A-Za-z]{2}/.test(value) &&
	!/^https?:|@|^\d{4}-\d\d-\d\d|^[0-9a-f]{8}-|^U\+|^[a-z_]+$/.test(value);

const ACCENTED: Record<string, string> = { e: 'é', a: 'à', o: 'ö', u: 'ü', c: 'ç', n: 'ñ' };

/** The text in one script; everything else (and the page structure) stays ASCII. */
function inScript(value: string, script: Script, index: number): string {
	const ascii = value.normalize('NFD').replace(/[\u0080-\uffff]/g, '');
	if (!isText(ascii)) return script === 'latin' ? ascii : value;
	switch (script) {
		case 'latin':
			return ascii;
		case 'accented':
			return ascii.replace(/[eaoucn]/g, (char, at: number) =>
				at % 3 === 0 ? ACCENTED[char] : char,
			);
		case 'emoji':
			return index % 3 === 0 ? `${value} ${['🏢', '🚀', '👋', '✅'][index % 4]}` : value;
		case 'cyrillic':
			return ascii.replace(/[a-z]/gi, (char) =>
				String.fromCharCode(
					(char >= 'a' ? 0x430 : 0x410) + (char.toLowerCase().charCodeAt(0) - 97),
				),
			);
		case 'cjk':
			return ascii.replace(/[a-z]+/gi, (word) =>
				[...word]
					.slice(0, 3)
					.map((char) => String.fromCharCode(0x4e00 + ((char.charCodeAt(0) * 131) % 5000)))
					.join(''),
			);
	}
}

function rewrite(value: unknown, script: Script, counter: { n: number }): unknown {
	if (typeof value === 'string') return inScript(value, script, counter.n++);
	if (Array.isArray(value)) return value.map((entry) => rewrite(entry, script, counter));
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [key, rewrite(entry, script, counter)]),
		);
	}
	return value;
}

/** A visitors list page of about `kb` KB in `script`, shaped as the sandbox sends one. */
function page(seeder: Seeder, script: Script, kb: number): Buffer {
	const visitors = seeder.store.visitors.map((visitor) => rewrite(visitor, script, { n: 0 }));
	const bytesOf = (count: number) => {
		const next = `https://salespanel.io/api/v1/visitors/?limit=${count}&offset=${count}`;
		const body = {
			pagination: { count: visitors.length, next, previous: null },
			results: visitors.slice(0, count),
		};
		return Buffer.from(JSON.stringify(body), 'utf8');
	};
	let low = 1;
	let high = visitors.length;
	while (low < high) {
		const mid = Math.floor((low + high) / 2);
		if (bytesOf(mid).length >= kb * 1024) high = mid;
		else low = mid + 1;
	}
	return bytesOf(low);
}

/** 10 MB a hostile server could send: many short strings, or keys, that each need decoding. */
function hostile(kind: 'strings' | 'keys'): Buffer {
	const unit = kind === 'strings' ? '"é",' : '{"ü":1},';
	const text = `[${unit.repeat(Math.floor(HOSTILE_BYTES / Buffer.byteLength(unit)))}0]`;
	return Buffer.from(text, 'utf8');
}

interface Case {
	name: string;
	script: Script | 'hostile';
	bytes: Buffer;
}

interface CaseResult {
	name: string;
	script: Case['script'];
	kb: number;
	/** Share of the body's bytes that are not ASCII. */
	nonAscii: number;
	plainMs: number;
	/** ours / plain, n8n / plain and control / plain per round. */
	ours: Spread;
	n8n: Spread;
	control: Spread;
}

/**
 * CPU milliseconds of the process (all its threads, GC helpers included) for `iterations` reads:
 * on a shared machine wall time counts the other processes' turns too.
 */
function timeBatch(read: (bytes: Buffer) => unknown, bytes: Buffer, iterations: number): number {
	const started = process.cpuUsage();
	for (let i = 0; i < iterations; i++) read(bytes);
	const used = process.cpuUsage(started);
	return (used.user + used.system) / 1000;
}

function measure(testCase: Case, rounds: number): CaseResult {
	const names = Object.keys(CONTENDERS) as Contender[];
	// Warm up every contender on these bytes, and size the batch from the plain reader.
	for (const name of names) timeBatch(CONTENDERS[name], testCase.bytes, 2);
	const once = timeBatch(plainReading, testCase.bytes, 3) / 3;
	const iterations = Math.max(1, Math.round(BATCH_MS / Math.max(once, 0.001)));
	const ratios = { ours: [] as number[], n8n: [] as number[], control: [] as number[] };
	const plainPerRead: number[] = [];
	for (let round = 0; round < rounds; round++) {
		const order = round % 2 === 0 ? names : [...names].reverse();
		const ms = {} as Record<Contender, number>;
		for (const name of order) ms[name] = timeBatch(CONTENDERS[name], testCase.bytes, iterations);
		ratios.ours.push(ms.ours / ms.plain);
		ratios.n8n.push(ms.n8n / ms.plain);
		ratios.control.push(ms.control / ms.plain);
		plainPerRead.push(ms.plain / iterations);
	}
	return {
		name: testCase.name,
		script: testCase.script,
		kb: testCase.bytes.length / 1024,
		nonAscii: testCase.bytes.filter((byte) => byte > 0x7f).length / testCase.bytes.length,
		plainMs: spread(plainPerRead).median,
		ours: spread(ratios.ours),
		n8n: spread(ratios.n8n),
		control: spread(ratios.control),
	};
}

const withRange = (s: Spread) => `${fixed(s.median)} (${fixed(s.min)}–${fixed(s.max)})`;

/** Prints the table and returns the summary line. */
export function runJsonReader(rounds: number, log: (line: string) => void): string {
	// The sandbox's default seed; 600 visitors cover the largest page.
	const seeder = new Seeder({
		seed: 42,
		visitors: 600,
		companies: 40,
		segments: 12,
		now: () => Date.UTC(2026, 11, 1),
	});
	const cases: Case[] = [];
	for (const script of JSON_SCRIPTS) {
		for (const kb of PAGE_KB)
			cases.push({ name: `${script} ${kb} KB`, script, bytes: page(seeder, script, kb) });
	}
	cases.push({ name: 'hostile 10 MB strings', script: 'hostile', bytes: hostile('strings') });
	cases.push({ name: 'hostile 10 MB keys', script: 'hostile', bytes: hostile('keys') });
	// Every reading must be the same before any is timed.
	for (const { name, bytes } of cases) {
		const expected = JSON.stringify(plainReading(bytes));
		if (JSON.stringify(readJsonBody(bytes)) !== expected)
			throw new Error(`readJsonBody reads "${name}" differently from the plain reading`);
		if (JSON.stringify(n8nReading(bytes)) !== expected)
			throw new Error(`n8n's reading of "${name}" differs from the plain reading`);
	}
	const results: CaseResult[] = [];
	for (const testCase of cases) {
		const result = measure(
			testCase,
			testCase.script === 'hostile' ? Math.max(3, Math.ceil(rounds / 2)) : rounds,
		);
		results.push(result);
		log(
			`${result.name}: ours/plain ${withRange(result.ours)}, n8n ${withRange(result.n8n)}, control ${withRange(result.control)}, plain ${fixed(result.plainMs, 2)} CPU ms per read`,
		);
	}
	console.log('');
	console.log(
		textTable(
			[
				'Body',
				'KB',
				'non-ASCII bytes',
				'plain CPU ms/read',
				'ours / plain (min–max)',
				'n8n / plain',
				'control / plain',
			],
			results.map((r) => [
				r.name,
				fixed(r.kb, 0),
				`${fixed(r.nonAscii * 100, 1)} %`,
				fixed(r.plainMs, 2),
				withRange(r.ours),
				withRange(r.n8n),
				withRange(r.control),
			]),
		),
	);
	console.log('');
	// Per script: the medians over its page sizes (lowest–highest). Noise: how far the control's
	// median strays from 1 in the worst case, where both read exactly the same way; the hostile
	// bodies apart (fewer rounds, and each read leaves ~100 MB for the GC).
	const lowestHighest = (medians: number[]) => {
		const s = spread(medians);
		return s.min === s.max ? fixed(s.median) : `${fixed(s.min)}–${fixed(s.max)}`;
	};
	const perScript = (script: Case['script']) =>
		lowestHighest(results.filter((r) => r.script === script).map((r) => r.ours.median));
	const noise = (hostile: boolean) =>
		fixed(
			Math.max(
				...results
					.filter((r) => (r.script === 'hostile') === hostile)
					.map((r) => Math.abs(r.control.median - 1)),
			),
		);
	return (
		`bench-json: node=${process.version} ${JSON_SCRIPTS.map((script) => `${script}=${perScript(script)}`).join(' ')} ` +
		`hostile10mb=${perScript('hostile')} n8n_default=${lowestHighest(results.map((r) => r.n8n.median))} noise=±${noise(false)} noise_hostile=±${noise(true)} ` +
		`(ratio = readJsonBody / plain, medians of ${rounds} paired rounds per page size, ${Math.max(3, Math.ceil(rounds / 2))} per hostile body)`
	);
}
