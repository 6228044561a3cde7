/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// The queue-mode cases: the action node on a worker, the webhook trigger through the webhook
// processor, the polling trigger on the main process, and one throttled account shared by four
// Return All executions on two workers. Expectations come from the sandboxes' own stores and
// request logs; which process did what comes from n8n's records and each process's log.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { selectVisitors, type Sandbox } from '../sandbox';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../schemas';
import type { N8nInstance } from '../runner/n8n';
import { sleep, waitFor } from '../runner/proc';
import { expect, expectEqual, type Report } from '../runner/report';
import { checkTriggerExecutions } from '../runner/serverChecks';
import type { OperationCase } from '../runner/operationCases';
import {
	SALESPANEL_TRIGGER,
	TRIGGER_HOOK_ID,
	webhookUrl,
	type WorkflowJson,
} from '../runner/workflows';
import type { QueueCluster } from './cluster';
import { OPERATIONS_PATH, QUEUE_IDS, sharedPath } from './workflows';

export interface ExecutionRecord {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt?: string;
	stoppedAt?: string;
}

const FINISHED = (e: ExecutionRecord) => !['new', 'running', 'waiting'].includes(e.status);

async function executionList(main: N8nInstance, workflowId: string): Promise<ExecutionRecord[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const data = await main.rest<{ results: ExecutionRecord[] }>(
		'GET',
		`/executions?filter=${filter}&limit=100`,
	);
	return data.results.sort((a, b) => Number(a.id) - Number(b.id));
}

/** Waits until no execution of the workflow is unfinished and the count held still for `quietMs`. */
async function settledExecutions(
	main: N8nInstance,
	workflowId: string,
	atLeast: number,
	quietMs = 3_000,
	timeoutMs = 90_000,
): Promise<ExecutionRecord[]> {
	let last = -1;
	let since = Date.now();
	return await waitFor(
		`executions of ${workflowId} to settle (at least ${atLeast})`,
		timeoutMs,
		async () => {
			const list = await executionList(main, workflowId);
			if (list.length !== last) {
				last = list.length;
				since = Date.now();
			}
			return list.length >= atLeast && list.every(FINISHED) && Date.now() - since >= quietMs
				? list
				: undefined;
		},
	);
}

async function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
	const res = await fetch(url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'user-agent': 'Salespanel-Webhooks/1.0 (sandbox)',
		},
		body: typeof body === 'string' ? body : JSON.stringify(body),
		signal: AbortSignal.timeout(30_000),
	});
	return { status: res.status, text: await res.text() };
}

const ignored = (text: string) => /"status"\s*:\s*"ignored"/.test(text);

/** "worker-1 ×3, worker-2 ×3" */
function tally(workers: Iterable<string>): string {
	const counts = new Map<string, number>();
	for (const w of workers) counts.set(w, (counts.get(w) ?? 0) + 1);
	return [...counts.entries()]
		.sort()
		.map(([w, n]) => `${w} ×${n}`)
		.join(', ');
}

/** Executions (id → worker) that ran a Salespanel node, to show every worker loaded the package. */
export const salespanelExecutions = new Map<string, string>();

export async function checkActions(
	report: Report,
	cluster: QueueCluster,
	cases: OperationCase[],
): Promise<void> {
	const main = cluster.main;
	let runData: Awaited<ReturnType<N8nInstance['execution']>>['runData'] = {};
	const ran = await report.check(
		'action node: operations workflow, started through the webhook processor, runs on a worker',
		async () => {
			const res = await post(`${cluster.webhook.instance.baseUrl}/webhook/${OPERATIONS_PATH}`, {
				from: 'queue suite',
			});
			expectEqual(res.status, 200, `HTTP status (${res.text.slice(0, 200)})`);
			const [execution] = await main.waitForExecutions(QUEUE_IDS.operations, 1, 180_000);
			const detail = await main.execution(execution.id);
			runData = detail.runData;
			expectEqual(
				detail.status,
				'success',
				`execution ${execution.id} status (${detail.error ?? ''})`,
			);
			const worker = (await cluster.workersOf([execution.id])).get(execution.id) ?? '';
			expect(/^worker-\d+$/.test(worker), `execution ${execution.id}: worker ${worker}`);
			salespanelExecutions.set(execution.id, worker);
			return `execution ${execution.id} (mode ${execution.mode}) on ${worker}; ${Object.keys(runData).length} nodes ran`;
		},
	);
	for (const c of cases) {
		if (!ran && !runData[c.node]) {
			report.fail(`action: ${c.node}`, 'not run');
			continue;
		}
		await report.check(`action: ${c.node}`, () =>
			c.check(runData[c.node] ?? { items: [], error: { message: 'node did not run' } }),
		);
	}
}

