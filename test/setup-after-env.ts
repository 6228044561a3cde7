/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// nock patches Node's http module, which every test file of a Jest worker shares, and stores its interceptor
// on the test file's global. Left active, the next file's requests pass through the previous file's
// interceptor after Jest has cleaned that global up (Jest 30's "accessed after it was soft deleted"
// globalsCleanup warning, and stacked interceptors). So each file that loaded nock restores it when it ends.
import type nockType from 'nock';

afterAll(() => {
	const nockLoaded =
		(globalThis as Record<symbol, unknown>)[Symbol.for('nock-interceptor')] !== undefined;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	if (nockLoaded) (require('nock') as typeof nockType).restore();
});
