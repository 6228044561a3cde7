/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// The verify check that every value the built package takes from n8n-workflow exists on every n8n
// line starts from workflowValueImports: which names each dist file reads from n8n-workflow. Pure:
// a fixture package on disk, no build, no n8n install.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { workflowValueImports } from './checks-runtime';
import { listFiles, type Context } from './context';

let root: string;

beforeEach(() => {
	root = mkdtempSync(path.join(tmpdir(), 'verify-imports-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A Context over `files` (paths under dist/ → content), as loadContext would list them. */
function fixture(files: Record<string, string>): Context {
	for (const [rel, content] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
		writeFileSync(path.join(root, rel), content);
	}
	return { root, pkg: { name: 'fixture', version: '0.0.0' }, distFiles: listFiles(root, 'dist') };
}

test('names read through each require("n8n-workflow") binding, per dist file; nothing else', () => {
	const ctx = fixture({
		// tsc's CommonJS output: a call through `(0, binding.name)` and a `new binding.Name`.
		'dist/transport/clock.js': [
			'"use strict";',
			'const n8n_workflow_1 = require("n8n-workflow");',
			'async function wait(ms, signal) { await (0, n8n_workflow_1.sleepWithAbort)(ms, signal); }',
		].join('\n'),
		'dist/actions/router.js': [
			'const other_1 = require("./other");',
			'const n8n_workflow_2 = require("n8n-workflow");',
			'throw new n8n_workflow_2.NodeOperationError(other_1.node, "x");',
		].join('\n'),
		// A namespace import under esModuleInterop.
		'dist/star.js': 'const wf = __importStar(require("n8n-workflow"));\nwf.deepCopy({});',
		// Not JavaScript: source maps and declarations are not read.
		'dist/transport/clock.js.map':
			'{"mappings":"n8n_workflow_1 = require(\\"n8n-workflow\\"); n8n_workflow_1.jsonParse"}',
		'dist/transport/clock.d.ts': 'import { sleep } from "n8n-workflow"; n8n_workflow_1.sleep',
	});
	expect(Object.fromEntries(workflowValueImports(ctx))).toEqual({
		sleepWithAbort: ['dist/transport/clock.js'],
		NodeOperationError: ['dist/actions/router.js'],
		deepCopy: ['dist/star.js'],
	});
});

test('a name used in two files lists both, once each; a dist without n8n-workflow gives an empty map', () => {
	const twice =
		'const n8n_workflow_1 = require("n8n-workflow");\nn8n_workflow_1.sleep(1); n8n_workflow_1.sleep(2);';
	expect(
		workflowValueImports(fixture({ 'dist/a.js': twice, 'dist/b.js': twice })).get('sleep'),
	).toEqual(['dist/a.js', 'dist/b.js']);
	rmSync(path.join(root, 'dist'), { recursive: true });
	expect(
		workflowValueImports(fixture({ 'dist/c.js': 'const x = require("./x"); x.sleepWithAbort();' }))
			.size,
	).toBe(0);
});
