/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// Issue #11 for the webhook trigger and the credential, through the real n8n-core engine: the
// Segments picker (loadOptions against the sandbox, without a credential, against hostile
// servers), the values it stores reaching the webhook filter, the node creator and Docs link
// wiring and description lengths. The credential's own checks are in test/credentials/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import type { IDataObject, INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { SalespanelApi } from '../../../credentials/SalespanelApi.credentials';
import { Salespanel } from '../../../nodes/Salespanel/Salespanel.node';
import { MAX_PICKER_SEGMENTS, NO_CREDENTIAL_MESSAGE } from '../../../nodes/Salespanel/shared/pickers/segments';
import { APP_DESCRIPTION, SalespanelTrigger } from '../../../nodes/Salespanel/SalespanelTrigger.node';
import { createEngine, type Engine, type NodeSpec } from '../../tools/harness';
import { loadOptions } from '../../tools/harness/load-options';
import { startSandbox, type Sandbox } from '../../tools/sandbox';
import { json, startLoopback, type Loopback } from '../../tools/support/loopback';

const TYPE = 'salespanelTrigger';
const TOKEN = ['editor', 'triggers', 'token', '51c0'].join('-');

const engineFor = (baseUrl: string, apiToken: string): Engine =>
	createEngine({
		nodeTypes: [SalespanelTrigger],
		credentialTypes: [SalespanelApi],
		credentials: { salespanelApi: { apiToken, baseUrl } },
	});

const getSegments = async (engine: Engine, credentials: string[] = ['salespanelApi']) =>
	await loadOptions(engine, { type: TYPE, parameters: { events: ['*'] }, credentials, path: 'parameters.options.segments' }, 'getSegments');

beforeAll(() => {
	nock.disableNetConnect();
	nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
});
afterAll(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});

describe('Segments picker: getSegments through n8n-core LoadOptionsContext', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ seed: 5, throttle: false });
	});
	afterAll(async () => await sandbox.close());

	test('lists every segment of the sandbox account: title shown, segment ID stored, sorted by title', async () => {
		const before = sandbox.requests.length;
		const options = await getSegments(engineFor(sandbox.url, sandbox.token));
		const expected = sandbox.store.segments
			.map((s) => ({ name: s.name, value: s.segment_id, description: `Segment ID ${s.segment_id}` }))
			.sort((a, b) => a.name.localeCompare(b.name));
		expect(sandbox.store.segments.length).toBeGreaterThan(1);
		expect(options).toEqual(expected);
		const sent = sandbox.requests.slice(before);
		expect(sent.map((r) => r.path)).toEqual(['/api/v1/segments/']);
	});

	test('also reads an account whose /segments/ answers a bare list', async () => {
		const bare = await startSandbox({ seed: 5, throttle: false, segmentsPaginated: false });
		try {
			const options = await getSegments(engineFor(bare.url, bare.token));
			expect(options.map((o) => o.value).sort()).toEqual(bare.store.segments.map((s) => s.segment_id).sort());
		} finally {
			await bare.close();
		}
	});

	test('without a credential: the message says how to add one or type values, and nothing is sent', async () => {
		const before = sandbox.requests.length;
		await expect(getSegments(engineFor(sandbox.url, sandbox.token), [])).rejects.toThrow(NO_CREDENTIAL_MESSAGE);
		expect(NO_CREDENTIAL_MESSAGE).toMatch(/Salespanel API credential.*Expression.*titles or IDs/);
		expect(sandbox.requests.length).toBe(before);
	});

	test('a wrong token gives Salespanel\'s 401 message, not the "add a credential" one; the status once (the editor shows "401 - <message>")', async () => {
		const error = (await getSegments(engineFor(sandbox.url, 'wrong-token')).catch((e: unknown) => e)) as { message: string; httpCode?: string };
		expect(error.message).toBe('Salespanel did not accept the API token: Invalid token.');
		expect(error.httpCode).toBe('401');
	});
});

