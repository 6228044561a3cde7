/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Return All against servers whose list never ends, lies in `count` or sends junk, through the real
// n8n-core engine against a loopback server (nock blocks everything else): always a clear error,
// never a short or padded result, and no number a server states sizes a plan or an allocation.
// The page loop's own rules, as a pure helper, are in pageLoop.hostile.test.ts.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	backoffDelay,
	DEFAULT_CLIENT_SETTINGS,
} from '../../../../../nodes/Salespanel/shared/transport';
import { MAX_PAGES_PER_WALK } from '../../../../../nodes/Salespanel/shared/transport/pageLoop';
import { chain, manualTrigger, type RunResult } from '../../../../tools/harness';
import { recordingClock, runProbe, type ProbeWork } from '../../../../tools/support/client-probe';
import { json } from '../../../../tools/support/loopback';
import { loopbackOnly, useLoopback } from '../../../../tools/support/loopbackApi';
import {
	createSalespanelEngine,
	NODE_NAME,
	salespanelNode,
} from '../../../../tools/support/node-env';

const TOKEN = ['hostile', 'pages', 'token', '7e2a4c1b'].join('-');
const { backoffBaseMs, backoffCapMs, maxInvalidJsonRetries } = DEFAULT_CLIENT_SETTINGS;
/** The least back-off before retry number `attempt` (0-based): jitter never goes below half. */
const floor = (attempt: number) => backoffDelay(attempt, backoffBaseMs, backoffCapMs, () => 0);

loopbackOnly();
const api = useLoopback();

const runNode = async (parameters: IDataObject, extra: IDataObject = {}): Promise<RunResult> =>
	await createSalespanelEngine(api.url, TOKEN).run(
		chain([manualTrigger(), salespanelNode(parameters as INodeParameters, extra)]),
	);
const listSegments = async () =>
	await runNode({ resource: 'segment', operation: 'getAll', returnAll: true });
const probe = async (settings: Parameters<typeof runProbe>[1], work: ProbeWork) =>
	await runProbe({ baseUrl: api.url, apiToken: TOKEN }, settings, work);
const description = (result: RunResult) =>
	(result.error as { description?: string } | undefined)?.description;

