/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// Redis and PostgreSQL for queue mode, from Debian's packages (installed with apt-get when missing),
// run as local processes of this suite: loopback only, free ports, data in temp folders, no
// persistence. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user the
// Debian package creates.
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import {
	cleanEnv,
	freePort,
	killGroup,
	run,
	start,
	stop,
	waitFor,
	waitForExit,
} from '../runner/proc';

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

async function commandExists(name: string): Promise<boolean> {
	return (await run('sh', ['-c', `command -v ${name}`], { timeoutMs: 10_000 })).code === 0;
}

/** The newest PostgreSQL server of Debian's layout (/usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const majors = readdirSync(root)
		.filter((name) => /^\d+$/.test(name) && existsSync(path.join(root, name, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

/**
 * Installs `redis-server` and `postgresql` with apt-get when they are missing (root only; apt waits
 * for another apt run's lock rather than failing). Returns what it did, for the report.
 */
export async function ensureDebianPackages(
	log: (line: string) => void,
	logFile: string,
): Promise<string> {
	const missing: string[] = [];
	if (!(await commandExists('redis-server'))) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (!missing.length) return 'redis-server and postgresql already installed';
	if (!isRoot()) {
		throw new Error(
			`${missing.join(' and ')} missing; install them first: sudo apt-get install -y ${missing.join(' ')}`,
		);
	}
	const env = cleanEnv({ DEBIAN_FRONTEND: 'noninteractive' });
	const apt = async (args: string[]) => {
		const result = await run('apt-get', ['-o', 'DPkg::Lock::Timeout=900', ...args], {
			env,
			timeoutMs: 20 * 60_000,
			logFile,
		});
		if (result.code !== 0) {
			throw new Error(
				`apt-get ${args.join(' ')} failed (exit ${result.code}${result.timedOut ? ', timed out' : ''}); log: ${logFile}\n${(result.stderr || result.stdout).slice(-1500)}`,
			);
		}
	};
	const started = Date.now();
	log(`installing ${missing.join(', ')} with apt-get`);
	await apt(['update', '-q']);
	await apt(['install', '-y', '-q', '--no-install-recommends', ...missing]);
	if (!(await commandExists('redis-server')) || !postgresBinDir())
		throw new Error(`apt-get installed ${missing.join(', ')} but they are still not found`);
	return `installed ${missing.join(', ')} with apt-get in ${((Date.now() - started) / 1000).toFixed(0)} s`;
}

export interface Service {
	name: string;
	port: number;
	version: string;
	logFile: string;
	stop(): Promise<void>;
}

export async function startRedis(workDir: string): Promise<Service> {
	const dir = await mkdtemp(path.join(workDir, 'redis-'));
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const log = createWriteStream(logFile, { flags: 'a' });
	const version =
		(await run('redis-server', ['--version'], { timeoutMs: 10_000 })).stdout.match(
			/v=(\S+)/,
		)?.[1] ?? '?';
	const child = start(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--protected-mode',
			'yes',
			'--daemonize',
			'no',
		],
		{ env: cleanEnv(), log },
	);
	await waitFor(`redis-server on 127.0.0.1:${port}`, 30_000, async () => {
		if (child.exitCode !== null)
			throw new Error(`redis-server exited with ${child.exitCode}; see ${logFile}`);
		const ping = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], {
			timeoutMs: 5_000,
		});
		return ping.stdout.trim() === 'PONG' ? true : undefined;
	});
	return {
		name: 'redis',
		port,
		version,
		logFile,
		stop: async () => {
			await stop(child, 10_000);
			log.end();
		},
	};
}

export interface Postgres extends Service {
	database: string;
	user: string;
	/** Runs one SQL statement with psql; the unaligned, tuples-only output. */
	query(sql: string): Promise<string>;
}

