// readJsonBody (a pure helper) reads the raw bytes the client asks n8n for. Its reading must be
// exactly n8n's own (axios with its defaults: UTF-8, BOM dropped, JSON when it parses, else the
// text), whatever the bytes: random documents with every kind of character, escapes, invalid
// UTF-8, a BOM, torn JSON, served by a loopback server and fetched through n8n-core's own
// httpRequest both ways; plus the hostile shapes by name, and a hostile body's cost: one decode.
import nock from 'nock';
import { httpRequest } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import type { IN8nHttpFullResponse } from 'n8n-workflow';

import { readJsonBody } from '../../../../../nodes/Salespanel/shared/transport/jsonBody';
import { startLoopback, type Loopback } from '../../../../tools/support/loopback';

/** Structure, values, key order and own `__proto__` keys: JSON.stringify shows all of them. */
const same = (actual: unknown, expected: unknown) => {
	expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
	expect(actual).toStrictEqual(expected);
};

/** A seeded generator, so a failure names a case that can be run again. */
function random(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (n: number) => Math.floor(next() * n);
	return { next, int, pick: <T>(values: T[]) => values[int(values.length)] };
}

const SAMPLES = [
	'a',
	'Z',
	' ',
	'"',
	'\\',
	'/',
	'\n',
	'\u0001',
	'é',
	'ß',
	'ÿ',
	'\u0080',
	'\u00a0',
	'Ā',
	'ж',
	'中',
	'€',
	'\u2028',
	'😀',
	'🏢',
	'\ud83d',
	'\udc00',
	'\ufeff',
	'\uffff',
];

function randomString(rng: ReturnType<typeof random>): string {
	let text = '';
	for (let i = rng.int(12); i > 0; i--) text += rng.pick(SAMPLES);
	return text;
}

