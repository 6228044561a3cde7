/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// Self-tests of the runner lib's pure parts: the environment a child gets, the report's closing, the
// matrix selection and the repository root.
import { existsSync } from 'node:fs';
import path from 'node:path';

import { cleanEnv } from './proc';
import { repoRoot } from './project';
import { Report } from './report';
import { MATRIX, selectMatrix } from './runtimes';

describe('cleanEnv', () => {
	const saved = { ...process.env };
	afterEach(() => {
		for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
		Object.assign(process.env, saved);
	});

	test("drops what `npm run` injects and the caller's n8n settings, keeps the registry settings and PATH", () => {
		Object.assign(process.env, {
			npm_config_ignore_scripts: 'true',
			npm_config_local_prefix: '/repo',
			npm_config_nodedir: '/somewhere',
			npm_package_name: 'n8n-nodes-salespanel',
			npm_lifecycle_event: 'test:e2e',
			npm_command: 'run-script',
			INIT_CWD: '/repo',
			N8N_PORT: '5678',
			DB_TYPE: 'postgresdb',
			EXECUTIONS_MODE: 'queue',
			npm_config_registry: 'https://registry.example/',
			npm_config_https_proxy: 'http://proxy.example:3128',
		});
		const env = cleanEnv({ EXTRA: '1' });
		for (const dropped of [
			'npm_config_ignore_scripts',
			'npm_config_local_prefix',
			'npm_config_nodedir',
			'npm_package_name',
			'npm_lifecycle_event',
			'npm_command',
			'INIT_CWD',
			'N8N_PORT',
			'DB_TYPE',
			'EXECUTIONS_MODE',
		]) {
			expect(env[dropped]).toBeUndefined();
		}
		expect(env.npm_config_registry).toBe('https://registry.example/');
		expect(env.npm_config_https_proxy).toBe('http://proxy.example:3128');
		expect(env.PATH).toBe(process.env.PATH);
		expect(env.EXTRA).toBe('1');
		expect(env.FORCE_COLOR).toBe('0');
	});

	test('what the caller passes wins over the parent environment', () => {
		process.env.N8N_PORT = '5678';
		expect(cleanEnv({ N8N_PORT: '41000' }).N8N_PORT).toBe('41000');
	});
});

describe('Report', () => {
	test('counts passes and failures; once closed, records nothing more and runs no case', async () => {
		const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
		try {
			const report = new Report();
			expect(await report.check('passes', () => 'ok')).toBe(true);
			expect(
				await report.check('throws', () => {
					throw new Error('no');
				}),
			).toBe(false);
			report.fail('failed', 'why');
			expect(report.summary()).toBe('1 passed, 2 failed');
			report.close();
			const ran = jest.fn(() => 'late');
			expect(await report.check('after the time limit', ran)).toBe(false);
			report.fail('after the time limit', 'late');
			expect(ran).not.toHaveBeenCalled();
			expect(report.summary()).toBe('1 passed, 2 failed');
		} finally {
			log.mockRestore();
		}
	});
});

describe('selectMatrix', () => {
	test('the whole matrix, or the one line named', () => {
		expect(selectMatrix(undefined)).toBe(MATRIX);
		expect(selectMatrix(MATRIX[1].n8n)).toEqual([MATRIX[1]]);
	});

	test('a version outside the matrix is refused, naming the ones it has', () => {
		expect(() => selectMatrix('0.1.0')).toThrow(
			`--n8n 0.1.0: not in test/tools/runner/runtimes.ts's MATRIX (${MATRIX.map((e) => e.n8n).join(', ')})`,
		);
	});
});

test('repoRoot is the folder of this package.json', () => {
	const root = repoRoot();
	expect(existsSync(path.join(root, 'package.json'))).toBe(true);
	expect(existsSync(path.join(root, 'nodes', 'Salespanel', 'Salespanel.node.ts'))).toBe(true);
});
