/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// Entry of one benchmark child process (forked by run.ts with an IPC channel): one contender, one
// run, its own peak RSS. n8n-core and n8n-workflow resolve from the cached n8n install before
// anything loads them; the job arrives over IPC, the result goes back the same way.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { useCachedN8nModules } from './n8n';
import type { ChildMessage, Job } from './types';

const n8nDir = process.env.BENCH_N8N_DIR;
if (!n8nDir) throw new Error('BENCH_N8N_DIR is not set (child.ts is started by run.ts)');
useCachedN8nModules(n8nDir);
process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-salespanel-bench-'));
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';

const reply = (message: ChildMessage) =>
	new Promise<void>((resolve) => {
		if (!process.send) return resolve();
		process.send(message, undefined, undefined, () => resolve());
	});

process.once('message', (job: Job) => {
	void (async () => {
		try {
			await import('reflect-metadata');
			const nock = (await import('nock')).default;
			const { runJob } = await import('./jobs');
			// The harness loads nock for its tests; the benchmark talks to the sandbox over plain http.
			if (!job.keepNock) nock.restore();
			const result = await runJob(job, n8nDir);
			await reply({ ok: true, result });
		} catch (error) {
			await reply({
				ok: false,
				error: error instanceof Error ? (error.stack ?? error.message) : String(error),
			});
		}
		// n8n-core leaves timers behind (e.g. the HTTP agents' keep-alive); this process is done.
		process.exit(0);
	})();
});