/** Captures the exact body the sandbox would deliver, so it can be sent several times at once. */
async function captureDelivery(
	sandbox: Sandbox,
	event: WebhookEvent,
	contactId: string,
): Promise<string> {
	let body = '';
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			body = Buffer.concat(chunks).toString('utf8');
			res.end('{}');
		});
	});
	await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
	try {
		await sandbox.sendWebhook(
			`http://127.0.0.1:${(server.address() as AddressInfo).port}/capture`,
			{ event, hookId: TRIGGER_HOOK_ID, contactId },
		);
	} finally {
		server.close();
	}
	if (!body) throw new Error('the sandbox delivered nothing to the capture server');
	return body;
}

export interface SimultaneousFindings {
	identical: string;
	different: string;
}

export async function checkWebhookTrigger(
	report: Report,
	cluster: QueueCluster,
	sandbox: Sandbox,
	trigger: WorkflowJson,
	findings: SimultaneousFindings,
): Promise<void> {
	const main = cluster.main;
	const url = webhookUrl(cluster.webhook.instance.baseUrl, trigger, SALESPANEL_TRIGGER, 'webhook');
	const id = QUEUE_IDS.trigger;
	// Leads with companies, one per delivery below, so each starts with a fresh fingerprint (the first
	// ones are skipped: the six events above go to the first lead with a company).
	const contacts = sandbox.store.visitors
		.filter((v) => v.person_details?.email && v.company_details)
		.map((v) => v.contact_id)
		.slice(5);
	const contact = (i: number) => {
		if (!contacts[i])
			throw new Error(`the sandbox has too few leads with a company (wanted ${i + 6})`);
		return contacts[i];
	};
	const count = async () => (await executionList(main, id)).length;

	await report.check('webhook trigger: six events answered by the webhook processor', async () => {
		for (const event of WEBHOOK_EVENTS) {
			const [res] = await sandbox.sendWebhook(url, { event, hookId: TRIGGER_HOOK_ID });
			expectEqual(res.status, 200, `HTTP status for ${event} (${res.body.slice(0, 200)})`);
			expect(!ignored(res.body), `${event} was ignored: ${res.body}`);
		}
		return `HTTP 200 for each, at ${url}`;
	});
	await report.check('webhook trigger: six executions, each run by a worker', async () => {
		const { executions } = await checkTriggerExecutions(main, 120_000);
		const workers = await cluster.workersOf(executions.map((e) => e.id));
		expect(
			[...workers.values()].every((w) => /^worker-\d+$/.test(w)),
			`workers: ${[...workers.values()].join(', ')}`,
		);
		return `${executions.length} successful executions (mode ${executions[0].mode}) on ${tally(workers.values())}`;
	});
	await report.check(
		'webhook trigger: a delivery repeated one after another is ignored',
		async () => {
			const before = await count();
			const [again] = await sandbox.sendWebhook(url, {
				event: WEBHOOK_EVENTS[0],
				hookId: TRIGGER_HOOK_ID,
			});
			expect(
				again.status === 200 && ignored(again.body),
				`repeat of an earlier event: ${again.status} ${again.body}`,
			);
			const fresh = await sandbox.sendWebhook(url, {
				event: 'person.page_visit',
				hookId: TRIGGER_HOOK_ID,
				contactId: contact(0),
				duplicates: 2,
			});
			expectEqual(
				fresh.map((r) => [r.status, ignored(r.body)]),
				[
					[200, false],
					[200, true],
					[200, true],
				],
				'answers to a new delivery sent three times in a row',
			);
			const after = await settledExecutions(main, id, before + 1);
			expectEqual(after.length, before + 1, 'executions');
			return `an earlier delivery and two back-to-back repeats answered {"status":"ignored"}; 1 new execution`;
		},
	);
	await report.check('webhook trigger: wrong hook id gets 401 and starts nothing', async () => {
		const before = await count();
		const [res] = await sandbox.sendWebhook(url, {
			event: 'person.identified',
			hookId: '00000000-0000-4000-8000-000000000000',
		});
		expectEqual(res.status, 401, `HTTP status (${res.body.slice(0, 200)})`);
		await sleep(3_000);
		expectEqual(await count(), before, 'executions');
		return `HTTP 401 ${res.body.slice(0, 100)}`;
	});
	await report.check(
		'webhook trigger: identical deliveries sent at the same moment (recorded)',
		async () => {
			const copies = 5;
			const before = await count();
			const body = await captureDelivery(sandbox, 'person.segment_qualified', contact(1));
			const answers = await Promise.all(
				Array.from({ length: copies }, async () => await post(url, body)),
			);
			expect(
				answers.every((a) => a.status === 200),
				`answers: ${answers.map((a) => `${a.status} ${a.text.slice(0, 80)}`).join(' | ')}`,
			);
			const started = answers.filter((a) => !ignored(a.text)).length;
			const list = await settledExecutions(main, id, before + started);
			const newOnes = list.slice(before);
			expectEqual(newOnes.length, started, 'new executions = answers that were not "ignored"');
			expect(
				newOnes.every((e) => e.status === 'success'),
				`statuses ${newOnes.map((e) => e.status).join(', ')}`,
			);
			const [later] = await sandbox.sendWebhook(url, {
				event: 'person.segment_qualified',
				hookId: TRIGGER_HOOK_ID,
				contactId: contact(1),
			});
			expect(
				later.status === 200 && ignored(later.body),
				`a repeat after they finished: ${later.status} ${later.body}`,
			);
			findings.identical = `${copies} identical deliveries at the same moment: ${started} started an execution, ${copies - started} answered "ignored"; a repeat sent afterwards was ignored`;
			return findings.identical;
		},
	);
	await report.check(
		'webhook trigger: different deliveries at the same moment, then each repeated (recorded)',
		async () => {
			const deliveries = 4;
			const before = await count();
			const bodies = await Promise.all(
				Array.from(
					{ length: deliveries },
					async (_, i) => await captureDelivery(sandbox, 'person.page_visit', contact(2 + i)),
				),
			);
			const first = await Promise.all(bodies.map(async (b) => await post(url, b)));
			expect(
				first.every((a) => a.status === 200 && !ignored(a.text)),
				`first deliveries must all start executions: ${first.map((a) => a.text.slice(0, 60)).join(' | ')}`,
			);
			await settledExecutions(main, id, before + deliveries);
			const repeats: boolean[] = [];
			for (const b of bodies) repeats.push(ignored((await post(url, b)).text));
			const list = await settledExecutions(main, id, before + deliveries);
			const suppressed = repeats.filter(Boolean).length;
			expectEqual(
				list.length - before,
				deliveries + (deliveries - suppressed),
				'executions = first deliveries + repeats not suppressed',
			);
			findings.different = `${deliveries} different deliveries at the same moment all started executions; repeated afterwards one by one, ${suppressed} of ${deliveries} were ignored and ${deliveries - suppressed} started a second execution`;
			return findings.different;
		},
	);
}

