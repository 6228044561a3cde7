/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console */
// npm run test:queue [-- --keep] [--minute-ms 10000] [--poll-seconds 5]
// n8n 1.123.81 (from the e2e suite's cache) in queue mode on Redis and PostgreSQL: one main process,
// two workers, one webhook processor, the packed package loaded in each. Prints one line per case
// and "N passed, N failed"; stops every process it started, also on failure, time-out or Ctrl-C.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { operationCases, pickVisitors } from '../runner/operationCases';
import type { Report } from '../runner/report';
import { runtimeCheck, systemN8n1, type Runtime } from '../runner/runtimes';
import { checkNodeTypes, waitForWebhooks } from '../runner/serverChecks';
import { flagValue, hasFlag, runSuite } from '../runner/suite';
import { triggerWorkflow } from '../runner/workflows';
import { startSandbox, type Sandbox } from '../sandbox';
import {
	checkActions,
	checkPackageEverywhere,
	checkPolling,
	checkSharedAccount,
	checkWebhookTrigger,
	type SharedAccountFigures,
	type SimultaneousFindings,
} from './cases';
import { QueueCluster } from './cluster';
import {
	ensureDebianPackages,
	startPostgres,
	startRedis,
	type Postgres,
	type Service,
} from './services';
import {
	pollingWorkflow,
	QUEUE_IDS,
	queueCredentials,
	queueOperationsWorkflow,
	sharedAccountWorkflows,
} from './workflows';

const flag = (name: string): string | undefined =>
	flagValue(name, `QUEUE_${name.toUpperCase().replace(/-/g, '_')}`);
const keep = hasFlag('keep');
/** One throttle-minute of the shared account's sandbox (time-scaled; a day = 1,440 of them). */
const minuteMs = Number(flag('minute-ms') ?? 10_000);
const pollSeconds = Number(flag('poll-seconds') ?? 5);
const timeoutMinutes = Number(flag('timeout-minutes') ?? 30);
const SHARED_VISITORS = 5_000;

interface Started {
	redis?: Service;
	postgres?: Postgres;
	cluster?: QueueCluster;
	sandboxes: Sandbox[];
	workDir?: string;
}

async function cleanup(started: Started, keepFiles: boolean): Promise<void> {
	await started.cluster?.stop().catch(() => undefined);
	await Promise.allSettled([
		started.redis?.stop(),
		started.postgres?.stop(),
		...started.sandboxes.map(async (s) => await s.close()),
	]);
	started.cluster = undefined;
	started.redis = undefined;
	started.postgres = undefined;
	started.sandboxes = [];
	if (started.workDir) {
		if (keepFiles)
			console.log(
				`  … kept ${started.workDir} (logs of every process: main/n8n.log, worker-*/n8n.log, webhook/n8n.log, postgres.log)`,
			);
		else await rm(started.workDir, { recursive: true, force: true });
	}
	started.workDir = undefined;
}

