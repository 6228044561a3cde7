// Items run concurrently (issue #13, item 2), through the real n8n-core engine against a loopback
// server that answers each request after a delay the test chooses and measures how many requests
// it holds at once: output order and pairing, the in-flight cap, the input order of writes to one
// visitor, writes never repeated, Continue On Fail, the lowest failing item's error, and the rate
// limit under concurrency.
import { sleep, type IDataObject, type INodeParameters } from 'n8n-workflow';

import { MAX_IN_FLIGHT } from '../../../../nodes/Salespanel/shared/transport/pacer';
import { withItems, type RunResult } from '../../../tools/harness';
import { json, type Handler, type Hit } from '../../../tools/support/loopback';
import { loopbackOnly, useLoopback } from '../../../tools/support/loopbackApi';
import { createSalespanelEngine, NODE_NAME, salespanelNode } from '../../../tools/support/node-env';

const TOKEN = ['concurrent', 'items', 'token', '51c0e2'].join('-');
const visitorId = (index: number) =>
	`be8364a3-59b2-d17e-988f-${index.toString(16).padStart(12, '0')}`;
const indexOfVisitor = (text: string) => parseInt(/988f-([0-9a-f]{12})/.exec(text)?.[1] ?? 'x', 16);
/** The loopback server's response object. */
type Response = Parameters<Handler>[1];

/** What the server saw: arrivals in order (with time), requests held at once, and per visitor. */
interface Observed {
	arrivals: Array<{ hit: Hit; at: number }>;
	inFlight: number;
	maxInFlight: number;
	/** Completion order of the answers, as the server sent them. */
	answered: Hit[];
	perVisitorMax: Map<string, number>;
}

loopbackOnly();
const api = useLoopback();
let seen: Observed;
let perVisitorNow: Map<string, number>;

/** Answers every request through `answer` after `delayMs(hit)`; `visitorOf` names the visitor for per-visitor counts. */
function serve(
	delayMs: (hit: Hit) => number,
	answer: (hit: Hit, res: Response) => void,
	visitorOf: (hit: Hit) => string = (hit) => hit.url,
): void {
	api.handle = (_req, res, hit) => {
		const visitor = visitorOf(hit);
		seen.arrivals.push({ hit, at: performance.now() });
		seen.inFlight++;
		seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
		perVisitorNow.set(visitor, (perVisitorNow.get(visitor) ?? 0) + 1);
		seen.perVisitorMax.set(
			visitor,
			Math.max(seen.perVisitorMax.get(visitor) ?? 0, perVisitorNow.get(visitor)!),
		);
		void sleep(delayMs(hit)).then(() => {
			seen.inFlight--;
			perVisitorNow.set(visitor, perVisitorNow.get(visitor)! - 1);
			seen.answered.push(hit);
			answer(hit, res);
		});
	};
}

beforeEach(() => {
	seen = { arrivals: [], inFlight: 0, maxInFlight: 0, answered: [], perVisitorMax: new Map() };
	perVisitorNow = new Map();
});

/** Create Activity for each item: its visitor and label come from the item. */
const createActivityFromItem = {
	resource: 'activity',
	operation: 'create',
	visitorIdentifier: '={{ $json.visitor }}',
	category: 'c',
	label: '={{ $json.label }}',
};
const run = async (
	parameters: IDataObject,
	input: IDataObject[],
	extra: IDataObject = {},
): Promise<RunResult> =>
	await createSalespanelEngine(api.url, TOKEN).run(
		withItems(input, salespanelNode(parameters as INodeParameters, extra)),
	);

const getVisitors = {
	resource: 'visitor',
	operation: 'get',
	visitorId: '={{ $json.id }}',
	simplify: false,
};
const idItems = (count: number) =>
	Array.from({ length: count }, (_, index) => ({ id: visitorId(index) }));
const answerVisitor = (hit: Hit, res: Response) =>
	json(res, 200, {
		contact_id: visitorId(indexOfVisitor(hit.url)),
		index: indexOfVisitor(hit.url),
	});
const notFound = (res: Response) => json(res, 404, { detail: 'Not found.' });
const bodyOf = (hit: Hit) => JSON.parse(hit.body) as IDataObject;

