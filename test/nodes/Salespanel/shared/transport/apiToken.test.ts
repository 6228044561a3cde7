// The API token as it is sent and redacted (pure): what a pasted token looks like after trimming.
import { apiTokenOf } from '../../../../../nodes/Salespanel/shared/transport/apiToken';

describe('apiTokenOf', () => {
	it.each([
		['abc123', 'abc123'],
		['  abc123\t\n', 'abc123'],
		['\u00a0abc123\u00a0', 'abc123'],
		['a b', 'a b'],
		[12345, '12345'],
	])('%j is sent as %j', (apiToken, sent) => {
		expect(apiTokenOf({ apiToken })).toBe(sent);
	});

	it.each([undefined, null, '', ' \t ', { token: 'x' }, ['x'], true])(
		'%j: no token (the client fails before any request)',
		(apiToken) => {
			expect(apiTokenOf({ apiToken } as never)).toBe('');
		},
	);
});
