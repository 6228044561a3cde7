/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console */
// npm run test:queue [-- --keep] [--minute-ms 10000] [--poll-seconds 5]
// n8n 1.123.81 (from the e2e suite's cache) in queue mode on Redis and PostgreSQL: one main process,
// two workers, one webhook processor, the packed package loaded in each. Prints one line per case
// and "N passed, N failed"; stops every process it started, also on failure, time-out or Ctrl-C.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { operationCases, pickVisitors } from '../e2e/cases-cli';
import { checkNodeTypes, waitForWebhooks } from '../e2e/cases-server';
import { cacheRoot, ensureRuntime, MATRIX, readInstalledVersion, type MatrixEntry, type Runtime } from '../e2e/install';
import { installExitHandlers, sleep, stopAll } from '../e2e/proc';
import { Report } from '../e2e/report';
import { packProject } from '../e2e/setup';
import { startSandbox, type Sandbox } from '../sandbox';
import { checkActions, checkPackageEverywhere, checkPolling, checkSharedAccount, checkWebhookTrigger, type SharedAccountFigures, type SimultaneousFindings } from './cases';
import { QueueCluster } from './cluster';
import { ensureDebianPackages, startPostgres, startRedis, type Postgres, type Service } from './services';
import { pollingWorkflow, QUEUE_IDS, queueCredentials, queueOperationsWorkflow, sharedAccountWorkflows, triggerWorkflow } from './workflows';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : process.env[`QUEUE_${name.toUpperCase().replace(/-/g, '_')}`]);
const keep = args.includes('--keep');
/** One throttle-minute of the shared account's sandbox (time-scaled; a day = 1,440 of them). */
const minuteMs = Number(flag('minute-ms') ?? 10_000);
const pollSeconds = Number(flag('poll-seconds') ?? 5);
const timeoutMinutes = Number(flag('timeout-minutes') ?? 30);
const SHARED_VISITORS = 5_000;

/** Whether a process (an e2e run, say) is installing into this cache folder right now. */
async function installerRunning(dir: string): Promise<boolean> {
	for (const pid of await readdir('/proc').catch(() => [] as string[])) {
		if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
		const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
		if (cmdline.includes(dir)) return true;
	}
	return false;
}

/** The e2e cache's n8n; waits for an install another run has in progress instead of installing alongside it. */
async function n8nRuntime(entry: MatrixEntry, log: (line: string) => void): Promise<Runtime> {
	const dir = path.join(cacheRoot(), `n8n-${entry.n8n}-node${process.versions.node.split('.')[0]}`);
	const started = Date.now();
	let said = 0;
	while (!existsSync(path.join(dir, '.complete')) && (await installerRunning(dir))) {
		if (Date.now() - said > 60_000) {
			log(`another process is installing n8n ${entry.n8n} into ${dir}; waiting for it (${Math.round((Date.now() - started) / 1000)} s)`);
			said = Date.now();
		}
		if (Date.now() - started > 45 * 60_000) throw new Error(`gave up waiting 45 min for the install in ${dir}`);
		await sleep(10_000);
	}
	return await ensureRuntime(entry, log);
}

interface Started {
	redis?: Service;
	postgres?: Postgres;
	cluster?: QueueCluster;
	sandboxes: Sandbox[];
	workDir?: string;
	tarball?: string;
}

async function cleanup(started: Started, keepFiles: boolean): Promise<void> {
	await started.cluster?.stop().catch(() => undefined);
	await Promise.allSettled([started.redis?.stop(), started.postgres?.stop(), ...started.sandboxes.map(async (s) => await s.close())]);
	started.cluster = undefined;
	started.redis = undefined;
	started.postgres = undefined;
	started.sandboxes = [];
	if (started.tarball) await rm(path.dirname(started.tarball), { recursive: true, force: true });
	started.tarball = undefined;
	if (started.workDir) {
		if (keepFiles) console.log(`  … kept ${started.workDir} (logs of every process: main/n8n.log, worker-*/n8n.log, webhook/n8n.log, postgres.log)`);
		else await rm(started.workDir, { recursive: true, force: true });
	}
	started.workDir = undefined;
}

