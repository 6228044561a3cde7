import nock from 'nock';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	JsonObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { SalespanelApi } from '../../../credentials/SalespanelApi.credentials';
import { chain, createEngine, items, manualTrigger, testNodeDescription } from './index';
import type { PollState } from './index';

const SAMPLE_VALUE = 'sp-test-token-123';

/** Calls the visitors endpoint once per input item through httpRequestWithAuthentication. */
class HttpProbe implements INodeType {
	description = testNodeDescription({
		displayName: 'HTTP Probe',
		name: 'httpProbe',
		description: 'Test node',
		credential: 'salespanelApi',
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		const input = this.getInputData();
		for (let i = 0; i < input.length; i++) {
			const page = input[i].json.page as number | undefined;
			try {
				const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'salespanelApi', {
					method: 'GET',
					url: 'https://salespanel.io/api/v1/visitors/',
					qs: page === undefined ? undefined : { page },
					json: true,
				})) as IDataObject;
				out.push({ json: body, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw new NodeApiError(this.getNode(), error as JsonObject);
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

class HookProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hook Probe',
		name: 'hookProbe',
		group: ['trigger'],
		version: 1,
		description: 'Test webhook node',
		defaults: { name: 'Hook Probe' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'probe' }],
		properties: [],
	};

	webhookMethods = {
		default: {
			checkExists: async () => true,
			create: async () => true,
			delete: async () => true,
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const headers = this.getHeaderData();
		if (headers['x-reject'] === 'yes') {
			this.getResponseObject().status(403).json({ message: 'rejected' });
			return { noWebhookResponse: true };
		}
		const hits = this.getWorkflowStaticData('node');
		hits.count = ((hits.count as number | undefined) ?? 0) + 1;
		return { workflowData: [[{ json: this.getBodyData() }]] };
	}
}

class PollProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Poll Probe',
		name: 'pollProbe',
		group: ['trigger'],
		version: 1,
		description: 'Test polling node',
		defaults: { name: 'Poll Probe' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const data = this.getWorkflowStaticData('node');
		data.calls = ((data.calls as number | undefined) ?? 0) + 1;
		return [[{ json: { calls: data.calls, mode: this.getMode() } }]];
	}
}

const engine = createEngine({
	nodeTypes: [HttpProbe, HookProbe, PollProbe],
	credentialTypes: [SalespanelApi],
	credentials: { salespanelApi: { apiToken: SAMPLE_VALUE, baseUrl: 'https://salespanel.io' } },
});

const probe = (extra: IDataObject = {}) => ({ name: 'Probe', type: 'httpProbe', ...extra });

beforeEach(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('run()', () => {
	it('sends the Authorization header built by the real credential definition', async () => {
		const scope = nock('https://salespanel.io', {
			reqheaders: { authorization: `Token ${SAMPLE_VALUE}` },
		})
			.get('/api/v1/visitors/')
			.reply(200, { results: [{ id: 1 }] });

		const result = await engine.run(chain([manualTrigger(), probe()]));

		expect(result.error).toBeUndefined();
		expect(result.json('Probe')).toEqual([{ results: [{ id: 1 }] }]);
		expect(result.output('Probe')[0].pairedItem).toEqual({ item: 0 });
		expect(scope.isDone()).toBe(true);
	});

	it('feeds N items through test.items, one request per item', async () => {
		const scope = nock('https://salespanel.io')
			.matchHeader('authorization', `Token ${SAMPLE_VALUE}`)
			.get('/api/v1/visitors/')
			.query(true)
			.times(3)
			.reply(200, (uri) => ({ uri }));

		const result = await engine.run(
			chain([manualTrigger(), items([{ page: 1 }, { page: 2 }, { page: 3 }]), probe()]),
		);

		expect(result.json('Items')).toEqual([{ page: 1 }, { page: 2 }, { page: 3 }]);
		expect(result.json('Probe')).toEqual([
			{ uri: '/api/v1/visitors/?page=1' },
			{ uri: '/api/v1/visitors/?page=2' },
			{ uri: '/api/v1/visitors/?page=3' },
		]);
		expect(result.output('Probe').map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(scope.isDone()).toBe(true);
	});

	it('continues on a failing item with onError: continueRegularOutput', async () => {
		nock('https://salespanel.io').get('/api/v1/visitors/').query({ page: 1 }).reply(200, { ok: 1 });
		nock('https://salespanel.io')
			.get('/api/v1/visitors/')
			.query({ page: 2 })
			.reply(500, { detail: 'boom' });

		const result = await engine.run(
			chain([
				manualTrigger(),
				items([{ page: 1 }, { page: 2 }]),
				probe({ onError: 'continueRegularOutput' }),
			]),
		);

		expect(result.error).toBeUndefined();
		const out = result.json('Probe');
		expect(out[0]).toEqual({ ok: 1 });
		expect(typeof out[1].error).toBe('string');
		expect(result.nodeError('Probe')).toBeUndefined();
	});

	it('surfaces a node error in RunResult.error and nodeError()', async () => {
		// n8n-core's httpRequestWithAuthentication retries once after a 401 (pre-authentication).
		const scope = nock('https://salespanel.io')
			.get('/api/v1/visitors/')
			.times(2)
			.reply(401, { detail: 'Invalid token.' });

		const result = await engine.run(chain([manualTrigger(), probe()]));

		expect(scope.isDone()).toBe(true);
		expect(result.unmatchedRequests).toEqual([]);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Authorization failed - please check your credentials');
		expect(result.error).toBeDefined();
		expect(result.nodeError('Probe')?.message).toBe(result.error?.message);
		expect(() => result.output('Probe')).toThrow(/Probe/);
		expect(() => result.output('Nope')).toThrow(/Nodes that ran/);
	});
});

describe('testCredential()', () => {
	it('is OK on 200 with the token header and the test request from the credential', async () => {
		const scope = nock('https://salespanel.io')
			.matchHeader('authorization', 'Token good')
			.matchHeader('accept', 'application/json')
			.get('/api/v1/visitors/')
			.query({ limit: 1 })
			.reply(200, { results: [] });

		// baseUrl omitted: the credential's default applies, as in n8n.
		await expect(engine.testCredential('salespanelApi', { apiToken: 'good' })).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(scope.isDone()).toBe(true);
	});

	it('is Error on 401 with the message n8n shows', async () => {
		const scope = nock('https://salespanel.io')
			.get('/api/v1/visitors/')
			.query({ limit: 1 })
			.times(2) // n8n-core retries once after a 401
			.reply(401, { detail: 'Invalid token.' });

		const res = await engine.testCredential('salespanelApi', { apiToken: 'bad' });
		// The credential's test has no `rules`, so n8n reports the NodeApiError message, not `detail`.
		expect(res).toEqual({
			status: 'Error',
			message: 'Authorization failed - please check your credentials',
		});
		expect(scope.isDone()).toBe(true);
	});

	it('refuses a plain-http non-localhost base URL without any request leaving', async () => {
		const attempts: unknown[] = [];
		const onNoMatch = (req: unknown) => attempts.push(req);
		nock.emitter.on('no match', onNoMatch);
		const trap = nock('http://example.com').get(/.*/).reply(200, {});
		try {
			const res = await engine.testCredential('salespanelApi', {
				apiToken: 'secret',
				baseUrl: 'http://example.com',
			});
			expect(res.status).toBe('Error');
			expect(res.message).toBe('Unsupported protocol refused-base-url:');
			expect(attempts).toEqual([]);
			expect(trap.isDone()).toBe(false);
		} finally {
			nock.emitter.removeListener('no match', onNoMatch);
		}
	});

	it('accepts an http://localhost base URL', async () => {
		const scope = nock('http://localhost:8000')
			.get('/api/v1/visitors/')
			.query({ limit: 1 })
			.reply(200, { results: [] });

		const res = await engine.testCredential('salespanelApi', {
			apiToken: 't',
			baseUrl: 'http://localhost:8000/',
		});
		expect(res).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(scope.isDone()).toBe(true);
	});
});

describe('webhook()', () => {
	it('returns workflowData from webhook() and keeps static data', async () => {
		const staticData: IDataObject = {};
		const hook = { name: 'Hook', type: 'hookProbe' };
		const res = await engine.webhook(hook, { body: { event: 'lead.created' } }, { staticData });
		expect(res.workflowData).toEqual([[{ json: { event: 'lead.created' } }]]);
		expect(res.response).toBeUndefined();
		await engine.webhook(hook, { method: 'POST', body: {} }, { staticData });
		expect(staticData).toEqual({ 'node:Hook': { count: 2 } });
	});

	it('captures what the node writes to the response', async () => {
		const res = await engine.webhook(
			{ name: 'Hook', type: 'hookProbe' },
			{ headers: { 'X-Reject': 'yes' }, body: {} },
		);
		expect(res.noWebhookResponse).toBe(true);
		expect(res.response).toMatchObject({ statusCode: 403, body: { message: 'rejected' } });
	});
});

describe('poll()', () => {
	it('persists node static data across trigger-mode polls, not in manual mode', async () => {
		const node = { name: 'Poller', type: 'pollProbe' };
		const state: PollState = { staticData: {} };

		const first = await engine.poll(node, { state });
		expect(first.items).toEqual([[{ json: { calls: 1, mode: 'trigger' } }]]);
		const second = await engine.poll(node, { state });
		expect(second.items?.[0][0].json.calls).toBe(2);
		expect(state.staticData).toEqual({ 'node:Poller': { calls: 2 } });

		const manual = await engine.poll(node, { state, mode: 'manual' });
		expect(manual.items?.[0][0].json).toEqual({ calls: 3, mode: 'manual' });
		expect(state.staticData).toEqual({ 'node:Poller': { calls: 2 } });
	});
});
