// Reading JSON values (pure): objects, and the three text readings of values.ts's table.
import {
	asObject,
	isObject,
	textAsSent,
	trimmedText,
	visibleText,
} from '../../../../../nodes/Salespanel/shared/helpers/values';

describe('isObject / asObject', () => {
	it.each([
		[{}, true],
		[{ a: 1 }, true],
		[[], false],
		[null, false],
		['x', false],
		[1, false],
		[undefined, false],
	])('%j is an object: %p', (value, expected) => {
		expect(isObject(value)).toBe(expected);
		expect(asObject(value)).toEqual(expected ? value : {});
	});
});

describe('the three text readings', () => {
	// The table in values.ts, row by row.
	it.each([
		['', null, null, null],
		['  ', '  ', null, null],
		[' a ', ' a ', ' a ', 'a'],
		[5, '5', '5', '5'],
		[Number.NaN, 'NaN', 'NaN', null],
		[Number.POSITIVE_INFINITY, 'Infinity', 'Infinity', null],
		[null, null, null, null],
		[true, null, null, null],
		[{ a: 1 }, null, null, null],
		[['a'], null, null, null],
	])('%j: as sent %j, visible %j, trimmed %j', (value, asSent, visible, trimmed) => {
		expect([textAsSent(value), visibleText(value), trimmedText(value)]).toEqual([
			asSent,
			visible,
			trimmed,
		]);
	});
});
