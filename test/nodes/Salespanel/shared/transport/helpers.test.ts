// Pure helpers of the transport and validation layers. Operations are proven through the engine
// in the other suites; these pin the arithmetic and parsing that those suites rely on.
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { simplifyVisitor } from '../../../../../nodes/Salespanel/shared/helpers/simplify';
import {
	parseJsonObject,
	parseLimit,
	parseVisitorIdentifier,
	validateAttributes,
} from '../../../../../nodes/Salespanel/shared/helpers/validation';
import {
	backoffDelay,
	describeErrorBody,
	isRetryableNetworkFailure,
	isRetryableStatus,
	networkErrorCode,
	parseRetryAfter,
	redactSecret,
	RequestPacer,
	resolveApiRoot,
	retryDelay,
} from '../../../../../nodes/Salespanel/shared/transport';

const node: INode = {
	id: '1',
	name: 'Salespanel',
	type: 'n8n-nodes-salespanel.salespanel',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('resolveApiRoot', () => {
	it.each([
		['https://salespanel.io', 'https://salespanel.io/api/v1'],
		['https://salespanel.io/', 'https://salespanel.io/api/v1'],
		['  https://proxy.example.com/salespanel/ ', 'https://proxy.example.com/salespanel/api/v1'],
		['http://localhost:8787', 'http://localhost:8787/api/v1'],
		['http://127.0.0.1:9000/', 'http://127.0.0.1:9000/api/v1'],
		['http://[::1]:9000', 'http://[::1]:9000/api/v1'],
		['', 'https://salespanel.io/api/v1'],
	])('accepts %j', (input, expected) => {
		expect(resolveApiRoot(node, input)).toBe(expected);
	});

	it.each(['http://salespanel.io', 'http://10.0.0.5:8000', 'ftp://salespanel.io', 'javascript:alert(1)', 'not a url'])(
		'refuses %j before any request',
		(input) => {
			expect(() => resolveApiRoot(node, input)).toThrow(NodeOperationError);
		},
	);
});

describe('parseRetryAfter', () => {
	it('reads whole and decimal seconds and HTTP dates', () => {
		expect(parseRetryAfter('12')).toBe(12_000);
		expect(parseRetryAfter('0.35')).toBe(350);
		expect(parseRetryAfter(['3'])).toBe(3_000);
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
	});
	it('gives undefined for absent or unreadable values, 0 for a past date', () => {
		expect(parseRetryAfter(undefined)).toBeUndefined();
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter('-4')).toBeUndefined();
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
	});
});

describe('retryDelay', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');
	it('never waits less than the back-off, whatever Retry-After says', () => {
		for (const retryAfter of ['0', '-5', 'soon', undefined, 'Wed, 31 Dec 2025 23:00:00 GMT']) {
			expect(retryDelay(retryAfter, 0, 1000, 30_000, now)).toBeGreaterThanOrEqual(500);
			expect(retryDelay(retryAfter, 3, 1000, 30_000, now)).toBeGreaterThanOrEqual(4000);
		}
	});
	it('waits what the server asks when that is longer', () => {
		expect(retryDelay('120', 0, 1000, 30_000, now)).toBe(120_000);
		expect(retryDelay('1000000', 0, 1000, 30_000, now)).toBe(1_000_000_000);
	});
});

describe('redactSecret', () => {
	const secret = ['abcd', '1234', 'redactme'].join('-');
	it('replaces the secret in strings, nested objects and error fields, in place', () => {
		const body = { detail: `bad ${secret}`, fields: { email: [`${secret}!`] } };
		expect(redactSecret(body, secret)).toEqual({ detail: 'bad [redacted]', fields: { email: ['[redacted]!'] } });
		const error = Object.assign(new Error(`x ${secret}`), { description: secret, context: { data: secret }, node: { parameters: { value: secret } } });
		redactSecret(error, secret);
		expect([error.message, error.description, error.context.data, error.stack?.includes(secret)]).toEqual(['x [redacted]', '[redacted]', '[redacted]', false]);
		// The workflow's own node is not the server's text: left alone.
		expect(error.node.parameters.value).toBe(secret);
	});
	it('leaves values alone when the secret is too short to redact safely', () => {
		expect(redactSecret('a b c', 'a')).toBe('a b c');
		expect(redactSecret('anything', '')).toBe('anything');
	});
});

