// Input validation (pure): what each field accepts before any request.
import {
	parseJsonObject,
	parseLimit,
	parseVisitorIdentifier,
	validateAttributes,
} from '../../../../../nodes/Salespanel/shared/helpers/validation';
import { toNode } from '../../../../tools/harness';

const node = toNode({ name: 'Salespanel', type: 'n8n-nodes-salespanel.salespanel' });

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
	it.each(['', '   ', 'jane', 'jane@', '@acme.com', 'be8364a3-59b2', 'jane doe@acme.com'])(
		'rejects identifier %j',
		(value) => {
			expect(() => parseVisitorIdentifier(node, 0, 'Visitor ID or Email', value)).toThrow(
				/Visitor ID or Email/,
			);
		},
	);
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
		expect(validateAttributes(node, 0, 'A', { a: 'x', b: 1.5, c: false })).toEqual({
			a: 'x',
			b: 1.5,
			c: false,
		});
		expect(() => validateAttributes(node, 0, 'A', { a: null })).toThrow(/"a".*null/);
		expect(() => validateAttributes(node, 0, 'A', { a: { b: 1 } })).toThrow(/an object/);
		expect(() => validateAttributes(node, 0, 'A', { ' ': 1 })).toThrow(/empty name/);
		expect(() => validateAttributes(node, 0, 'A', {})).toThrow(/no attributes/);
		expect(
			validateAttributes(node, 0, 'A', [
				['toString', 'x'],
				[' valueOf ', 2],
			]),
		).toEqual({ toString: 'x', valueOf: 2 });
		expect(() =>
			validateAttributes(node, 0, 'A', [
				['a', 1],
				['a ', 2],
			]),
		).toThrow(/"a" appears twice/);
	});
});
