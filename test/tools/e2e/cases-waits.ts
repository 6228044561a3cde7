// Cases that make the node wait inside a real n8n: a Return All answered 429 with Retry-After, one
// paced by the node's own rate limit, one with 25 % 5xx answers. Every wait (back-off, Retry-After,
// pacing) goes through the package's clock and n8n-workflow's timer as the running n8n ships it;
// a wait that throws there (as sleepWithAbort did on n8n 2.x) fails the case.
import { selectVisitors, startSandbox, type Sandbox } from '../sandbox';
import type { N8nInstance } from '../runner/n8n';
import { expect, expectEqual, type Report } from '../runner/report';
import { operationsWorkflow, type WorkflowJson } from '../runner/workflows';

/** Ten pages of visitors: enough pages to meet the throttle and several faults. */
const VISITORS = 1_000;
/** The throttled sandboxes' burst: 5 requests per 2 s window, so ten pages wait at least twice. */
const BURST = { burst: 5, minuteMs: 2_000, dayMs: 2_000 * 1_440 };

export const WAITS_WORKFLOW_ID = 'e2eWaits00000001';

export interface WaitSandboxes {
	/** Throttles; the node's pacing is off, so it meets 429 + Retry-After. */
	throttled: Sandbox;
	/** Throttles the same; the node paces itself to it and should never be throttled. */
	paced: Sandbox;
	/** 25 % of the answers are 500/502/503 (seeded: the same faults every run). */
	faulty: Sandbox;
	close(): Promise<void>;
}

export async function startWaitSandboxes(): Promise<WaitSandboxes> {
	const throttled = await startSandbox({ visitors: VISITORS, throttle: BURST });
	const paced = await startSandbox({ visitors: VISITORS, throttle: BURST });
	const faulty = await startSandbox({ visitors: VISITORS, seed: 25 });
	faulty.faults.errorRate = 0.25;
	return {
		throttled,
		paced,
		faulty,
		close: async () => {
			await Promise.allSettled([throttled.close(), paced.close(), faulty.close()]);
		},
	};
}

const credential = (id: string, name: string) => ({ id, name });
const CREDENTIALS = {
	throttled: credential('e2eWaitThrottle1', 'Salespanel sandbox (throttled)'),
	paced: credential('e2eWaitPaced0001', 'Salespanel sandbox (throttled, paced)'),
	faulty: credential('e2eWaitFaulty001', 'Salespanel sandbox (25 % 5xx)'),
};

/** The three sandboxes' credentials, for `n8n import:credentials`. */
export function waitCredentials(sandboxes: WaitSandboxes): object[] {
	return (['throttled', 'paced', 'faulty'] as const).map((which) => ({
		...CREDENTIALS[which],
		type: 'salespanelApi',
		data: { apiToken: sandboxes[which].token, baseUrl: sandboxes[which].url },
	}));
}

const returnAll = (options: Record<string, unknown>) => ({
	resource: 'visitor',
	operation: 'getAll',
	returnAll: true,
	simplify: true,
	options,
});

const NODES = {
	throttled: 'Waits: Return All answered 429 + Retry-After',
	paced: 'Waits: Return All paced by the node (5 per 2 s)',
	faulty: 'Waits: Return All with 25 % 5xx answers',
};

export function waitsWorkflow(): WorkflowJson {
	const workflow = operationsWorkflow(
		[
			{
				node: NODES.throttled,
				parameters: returnAll({ rateLimitRequests: 0 }),
				credential: CREDENTIALS.throttled,
			},
			{
				node: NODES.paced,
				parameters: returnAll({ rateLimitRequests: 5, rateLimitWindowSeconds: 2 }),
				credential: CREDENTIALS.paced,
			},
			{ node: NODES.faulty, parameters: returnAll({}), credential: CREDENTIALS.faulty },
		],
		WAITS_WORKFLOW_ID,
	);
	return { ...workflow, name: 'e2e: Return All that waits (throttle, pacing, 5xx)' };
}

/** `n8n execute` of the waits workflow; each node must return the whole list, in order, exactly once. */
export async function runWaitCases(
	report: Report,
	n8n: N8nInstance,
	sandboxes: WaitSandboxes,
): Promise<void> {
	const run = await n8n.execute(WAITS_WORKFLOW_ID);
	const exact = (which: keyof typeof NODES) => {
		const result = run.runData[NODES[which]];
		expect(result !== undefined, `the node did not run: ${run.error ?? 'no run data'}`);
		expect(
			!result.error,
			`node error: ${result.error?.message} ${result.error?.description ?? ''}`,
		);
		const sandbox = sandboxes[which];
		const expected = selectVisitors(sandbox.store, Date.now(), false, false).map(
			(v) => v.contact_id,
		);
		expectEqual(result.items.length, VISITORS, 'visitors returned');
		expectEqual(
			result.items.map((i) => i.contact_id),
			expected,
			'visitor ids in served order',
		);
		return sandbox.requests;
	};
	await report.check(NODES.throttled, () => {
		const requests = exact('throttled');
		const throttled = requests.filter((r) => r.status === 429).length;
		expect(throttled > 0, 'the sandbox never throttled: the case did not make the node wait');
		return `${VISITORS} visitors exact after ${throttled} × 429 (waited out Retry-After)`;
	});
	await report.check(NODES.paced, () => {
		const requests = exact('paced');
		const throttled = requests.filter((r) => r.status === 429).length;
		expectEqual(throttled, 0, 'answers 429 (the node paces itself to the throttle)');
		const spanMs = Math.max(...requests.map((r) => r.at)) - Math.min(...requests.map((r) => r.at));
		// The R-th request may go out ⌊(R−1)/5⌋ windows after the first, at the earliest.
		const floorMs = Math.floor((requests.length - 1) / BURST.burst) * BURST.minuteMs;
		expect(
			requests.length > BURST.burst && spanMs >= floorMs,
			`${requests.length} requests within ${spanMs} ms (floor ${floorMs} ms): the node did not pace`,
		);
		return `${VISITORS} visitors exact, ${requests.length} requests spread over ${(spanMs / 1000).toFixed(1)} s, 0 × 429`;
	});
	await report.check(NODES.faulty, () => {
		const requests = exact('faulty');
		const faults = requests.filter((r) => r.fault === 'errorRate').length;
		expect(faults > 0, 'no 5xx was injected: the case did not make the node retry');
		return `${VISITORS} visitors exact after ${faults} × 5xx (retried with back-off)`;
	});
}