export async function checkPolling(
	report: Report,
	cluster: QueueCluster,
	pollSandbox: Sandbox,
	pollSeconds: number,
): Promise<void> {
	const main = cluster.main;
	const initiated = /Polling trigger initiated for workflow "queue: Salespanel Polling Trigger/;
	const polls = async () => await cluster.countInLog('main', initiated);
	await report.check('polling trigger: polls on the main process only', async () => {
		await waitFor('a poll of the main process', pollSeconds * 3_000, async () =>
			(await polls()) >= 2 ? true : undefined,
		);
		const elsewhere: string[] = [];
		for (const p of cluster.processes.filter((x) => x.role !== 'main')) {
			const n = await cluster.countInLog(p.name, initiated);
			if (n) elsewhere.push(`${p.name} ×${n}`);
		}
		expect(!elsewhere.length, `polls logged outside main: ${elsewhere.join(', ')}`);
		const requests = pollSandbox.requests.filter((r) => r.authorized).length;
		expect(requests > 0, 'the polling sandbox received no request');
		return `main logged ${await polls()} polls (every ${pollSeconds} s), workers and webhook processor none; ${requests} requests`;
	});
	await report.check(
		'polling trigger: each new lead emitted once across several polls, run by workers',
		async () => {
			const before = await executionList(main, QUEUE_IDS.polling);
			expectEqual(
				before.length,
				0,
				'executions before any new lead (the first poll only records where the data stands)',
			);
			const emitted: string[] = [];
			const added: string[] = [];
			const batches = [3, 2];
			const waitPolls = async (n: number) => {
				const from = await polls();
				await waitFor(`${n} more polls`, (n + 2) * pollSeconds * 1000, async () =>
					(await polls()) >= from + n ? true : undefined,
				);
			};
			for (const [i, size] of batches.entries()) {
				const batch = pollSandbox
					.addVisitors(size, { lead: true, front: true })
					.map((v) => v.contact_id);
				added.push(...batch);
				const executions = await main.waitForExecutions(
					QUEUE_IDS.polling,
					i + 1,
					(pollSeconds * 4 + 30) * 1000,
				);
				const detail = await main.execution(executions[i].id);
				expectEqual(detail.status, 'success', `execution ${executions[i].id} status`);
				const ids = (detail.runData['Salespanel Polling Trigger']?.items ?? []).map((item) =>
					String(item.contact_id),
				);
				expectEqual([...ids].sort(), [...batch].sort(), `leads emitted by poll execution ${i + 1}`);
				emitted.push(...ids);
				// Two more polls with nothing new: no execution.
				await waitPolls(2);
				expectEqual(
					(await executionList(main, QUEUE_IDS.polling)).length,
					i + 1,
					`executions after two quiet polls (batch ${i + 1})`,
				);
			}
			const executions = await executionList(main, QUEUE_IDS.polling);
			expectEqual(new Set(emitted).size, emitted.length, 'leads emitted more than once');
			expectEqual([...emitted].sort(), [...added].sort(), 'emitted leads = added leads');
			const workers = await cluster.workersOf(executions.map((e) => e.id));
			expect(
				[...workers.values()].every((w) => /^worker-\d+$/.test(w)),
				`workers: ${[...workers.values()].join(', ')}`,
			);
			for (const [execution, worker] of workers) salespanelExecutions.set(execution, worker);
			return `${added.length} new leads in ${batches.length} batches → ${executions.length} executions (${tally(workers.values())}), each lead once; quiet polls emitted nothing`;
		},
	);
	await report.check(
		'polling trigger: leads added while the main process restarts are emitted once',
		async () => {
			const before = await executionList(main, QUEUE_IDS.polling);
			const oldIds = new Set<string>();
			for (const e of before)
				for (const item of (await main.execution(e.id)).runData['Salespanel Polling Trigger']
					?.items ?? [])
					oldIds.add(String(item.contact_id));
			const t = Date.now();
			await main.stop();
			const batch = pollSandbox
				.addVisitors(2, { lead: true, front: true })
				.map((v) => v.contact_id);
			await main.start();
			await cluster.signIn();
			const restartS = (Date.now() - t) / 1000;
			const executions = await main.waitForExecutions(
				QUEUE_IDS.polling,
				before.length + 1,
				(pollSeconds * 4 + 30) * 1000,
			);
			const detail = await main.execution(executions[before.length].id);
			const ids = (detail.runData['Salespanel Polling Trigger']?.items ?? []).map((item) =>
				String(item.contact_id),
			);
			expectEqual([...ids].sort(), [...batch].sort(), 'leads emitted after the restart');
			const from = await polls();
			await waitFor('two more polls', 4 * pollSeconds * 1000, async () =>
				(await polls()) >= from + 2 ? true : undefined,
			);
			const after = await executionList(main, QUEUE_IDS.polling);
			expectEqual(after.length, before.length + 1, 'executions after two more quiet polls');
			expect(!ids.some((id) => oldIds.has(id)), 'a lead emitted before the restart came again');
			return `main down and up again in ${restartS.toFixed(0)} s; the ${batch.length} leads added meanwhile emitted once (cursor read back from PostgreSQL), none of the ${oldIds.size} earlier ones`;
		},
	);
}