async function suite(
	report: Report,
	tarball: string,
	started: Started,
	timings: Array<[string, number]>,
): Promise<void> {
	const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
		const t = Date.now();
		try {
			return await fn();
		} finally {
			timings.push([name, (Date.now() - t) / 1000]);
		}
	};
	const log = (line: string) => console.log(`  … ${line}`);
	const entry = systemN8n1();

	report.label = 'setup';
	const ready = await phase('setup', async () => {
		const runtime: Runtime | undefined = await runtimeCheck(report, entry, {
			log,
			name: `n8n ${entry.n8n} from the e2e cache`,
		});
		started.workDir = await mkdtemp(path.join(os.tmpdir(), 'salespanel-queue-'));
		const workDir = started.workDir;
		const okPackages = await report.check(
			'redis-server and postgresql (Debian packages)',
			async () => await ensureDebianPackages(log, path.join(workDir, 'apt.log')),
		);
		if (!okPackages || !runtime) return undefined;
		const okServices = await report.check(
			'Redis and PostgreSQL on loopback ports, temp data',
			async () => {
				const [redis, postgres] = await Promise.all([startRedis(workDir), startPostgres(workDir)]);
				started.redis = redis;
				started.postgres = postgres;
				return `redis ${redis.version} on 127.0.0.1:${redis.port}; ${postgres.version} on 127.0.0.1:${postgres.port}`;
			},
		);
		if (!okServices || !started.redis || !started.postgres) return undefined;
		return { runtime, workDir, redis: started.redis, postgres: started.postgres };
	});
	if (!ready) return;

	// Three accounts: the e2e suite's seeded sandbox, one the poller watches, one shared and throttled.
	const sandbox = await startSandbox({});
	const pollSandbox = await startSandbox({
		seed: 7,
		visitors: 40,
		token: 'sandbox-polling-account-token',
	});
	const shared = await startSandbox({
		seed: 11,
		visitors: SHARED_VISITORS,
		token: 'sandbox-shared-account-token',
		throttle: { minuteMs, dayMs: minuteMs * 1440 },
	});
	started.sandboxes.push(sandbox, pollSandbox, shared);

	const picks = pickVisitors(sandbox);
	const cases = operationCases(sandbox, picks, 'queue');
	const trigger = triggerWorkflow();
	const workflows = [
		queueOperationsWorkflow(cases),
		trigger,
		pollingWorkflow(pollSeconds),
		...sharedAccountWorkflows(minuteMs),
	];
	const cluster = new QueueCluster(
		ready.runtime,
		path.join(ready.workDir, 'n8n'),
		ready.redis,
		ready.postgres,
		{ workers: 2, workerConcurrency: 2 },
	);
	started.cluster = cluster;

	const up = await phase('start n8n', async () => {
		const provisioned = await report.check(
			'import credentials and workflows, activate (n8n CLI on PostgreSQL)',
			async () => {
				await cluster.init(tarball);
				await cluster.main.importCredentials(queueCredentials(sandbox, pollSandbox, shared));
				await cluster.main.importWorkflows(workflows);
				const activate = await cluster.main.cli(['update:workflow', '--all', '--active=true']);
				if (activate.code !== 0)
					throw new Error(
						`n8n update:workflow --all --active=true failed: ${(activate.stderr + activate.stdout).slice(-1000)}`,
					);
				return `${workflows.length} workflows active, 3 credentials; database ${ready.postgres.database} on PostgreSQL`;
			},
		);
		if (!provisioned) return false;
		return await report.check(
			'queue mode: main, 2 workers and a webhook processor up',
			async () => {
				const t = Date.now();
				await cluster.start();
				await cluster.signIn();
				await waitForWebhooks(cluster.webhook.instance, trigger);
				const mainLog = await cluster.readLog('main');
				const mode = /queue/i.test(mainLog) ? 'queue' : '?';
				return `all healthy after ${((Date.now() - t) / 1000).toFixed(1)} s (main :${cluster.main.port}, workers :${cluster.workers.map((w) => w.instance.port).join(', :')}, webhook :${cluster.webhook.instance.port}; log says ${mode} mode)`;
			},
		);
	});
	if (!up) {
		for (const p of cluster.processes)
			console.log(
				`  … ${p.name} log tail:\n${(await cluster.readLog(p.name))
					.slice(-1500)
					.split('\n')
					.map((l) => `    | ${l}`)
					.join('\n')}`,
			);
		return;
	}

	report.label = 'queue';
	await checkNodeTypes(report, cluster.main);
	await phase('action node', async () => await checkActions(report, cluster, cases));
	const findings: SimultaneousFindings = {
		identical: '(not measured)',
		different: '(not measured)',
	};
	await phase(
		'webhook trigger',
		async () => await checkWebhookTrigger(report, cluster, sandbox, trigger, findings),
	);
	await phase(
		'polling trigger',
		async () => await checkPolling(report, cluster, pollSandbox, pollSeconds),
	);
	const figures: SharedAccountFigures[] = [];
	await phase('shared account', async () => {
		// Four workflows each paced to the whole throttle, then to a quarter of it (no 429 may come).
		const setups = [
			{ ids: QUEUE_IDS.shared, pacing: 60, noThrottled: false },
			{ ids: QUEUE_IDS.sharedSplit, pacing: 15, noThrottled: true },
		];
		for (const setup of setups)
			await checkSharedAccount(report, cluster, shared, { ...setup, minuteMs }, figures);
	});
	const webhookAnswered = report.results.some(
		(r) => r.ok && r.name.startsWith('webhook trigger: six events'),
	);
	await checkPackageEverywhere(report, cluster, webhookAnswered);
	await report.check('every process stayed up', () => {
		const down = cluster.stopped();
		if (down.length) throw new Error(`not running any more: ${down.join(', ')}`);
		return `${cluster.processes.length} n8n processes, Redis, PostgreSQL`;
	});

	console.log('\nsimultaneous repeats (webhook trigger, Ignore Duplicates on):');
	console.log(`  ${findings.identical}`);
	console.log(`  ${findings.different}`);
	for (const f of figures) {
		console.log(
			`shared account, ${f.workflows} × Return All of ${f.visitors} visitors paced to ${f.pacing}/min each (throttle 60/min, a minute = ${f.minuteMs / 1000} s): ` +
				`${f.okRequests} requests in ${(f.spanMs / 1000).toFixed(1)} s, floor ${(f.floorMs / 1000).toFixed(0)} s (${(f.spanMs / f.floorMs).toFixed(2)}×); ` +
				`${f.throttled} answered 429; wall ${(f.wallMs / 1000).toFixed(1)} s; executions on ${f.workers}`,
		);
	}
}

const started: Started = { sandboxes: [] };
const timings: Array<[string, number]> = [];
runSuite(async ({ report, tarball }) => await suite(report, tarball, started, timings), {
	timeLimitMinutes: timeoutMinutes,
	cleanup: async (interrupted, report) =>
		await cleanup(started, interrupted || keep || report.failed > 0),
	epilogue: () => [`timing: ${timings.map(([name, s]) => `${name} ${s.toFixed(0)} s`).join(', ')}`],
});