async function suite(report: Report, started: Started, timings: Array<[string, number]>): Promise<void> {
	const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
		const t = Date.now();
		try {
			return await fn();
		} finally {
			timings.push([name, (Date.now() - t) / 1000]);
		}
	};
	const log = (line: string) => console.log(`  … ${line}`);
	const entry = MATRIX.find((e) => e.n8n.startsWith('1.') && e.node === 'system');
	if (!entry) throw new Error('test/tools/e2e/install.ts has no n8n 1.x entry on the system Node');

	report.label = 'setup';
	const ready = await phase('setup', async () => {
		let runtime: Runtime | undefined;
		const okRuntime = await report.check(`n8n ${entry.n8n} from the e2e cache`, async () => {
			runtime = await n8nRuntime(entry, log);
			const installed = await readInstalledVersion(runtime);
			if (installed !== entry.n8n) throw new Error(`installed n8n is ${installed}`);
			return `n8n ${installed} on Node ${runtime.nodeVersion} (${runtime.installSeconds ? `installed in ${runtime.installSeconds.toFixed(0)} s` : 'cached'})`;
		});
		const okPack = await report.check('npm pack', async () => {
			started.tarball = await packProject();
			return path.basename(started.tarball);
		});
		started.workDir = await mkdtemp(path.join(os.tmpdir(), 'salespanel-queue-'));
		const workDir = started.workDir;
		const okPackages = await report.check('redis-server and postgresql (Debian packages)', async () => await ensureDebianPackages(log, path.join(workDir, 'apt.log')));
		if (!okRuntime || !okPack || !okPackages || !runtime) return undefined;
		const okServices = await report.check('Redis and PostgreSQL on loopback ports, temp data', async () => {
			const [redis, postgres] = await Promise.all([startRedis(workDir), startPostgres(workDir)]);
			started.redis = redis;
			started.postgres = postgres;
			return `redis ${redis.version} on 127.0.0.1:${redis.port}; ${postgres.version} on 127.0.0.1:${postgres.port}`;
		});
		if (!okServices || !started.redis || !started.postgres) return undefined;
		return { runtime, workDir, redis: started.redis, postgres: started.postgres };
	});
	if (!ready) return;

	// Three accounts: the e2e suite's seeded sandbox, one the poller watches, one shared and throttled.
	const sandbox = await startSandbox({});
	const pollSandbox = await startSandbox({ seed: 7, visitors: 40, token: 'sandbox-polling-account-token' });
	const shared = await startSandbox({ seed: 11, visitors: SHARED_VISITORS, token: 'sandbox-shared-account-token', throttle: { minuteMs, dayMs: minuteMs * 1440 } });
	started.sandboxes.push(sandbox, pollSandbox, shared);

	const picks = pickVisitors(sandbox);
	const cases = operationCases(sandbox, picks, 'queue');
	const trigger = triggerWorkflow();
	const workflows = [queueOperationsWorkflow(cases), trigger, pollingWorkflow(pollSeconds), ...sharedAccountWorkflows(minuteMs)];
	const cluster = new QueueCluster(ready.runtime, path.join(ready.workDir, 'n8n'), ready.redis, ready.postgres, { workers: 2, workerConcurrency: 2 });
	started.cluster = cluster;

	const up = await phase('start n8n', async () => {
		const provisioned = await report.check('import credentials and workflows, activate (n8n CLI on PostgreSQL)', async () => {
			await cluster.init(started.tarball ?? '');
			await cluster.main.importCredentials(queueCredentials(sandbox, pollSandbox, shared));
			await cluster.main.importWorkflows(workflows);
			const activate = await cluster.main.cli(['update:workflow', '--all', '--active=true']);
			if (activate.code !== 0) throw new Error(`n8n update:workflow --all --active=true failed: ${(activate.stderr + activate.stdout).slice(-1000)}`);
			return `${workflows.length} workflows active, 3 credentials; database ${ready.postgres.database} on PostgreSQL`;
		});
		if (!provisioned) return false;
		return await report.check('queue mode: main, 2 workers and a webhook processor up', async () => {
			const t = Date.now();
			await cluster.start();
			await cluster.signIn();
			await waitForWebhooks(cluster.webhook.instance, trigger);
			const mainLog = await cluster.readLog('main');
			const mode = /queue/i.test(mainLog) ? 'queue' : '?';
			return `all healthy after ${((Date.now() - t) / 1000).toFixed(1)} s (main :${cluster.main.port}, workers :${cluster.workers.map((w) => w.instance.port).join(', :')}, webhook :${cluster.webhook.instance.port}; log says ${mode} mode)`;
		});
	});
	if (!up) {
		for (const p of cluster.processes) console.log(`  … ${p.name} log tail:\n${(await cluster.readLog(p.name)).slice(-1500).split('\n').map((l) => `    | ${l}`).join('\n')}`);
		return;
	}

	report.label = 'queue';
	await checkNodeTypes(report, cluster.main);
	await phase('action node', async () => await checkActions(report, cluster, cases));
	const findings: SimultaneousFindings = { identical: '(not measured)', different: '(not measured)' };
	await phase('webhook trigger', async () => await checkWebhookTrigger(report, cluster, sandbox, trigger, findings));
	await phase('polling trigger', async () => await checkPolling(report, cluster, pollSandbox, pollSeconds));
	const figures: SharedAccountFigures[] = [];
	await phase('shared account', async () => {
		await checkSharedAccount(report, cluster, shared, { ids: QUEUE_IDS.shared, pacing: 60, minuteMs, noThrottled: false }, figures);
		await checkSharedAccount(report, cluster, shared, { ids: QUEUE_IDS.sharedSplit, pacing: 15, minuteMs, noThrottled: true }, figures);
	});
	const webhookAnswered = report.results.some((r) => r.ok && r.name.startsWith('webhook trigger: six events'));
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