function randomValue(rng: ReturnType<typeof random>, depth: number): unknown {
	const kind = depth > 4 ? rng.int(4) : rng.int(7);
	if (kind === 0) return randomString(rng);
	if (kind === 1) return rng.int(3) === 0 ? null : rng.next() * 1000;
	if (kind === 2) return rng.int(2) === 0;
	if (kind === 3) return rng.int(100);
	if (kind === 4) return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
	const object: Record<string, unknown> = {};
	for (let i = rng.int(5); i > 0; i--) {
		const key = rng.int(8) === 0 ? '__proto__' : randomString(rng);
		Object.defineProperty(object, key, {
			value: randomValue(rng, depth + 1),
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return object;
}

/** Rewrites some non-ASCII characters of a JSON text as \u escapes (as ensure_ascii would). */
function escapeSome(text: string, rng: ReturnType<typeof random>): string {
	return text.replace(/[\u0080-\uffff]/g, (char) =>
		rng.int(3) === 0 ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : char,
	);
}

/** Puts a few invalid UTF-8 bytes into the text's string values (or anywhere, sometimes). */
function corrupt(bytes: Buffer, rng: ReturnType<typeof random>): Buffer {
	const out = [...bytes];
	for (let i = rng.int(3) + 1; i > 0; i--) {
		const at = rng.int(out.length + 1);
		out.splice(at, 0, rng.pick([0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xf0, 0xff]));
	}
	return Buffer.from(out);
}

describe("the same reading as n8n's own, through n8n-core's httpRequest", () => {
	let server: Loopback;
	const bodies = new Map<string, Buffer>();
	beforeAll(async () => {
		nock.disableNetConnect();
		nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
		server = await startLoopback((req, res) =>
			res.writeHead(200, { 'Content-Type': 'application/json' }).end(bodies.get(req.url ?? '')),
		);
	});
	afterAll(async () => {
		await server.close();
		nock.enableNetConnect();
	});

	/** The body of `path` as n8n hands it over: as the client asks (raw bytes), or with n8n's defaults. */
	const fetch = async (path: string, rawBytes: boolean) => {
		const answer = (await httpRequest({
			method: 'GET',
			url: `${server.url}${path}`,
			json: true,
			...(rawBytes ? { encoding: 'arraybuffer' as const } : {}),
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
		return answer.body as unknown;
	};

	test('1,000 random documents, raw or with escapes, with or without a BOM, sometimes torn or with invalid UTF-8', async () => {
		let nonAscii = 0;
		for (let seed = 1; seed <= 1000; seed++) {
			const rng = random(seed);
			let text = JSON.stringify(randomValue(rng, 0));
			if (rng.int(3) === 0) text = escapeSome(text, rng);
			if (rng.int(10) === 0) text = text.slice(0, rng.int(text.length));
			let bytes: Buffer = Buffer.from(text, 'utf8');
			if (rng.int(5) === 0) bytes = corrupt(bytes, rng);
			if (rng.int(5) === 0) bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
			if (bytes.some((byte) => byte > 0x7f)) nonAscii++;
			bodies.set(`/doc/${seed}`, bytes);
		}
		const mismatches: string[] = [];
		const seeds = [...bodies.keys()];
		for (let at = 0; at < seeds.length; at += 25) {
			await Promise.all(
				seeds.slice(at, at + 25).map(async (path) => {
					const [raw, n8n] = await Promise.all([fetch(path, true), fetch(path, false)]);
					expect(Buffer.isBuffer(raw)).toBe(true);
					// JSON.stringify shows structure, values, key order and own "__proto__" keys.
					if (JSON.stringify(readJsonBody(raw)) !== JSON.stringify(n8n))
						mismatches.push(`${path}: ${bodies.get(path)?.toString('base64')}`);
				}),
			);
		}
		expect(mismatches).toEqual([]);
		expect(nonAscii).toBeGreaterThan(600);
	});

	test('an empty body: "" both ways', async () => {
		bodies.set('/empty', Buffer.alloc(0));
		expect(readJsonBody(await fetch('/empty', true))).toBe('');
		expect(await fetch('/empty', false)).toBe('');
	});
});

describe('by name', () => {
	const read = (text: string | Buffer) =>
		readJsonBody(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'));

	test('a page of Salespanel visitors with accents and emoji: decoded, order kept', () => {
		const page = {
			pagination: { count: 2, next: null },
			results: [{ name: 'Zoë Müller 🏢', title: '价格 – Preise' }, { name: 'Ana' }],
		};
		same(read(JSON.stringify(page)), page);
	});

	test('a hostile body of 100,000 short non-ASCII strings and keys: one UTF-8 decode of the whole body, nothing per string', () => {
		// Per-string decoding made a 10 MB body of such strings cost 4-14 times a plain decode and parse.
		const bytes = Buffer.from(
			JSON.stringify(
				Array.from({ length: 50_000 }, (_, index) => ({ [`ü${index % 7}`]: `é${index % 5}` })),
			),
			'utf8',
		);
		const toString = jest.spyOn(Buffer.prototype, 'toString');
		try {
			const result = readJsonBody(bytes) as Array<Record<string, string>>;
			expect(result).toHaveLength(50_000);
			expect(result[49_999]).toEqual({ ü5: 'é4' });
			expect(toString.mock.calls).toEqual([['utf8']]);
			expect(toString.mock.contexts[0]).toBe(bytes);
		} finally {
			toString.mockRestore();
		}
	});

	test('keys with non-ASCII characters keep their places', () => {
		const text = '{"a":1,"größe":2,"z":"ü","日付":{"ключ":"值"},"0":0}';
		const result = read(text) as Record<string, unknown>;
		same(result, JSON.parse(text));
		expect(Object.keys(result)).toEqual(['0', 'a', 'größe', 'z', '日付']);
	});

	test('"__proto__" keys stay own data properties and pollute nothing', () => {
		const text =
			'{"__proto__":"Überweisung","x":{"__proto__":{"polluted":"ja ✓"}},"größe":{"__proto__":"ß"}}';
		const result = read(text) as Record<string, unknown>;
		same(result, JSON.parse(text));
		expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
		expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toBe('Überweisung');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	test('an escaped and a raw é in one body: the escape is not decoded twice', () => {
		same(read('{"a":"caf\\u00e9","b":"café","c":"\\u00e9é","d":"\\u2603☃"}'), {
			a: 'café',
			b: 'café',
			c: 'éé',
			d: '☃☃',
		});
	});

	test('invalid UTF-8 inside a string: U+FFFD as axios gives it; two keys that both become U+FFFD: the last value wins', () => {
		const bytes = Buffer.concat([
			Buffer.from('{"k":"a'),
			Buffer.from([0xc3]),
			Buffer.from('","'),
			Buffer.from([0x80]),
			Buffer.from('":1,"'),
			Buffer.from([0xff]),
			Buffer.from('":2}'),
		]);
		same(readJsonBody(bytes), { k: 'a\ufffd', '\ufffd': 2 });
	});

	test('not JSON: the text decoded as UTF-8 (as axios gives it), not as Latin-1', () => {
		expect(read('<html>Zoë</html>')).toBe('<html>Zoë</html>');
		expect(read('{"a":"ü"')).toBe('{"a":"ü"');
		expect(read(Buffer.from([0x7b, 0xa0, 0x7d]))).toBe('{\ufffd}');
	});

	test('a BOM is dropped; an empty body is ""; a top-level string is decoded', () => {
		expect(read(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('{"ü":"ö"}')]))).toEqual({ ü: 'ö' });
		expect(read(Buffer.alloc(0))).toBe('');
		expect(read(Buffer.from([0xef, 0xbb, 0xbf]))).toBe('');
		expect(read('"Grüße"')).toBe('Grüße');
		expect(read('null')).toBeNull();
		expect(read('17')).toBe(17);
	});

	test('nested 200,000 deep with a non-ASCII leaf: no stack overflow, the same result', () => {
		const depth = 200_000;
		const text = `${'['.repeat(depth)}"ü"${']'.repeat(depth)}`;
		let result = read(text);
		for (let level = 0; level < depth; level++) result = (result as unknown[])[0];
		expect(result).toBe('ü');
	});

	test('a huge array (300,000 entries) with non-ASCII strings here and there: every entry as sent', () => {
		const entries = Array.from({ length: 300_000 }, (_, index) =>
			index % 100_000 === 7 ? `Zoë ${index} 🏢` : index % 3 === 0 ? { n: index } : index,
		);
		const bytes = Buffer.from(JSON.stringify(entries), 'utf8');
		const result = readJsonBody(bytes) as unknown[];
		expect(result).toHaveLength(300_000);
		expect(result[200_007]).toBe('Zoë 200007 🏢');
		expect(JSON.stringify(result)).toBe(JSON.stringify(entries));
	});

	test('anything but bytes is passed on as it is', () => {
		const parsed = { a: 1 };
		expect(readJsonBody(parsed)).toBe(parsed);
		expect(readJsonBody('text')).toBe('text');
		expect(readJsonBody(undefined)).toBeUndefined();
	});
});
