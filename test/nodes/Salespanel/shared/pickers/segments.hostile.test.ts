// The Segments picker against hostile servers (a loopback server, through n8n-core's
// LoadOptionsContext): endless `next`, repeated pages, count 1e12, megabyte titles, junk entries.
// Bounded, with a clear error.
import { MAX_PICKER_SEGMENTS } from '../../../../../nodes/Salespanel/shared/pickers/segments';
import { json, startLoopback, type Loopback } from '../../../../tools/support/loopback';
import { createSalespanelEngine as engineFor } from '../../../../tools/support/node-env';
import { loopbackOnly } from '../../../../tools/support/loopbackApi';
import { loadSegments as getSegments } from './pickerCalls';

const TOKEN = ['segments', 'picker', 'token', '51c0'].join('-');

loopbackOnly();

describe('Segments picker against hostile servers: bounded, with a clear error', () => {
	let api: Loopback;
	beforeAll(async () => {
		api = await startLoopback();
	});
	afterAll(async () => await api.close());
	beforeEach(() => {
		api.hits.length = 0;
	});
	const offsetOf = (url: string) =>
		Number(new URL(url, 'http://x').searchParams.get('offset') ?? 0);
	const limitOf = (url: string) =>
		Number(new URL(url, 'http://x').searchParams.get('limit') ?? 100);
	const segment = (i: number) => ({ segment_id: `seg-${i}`, name: `Segment ${i}` });

	test('`next` that never ends with new segments and no count: stops after one page more than the picker shows', async () => {
		api.handle = (req, res) => {
			const offset = offsetOf(req.url ?? '');
			const limit = limitOf(req.url ?? '');
			const results = Array.from({ length: limit }, (_, k) => segment(offset + k));
			json(res, 200, {
				pagination: {
					next: `${api.url}/api/v1/segments/?offset=${offset + limit}`,
					previous: null,
				},
				results,
			});
		};
		await expect(getSegments(engineFor(api.url, TOKEN))).rejects.toThrow(
			`Salespanel listed more than ${MAX_PICKER_SEGMENTS} segments, too many to pick from: switch this field to Expression and type segment titles or IDs`,
		);
		expect(api.hits.length).toBe(MAX_PICKER_SEGMENTS / 100 + 1);
	});

	test('`next` that never ends, the same page again: the pagination error, requests bounded by the first count', async () => {
		api.handle = (_req, res) =>
			json(res, 200, {
				pagination: { count: 400, next: `${api.url}/api/v1/segments/?offset=100`, previous: null },
				results: Array.from({ length: 100 }, (_, k) => segment(k)),
			});
		await expect(getSegments(engineFor(api.url, TOKEN))).rejects.toThrow(
			/^Salespanel's pagination did not end: it sent only items already read at offset 100/,
		);
		// The first page and the 3 pages its count plans (read at once); the error comes at the second.
		expect(api.hits.length).toBe(4);
	});

	test('a 1 MB title, two titles equal in their first 200 characters, count 1e12: labels of at most 120 characters, told apart by ID', async () => {
		const long = 'Visited pricing and '.repeat(52_429);
		api.handle = (_req, res) =>
			json(res, 200, {
				pagination: { count: 1e12, next: null, previous: null },
				results: [
					{ segment_id: 'huge', name: long },
					{ segment_id: 'b-2', name: `${'Enterprise prospects '.repeat(10)}in Europe` },
					{ segment_id: 'a-1', name: `${'Enterprise prospects '.repeat(10)}in Asia` },
					{ segment_id: 'x'.repeat(300), name: 'Long ID' },
				],
			});
		const options = await getSegments(engineFor(api.url, TOKEN));
		const prospects = `${'Enterprise prospects '.repeat(10).slice(0, 120 - ' (a-1)'.length - 1)}…`;
		expect(options).toEqual([
			{ name: `${prospects} (a-1)`, value: 'a-1', description: 'Segment ID a-1' },
			{ name: `${prospects} (b-2)`, value: 'b-2', description: 'Segment ID b-2' },
			{ name: 'Long ID', value: 'x'.repeat(300), description: `Segment ID ${'x'.repeat(108)}…` },
			{ name: `${long.slice(0, 119)}…`, value: 'huge', description: 'Segment ID huge' },
		]);
		expect(
			options.every(
				(option) => option.name.length <= 120 && String(option.description).length <= 120,
			),
		).toBe(true);
		expect(api.hits.length).toBe(1);
	});

	test('`next` that never ends with new segments, count 1e12: the "too many" error after 11 requests', async () => {
		api.handle = (req, res) => {
			const offset = offsetOf(req.url ?? '');
			const limit = limitOf(req.url ?? '');
			json(res, 200, {
				pagination: {
					count: 1e12,
					next: `${api.url}/api/v1/segments/?offset=${offset + limit}`,
					previous: null,
				},
				results: Array.from({ length: limit }, (_, k) => segment(offset + k)),
			});
		};
		await expect(getSegments(engineFor(api.url, TOKEN))).rejects.toThrow(
			`Salespanel listed more than ${MAX_PICKER_SEGMENTS} segments, too many to pick from`,
		);
		expect(api.hits.length).toBe(MAX_PICKER_SEGMENTS / 100 + 1);
	});

	test('non-object entries: a shape error naming the entry, after one request', async () => {
		api.handle = (_req, res) =>
			json(res, 200, {
				pagination: { count: 3, next: null, previous: null },
				results: [segment(1), 'Trial Users', segment(2)],
			});
		await expect(getSegments(engineFor(api.url, TOKEN))).rejects.toThrow(
			'Salespanel sent a collection entry that is not an object: results[1] is a text of 11 characters',
		);
		expect(api.hits.length).toBe(1);
	});

	test('entries without a usable ID are left out; equal titles are told apart by ID; the token is sent', async () => {
		api.handle = (_req, res) =>
			json(res, 200, {
				pagination: { count: 5, next: null, previous: null },
				results: [
					{ segment_id: 'b-2', name: 'Trial Users' },
					{ segment_id: 'a-1', name: 'Trial Users' },
					{ segment_id: null, name: 'No ID' },
					{ name: 'Missing ID' },
					{ segment_id: 'c-3', name: '  ' },
				],
			});
		const options = await getSegments(engineFor(api.url, TOKEN));
		expect(options.map(({ name, value }) => ({ name, value }))).toEqual([
			{ name: 'c-3', value: 'c-3' },
			{ name: 'Trial Users (a-1)', value: 'a-1' },
			{ name: 'Trial Users (b-2)', value: 'b-2' },
		]);
		expect(api.hits.map((h) => h.authorization)).toEqual([`Token ${TOKEN}`]);
	});
});
