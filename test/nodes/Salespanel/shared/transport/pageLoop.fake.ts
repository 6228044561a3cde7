// A fake FetchPage for the page loop's own tests (the loop does no I/O of its own): pages answered
// by a function, optionally after a delay, with every page asked for, the stop signals and the
// requests in flight recorded.
import { sleep, type IDataObject, type INode } from 'n8n-workflow';

import {
	PageLoop,
	type FetchPage,
	type Page,
	type PageLoopSpec,
} from '../../../../../nodes/Salespanel/shared/transport/pageLoop';

export const NODE: INode = {
	id: 'n1',
	name: 'Salespanel',
	type: 'n8n-nodes-salespanel.salespanel',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export const records = (from: number, length: number): IDataObject[] =>
	Array.from({ length: Math.max(0, length) }, (_, i) => ({ contact_id: `c-${from + i}` }));
export const key = (item: IDataObject) =>
	typeof item.contact_id === 'string' ? item.contact_id : undefined;

export interface FakeServer {
	fetchPage: FetchPage;
	/** Every page asked for, in the order asked. */
	asked: Array<{ offset: number; limit: number }>;
	/** Pages asked for whose answer has not come yet, and the most there ever were. */
	inFlight: number;
	maxInFlight: number;
	/** The stop signals the loop passed, by offset. */
	stops: Map<number, AbortSignal | undefined>;
}

/** A server answering `answer(offset, limit)` after `delay(offset)` ms. */
export function fakeServer(
	answer: (offset: number, limit: number) => Page,
	delay: (offset: number) => number = () => 0,
): FakeServer {
	const server: FakeServer = {
		asked: [],
		inFlight: 0,
		maxInFlight: 0,
		stops: new Map(),
		fetchPage: async (offset, limit, stop) => {
			server.asked.push({ offset, limit });
			server.stops.set(offset, stop);
			server.inFlight++;
			server.maxInFlight = Math.max(server.maxInFlight, server.inFlight);
			try {
				const ms = delay(offset);
				if (ms > 0) await sleep(ms);
				return answer(offset, limit);
			} finally {
				server.inFlight--;
			}
		},
	};
	return server;
}

/** An honest collection of `total` records: `next` while more follow, the true count. */
export const honest = (total: number, delay?: (offset: number) => number) =>
	fakeServer((offset, limit) => {
		const items = records(offset, Math.min(limit, total - offset));
		return { items, hasMore: offset + items.length < total, count: total, bare: false };
	}, delay);

export const loopOver = (server: FakeServer, spec: Partial<PageLoopSpec> = {}) =>
	new PageLoop(server.fetchPage, { node: NODE, key, ...spec });

export async function readAll(loop: PageLoop): Promise<IDataObject[]> {
	const all: IDataObject[] = [];
	for await (const page of loop) all.push(...page);
	return all;
}
