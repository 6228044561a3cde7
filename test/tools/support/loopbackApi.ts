// A test file's loopback servers with nock refusing every other host: the set-up the transport,
// router and picker tests share. Each server starts in beforeAll, its log empties before each test
// and it closes in afterAll.
import nock from 'nock';

import { startLoopback, type Handler, type Loopback } from './loopback';

/** Requests may go to loopback servers only (the sandbox, a stand-in API): nock refuses every other host. */
export function loopbackOnly(): void {
	beforeAll(() => {
		nock.disableNetConnect();
		nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
	});
	afterAll(() => {
		nock.cleanAll();
		nock.enableNetConnect();
	});
}

/**
 * One loopback server for the calling test file (`handle` answers until a test sets its own). The
 * returned object reads the running server, so a test or hook can use it like the server itself.
 */
export function useLoopback(handle?: Handler): Loopback {
	let server: Loopback | undefined;
	const running = (): Loopback => {
		if (!server) throw new Error('the loopback server starts in beforeAll');
		return server;
	};
	beforeAll(async () => {
		server = await startLoopback(handle);
	});
	beforeEach(() => {
		running().hits.length = 0;
	});
	afterAll(async () => await server?.close());
	return {
		get url() {
			return running().url;
		},
		get hits() {
			return running().hits;
		},
		get handle() {
			return running().handle;
		},
		set handle(next: Handler) {
			running().handle = next;
		},
		close: async () => await running().close(),
	};
}
