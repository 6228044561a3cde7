/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// n8n-core needs reflect-metadata and writes its config into N8N_USER_FOLDER (default ~/.n8n):
// point it at a throw-away folder so tests never touch the developer's real n8n set-up.
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-salespanel-test-'));
}