describe('Segments picker against hostile servers: bounded, with a clear error', () => {
	let api: Loopback;
	beforeAll(async () => {
		api = await startLoopback();
	});
	afterAll(async () => await api.close());
	beforeEach(() => {
		api.hits.length = 0;
	});
	const offsetOf = (url: string) => Number(new URL(url, 'http://x').searchParams.get('offset') ?? 0);
	const limitOf = (url: string) => Number(new URL(url, 'http://x').searchParams.get('limit') ?? 100);
	const segment = (i: number) => ({ segment_id: `seg-${i}`, name: `Segment ${i}` });

	test('`next` that never ends with new segments and no count: stops after one page more than the picker shows', async () => {
		api.handle = (req, res) => {
			const offset = offsetOf(req.url ?? '');
			const limit = limitOf(req.url ?? '');
			const results = Array.from({ length: limit }, (_, k) => segment(offset + k));
			json(res, 200, { pagination: { next: `${api.url}/api/v1/segments/?offset=${offset + limit}`, previous: null }, results });
		};
		await expect(getSegments(engineFor(api.url, TOKEN))).rejects.toThrow(
			`Salespanel listed more than ${MAX_PICKER_SEGMENTS} segments, too many to pick from: switch this field to Expression and type segment titles or IDs`,
		);
		expect(api.hits.length).toBe(MAX_PICKER_SEGMENTS / 100 + 1);
	});

	test('`next` that never ends, the same page again: the pagination error, requests bounded by the first count', async () => {
		api.handle = (_req, res) =>
			json(res, 200, { pagination: { count: 400, next: `${api.url}/api/v1/segments/?offset=100`, previous: null }, results: Array.from({ length: 100 }, (_, k) => segment(k)) });
		await expect(getSegments(engineFor(api.url, TOKEN))).rejects.toThrow(/^Salespanel's pagination did not end: it sent only items already read at offset 100/);
		// The first page and the 3 pages its count plans (read at once); the error comes at the second.
		expect(api.hits.length).toBe(4);
	});

	test('a 1 MB title, two titles equal in their first 200 characters, count 1e12: labels of at most 120 characters, told apart by ID', async () => {
		const long = 'Visited pricing and '.repeat(52_429);
		api.handle = (_req, res) =>
			json(res, 200, {
				pagination: { count: 1e12, next: null, previous: null },
				results: [
					{ segment_id: 'huge', name: long },
					{ segment_id: 'b-2', name: `${'Enterprise prospects '.repeat(10)}in Europe` },
					{ segment_id: 'a-1', name: `${'Enterprise prospects '.repeat(10)}in Asia` },
					{ segment_id: 'x'.repeat(300), name: 'Long ID' },
				],
			});
		const options = await getSegments(engineFor(api.url, TOKEN));
		const prospects = `${'Enterprise prospects '.repeat(10).slice(0, 120 - ' (a-1)'.length - 1)}…`;
		expect(options).toEqual([
			{ name: `${prospects} (a-1)`, value: 'a-1', description: 'Segment ID a-1' },
			{ name: `${prospects} (b-2)`, value: 'b-2', description: 'Segment ID b-2' },
			{ name: 'Long ID', value: 'x'.repeat(300), description: `Segment ID ${'x'.repeat(108)}…` },
			{ name: `${long.slice(0, 119)}…`, value: 'huge', description: 'Segment ID huge' },
		]);
		expect(options.every((option) => option.name.length <= 120 && String(option.description).length <= 120)).toBe(true);
		expect(api.hits.length).toBe(1);
	});

	test('`next` that never ends with new segments, count 1e12: the "too many" error after 11 requests', async () => {
		api.handle = (req, res) => {
			const offset = offsetOf(req.url ?? '');
			const limit = limitOf(req.url ?? '');
			json(res, 200, { pagination: { count: 1e12, next: `${api.url}/api/v1/segments/?offset=${offset + limit}`, previous: null }, results: Array.from({ length: limit }, (_, k) => segment(offset + k)) });
		};
		await expect(getSegments(engineFor(api.url, TOKEN))).rejects.toThrow(`Salespanel listed more than ${MAX_PICKER_SEGMENTS} segments, too many to pick from`);
		expect(api.hits.length).toBe(MAX_PICKER_SEGMENTS / 100 + 1);
	});

	test('non-object entries: a shape error naming the entry, after one request', async () => {
		api.handle = (_req, res) =>
			json(res, 200, { pagination: { count: 3, next: null, previous: null }, results: [segment(1), 'Trial Users', segment(2)] });
		await expect(getSegments(engineFor(api.url, TOKEN))).rejects.toThrow(
			'Salespanel sent a collection entry that is not an object: results[1] is a text of 11 characters',
		);
		expect(api.hits.length).toBe(1);
	});

	test('entries without a usable ID are left out; equal titles are told apart by ID; the token is sent', async () => {
		api.handle = (_req, res) =>
			json(res, 200, {
				pagination: { count: 5, next: null, previous: null },
				results: [
					{ segment_id: 'b-2', name: 'Trial Users' },
					{ segment_id: 'a-1', name: 'Trial Users' },
					{ segment_id: null, name: 'No ID' },
					{ name: 'Missing ID' },
					{ segment_id: 'c-3', name: '  ' },
				],
			});
		const options = await getSegments(engineFor(api.url, TOKEN));
		expect(options.map(({ name, value }) => ({ name, value }))).toEqual([
			{ name: 'c-3', value: 'c-3' },
			{ name: 'Trial Users (a-1)', value: 'a-1' },
			{ name: 'Trial Users (b-2)', value: 'b-2' },
		]);
		expect(api.hits.map((h) => h.authorization)).toEqual([`Token ${TOKEN}`]);
	});
});

describe('Segments option: the stored value filters deliveries (array of IDs, old comma-separated text, expressions)', () => {
	let sandbox: Sandbox;
	let capture: Loopback;
	let engine: Engine;
	beforeAll(async () => {
		sandbox = await startSandbox({ seed: 5, throttle: false });
		capture = await startLoopback();
		engine = engineFor(sandbox.url, sandbox.token);
	});
	afterAll(async () => {
		await Promise.all([sandbox.close(), capture.close()]);
	});

	/** A delivery exactly as the sandbox sends it for this segment. */
	const deliveryFor = async (segmentIndex: number): Promise<IDataObject> => {
		const s = sandbox.store.segments[segmentIndex];
		capture.hits.length = 0;
		await sandbox.sendWebhook(`${capture.url}/hook`, { event: 'person.segment_qualified', segment: { segment_id: s.segment_id, title: s.name } });
		return JSON.parse(capture.hits[0].body) as IDataObject;
	};
	const started = async (segments: INodeParameters['segments'], segmentIndex: number) => {
		const node: NodeSpec = { name: 'Salespanel Trigger', type: TYPE, parameters: { events: ['*'], options: { segments, ignoreDuplicates: false } } };
		const result = await engine.webhook(node, { method: 'POST', body: await deliveryFor(segmentIndex) });
		return result.workflowData !== undefined;
	};

	test('the IDs the picker stores (values loaded by getSegments) pass their segments only', async () => {
		const options: INodePropertyOptions[] = await getSegments(engine);
		const first = sandbox.store.segments[0];
		const picked = options.filter((o) => o.value === first.segment_id).map((o) => o.value);
		expect(picked).toEqual([first.segment_id]);
		expect(await started(picked, 0)).toBe(true);
		expect(await started(picked, 1)).toBe(false);
	});

	test('text saved before the picker existed ("Title, other") still filters', async () => {
		const [first, second] = sandbox.store.segments;
		expect(await started(` ${first.name.toUpperCase()} , no such segment`, 0)).toBe(true);
		expect(await started(`${first.name}, ${second.segment_id}`, 1)).toBe(true);
		expect(await started(first.name, 1)).toBe(false);
	});

	test('an expression giving titles, or comma-separated text, works; an empty selection lets all through', async () => {
		const [first, second] = sandbox.store.segments;
		expect(await started(`={{ ${JSON.stringify([first.name])} }}`, 0)).toBe(true);
		expect(await started(`={{ ${JSON.stringify([first.name])} }}`, 1)).toBe(false);
		expect(await started(`=${second.name}, Other`, 1)).toBe(true);
		expect(await started([], 1)).toBe(true);
		expect(await started('', 1)).toBe(true);
	});
});

describe('Salespanel Trigger in the editor: node creator, notice, Docs link, descriptions', () => {
	const trigger = new SalespanelTrigger().description;
	const readme = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
	/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
	const anchors = new Set(
		readme
			.split('\n')
			.filter((line) => /^#{1,6} /.test(line))
			.map((line) => line.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')),
	);

	test("the trigger carries the action node's description, which n8n shows on the joined Salespanel app", () => {
		expect(trigger.name.replace('Trigger', '')).toBe(new Salespanel().description.name);
		expect(trigger.description).toBe(new Salespanel().description.description);
		expect(APP_DESCRIPTION).toBe(new Salespanel().description.description);
	});

	test('the setup notice is text and one README link (n8n 2.x drops <br> and <b>), naming the controls n8n shows', () => {
		const notice = trigger.properties.find((p) => p.type === 'notice')?.displayName ?? '';
		const tags = notice.match(/<[^>]*>/g) ?? [];
		expect(tags.filter((tag) => !/^<a href="[^"]+" target="_blank">$|^<\/a>$/.test(tag))).toEqual([]);
		const links = [...notice.matchAll(/<a href="([^"]+)"/g)].map((m) => new URL(m[1]));
		expect(links).toHaveLength(1);
		expect(anchors.has(links[0].hash.slice(1))).toBe(true);
		const text = notice.replace(/<[^>]*>/g, '');
		for (const label of ['Webhook URLs', 'Production URL', 'Settings → Tools and Apps → Webhooks', 'activate or publish']) expect(text).toContain(label);
		expect(text).not.toMatch(/listen for test event/i);
	});

	test('a trigger panel: a header, where the Test URL is, and what activates the trigger, as plain short text', () => {
		const panel = trigger.triggerPanel;
		if (typeof panel !== 'object') throw new Error('no triggerPanel object');
		const help = panel.executionsHelp;
		const hint = panel.activationHint;
		if (typeof help !== 'object' || typeof hint !== 'string') throw new Error('executionsHelp per state and one activationHint expected');
		expect(panel.header).toMatch(/Salespanel/);
		for (const text of [help.inactive, help.active]) expect(text).toMatch(/Test URL \(under Webhook URLs\)/);
		expect(help.inactive).toMatch(/Execute step/);
		expect(help.inactive).toMatch(/Production URL in Salespanel and activate or publish/);
		expect(hint).toMatch(/Production URL into Salespanel and activate or publish/);
		for (const text of [panel.header ?? '', help.inactive, help.active, hint]) {
			expect(text.length).toBeLessThanOrEqual(200);
			expect(text).not.toMatch(/<[^>]+>/);
		}
	});

	test('the Docs link opens the README section of this trigger', () => {
		const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { homepage: string };
		const url = new URL(trigger.documentationUrl ?? '');
		expect(`${url.origin}${url.pathname}`).toBe(pkg.homepage.replace(/#.*$/, ''));
		expect(anchors.has(url.hash.slice(1))).toBe(true);
		const credentialUrl = new URL(new SalespanelApi().documentationUrl);
		expect(anchors.has(credentialUrl.hash.slice(1))).toBe(true);
	});

	test('an optional Salespanel API credential, used by the Segments picker', () => {
		expect(trigger.credentials).toEqual([{ name: 'salespanelApi', required: false }]);
		const options = trigger.properties.find((p) => p.name === 'options')?.options as INodeProperties[];
		const segments = options.find((o) => o.name === 'segments');
		expect(segments).toMatchObject({ type: 'multiOptions', typeOptions: { loadOptionsMethod: 'getSegments' }, allowArbitraryValues: true, default: [] });
		expect(new SalespanelTrigger().methods.loadOptions.getSegments).toBeInstanceOf(Function);
	});
	// Length, markup and wording of every text: the Wording tests in test/nodes/Salespanel/editor.test.ts.
});