describe('3. Return All always ends', () => {
	const visitors = (from: number, count: number) =>
		Array.from({ length: count }, (_, i) => ({
			contact_id: `00000000-0000-0000-0000-${String(from + i).padStart(12, '0')}`,
		}));
	const listVisitors = async (extra: IDataObject = {}) =>
		await runNode({
			resource: 'visitor',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
			...extra,
		});
	const offsetOf = (url: string) => Number(new URL(url, api.url).searchParams.get('offset'));
	/** Answers visitor pages from `page(offset)`. */
	const serve = (page: (offset: number) => IDataObject) => {
		api.handle = (req, res) => json(res, 200, page(offsetOf(req.url ?? '/')));
	};
	const NEXT = 'https://salespanel.io/api/v1/visitors/?limit=100&offset=100';

	test('the same page forever (offset ignored, next never null): a clear error at the second page', async () => {
		serve(() => ({
			pagination: { count: 1000, next: NEXT, previous: null },
			results: visitors(0, 100),
		}));
		const result = await listVisitors();
		expect(result.error?.message).toBe(
			"Salespanel's pagination did not end: it sent only items already read at offset 100 and still announced a next page (100 items read)",
		);
		// The first page's count plans 9 more pages, read at once: the requests stay bounded by that plan.
		expect(api.hits.map((hit) => offsetOf(hit.url))).toEqual([
			0, 100, 200, 300, 400, 500, 600, 700, 800, 900,
		]);
		expect(result.runData[NODE_NAME]?.[0]?.data).toBeUndefined();
	});

	test('the same with a Limit: a clear error, not a padded result', async () => {
		serve(() => ({
			pagination: { count: 1000, next: NEXT, previous: null },
			results: visitors(0, 100),
		}));
		const result = await listVisitors({ returnAll: false, limit: 250 });
		expect(result.error?.message).toMatch(
			/^Salespanel's pagination did not end: it sent only items already read at offset 100/,
		);
	});

	test.each([false, 0, true, 1, {}, ['x']])('next %j is not a URL: no next page', async (next) => {
		serve(() => ({ pagination: { count: 30, next, previous: null }, results: visitors(0, 30) }));
		const result = await listVisitors();
		expect(result.json(NODE_NAME)).toEqual(visitors(0, 30));
		expect(api.hits).toHaveLength(1);
	});

	test.each([
		[
			'next: false while count says there is more: an error, never a short result',
			() => ({
				pagination: { count: 250, next: false, previous: null },
				results: visitors(0, 100),
			}),
			"Salespanel's list changed faster than it could be read: 100 of 250 items arrived",
		],
		[
			'an empty page that announces a next page: an error',
			(offset: number) => ({
				pagination: { count: 500, next: NEXT, previous: null },
				results: offset === 0 ? visitors(0, 100) : [],
			}),
			"Salespanel's pagination did not end: it announced a next page but sent an empty one at offset 100 (100 items read)",
		],
	])('%s', async (_title, answer, message) => {
		serve(answer);
		const result = await listVisitors();
		expect(result.error?.message).toBe(message);
	});

	test.each([
		[
			'new items forever, count fixed: stops once the offset passes count',
			(offset: number) => ({
				pagination: { count: 150, next: NEXT, previous: null },
				results: visitors(offset, 100),
			}),
			"Salespanel's pagination did not end: it announced a next page at offset 200, past its own count of 150 (200 items read)",
			2,
		],
		[
			// First count 150, margin max(2 pages, 25 %) = 200: the walk stops at offset 400 ≥ 350.
			'new items forever, count growing with them: stops at the bound derived from the first count',
			(offset: number) => ({
				pagination: { count: offset + 150, next: NEXT, previous: null },
				results: visitors(offset, 100),
			}),
			"Salespanel's pagination did not end: it still announced a next page at offset 400 (400 items read)",
			4,
		],
	])('%s', async (_title, answer, message, requests) => {
		serve(answer);
		const result = await listVisitors();
		expect(result.error?.message).toBe(message);
		expect(api.hits).toHaveLength(requests);
	});

	describe('a count of 1e12: work is planned from what arrived, never from the count', () => {
		const HUGE = 1e12;
		const segments = (from: number, count: number) =>
			Array.from({ length: count }, (_, i) => ({
				segment_id: `seg-${from + i}`,
				name: `Segment ${from + i}`,
			}));
		const heapGrowth = (before: number) => process.memoryUsage().heapUsed - before;

		test.each([
			['visitor', visitors],
			['segment', segments],
		] as const)(
			'%s list of 250 stating count 1e12: the drift error after at most 15 requests, the heap barely grows',
			async (resource, records) => {
				serve((offset) => ({
					pagination: { count: HUGE, next: offset + 100 < 250 ? NEXT : null, previous: null },
					results: records(offset, Math.max(0, Math.min(100, 250 - offset))),
				}));
				const before = process.memoryUsage().heapUsed;
				const result = await runNode({
					resource,
					operation: 'getAll',
					returnAll: true,
					simplify: false,
				});
				expect(result.error?.message).toBe(
					`Salespanel's list changed faster than it could be read: 250 of ${HUGE} items arrived`,
				);
				expect(result.error?.name).toBe('NodeApiError');
				// The first page, at most MAX_CONCURRENT_PAGES + 1 planned ones (those past the end are stopped), three to re-read the front.
				expect(api.hits.length).toBeLessThanOrEqual(15);
				// Before the fix, the plan held 1e10 pages: the heap ran out and the process died.
				expect(heapGrowth(before)).toBeLessThan(64 * 1024 * 1024);
			},
		);

		test(`new visitors forever (one per page), count 1e12: stops at ${MAX_PAGES_PER_WALK} pages with a clear error`, async () => {
			serve((offset) => ({
				pagination: { count: HUGE, next: NEXT, previous: null },
				results: visitors(offset, 1),
			}));
			const result = await listVisitors({ options: { rateLimitRequests: 0 } });
			expect(result.error?.message).toBe(
				`Salespanel's pagination did not end: it still announced a next page after ${MAX_PAGES_PER_WALK} pages, the most one list is read for (${MAX_PAGES_PER_WALK} items read)`,
			);
			expect(result.error?.name).toBe('NodeApiError');
			expect(api.hits).toHaveLength(MAX_PAGES_PER_WALK);
			expect(new Set(api.hits.map((hit) => offsetOf(hit.url))).size).toBe(MAX_PAGES_PER_WALK);
		}, 60_000);

		test(`items without a key repeated forever, no count: stops at ${MAX_PAGES_PER_WALK} pages, not after 1,000,000 items`, async () => {
			serve(() => ({
				pagination: { next: NEXT, previous: null },
				results: [{ label: 'the same activity' }],
			}));
			const result = await listVisitors({ options: { rateLimitRequests: 0 } });
			expect(result.error?.message).toBe(
				`Salespanel's pagination did not end: it still announced a next page after ${MAX_PAGES_PER_WALK} pages, the most one list is read for (${MAX_PAGES_PER_WALK} items read)`,
			);
			// One at a time (no count, no plan): before the fix this walk went on for 1,000,000 requests.
			expect(api.hits).toHaveLength(MAX_PAGES_PER_WALK);
		}, 60_000);
	});

	test.each([
		[null, 'null'],
		[42, 'the number 42'],
		// No text is previewed: a server may echo the token there.
		['x'.repeat(100), 'a text of 100 characters'],
		[[1, 2], 'a list of 2 entries'],
		[true, 'the boolean true'],
	])('results containing %j: a clear error naming the entry', async (entry, named) => {
		serve(() => ({
			pagination: { count: 3, next: null, previous: null },
			results: [...visitors(0, 2), entry],
		}));
		const result = await listVisitors();
		expect(result.error?.message).toBe(
			`Salespanel sent a collection entry that is not an object: results[2] is ${named}`,
		);
		expect(result.error?.name).toBe('NodeApiError');
	});

	test('a bare array containing null: the same clear error', async () => {
		api.handle = (_req, res) => json(res, 200, [{ activity_type: 'email' }, null]);
		const result = await runNode({
			resource: 'activity',
			operation: 'getAll',
			visitorIdentifier: 'jane@acme.com',
			returnAll: true,
		});
		expect(result.error?.message).toBe(
			'Salespanel sent a collection entry that is not an object: entry[1] is null',
		);
	});

	test(`a non-JSON 200 is fetched ${maxInvalidJsonRetries + 1} times at most`, async () => {
		const clock = recordingClock();
		api.handle = (_req, res) =>
			res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"results": [');
		const result = await probe(
			{ clock },
			async (client) => await client.request({ method: 'GET', path: 'segments/' }),
		);
		expect(result.error?.message).toBe(
			'Salespanel sent an answer that is not valid JSON (HTTP 200)',
		);
		expect(api.hits).toHaveLength(maxInvalidJsonRetries + 1);
		clock.waits.forEach((wait, attempt) => expect(wait).toBeGreaterThanOrEqual(floor(attempt)));
	});

	test('a 2 MB non-JSON page is downloaded once', async () => {
		const page = `<html><body>${'x'.repeat(2_000_000)}</body></html>`;
		api.handle = (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
		const result = await listSegments();
		expect(result.error?.message).toBe(
			'Salespanel sent an answer that is not valid JSON (HTTP 200)',
		);
		expect(description(result)).toBe(
			'The answer was 2000 kB of something else (a web page?), so it was not fetched again. Check that the Base URL points to the Salespanel API.',
		);
		expect(api.hits).toHaveLength(1);
	});
});