/** Runs a PostgreSQL program as the `postgres` user when this suite runs as root. */
function asPostgresUser(bin: string, args: string[]): [string, string[]] {
	return isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/** PostgreSQL in its own temp folder (not inside workDir, which only this user may enter); removed on stop. */
export async function startPostgres(workDir: string): Promise<Postgres> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'salespanel-queue-pg-'));
	let started = false;
	try {
		const postgres = await startPostgresIn(dir, workDir);
		started = true;
		return postgres;
	} finally {
		if (!started) await rm(dir, { recursive: true, force: true });
	}
}

async function startPostgresIn(dir: string, workDir: string): Promise<Postgres> {
	const binDir = postgresBinDir();
	if (!binDir)
		throw new Error('PostgreSQL not found under /usr/lib/postgresql (Debian package postgresql)');
	const dataDir = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	await mkdir(socketDir);
	if (isRoot()) {
		const id = await run('id', ['-u', 'postgres'], { timeoutMs: 5_000 });
		const gid = await run('id', ['-g', 'postgres'], { timeoutMs: 5_000 });
		if (id.code !== 0)
			throw new Error(
				'running as root, but there is no `postgres` user to run PostgreSQL as (the Debian package creates it)',
			);
		for (const p of [dir, socketDir])
			await chown(p, Number(id.stdout.trim()), Number(gid.stdout.trim()));
	}
	const user = 'n8n';
	const database = 'n8n';
	const logFile = path.join(workDir, 'postgres.log');
	const version = (
		await run(path.join(binDir, 'postgres'), ['--version'], { timeoutMs: 10_000 })
	).stdout.trim();
	const [initCmd, initArgs] = asPostgresUser(path.join(binDir, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		user,
		'--auth=trust',
		'--encoding=UTF8',
		'--no-sync',
		'--no-instructions',
	]);
	const init = await run(initCmd, initArgs, {
		cwd: dir,
		env: cleanEnv(),
		timeoutMs: 120_000,
		logFile,
	});
	if (init.code !== 0)
		throw new Error(
			`initdb failed (exit ${init.code}): ${(init.stderr || init.stdout).slice(-1500)}`,
		);

	const port = await freePort();
	const log = createWriteStream(logFile, { flags: 'a' });
	// Throw-away data: no fsync, no durability settings that cost time on a shared 2-core machine.
	const [cmd, args] = asPostgresUser(path.join(binDir, 'postgres'), [
		'-D',
		dataDir,
		'-k',
		socketDir,
		'-p',
		String(port),
		'-h',
		'127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=100',
	]);
	const child: ChildProcess = start(cmd, args, { cwd: dir, env: cleanEnv(), log });
	const psql = async (db: string, sql: string) =>
		await run(
			'psql',
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				user,
				'-d',
				db,
				'-v',
				'ON_ERROR_STOP=1',
				'-At',
				'-c',
				sql,
			],
			{ env: cleanEnv(), timeoutMs: 30_000 },
		);
	await waitFor(`PostgreSQL on 127.0.0.1:${port}`, 60_000, async () => {
		if (child.exitCode !== null)
			throw new Error(`postgres exited with ${child.exitCode}; see ${logFile}`);
		return (await psql('postgres', 'SELECT 1')).code === 0 ? true : undefined;
	});
	const created = await psql('postgres', `CREATE DATABASE ${database}`);
	if (created.code !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
	return {
		name: 'postgres',
		port,
		version,
		logFile,
		user,
		database,
		query: async (sql: string) => {
			const result = await psql(database, sql);
			if (result.code !== 0)
				throw new Error(`psql: ${result.stderr.trim()} (${sql.slice(0, 200)})`);
			return result.stdout.trim();
		},
		stop: async () => {
			// SIGINT is PostgreSQL's "fast" shutdown (SIGTERM waits for clients to disconnect).
			killGroup(child, 'SIGINT');
			if (!(await waitForExit(child, 15_000))) await stop(child, 5_000);
			log.end();
			await rm(dir, { recursive: true, force: true });
		},
	};
}
