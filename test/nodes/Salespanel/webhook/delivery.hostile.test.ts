// The webhook trigger against 600 randomly mangled deliveries: each is answered 200 or 4xx with a
// short reason, never an exception or a 5xx.
import type { IDataObject } from 'n8n-workflow';

import { mulberry32, pick, int, type Rng } from '../../../tools/sandbox/random';
import { createSalespanelEngine } from '../../../tools/support/node-env';
import { useNock } from '../../../tools/support/nock';

const API = 'https://salespanel.io';
const TOKEN = ['trigger', 'fault', 'token', '91c0'].join('-');
const engine = createSalespanelEngine(API, TOKEN);

const webhookNode = {
	name: 'Salespanel Trigger',
	type: 'salespanelTrigger',
	parameters: { events: ['*'] },
};

useNock();
afterEach(() => jest.restoreAllMocks());

describe('webhook trigger: 600 mangled deliveries, each answered 200 or 4xx with a short reason', () => {
	const valid = (): IDataObject => ({
		hook: {
			id: '2ac9c790-9431-4609-9696-cac25b9b5ad3',
			event: 'person.segment_qualified',
			target: 'https://n8n.example/w',
			title: 'Leads',
		},
		payload: {
			contact_id: 'c1e82a57-bc6f-ad03-d6c1-2a2cc23948fe',
			person_details: { name: 'Jane Roe', email: 'jane@acme.com' },
			company_details: { name: 'Acme', domain: 'acme.com', employees: 15 },
			acquisition_details: { source: 'Direct', landing_location: { country: 'India' } },
			visitor_tags: ['hot-lead'],
			qualified_segments: [{ id: 42, name: 'Enterprise' }],
			web_activity_summary: { total_page_views: 12, first_visit: '2024-01-15T10:30:00Z' },
			segment: { segment_id: '9887ba45-b350-42eb-ac1e-062b4f55328a', title: 'Enterprise' },
		},
	});

	const KEYS = [
		'__proto__',
		'constructor',
		'prototype',
		'toString',
		'valueOf',
		'hasOwnProperty',
		'hook',
		'payload',
		'event',
		'id',
		'segment',
		'name',
		'toJSON',
		'',
	];

	/** A hostile JSON text for a value slot: deep, wide, huge, odd keys or plain junk. */
	function junk(rng: Rng): string {
		switch (int(rng, 0, 9)) {
			case 0: {
				const depth = int(rng, 20, 40_000);
				return `${'['.repeat(depth)}${']'.repeat(depth)}`;
			}
			case 1: {
				const depth = int(rng, 20, 40_000);
				return `${`{"${pick(rng, KEYS)}":`.repeat(depth)}1${'}'.repeat(depth)}`;
			}
			case 2:
				return JSON.stringify('z'.repeat(int(rng, 0, 3) === 0 ? 1_200_000 : int(rng, 0, 5000)));
			case 3:
				return `{${KEYS.map((key) => `${JSON.stringify(key)}:${pick(rng, ['1', 'null', '{}', '[]', '"x"', '{"a":1}'])}`).join(',')}}`;
			case 4:
				return `[${Array.from({ length: int(rng, 0, 2000) }, () => pick(rng, ['null', '0', '"t"', '{"toString":1}', '[[]]', 'true'])).join(',')}]`;
			case 5:
				return pick(rng, [
					'null',
					'true',
					'false',
					'0',
					'-1e308',
					'1e400',
					'""',
					'"person.identified"',
				]);
			case 6:
				return `{${JSON.stringify(pick(rng, KEYS))}:${junk(rng)}}`;
			default:
				return JSON.stringify(
					pick(rng, [
						'PERSON.IDENTIFIED',
						' person.identified ',
						'company.identified',
						'x'.repeat(300),
						'\u0000',
						'🎉',
					]),
				);
		}
	}

	/** A valid delivery with one value (anywhere up to 3 levels down) replaced by junk, or junk as the whole body. */
	function mangled(rng: Rng): string {
		if (int(rng, 0, 7) === 0) return junk(rng);
		const delivery = valid();
		let target = delivery;
		for (let level = int(rng, 0, 2); level > 0; level--) {
			const objects = Object.keys(target).filter(
				(key) =>
					typeof target[key] === 'object' && target[key] !== null && !Array.isArray(target[key]),
			);
			if (objects.length === 0) break;
			target = target[pick(rng, objects)] as IDataObject;
		}
		const key = int(rng, 0, 2) === 0 ? pick(rng, KEYS) : pick(rng, Object.keys(target));
		const marker = '"<<junk>>"';
		target[key] = '<<junk>>';
		return JSON.stringify(delivery).replace(marker, junk(rng));
	}

	test('no exception, no 5xx, every reason at most 160 characters, every accepted item plain JSON', async () => {
		const rng = mulberry32(2024);
		const tally: Record<string, number> = {};
		for (let i = 0; i < 600; i++) {
			const text = mangled(rng);
			let body: unknown;
			try {
				body = JSON.parse(text);
			} catch {
				body = {};
			}
			const label = `delivery ${i}: ${text.slice(0, 80)}`;
			const result = await engine
				.webhook(webhookNode, { body, rawBody: Buffer.from(text, 'utf8') }, { staticData: {} })
				.catch((error: Error) => {
					throw new Error(`${label} threw ${error.name}: ${error.message.slice(0, 200)}`);
				});
			const status = result.response?.statusCode ?? 200;
			tally[status] = (tally[status] ?? 0) + 1;
			expect([label, [200, 400, 413]]).toEqual([label, expect.arrayContaining([status])]);
			if (result.workflowData !== undefined) {
				const items = result.workflowData[0].map((item) => item.json);
				expect(JSON.parse(JSON.stringify(items))).toEqual(items);
			} else {
				const reason = (result.response?.body as IDataObject).reason as string;
				expect([label, reason.length <= 160]).toEqual([label, true]);
			}
		}
		// Every kind of answer occurred, so the generator reached each branch of the checks.
		expect(Object.keys(tally).sort()).toEqual(['200', '400', '413']);
	}, 120_000);
});