export interface SharedAccountFigures {
	label: string;
	visitors: number;
	workflows: number;
	pacing: number;
	minuteMs: number;
	okRequests: number;
	throttled: number;
	spanMs: number;
	floorMs: number;
	wallMs: number;
	workers: string;
}

/**
 * Four workflows at once, Return All on one throttled account. `ids` are paced to `pacing` requests
 * per window each; with `noThrottled` the pacing adds up to the account's limit and no 429 may come.
 */
export async function checkSharedAccount(
	report: Report,
	cluster: QueueCluster,
	shared: Sandbox,
	run: { ids: readonly string[]; pacing: number; minuteMs: number; noThrottled: boolean },
	figures: SharedAccountFigures[],
): Promise<void> {
	const main = cluster.main;
	const { ids, pacing, minuteMs } = run;
	const n = ids.length;
	const label = `shared account: ${n} workflows run Return All of ${shared.store.visitors.length.toLocaleString('en-US')} visitors at the same time, each paced to ${pacing}/min`;
	await report.check(label, async () => {
		const expected = selectVisitors(shared.store, Date.now(), false, false).map(
			(v) => v.contact_id,
		);
		shared.resetLog();
		shared.resetThrottle();
		const started = Date.now();
		const answers = await Promise.all(
			ids.map(
				async (id) =>
					await post(`${cluster.webhook.instance.baseUrl}/webhook/${sharedPath(id)}`, {}),
			),
		);
		expect(
			answers.every((a) => a.status === 200),
			`webhook answers: ${answers.map((a) => a.status).join(', ')}`,
		);
		const done = await Promise.all(
			ids.map(async (id) => (await main.waitForExecutions(id, 1, 12 * 60_000))[0]),
		);
		const wallMs = Date.now() - started;
		const failed: string[] = [];
		for (const e of done) {
			const detail = await main.execution(e.id);
			if (detail.status !== 'success') {
				failed.push(`${e.workflowId}: ${detail.status} ${detail.error ?? ''}`);
				continue;
			}
			const got = (detail.runData['Return All Visitors']?.items ?? []).map((item) =>
				String(item.contact_id),
			);
			if (got.length !== expected.length || got.some((v, i) => v !== expected[i])) {
				failed.push(
					`${e.workflowId}: ${got.length} visitors, ${new Set(got).size} distinct, in ${got.every((v, i) => v === expected[i]) ? 'the' : 'a different'} order (expected ${expected.length})`,
				);
			}
		}
		const workers = await cluster.workersOf(done.map((e) => e.id));
		for (const [execution, worker] of workers) salespanelExecutions.set(execution, worker);
		const api = shared.requests.filter((r) => r.authorized);
		const ok = api.filter((r) => r.status === 200);
		const throttled = api.filter((r) => r.status === 429).length;
		const other = api.filter((r) => r.status !== 200 && r.status !== 429);
		const spanMs = ok.length ? ok[ok.length - 1].at - api[0].at : 0;
		// The R-th request may go out ⌊(R−1)/60⌋ throttle-minutes after the first, at the earliest.
		const floorMs = Math.floor((ok.length - 1) / 60) * minuteMs;
		figures.push({
			label,
			visitors: expected.length,
			workflows: n,
			pacing,
			minuteMs,
			okRequests: ok.length,
			throttled,
			spanMs,
			floorMs,
			wallMs,
			workers: tally(workers.values()),
		});
		expect(!failed.length, `not exact: ${failed.join('; ')}`);
		expect(
			!other.length,
			`unexpected answers: ${other.map((r) => `${r.status} ${r.path}`).join(', ')}`,
		);
		expectEqual(
			ok.length,
			n * Math.ceil(expected.length / 100),
			'requests answered 200 (⌈N/100⌉ pages per workflow)',
		);
		expect(
			new Set(workers.values()).size === cluster.workers.length,
			`the executions should spread over all workers: ${tally(workers.values())}`,
		);
		if (run.noThrottled)
			expectEqual(throttled, 0, 'requests answered 429 when the pacing adds up to the limit');
		return (
			`all ${n} exact (${expected.length} visitors each, same order), 0 failed; on ${tally(workers.values())}; ` +
			`${ok.length} requests in ${(spanMs / 1000).toFixed(1)} s vs floor ${(floorMs / 1000).toFixed(0)} s (${(spanMs / floorMs).toFixed(2)}×, one throttle-minute = ${minuteMs / 1000} s), ` +
			`${throttled} answered 429; wall ${(wallMs / 1000).toFixed(1)} s`
		);
	});
}

/** Every process loaded the packed package: main lists its node types, each worker ran Salespanel nodes, the webhook processor ran the trigger. */
export async function checkPackageEverywhere(
	report: Report,
	cluster: QueueCluster,
	webhookAnswered: boolean,
): Promise<void> {
	await report.check('packed package loaded by every process', async () => {
		const res = await cluster.main.http('GET', '/types/nodes.json');
		const ours = ((Array.isArray(res.json) ? res.json : []) as Array<{ name: string }>)
			.map((t) => t.name)
			.filter((name) => name.startsWith('n8n-nodes-salespanel.'));
		expect(ours.length >= 3, `main's node types: ${ours.join(', ')}`);
		const workersUsed = new Set(salespanelExecutions.values());
		const idle = cluster.workers.filter((w) => !workersUsed.has(w.name)).map((w) => w.name);
		expect(!idle.length, `no Salespanel execution ran on ${idle.join(', ')}`);
		expect(webhookAnswered, 'the webhook processor never answered with the Salespanel Trigger');
		return `main: ${ours.length} node types; workers ran Salespanel executions (${tally(salespanelExecutions.values())}); webhook processor ran the Salespanel Trigger`;
	});
}