describe('output order and pairing', () => {
	test('60 Gets answered in reverse order come out in input order, each paired with its own item', async () => {
		serve((hit) => (60 - indexOfVisitor(hit.url)) * 4, answerVisitor);
		const result = await run(getVisitors, idItems(60));
		expect(result.error).toBeUndefined();
		const output = result.output(NODE_NAME);
		expect(output.map((item) => item.json.index)).toEqual([...Array(60).keys()]);
		expect(output.map((item) => item.pairedItem)).toEqual(
			[...Array(60).keys()].map((item) => ({ item })),
		);
		// The server really answered out of order: the first answer was not item 0's.
		expect(indexOfVisitor(seen.answered[0].url)).not.toBe(0);
		expect(api.hits).toHaveLength(60);
	});

	test(`requests overlap, but never more than ${MAX_IN_FLIGHT} items are in flight`, async () => {
		// Answers slow enough that all 60 are sent before the first comes back, even on a loaded machine
		// (at 30 ms a full-suite run once saw only 56 at once). Rate Limit off, so only the cap holds items back.
		serve(() => 250, answerVisitor);
		const result = await run(
			{ ...getVisitors, options: { rateLimitRequests: 0 } },
			idItems(MAX_IN_FLIGHT + 20),
		);
		expect(result.error).toBeUndefined();
		expect(seen.maxInFlight).toBeGreaterThan(1);
		expect(seen.maxInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT);
		expect(seen.maxInFlight).toBe(MAX_IN_FLIGHT);
	});
});

describe('the documented burst', () => {
	test('60 Gets with the Rate Limit left at its default (60 per 60 s) are on the wire together, none waits', async () => {
		serve(() => 150, answerVisitor);
		const result = await run(getVisitors, idItems(60));
		expect(result.error).toBeUndefined();
		expect(seen.maxInFlight).toBe(60);
		const times = seen.arrivals.map(({ at }) => at);
		// All arrive before the first answer could have come back.
		expect(Math.max(...times) - Math.min(...times)).toBeLessThan(150);
	});
});

describe('the credential', () => {
	test('is loaded once per execution, not once per request, and every request still carries the token', async () => {
		serve(() => 5, answerVisitor);
		const engine = createSalespanelEngine(api.url, TOKEN);
		const loads = jest.spyOn(engine.credentialsHelper, 'getDecrypted');
		const workflow = () => withItems(idItems(25), salespanelNode(getVisitors as INodeParameters));
		expect((await engine.run(workflow())).error).toBeUndefined();
		expect(loads).toHaveBeenCalledTimes(1);
		// A new execution loads it again (a changed token takes effect on the next run).
		expect((await engine.run(workflow())).error).toBeUndefined();
		expect(loads).toHaveBeenCalledTimes(2);
		expect(api.hits).toHaveLength(50);
		expect(api.hits.every((hit) => hit.authorization === `Token ${TOKEN}`)).toBe(true);
	});
});

