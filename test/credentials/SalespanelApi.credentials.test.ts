// The credential through the real n8n-core engine: the Base URL notice (n8n's own display-rule
// function), the connection test, which sends nothing for a Base URL the node refuses (n8n's
// tester would send the token wherever the field points) and its one request for an allowed one,
// and how the token is sent.
import nock from 'nock';
import { NodeHelpers, resetSafeRegexEngine, safeRegex, setSafeRegexEngine } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { SalespanelApi } from '../../credentials/SalespanelApi.credentials';
import { resolveApiRoot } from '../../nodes/Salespanel/shared/transport';
import { chain, manualTrigger } from '../tools/harness';
import { json, startLoopback, type Loopback } from '../tools/support/loopback';
import { createSalespanelEngine, NODE_NAME, salespanelNode } from '../tools/support/node-env';

const TOKEN = ['editor', 'triggers', 'token', '51c0'].join('-');

beforeAll(() => nock.disableNetConnect());
afterAll(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});

describe('Credential: a Base URL the token may not be sent to', () => {
	const credential = new SalespanelApi();
	const notice = credential.properties.find((p) => p.name === 'baseUrlNotice') as INodeProperties;
	/** Whether the credential form shows the notice, evaluated by n8n-workflow's displayParameter as the editor does. */
	const noticeShown = (baseUrl: string) =>
		NodeHelpers.displayParameter({ apiToken: 'x', baseUrl, baseUrlNotice: '' }, notice, null, null);
	const refusedByTransport = (baseUrl: string) => {
		try {
			resolveApiRoot(
				{ name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {}, id: 'n' },
				baseUrl,
			);
			return false;
		} catch {
			return true;
		}
	};
	const HTTP = 'uses plain http:// for a host other than localhost, 127.0.0.1 or [::1]';
	const SCHEME = 'must start with https://';
	const USERINFO = 'contains a user name or password (the part before @)';
	const QUERY = 'contains ? or #';
	const INVALID = 'is not a valid URL';
	/** Each refused Base URL and what both the connection test and the node say is wrong with it. */
	const REFUSED_AS: Array<[string, string]> = [
		['http://salespanel.example.com', HTTP],
		['HTTP://Salespanel.io/', HTTP],
		['ftp://salespanel.io', SCHEME],
		['salespanel.io', SCHEME],
		['http://localhost.evil.com', HTTP],
		['http://127.0.0.1.nip.io', HTTP],
		['https://sales panel.io', INVALID],
		['javascript:alert(1)', SCHEME],
		// Loopback spelled otherwise: WHATWG URL makes 127.0.0.1 of them, the rule takes the address as written.
		['http://127.1', HTTP],
		['http://0x7f.1', HTTP],
		['http://2130706433:8000', HTTP],
		['http://[0:0:0:0:0:0:0:1]', HTTP],
		['https://user:pw-51c0@salespanel.io', USERINFO],
		['http://user:pw-51c0@localhost:8000', USERINFO],
		['https://salespanel.io@example.com', USERINFO],
		['https://example.com\\@salespanel.io', USERINFO],
		// The request would go to x (the rest is a fragment), not to salespanel.io.
		['https://x#@salespanel.io', QUERY],
		['https://salespanel.io/?next=1', QUERY],
		['https://salespanel.io:99999', INVALID],
		['https://', INVALID],
	];
	const REFUSED = REFUSED_AS.map(([baseUrl]) => baseUrl);
	const ACCEPTED = [
		'https://salespanel.io',
		'HTTPS://Salespanel.io/proxy/',
		' https://salespanel.io ',
		'http://localhost:8000',
		'http://LOCALHOST',
		'http://127.0.0.1:8787/',
		'http://[::1]:3000/base',
		'https://[2001:db8::1]:8443/api-proxy',
		'https://salespanel.io:65535',
		'https://0x7f.1',
	];

	test.each(REFUSED)(
		'%s: the form shows the sentence, and the transport refuses it too',
		(baseUrl) => {
			expect(noticeShown(baseUrl)).toBe(true);
			expect(refusedByTransport(baseUrl)).toBe(true);
		},
	);

	test.each([...ACCEPTED, '', '   ', '={{ $env.SALESPANEL_URL }}'])(
		'"%s": no notice (allowed, the default, or an expression)',
		(baseUrl) => {
			expect(noticeShown(baseUrl)).toBe(false);
			if (!baseUrl.startsWith('=')) expect(refusedByTransport(baseUrl)).toBe(false);
		},
	);

	// n8n applies the credential's display rules on every use of it (each request), and a regex
	// runs in a sandboxed VM, so the usual values are decided without one.
	describe('deciding the notice without a regex for the usual values', () => {
		let regexRuns = 0;
		beforeEach(() => {
			regexRuns = 0;
			setSafeRegexEngine({
				...safeRegex,
				test: (pattern: string, input: string, flags?: string) => {
					regexRuns++;
					return new RegExp(pattern, flags).test(input);
				},
			});
		});
		afterEach(() => resetSafeRegexEngine());

		test.each(['https://salespanel.io', ''])('"%s": hidden with no regex run', (baseUrl) => {
			expect(noticeShown(baseUrl)).toBe(false);
			expect(regexRuns).toBe(0);
		});

		test('a stored credential with the default Base URL is read with no regex run (as n8n reads it for every request)', () => {
			const data = NodeHelpers.getNodeParameters(
				credential.properties,
				{ apiToken: 'x' },
				true,
				false,
				null,
				null,
			);
			expect(data).toMatchObject({ baseUrl: 'https://salespanel.io' });
			expect(regexRuns).toBe(0);
		});

		test.each([123, true, null])(
			'a Base URL stored as %p is read without an error, the notice shown (as before)',
			(baseUrl) => {
				const data = NodeHelpers.getNodeParameters(
					credential.properties,
					{ apiToken: 'x', baseUrl } as never,
					true,
					false,
					null,
					null,
				);
				expect(data).toMatchObject({ apiToken: 'x' });
				expect(
					NodeHelpers.displayParameter(
						{ apiToken: 'x', baseUrl, baseUrlNotice: '' } as never,
						notice,
						null,
						null,
					),
				).toBe(true);
			},
		);

		test.each(
			[...REFUSED, ...ACCEPTED, '={{ $env.SALESPANEL_URL }}'].filter(
				(v) => v !== 'https://salespanel.io',
			),
		)('"%s": other values still go through the regex, with the same answer', (baseUrl) => {
			expect(noticeShown(baseUrl)).toBe(!baseUrl.startsWith('=') && refusedByTransport(baseUrl));
			expect(regexRuns).toBe(1);
		});
	});

	test('the notice is a readable sentence that also explains why Test fails', () => {
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(
			/^The Base URL must be https:\/\/, a host, optional port and path \(no user:password@, \? or #\); http:\/\/ only for localhost, 127\.0\.0\.1, \[::1\]\./,
		);
		expect(notice.displayName).toMatch(/the connection test fails without sending anything\.$/);
	});

	// One rule: the connection test sends nothing where the node refuses to. The test's message is
	// n8n's for an address it cannot send to; the notice under the field says what is wrong.
	test.each(REFUSED_AS)(
		'%s: Test fails without sending anything; the node fails saying the Base URL %s',
		async (baseUrl, problem) => {
			const engine = createSalespanelEngine('https://salespanel.io', TOKEN);
			const leaks: unknown[] = [];
			const onNoMatch = (req: unknown) => leaks.push(req);
			nock.emitter.on('no match', onNoMatch);
			try {
				const result = await engine.testCredential('salespanelApi', { apiToken: TOKEN, baseUrl });
				expect(result).toEqual({
					status: 'Error',
					message: 'Unsupported protocol refused-base-url:',
				});
				expect(noticeShown(baseUrl)).toBe(true);
				const run = await createSalespanelEngine(baseUrl, TOKEN).run(
					chain([manualTrigger(), salespanelNode({ resource: 'segment', operation: 'getAll' })]),
				);
				expect(run.error?.message).toBe(`The credential's Base URL ${problem}`);
				expect((run.error as { description?: string }).description).toMatch(
					/Fix the Base URL in the Salespanel API credential\.$/,
				);
				expect(JSON.stringify([result, run.raw])).not.toContain('pw-51c0');
				expect(leaks).toEqual([]);
			} finally {
				nock.emitter.removeListener('no match', onNoMatch);
			}
		},
	);

	describe('on the wire: a refused Base URL that would reach a listening server', () => {
		let server: Loopback;
		beforeAll(async () => {
			nock.enableNetConnect('127.0.0.1');
			server = await startLoopback((_req, res) => json(res, 200, { results: [] }));
		});
		afterAll(async () => {
			await server.close();
			nock.disableNetConnect();
		});
		beforeEach(() => server.hits.splice(0));

		// 127.1 is 127.0.0.1 to every HTTP client: a test that went where the field points would
		// hand this server the token and succeed.
		test.each([
			'http://127.1:PORT',
			'HTTP://127.0.0.1:PORT/?x=1',
			'http://user:pw-51c0@127.0.0.1:PORT',
		])('%s: the server gets nothing, Test fails', async (pattern) => {
			const baseUrl = pattern.replace('PORT', new URL(server.url).port);
			const result = await createSalespanelEngine('https://salespanel.io', TOKEN).testCredential(
				'salespanelApi',
				{ apiToken: TOKEN, baseUrl },
			);
			expect(result.status).toBe('Error');
			expect(server.hits).toEqual([]);
		});

		test('the same server as an allowed Base URL gets the one request with the token', async () => {
			const result = await createSalespanelEngine('https://salespanel.io', TOKEN).testCredential(
				'salespanelApi',
				{ apiToken: TOKEN, baseUrl: server.url },
			);
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(server.hits.map((hit) => hit.authorization)).toEqual([`Token ${TOKEN}`]);
		});
	});

	test.each([
		['http://LOCALHOST:8000/', 'http://localhost:8000'],
		[' https://salespanel.io/ ', 'https://salespanel.io'],
		['', 'https://salespanel.io'],
	])('"%s": Test sends its one request to %s', async (baseUrl, origin) => {
		const scope = nock(origin)
			.get('/api/v1/visitors/')
			.query({ limit: 1 })
			.reply(200, { results: [] });
		const engine = createSalespanelEngine('https://salespanel.io', TOKEN);
		await expect(
			engine.testCredential('salespanelApi', { apiToken: TOKEN, baseUrl }),
		).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});
});

describe('Credential: how the token is sent', () => {
	test("Authorization: Token <API token> on the connection test, with the request's own headers kept", async () => {
		const scope = nock('https://salespanel.io', {
			reqheaders: { authorization: `Token ${TOKEN}`, accept: 'application/json' },
		})
			.get('/api/v1/visitors/')
			.query({ limit: 1 })
			.reply(200, { results: [] });
		const engine = createSalespanelEngine('https://salespanel.io', TOKEN);
		await expect(
			engine.testCredential('salespanelApi', { apiToken: TOKEN, baseUrl: '' }),
		).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});

	test('no expression is evaluated per request: the header is set by a function, the options passed in are not changed', async () => {
		const credential = new SalespanelApi();
		expect(typeof credential.authenticate).toBe('function');
		const options = {
			url: 'https://salespanel.io/api/v1/segments/',
			headers: { Accept: 'application/json' },
		};
		const authenticate = credential.authenticate as (
			c: object,
			o: typeof options,
		) => Promise<typeof options>;
		const sent = await authenticate({ apiToken: TOKEN, baseUrl: '' }, options);
		expect(sent.headers).toEqual({ Accept: 'application/json', Authorization: `Token ${TOKEN}` });
		expect(options.headers).toEqual({ Accept: 'application/json' });
		// As the expression `Token {{$credentials.apiToken}}` rendered a missing token: nothing after the scheme.
		expect((await authenticate({ baseUrl: '' }, options)).headers).toEqual({
			Accept: 'application/json',
			Authorization: 'Token ',
		});
		expect(
			(await authenticate({ apiToken: ` \t${TOKEN}\u00a0 `, baseUrl: '' }, options)).headers,
		).toEqual({ Accept: 'application/json', Authorization: `Token ${TOKEN}` });
	});

	describe('a pasted token with whitespace around it, on the wire', () => {
		let server: Loopback;
		beforeAll(async () => {
			nock.enableNetConnect('127.0.0.1');
			server = await startLoopback((_req, res) =>
				json(res, 200, { pagination: { count: 0, next: null, previous: null }, results: [] }),
			);
		});
		afterAll(async () => {
			await server.close();
			nock.disableNetConnect();
		});
		beforeEach(() => server.hits.splice(0));

		test('the connection test and the node both send Token <token>, nothing around it', async () => {
			const pasted = `  ${TOKEN}\t `;
			const engine = createSalespanelEngine(server.url, pasted);
			await expect(
				engine.testCredential('salespanelApi', { apiToken: pasted, baseUrl: server.url }),
			).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
			const run = await engine.run(
				chain([manualTrigger(), salespanelNode({ resource: 'segment', operation: 'getAll' })]),
			);
			expect(run.error).toBeUndefined();
			expect(run.json(NODE_NAME)).toEqual([]);
			expect(server.hits.map((hit) => [hit.url.replace(/\?.*/, ''), hit.authorization])).toEqual([
				['/api/v1/visitors/', `Token ${TOKEN}`],
				['/api/v1/segments/', `Token ${TOKEN}`],
			]);
		});

		test('a token of whitespace only: the node fails before any request, naming the field', async () => {
			const run = await createSalespanelEngine(server.url, ' \t ').run(
				chain([manualTrigger(), salespanelNode({ resource: 'segment', operation: 'getAll' })]),
			);
			expect(run.error?.message).toBe("The credential's API Token is empty");
			expect((run.error as { description?: string }).description).toMatch(
				/^Check the API Token in the Salespanel API credential/,
			);
			expect(server.hits).toEqual([]);
		});
	});
});
