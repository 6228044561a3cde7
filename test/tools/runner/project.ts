/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// This repository as the tools see it: its root, and its build packed as npm would publish it.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { cleanEnv, run } from './proc';

/** The folder of this package's package.json, found upwards from here (compiled into .test-build or run by ts-jest alike). */
export function repoRoot(): string {
	for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (
			existsSync(file) &&
			(JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'n8n-nodes-salespanel'
		)
			return dir;
	}
	throw new Error(`no package.json of n8n-nodes-salespanel above ${__dirname}`);
}

/** `npm pack` of the built project into a temp folder; the tarball's path. */
export async function packProject(): Promise<string> {
	const root = repoRoot();
	if (!existsSync(path.join(root, 'dist', 'nodes', 'Salespanel', 'Salespanel.node.js'))) {
		throw new Error(
			'dist/ is missing: run `npm run build` first (npm run test:e2e and npm run demo do)',
		);
	}
	const dest = await mkdtemp(path.join(os.tmpdir(), 'salespanel-pack-'));
	const result = await run('npm', ['pack', '--json', '--pack-destination', dest], {
		cwd: root,
		env: cleanEnv(),
		timeoutMs: 120_000,
	});
	if (result.code !== 0) throw new Error(`npm pack failed: ${result.stderr.slice(-1000)}`);
	const jsonStart = result.stdout.indexOf('[');
	const info = JSON.parse(result.stdout.slice(jsonStart)) as Array<{ filename: string }>;
	return path.join(dest, path.basename(info[0].filename));
}