/** The e2e report, closed once the time limit has struck: a suite still unwinding records nothing more. */
class QueueReport extends Report {
	closed = false;

	override async check(name: string, fn: () => Promise<string> | string): Promise<boolean> {
		return this.closed ? false : await super.check(name, fn);
	}

	override fail(name: string, detail: string): void {
		if (!this.closed) super.fail(name, detail);
	}
}

async function main(): Promise<number> {
	const started: Started = { sandboxes: [] };
	const report = new QueueReport();
	const timings: Array<[string, number]> = [];
	const t0 = Date.now();
	installExitHandlers(async () => await cleanup(started, true));
	let timer: NodeJS.Timeout | undefined;
	const timeLimit = new Promise<'time limit'>((resolveLimit) => {
		timer = setTimeout(() => resolveLimit('time limit'), timeoutMinutes * 60_000);
	});
	try {
		const outcome = await Promise.race([suite(report, started, timings).then(() => 'done' as const), timeLimit]);
		if (outcome === 'time limit') {
			report.label = 'suite';
			report.fail('time limit', `the queue suite ran longer than ${timeoutMinutes} min; stopping everything it started`);
			report.closed = true;
		}
	} catch (error) {
		report.fail('unexpected error', error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error));
	} finally {
		clearTimeout(timer);
		report.closed = true;
		await cleanup(started, keep || report.failed > 0);
		await stopAll();
	}
	console.log(`timing: ${timings.map(([name, s]) => `${name} ${s.toFixed(0)} s`).join(', ')}`);
	console.log(`\n${report.summary()} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
	return report.failed === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	async (error: unknown) => {
		console.error(error);
		await stopAll();
		process.exit(1);
	},
);
