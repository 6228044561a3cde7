// The page loop against servers whose `next` never ends: the one guard (empty page, nothing new,
// past its own count, far past the first count), the one bound (maxPages) and the one error
// (NodeApiError "Salespanel's pagination did not end: …" with a fix). No number a server states
// sizes a plan. Pure helper: a fake FetchPage stands in for the client.
import { NodeApiError } from 'n8n-workflow';

import {
	MAX_PAGES_PER_WALK,
	type Page,
} from '../../../../../nodes/Salespanel/shared/transport/pageLoop';
import { fakeServer, loopOver, readAll, records } from './pageLoop.fake';

const page = (items: Page['items'], count?: number): Page => ({
	items,
	hasMore: true,
	count,
	bare: false,
});

/** The error readAll ends with (fails the test if it ends without one). */
async function endError(loop: ReturnType<typeof loopOver>): Promise<NodeApiError> {
	const error: unknown = await readAll(loop).then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeInstanceOf(NodeApiError);
	return error as NodeApiError;
}

describe('the guard: a next page that would not end the list is refused', () => {
	test.each([
		[
			'an empty page announcing a next one: refused at once',
			(offset: number) => page(offset === 0 ? records(0, 100) : []),
			"Salespanel's pagination did not end: it announced a next page but sent an empty one at offset 100 (100 items read)",
			2,
		],
		[
			'the same page forever (offset ignored): refused at the second page',
			() => page(records(0, 100)),
			"Salespanel's pagination did not end: it sent only items already read at offset 100 and still announced a next page (100 items read)",
			2,
		],
		[
			'new records past its own count: refused once the offset reaches the count',
			(offset: number) => page(records(offset, 100), 150),
			"Salespanel's pagination did not end: it announced a next page at offset 200, past its own count of 150 (200 items read)",
			2,
		],
		[
			'a count growing with every page: refused at the first count plus max(2 pages, 25 %)',
			(offset: number) => page(records(offset, 100), offset + 150),
			"Salespanel's pagination did not end: it still announced a next page at offset 400 (400 items read)",
			4,
		],
	])('%s', async (_title, answer, message, requests) => {
		const server = fakeServer(answer);
		const error = await endError(loopOver(server));
		expect(error.message).toBe(message);
		expect(server.asked).toHaveLength(requests);
	});

	test('the error names the node, keeps the item index and gives the fix; a note goes before the fix', async () => {
		const server = fakeServer(() => page(records(0, 100)));
		const error = await endError(
			loopOver(server, { itemIndex: 3, note: 'The position was kept.' }),
		);
		expect(error.node.name).toBe('Salespanel');
		expect(error.context.itemIndex).toBe(3);
		expect(error.description).toMatch(
			/^The position was kept\. The node stopped reading instead of returning an incomplete or repeated list\. A proxy that ignores 'offset' causes this: .*contact Salespanel support\.$/,
		);
		const plain = await endError(loopOver(fakeServer(() => page(records(0, 100)))));
		expect(plain.description).toMatch(/^The node stopped reading instead/);
	});

	test('the guard applies only to a page the reader asks for: a reader that stops at a lying page gets no error', async () => {
		const server = fakeServer(() => page(records(0, 100), 100));
		const loop = loopOver(server);
		for await (const records of loop) if (records.length > 0) break;
		expect(server.asked).toHaveLength(1);
		// Asked afterwards (the visitor picker's token), the guard refuses that next page.
		expect(() => loop.continues()).toThrow('past its own count of 100');
	});
});

describe('the bound: at most maxPages pages, whatever the server states', () => {
	test(`new records forever, no count: refused after ${MAX_PAGES_PER_WALK} pages by default`, async () => {
		const server = fakeServer((offset) => page(records(offset, 1)));
		const error = await endError(loopOver(server));
		expect(error.message).toBe(
			`Salespanel's pagination did not end: it still announced a next page after ${MAX_PAGES_PER_WALK} pages, the most one list is read for (${MAX_PAGES_PER_WALK} items read)`,
		);
		expect(server.asked).toHaveLength(MAX_PAGES_PER_WALK);
	});

	test('records without a key repeated forever: the bound ends it too', async () => {
		const server = fakeServer(() => page([{ label: 'the same activity' }]));
		const error = await endError(loopOver(server, { maxPages: 50 }));
		expect(error.message).toBe(
			"Salespanel's pagination did not end: it still announced a next page after 50 pages, the most one list is read for (50 items read)",
		);
		expect(server.asked).toHaveLength(50);
	});

	test('count 1e12 with concurrent pages: the plan stops at maxPages, so the count never sizes it', async () => {
		const server = fakeServer((offset) => page(records(offset, 100), 1e12));
		const error = await endError(loopOver(server, { concurrentPages: 10, maxPages: 30 }));
		expect(error.message).toBe(
			"Salespanel's pagination did not end: it still announced a next page after 30 pages, the most one list is read for (3000 items read)",
		);
		expect(server.asked).toHaveLength(30);
	});
});

describe('a failing page among concurrent ones', () => {
	test("the earliest failing page's error, after the pages before it; nothing is running afterwards", async () => {
		const server = fakeServer(
			(offset) => {
				if (offset === 300 || offset === 500) throw new Error(`page ${offset} failed`);
				return { items: records(offset, 100), hasMore: offset < 900, count: 1000, bare: false };
			},
			(offset) => (offset === 500 ? 0 : 10),
		);
		const loop = loopOver(server, { concurrentPages: 10 });
		const taken: unknown[] = [];
		await expect(
			(async () => {
				for await (const records of loop) taken.push(...records);
			})(),
		).rejects.toThrow('page 300 failed');
		expect(taken).toEqual(records(0, 300));
		expect(server.inFlight).toBe(0);
	});
});
