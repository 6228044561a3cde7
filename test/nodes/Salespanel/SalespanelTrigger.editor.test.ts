/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// Issue #11 for the webhook trigger and the credential, through the real n8n-core engine: the
// values the Segments picker stores reaching the webhook filter (the picker itself is in
// shared/pickers/segments.test.ts), the node creator and Docs link wiring and description lengths. The credential's own checks are in test/credentials/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type {
	IDataObject,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { SalespanelApi } from '../../../credentials/SalespanelApi.credentials';
import { Salespanel } from '../../../nodes/Salespanel/Salespanel.node';
import {
	APP_DESCRIPTION,
	SalespanelTrigger,
} from '../../../nodes/Salespanel/SalespanelTrigger.node';
import { createEngine, type Engine, type NodeSpec } from '../../tools/harness';
import { startSandbox, type Sandbox } from '../../tools/sandbox';
import { startLoopback, type Loopback } from '../../tools/support/loopback';
import { loopbackOnly } from '../../tools/support/loopbackApi';
import { readmeAnchors } from './readmeAnchors';
import { loadSegments as getSegments } from './shared/pickers/pickerCalls';

const TYPE = 'salespanelTrigger';

const engineFor = (baseUrl: string, apiToken: string): Engine =>
	createEngine({
		nodeTypes: [SalespanelTrigger],
		credentialTypes: [SalespanelApi],
		credentials: { salespanelApi: { apiToken, baseUrl } },
	});

loopbackOnly();

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
		await sandbox.sendWebhook(`${capture.url}/hook`, {
			event: 'person.segment_qualified',
			segment: { segment_id: s.segment_id, title: s.name },
		});
		return JSON.parse(capture.hits[0].body) as IDataObject;
	};
	const started = async (segments: INodeParameters['segments'], segmentIndex: number) => {
		const node: NodeSpec = {
			name: 'Salespanel Trigger',
			type: TYPE,
			parameters: { events: ['*'], options: { segments, ignoreDuplicates: false } },
		};
		const result = await engine.webhook(node, {
			method: 'POST',
			body: await deliveryFor(segmentIndex),
		});
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
	const anchors = new Set(readmeAnchors());

	test("the trigger carries the action node's description, which n8n shows on the joined Salespanel app", () => {
		expect(trigger.name.replace('Trigger', '')).toBe(new Salespanel().description.name);
		expect(trigger.description).toBe(new Salespanel().description.description);
		expect(APP_DESCRIPTION).toBe(new Salespanel().description.description);
	});

	test('the setup notice is text and one README link (n8n 2.x drops <br> and <b>), naming the controls n8n shows', () => {
		const notice = trigger.properties.find((p) => p.type === 'notice')?.displayName ?? '';
		const tags = notice.match(/<[^>]*>/g) ?? [];
		expect(tags.filter((tag) => !/^<a href="[^"]+" target="_blank">$|^<\/a>$/.test(tag))).toEqual(
			[],
		);
		const links = [...notice.matchAll(/<a href="([^"]+)"/g)].map((m) => new URL(m[1]));
		expect(links).toHaveLength(1);
		expect(anchors.has(links[0].hash.slice(1))).toBe(true);
		const text = notice.replace(/<[^>]*>/g, '');
		for (const label of [
			'Webhook URLs',
			'Production URL',
			'Settings → Tools and Apps → Webhooks',
			'activate or publish',
		])
			expect(text).toContain(label);
		expect(text).not.toMatch(/listen for test event/i);
	});

	test('a trigger panel: a header, where the Test URL is, and what activates the trigger, as plain short text', () => {
		const panel = trigger.triggerPanel;
		if (typeof panel !== 'object') throw new Error('no triggerPanel object');
		const help = panel.executionsHelp;
		const hint = panel.activationHint;
		if (typeof help !== 'object' || typeof hint !== 'string')
			throw new Error('executionsHelp per state and one activationHint expected');
		expect(panel.header).toMatch(/Salespanel/);
		for (const text of [help.inactive, help.active])
			expect(text).toMatch(/Test URL \(under Webhook URLs\)/);
		expect(help.inactive).toMatch(/Execute step/);
		expect(help.inactive).toMatch(/Production URL in Salespanel and activate or publish/);
		expect(hint).toMatch(/Production URL into Salespanel and activate or publish/);
		for (const text of [panel.header ?? '', help.inactive, help.active, hint]) {
			expect(text.length).toBeLessThanOrEqual(200);
			expect(text).not.toMatch(/<[^>]+>/);
		}
	});

	test('the Docs link opens the README section of this trigger', () => {
		const pkg = JSON.parse(
			readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
		) as { homepage: string };
		const url = new URL(trigger.documentationUrl ?? '');
		expect(`${url.origin}${url.pathname}`).toBe(pkg.homepage.replace(/#.*$/, ''));
		expect(anchors.has(url.hash.slice(1))).toBe(true);
		const credentialUrl = new URL(new SalespanelApi().documentationUrl);
		expect(anchors.has(credentialUrl.hash.slice(1))).toBe(true);
	});

	test('an optional Salespanel API credential, used by the Segments picker', () => {
		expect(trigger.credentials).toEqual([{ name: 'salespanelApi', required: false }]);
		const options = trigger.properties.find((p) => p.name === 'options')
			?.options as INodeProperties[];
		const segments = options.find((o) => o.name === 'segments');
		expect(segments).toMatchObject({
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getSegments' },
			allowArbitraryValues: true,
			default: [],
		});
		expect(new SalespanelTrigger().methods.loadOptions.getSegments).toBeInstanceOf(Function);
	});
	// Length, markup and wording of every text: the Wording tests in test/nodes/Salespanel/Salespanel.editor.test.ts.
});
