// The credential's Base URL rule, through the real n8n-core engine: the form's notice (n8n's own
// display-rule function), the transport refusing the same URLs, and the connection test, which
// sends nothing for a refused URL and says why, and sends its one request for an allowed one.
import nock from 'nock';
import { NodeHelpers, resetSafeRegexEngine, safeRegex, setSafeRegexEngine } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { SalespanelApi } from '../../credentials/SalespanelApi.credentials';
import { resolveApiRoot } from '../../nodes/Salespanel/transport';
import { SalespanelTrigger } from '../../nodes/SalespanelTrigger/SalespanelTrigger.node';
import { createEngine, type Engine } from '../tools/harness';

const TOKEN = ['editor', 'triggers', 'token', '51c0'].join('-');

const engineFor = (baseUrl: string, apiToken: string): Engine =>
	createEngine({
		nodeTypes: [SalespanelTrigger],
		credentialTypes: [SalespanelApi],
		credentials: { salespanelApi: { apiToken, baseUrl } },
	});

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
			resolveApiRoot({ name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {}, id: 'n' }, baseUrl);
			return false;
		} catch {
			return true;
		}
	};
	const REFUSED = ['http://salespanel.example.com', 'HTTP://Salespanel.io/', 'ftp://salespanel.io', 'salespanel.io', 'http://localhost.evil.com', 'http://127.0.0.1.nip.io', 'https://sales panel.io', 'javascript:alert(1)'];
	const ACCEPTED = ['https://salespanel.io', 'HTTPS://Salespanel.io/proxy/', ' https://salespanel.io ', 'http://localhost:8000', 'http://LOCALHOST', 'http://127.0.0.1:8787/', 'http://[::1]:3000/base'];

	test.each(REFUSED)('%s: the form shows the sentence, and the transport refuses it too', (baseUrl) => {
		expect(noticeShown(baseUrl)).toBe(true);
		expect(refusedByTransport(baseUrl)).toBe(true);
	});

	test.each([...ACCEPTED, '', '   ', '={{ $env.SALESPANEL_URL }}'])('"%s": no notice (allowed, the default, or an expression)', (baseUrl) => {
		expect(noticeShown(baseUrl)).toBe(false);
		if (!baseUrl.startsWith('=')) expect(refusedByTransport(baseUrl)).toBe(false);
	});

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
			const data = NodeHelpers.getNodeParameters(credential.properties, { apiToken: 'x' }, true, false, null, null);
			expect(data).toMatchObject({ baseUrl: 'https://salespanel.io' });
			expect(regexRuns).toBe(0);
		});

		test.each([123, true, null])('a Base URL stored as %p is read without an error, the notice shown (as before)', (baseUrl) => {
			const data = NodeHelpers.getNodeParameters(credential.properties, { apiToken: 'x', baseUrl } as never, true, false, null, null);
			expect(data).toMatchObject({ apiToken: 'x' });
			expect(NodeHelpers.displayParameter({ apiToken: 'x', baseUrl, baseUrlNotice: '' } as never, notice, null, null)).toBe(true);
		});

		test.each([...REFUSED, ...ACCEPTED, '={{ $env.SALESPANEL_URL }}'].filter((v) => v !== 'https://salespanel.io'))('"%s": other values still go through the regex, with the same answer', (baseUrl) => {
			expect(noticeShown(baseUrl)).toBe(!baseUrl.startsWith('=') && refusedByTransport(baseUrl));
			expect(regexRuns).toBe(1);
		});
	});

	test('the notice is a readable sentence that also explains why Test fails', () => {
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(/^The Base URL must start with https:\/\/\. Plain http:\/\/ is accepted only for localhost/);
		expect(notice.displayName).toMatch(/the connection test fails without sending anything\.$/);
	});

	// The same sentence on n8n 2.x: see the e2e suite.
	test.each(REFUSED)('%s: Test fails with a sentence naming the fix, and sends nothing', async (baseUrl) => {
		const engine = engineFor('https://salespanel.io', TOKEN);
		const leaks: unknown[] = [];
		const onNoMatch = (req: unknown) => leaks.push(req);
		nock.emitter.on('no match', onNoMatch);
		try {
			const result = await engine.testCredential('salespanelApi', { apiToken: TOKEN, baseUrl });
			expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^The Base URL must start with https:\/\/ .*the token was not sent/) as string });
			expect(leaks).toEqual([]);
		} finally {
			nock.emitter.removeListener('no match', onNoMatch);
		}
	});

	test.each([
		['http://LOCALHOST:8000/', 'http://localhost:8000'],
		[' https://salespanel.io/ ', 'https://salespanel.io'],
		['', 'https://salespanel.io'],
	])('"%s": Test sends its one request to %s', async (baseUrl, origin) => {
		const scope = nock(origin).get('/api/v1/visitors/').query({ limit: 1 }).reply(200, { results: [] });
		const engine = engineFor('https://salespanel.io', TOKEN);
		await expect(engine.testCredential('salespanelApi', { apiToken: TOKEN, baseUrl })).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});
});

describe('Credential: how the token is sent', () => {
	test('Authorization: Token <API token> on the connection test, with the request\'s own headers kept', async () => {
		const scope = nock('https://salespanel.io', { reqheaders: { authorization: `Token ${TOKEN}`, accept: 'application/json' } })
			.get('/api/v1/visitors/')
			.query({ limit: 1 })
			.reply(200, { results: [] });
		const engine = engineFor('https://salespanel.io', TOKEN);
		await expect(engine.testCredential('salespanelApi', { apiToken: TOKEN, baseUrl: '' })).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});

	test('no expression is evaluated per request: the header is set by a function, the options passed in are not changed', async () => {
		const credential = new SalespanelApi();
		expect(typeof credential.authenticate).toBe('function');
		const options = { url: 'https://salespanel.io/api/v1/segments/', headers: { Accept: 'application/json' } };
		const authenticate = credential.authenticate as (c: object, o: typeof options) => Promise<typeof options>;
		const sent = await authenticate({ apiToken: TOKEN, baseUrl: '' }, options);
		expect(sent.headers).toEqual({ Accept: 'application/json', Authorization: `Token ${TOKEN}` });
		expect(options.headers).toEqual({ Accept: 'application/json' });
		// As the expression `Token {{$credentials.apiToken}}` rendered a missing token: nothing after the scheme.
		expect((await authenticate({ baseUrl: '' }, options)).headers).toEqual({ Accept: 'application/json', Authorization: 'Token ' });
	});
});