describe('writes to one visitor', () => {
	// Visitor by email; A appears in three spellings of one address.
	const visitors = [
		'Jane@Acme.com',
		'bob@acme.com',
		'jane@acme.com',
		'eve@acme.com',
		'JANE@ACME.COM',
		'bob@acme.com',
		'carl@acme.com',
	];
	const setAttributes = {
		resource: 'visitor',
		operation: 'setAttributes',
		visitorIdentifier: '={{ $json.visitor }}',
		attributesInputMode: 'json',
		attributesJson: '={{ JSON.stringify({ seq: $json.seq }) }}',
	};
	const visitorOfBody = (hit: Hit) => String(bodyOf(hit).visitor_identifier).toLowerCase();

	test('Set Attributes: one visitor’s writes reach the server in input order, one at a time; different visitors overlap', async () => {
		// Later items answer faster, so without ordering they would overtake the earlier ones.
		serve(
			(hit) => 120 - Number((bodyOf(hit).visitor_attributes as IDataObject).seq) * 15,
			(hit, res) =>
				json(res, 200, { success: true, seq: (bodyOf(hit).visitor_attributes as IDataObject).seq }),
			visitorOfBody,
		);
		const result = await run(
			setAttributes,
			visitors.map((visitor, seq) => ({ visitor, seq })),
		);
		expect(result.error).toBeUndefined();
		expect(result.json(NODE_NAME).map((item) => item.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		const arrivalsOf = (visitor: string) =>
			seen.arrivals
				.filter(({ hit }) => visitorOfBody(hit) === visitor)
				.map(({ hit }) => (bodyOf(hit).visitor_attributes as IDataObject).seq);
		expect(arrivalsOf('jane@acme.com')).toEqual([0, 2, 4]);
		expect(arrivalsOf('bob@acme.com')).toEqual([1, 5]);
		expect(seen.perVisitorMax.get('jane@acme.com')).toBe(1);
		expect(seen.perVisitorMax.get('bob@acme.com')).toBe(1);
		expect(seen.maxInFlight).toBeGreaterThan(1);
	});

	test('Activity Create: one visitor’s activities are logged in input order, a failed one does not hold the others back', async () => {
		const labels = ['a0', 'b1', 'a2', 'b3', 'a4', 'a5'];
		serve(
			(hit) => 100 - Number(String(bodyOf(hit).label).slice(1)) * 15,
			(hit, res) =>
				bodyOf(hit).label === 'a2'
					? json(res, 500, { detail: 'boom' })
					: json(res, 201, { label: bodyOf(hit).label }),
			visitorOfBody,
		);
		const result = await run(
			createActivityFromItem,
			labels.map((label) => ({
				label,
				visitor: label.startsWith('a') ? visitorId(1) : visitorId(2),
			})),
			{ onError: 'continueRegularOutput' },
		);
		expect(result.error).toBeUndefined();
		expect(
			seen.arrivals
				.map(({ hit }) => bodyOf(hit).label)
				.filter((label) => String(label).startsWith('a')),
		).toEqual(['a0', 'a2', 'a4', 'a5']);
		expect(seen.perVisitorMax.get(visitorId(1))).toBe(1);
		expect(seen.maxInFlight).toBeGreaterThan(1);
		const output = result.output(NODE_NAME);
		expect(output.map((item) => item.pairedItem)).toEqual(
			[...Array(6).keys()].map((item) => ({ item })),
		);
		expect(output[2].json.error).toEqual(expect.any(String));
		expect(output.filter((item) => item.json.error !== undefined)).toHaveLength(1);
	});

	test('Identify waits for an earlier write by the same email (its key is the visitor and the email)', async () => {
		// Two anonymous visitors identified with one email: the second must not overtake the first.
		serve(
			(hit) => (hit.url.includes(visitorId(0)) ? 120 : 5),
			(hit, res) => json(res, 200, { contact_id: visitorId(indexOfVisitor(hit.url)) }),
			(hit) => String(bodyOf(hit).email).toLowerCase(),
		);
		const result = await run(
			{
				resource: 'visitor',
				operation: 'identify',
				visitorId: '={{ $json.id }}',
				email: '={{ $json.email }}',
			},
			[
				{ id: visitorId(0), email: 'Same@Person.io' },
				{ id: visitorId(1), email: 'same@person.io' },
				{ id: visitorId(2), email: 'other@person.io' },
			],
		);
		expect(result.error).toBeUndefined();
		const order = seen.arrivals.map(({ hit }) => indexOfVisitor(hit.url));
		expect(order.indexOf(0)).toBeLessThan(order.indexOf(1));
		// Item 2 has other keys, so it went out before item 0 was answered.
		expect(seen.answered.map((hit) => indexOfVisitor(hit.url)).indexOf(2)).toBeLessThan(
			seen.answered.map((hit) => indexOfVisitor(hit.url)).indexOf(0),
		);
		expect(seen.perVisitorMax.get('same@person.io')).toBe(1);
	});
});

describe('writes are never repeated', () => {
	test('a write answered 500 or cut off mid-answer is sent exactly once; the other items go on', async () => {
		serve(
			() => 20,
			(hit, res) => {
				const label = bodyOf(hit).label;
				if (label === 'l2') json(res, 500, { detail: 'Internal error' });
				else if (label === 'l4') res.socket?.destroy();
				else json(res, 201, { label });
			},
		);
		const labels = [...Array(8).keys()].map((index) => `l${index}`);
		const result = await run(
			createActivityFromItem,
			labels.map((label, index) => ({ label, visitor: visitorId(index) })),
			{ onError: 'continueRegularOutput' },
		);
		expect(result.error).toBeUndefined();
		await sleep(100);
		expect(api.hits.map((hit) => bodyOf(hit).label).sort()).toEqual([...labels].sort());
		const output = result.output(NODE_NAME);
		expect(output.map((item) => item.pairedItem)).toEqual(labels.map((_, item) => ({ item })));
		expect(output.map((item) => (item.json.error === undefined ? 'ok' : 'error'))).toEqual([
			'ok',
			'ok',
			'error',
			'ok',
			'error',
			'ok',
			'ok',
			'ok',
		]);
	});
});

describe('failures', () => {
	const failing = new Set([3, 7, 15]);

	test('Continue On Fail: failures at several indexes become error items in place, the rest succeed', async () => {
		serve(
			(hit) => (20 - indexOfVisitor(hit.url)) * 3,
			(hit, res) =>
				failing.has(indexOfVisitor(hit.url)) ? notFound(res) : answerVisitor(hit, res),
		);
		const result = await run(getVisitors, idItems(20), { onError: 'continueRegularOutput' });
		expect(result.error).toBeUndefined();
		const output = result.output(NODE_NAME);
		expect(output.map((item) => item.pairedItem)).toEqual(
			[...Array(20).keys()].map((item) => ({ item })),
		);
		output.forEach((item, index) => {
			if (failing.has(index))
				expect(item.json.error).toBe(`Visitor "${visitorId(index)}" not found (404)`);
			else expect(item.json).toEqual({ contact_id: visitorId(index), index });
		});
	});

	test('without Continue On Fail: the lowest failing item’s error, nothing started after a failure is known, nothing left in flight', async () => {
		// Item 12 fails at once; item 5 fails later, while items up to 12 + cap may still be running.
		serve(
			(hit) => ({ 5: 150, 12: 0 })[indexOfVisitor(hit.url)] ?? 40,
			(hit, res) =>
				[5, 12].includes(indexOfVisitor(hit.url)) ? notFound(res) : answerVisitor(hit, res),
		);
		const count = 12 + MAX_IN_FLIGHT + 40;
		const result = await run({ ...getVisitors, options: { rateLimitRequests: 0 } }, idItems(count));
		expect(result.error?.message).toBe(`Visitor "${visitorId(5)}" not found (404)`);
		// Every started item was awaited: nothing is still at the server, and nothing arrives later.
		expect(seen.inFlight).toBe(0);
		const requested = api.hits.map((hit) => indexOfVisitor(hit.url));
		await sleep(150);
		expect(api.hits).toHaveLength(requested.length);
		// Every item up to the failure ran; after it, at most the items already running when it was known.
		expect(requested).toEqual(expect.arrayContaining([...Array(13).keys()]));
		expect(Math.max(...requested)).toBeLessThan(12 + MAX_IN_FLIGHT);
		expect(requested.length).toBeLessThan(count);
	});
});

describe('rate limit under concurrency', () => {
	// Depends on the pacer reserving a slot when it lets a request through (shared/transport/pacer.ts).
	test('Rate Limit 5 per 1 s with 20 items: never more than 5 requests in any window', async () => {
		serve(() => 5, answerVisitor);
		const result = await run(
			{ ...getVisitors, options: { rateLimitRequests: 5, rateLimitWindowSeconds: 1 } },
			idItems(20),
		);
		expect(result.error).toBeUndefined();
		expect(result.json(NODE_NAME).map((item) => item.index)).toEqual([...Array(20).keys()]);
		const times = seen.arrivals.map(({ at }) => at);
		// A window slightly shorter than a second absorbs the difference between sending and arriving.
		const busiest = Math.max(
			...times.map((start) => times.filter((at) => at >= start && at < start + 950).length),
		);
		expect(busiest).toBeLessThanOrEqual(5);
	}, 20_000);
});