describe('retry policy', () => {
	it('retries GETs after resets and time-outs but POSTs only when the connection was refused', () => {
		expect(isRetryableNetworkFailure('GET', 'ECONNRESET')).toBe(true);
		expect(isRetryableNetworkFailure('GET', 'ETIMEDOUT')).toBe(true);
		expect(isRetryableNetworkFailure('POST', 'ECONNRESET')).toBe(false);
		expect(isRetryableNetworkFailure('POST', 'ETIMEDOUT')).toBe(false);
		expect(isRetryableNetworkFailure('POST', 'ECONNREFUSED')).toBe(true);
		expect(isRetryableNetworkFailure('GET', 'ENOTFOUND')).toBe(false);
	});
	it('retries 5xx for GET only, 429 always, never other 4xx', () => {
		expect(isRetryableStatus('GET', 503)).toBe(true);
		expect(isRetryableStatus('POST', 500)).toBe(false);
		expect(isRetryableStatus('POST', 429)).toBe(true);
		expect(isRetryableStatus('GET', 404)).toBe(false);
	});
	it('backs off exponentially with jitter between 50 and 100 % of the capped ceiling', () => {
		expect(backoffDelay(0, 1000, 30_000, () => 0)).toBe(500);
		expect(backoffDelay(0, 1000, 30_000, () => 1)).toBe(1000);
		expect(backoffDelay(3, 1000, 30_000, () => 1)).toBe(8000);
		expect(backoffDelay(10, 1000, 30_000, () => 1)).toBe(30_000);
	});
	it('finds network codes through wrappers and messages', () => {
		expect(networkErrorCode({ message: 'x', cause: { code: 'ECONNRESET' } })).toBe('ECONNRESET');
		expect(networkErrorCode(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toBe('ECONNREFUSED');
		expect(networkErrorCode(new Error('socket hang up'))).toBe('ECONNRESET');
		expect(networkErrorCode(new Error('Bad request'))).toBeUndefined();
	});
});

describe('RequestPacer (sliding window like DRF)', () => {
	it('lets a full window through, then waits for the oldest request to leave it', () => {
		const pacer = new RequestPacer({ requestsPerWindow: 3, windowMs: 1000 });
		pacer.record(0);
		pacer.record(10);
		expect(pacer.delayFor(20)).toBe(0);
		pacer.record(20);
		expect(pacer.delayFor(500)).toBe(500);
		expect(pacer.delayFor(1000)).toBe(0);
		pacer.record(1000);
		expect(pacer.delayFor(1001)).toBe(9);
	});
	it('waits through its clock until the window has room', async () => {
		// A clock on which only the pacer's own sleeps pass, so a busy machine cannot shorten the waits.
		let now = 1_000_000;
		const waits: number[] = [];
		const clock = {
			now: () => now,
			sleep: async (ms: number) => {
				waits.push(ms);
				now += ms;
			},
		};
		const pacer = new RequestPacer({ requestsPerWindow: 2, windowMs: 10_000 }, undefined, clock);
		for (let i = 0; i < 5; i++) {
			await pacer.waitForSlot();
			pacer.record();
		}
		// Two waits of exactly one window: requests 3 and 5 waited for the oldest to leave.
		expect(waits).toEqual([10_000, 10_000]);
	});
	it('never waits when pacing is off', () => {
		const pacer = new RequestPacer({ requestsPerWindow: 0, windowMs: 1000 });
		for (let i = 0; i < 100; i++) pacer.record(0);
		expect(pacer.delayFor(0)).toBe(0);
	});
});

describe('describeErrorBody', () => {
	it('reads DRF detail and field errors', () => {
		expect(describeErrorBody({ detail: 'Invalid token.' })).toBe('Invalid token.');
		expect(describeErrorBody({ email: ['Enter a valid email address.'], non_field_errors: ['Bad.'] })).toBe(
			'email: Enter a valid email address.; Bad.',
		);
		expect(describeErrorBody('<html>oops</html>')).toBeUndefined();
		expect(describeErrorBody(null)).toBeUndefined();
	});
});

describe('validation', () => {
	it('tells visitor IDs from emails and encodes them for a path', () => {
		expect(parseVisitorIdentifier(node, 0, 'f', 'BE8364A3-59b2-d17e-988f-27fb997df240')).toEqual({
			kind: 'id',
			value: 'be8364a3-59b2-d17e-988f-27fb997df240',
			encoded: 'be8364a3-59b2-d17e-988f-27fb997df240',
		});
		expect(parseVisitorIdentifier(node, 0, 'f', ' jane+news@acme.com ')).toEqual({
			kind: 'email',
			value: 'jane+news@acme.com',
			encoded: 'jane%2Bnews%40acme.com',
		});
	});
	it.each(['', '   ', 'jane', 'jane@', '@acme.com', 'be8364a3-59b2', 'jane doe@acme.com'])('rejects identifier %j', (value) => {
		expect(() => parseVisitorIdentifier(node, 0, 'Visitor ID or Email', value)).toThrow(/Visitor ID or Email/);
	});
	it.each([0, -1, 2.5, 'ten', null])('rejects limit %j', (value) => {
		expect(() => parseLimit(node, 0, value)).toThrow(/'Limit'/);
	});
	it('parses JSON objects only', () => {
		expect(parseJsonObject(node, 0, 'Metadata', '{"a":1}')).toEqual({ a: 1 });
		expect(parseJsonObject(node, 0, 'Metadata', '')).toEqual({});
		expect(() => parseJsonObject(node, 0, 'Metadata', '[1]')).toThrow(/must be a JSON object/);
		expect(() => parseJsonObject(node, 0, 'Metadata', '{a:1}')).toThrow(/not valid JSON/);
	});
	it('accepts string, number and boolean attribute values only', () => {
		expect(validateAttributes(node, 0, 'A', { a: 'x', b: 1.5, c: false })).toEqual({ a: 'x', b: 1.5, c: false });
		expect(() => validateAttributes(node, 0, 'A', { a: null })).toThrow(/"a".*null/);
		expect(() => validateAttributes(node, 0, 'A', { a: { b: 1 } })).toThrow(/an object/);
		expect(() => validateAttributes(node, 0, 'A', { ' ': 1 })).toThrow(/empty name/);
		expect(() => validateAttributes(node, 0, 'A', {})).toThrow(/no attributes/);
		expect(validateAttributes(node, 0, 'A', [['toString', 'x'], [' valueOf ', 2]])).toEqual({ toString: 'x', valueOf: 2 });
		expect(() => validateAttributes(node, 0, 'A', [['a', 1], ['a ', 2]])).toThrow(/"a" appears twice/);
	});
});

describe('simplifyVisitor', () => {
	it('reads API and webhook spellings alike', () => {
		const simplified = simplifyVisitor({
			contact_id: 'c1',
			person_details: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
			qualified_segments: [{ id: 42, name: 'Enterprise' }, 'Hot'],
			web_activity_summary: { total_page_views: 12, total_sessions: 3, first_visit: 'a', last_visit: 'b' },
		});
		expect(simplified).toMatchObject({
			contact_id: 'c1',
			name: 'Ada Lovelace',
			email: 'ada@example.com',
			segments: ['Enterprise', 'Hot'],
			page_visits: 12,
			sessions: 3,
			first_seen: 'a',
			last_seen: 'b',
			company_name: null,
			tags: [],
		});
	});
});
