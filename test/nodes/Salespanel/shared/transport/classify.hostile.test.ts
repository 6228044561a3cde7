// Hostile servers against the redirect rule (transport/classify.ts decides, the client carries it
// out), through the real n8n-core engine: the token goes to the Base URL's origin only.
import { MAX_REDIRECTS } from '../../../../../nodes/Salespanel/shared/transport';
import { json } from '../../../../tools/support/loopback';
import { NODE_NAME } from '../../../../tools/support/node-env';
import { authorizations, useHostileApi } from './hostileApi';

const TOKEN = ['hostile', 'server', 'token', '3b9e1f0c7d'].join('-');
const { servers, engine, listSegments, createActivity, probe } = useHostileApi(TOKEN);

describe('redirects: the token goes to the Base URL origin only', () => {
	const STATUSES = [301, 302, 303, 307, 308];
	const redirectElsewhere = (status: number) => {
		servers.api.handle = (_req, res) =>
			res
				.writeHead(status, {
					Location: `${servers.elsewhere.url}/api/v1/segments/?limit=100&offset=0`,
				})
				.end();
	};
	const refusal = () =>
		`Salespanel redirected the request to ${servers.elsewhere.url}; the token is only sent to ${servers.api.url}. Check the Base URL.`;

	test.each([
		['GET', 302],
		['POST', 307],
	])(
		'control: n8n-core on its own follows a %s redirect (%i) and re-sends the token to the other origin',
		async (method, status) => {
			redirectElsewhere(status);
			const result = await probe(
				{},
				async (_client, context) =>
					await context.helpers.httpRequestWithAuthentication.call(context, 'salespanelApi', {
						method: method as 'GET' | 'POST',
						url: `${servers.api.url}/api/v1/segments/`,
						body: method === 'POST' ? { label: 'l' } : undefined,
						json: true,
					}),
			);
			expect(result.error).toBeUndefined();
			// What this suite guards against: without the node's own handling, the token leaves.
			expect(authorizations(servers.elsewhere.hits)).toEqual([`Token ${TOKEN}`]);
			expect(servers.elsewhere.hits[0].method).toBe(method);
		},
	);

	describe.each(STATUSES)('%i to another origin', (status) => {
		test('GET (action node): clear error, the other origin gets nothing', async () => {
			redirectElsewhere(status);
			const result = await listSegments();
			expect(result.error?.message).toBe(refusal());
			expect(result.error?.name).toBe('NodeApiError');
			expect(authorizations(servers.api.hits)).toEqual([`Token ${TOKEN}`]);
			expect(servers.elsewhere.hits).toEqual([]);
		});

		test('POST (action node): clear error, the write is not re-sent anywhere', async () => {
			redirectElsewhere(status);
			const result = await createActivity();
			expect(result.error?.message).toBe(refusal());
			expect(servers.api.hits.map((hit) => hit.method)).toEqual(['POST']);
			expect(servers.elsewhere.hits).toEqual([]);
		});

		test('credential test: fails with a clear message, the other origin gets nothing', async () => {
			redirectElsewhere(status);
			const test = await engine().testCredential('salespanelApi', {
				apiToken: TOKEN,
				baseUrl: servers.api.url,
			});
			// n8n 1.x (this n8n-core) shows axios' message; n8n 2.x the status text.
			expect(test).toEqual({
				status: 'Error',
				message: `Request failed with status code ${status}`,
			});
			expect(authorizations(servers.api.hits)).toEqual([`Token ${TOKEN}`]);
			expect(servers.elsewhere.hits).toEqual([]);
		});

		test('polling trigger: the poll fails clearly, the other origin gets nothing', async () => {
			redirectElsewhere(status);
			const poll = engine().poll({
				name: 'Salespanel Polling Trigger',
				type: 'salespanelPollingTrigger',
				parameters: { event: 'newLead' },
			});
			await expect(poll).rejects.toThrow(refusal());
			expect(servers.api.hits).toHaveLength(1);
			expect(servers.elsewhere.hits).toEqual([]);
		});
	});

	test('the webhook trigger sends no requests at all (nothing to redirect)', async () => {
		const result = await engine().webhook(
			{ name: 'Salespanel Trigger', type: 'salespanelTrigger', parameters: { events: ['*'] } },
			{ method: 'POST', body: { hook: { event: 'new_lead' }, payload: {} } },
			{ staticData: {} },
		);
		expect(result).toBeDefined();
		expect([...servers.api.hits, ...servers.elsewhere.hits]).toEqual([]);
	});

	test('plain http to a non-loopback host: refused, never contacted', async () => {
		servers.api.handle = (_req, res) =>
			res.writeHead(302, { Location: 'http://other.example/api/v1/segments/' }).end();
		const result = await listSegments();
		expect(result.error?.message).toBe(
			`Salespanel redirected the request to http://other.example; the token is only sent to ${servers.api.url}. Check the Base URL.`,
		);
		// nock (outside connections disabled) reports every request it saw; none went to other.example.
		expect(result.unmatchedRequests).toEqual([
			`GET ${servers.api.url}/api/v1/segments/?limit=100&offset=0`,
		]);
	});

	test('same origin, GET: followed (the query of the location replaces the original one)', async () => {
		servers.api.handle = (req, res) => {
			if (req.url?.startsWith('/api/v1/segments/?'))
				res.writeHead(301, { Location: '/api/v2/segments/?page=1' }).end();
			else
				json(res, 200, {
					pagination: { count: 1, next: null, previous: null },
					results: [{ segment_id: 's1' }],
				});
		};
		const result = await listSegments();
		expect(result.json(NODE_NAME)).toEqual([{ segment_id: 's1' }]);
		expect(servers.api.hits.map((hit) => hit.url)).toEqual([
			'/api/v1/segments/?limit=100&offset=0',
			'/api/v2/segments/?page=1',
		]);
		expect(authorizations(servers.api.hits)).toEqual([`Token ${TOKEN}`, `Token ${TOKEN}`]);
	});

	test.each([301, 302, 303, 307, 308])(
		'same origin, POST answered %i: not re-sent, a clear error',
		async (status) => {
			servers.api.handle = (_req, res) =>
				res.writeHead(status, { Location: '/api/v1/custom-activity/create/' }).end();
			const result = await createActivity();
			expect(result.error?.message).toBe(
				`Salespanel answered the POST request with a redirect (${status}) to ${servers.api.url}/api/v1/custom-activity/create/; a write is never re-sent to a redirect target, so nothing was written. Check the Base URL.`,
			);
			expect(servers.api.hits).toHaveLength(1);
		},
	);

	test(`a same-origin redirect loop stops after ${MAX_REDIRECTS} hops`, async () => {
		servers.api.handle = (_req, res) =>
			res.writeHead(302, { Location: '/api/v1/segments/?again' }).end();
		const result = await listSegments();
		expect(result.error?.message).toBe(
			`Salespanel redirected the request more than ${MAX_REDIRECTS} times (last to ${servers.api.url}/api/v1/segments/). Check the Base URL.`,
		);
		expect(servers.api.hits).toHaveLength(MAX_REDIRECTS + 1);
	});

	test('a redirect without a location is an error, not a success', async () => {
		servers.api.handle = (_req, res) => res.writeHead(302).end();
		const result = await listSegments();
		expect(result.error?.message).toBe(
			'Salespanel answered with a redirect (302) without a usable location',
		);
	});
});
