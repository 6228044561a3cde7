/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// What every per-operation test of the action node (test/nodes/Salespanel/actions/<resource>/<op>.operation.test.ts)
// shares: one sandbox and engine for the file, its saved workflow (<op>.workflow.json next to it) and
// variants of it, and the check that bad input fails before any request.
import { join } from 'node:path';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { RunResult } from '../harness';
import type { SandboxOptions } from '../sandbox';
import { NODE_NAME, startNodeEnv, type NodeEnv } from './node-env';
import { readWorkflowFile, workflowVariant, type WorkflowVariant } from './workflowFile';

/** The sandbox clock of the per-operation tests: the saved workflows' IDs and the 24-hour lists are taken at it. */
export const SANDBOX_NOW = Date.parse('2026-11-27T12:00:00Z');

/**
 * A sandbox and engine for this test file (seed 42, clock at SANDBOX_NOW unless given), started
 * before its tests and closed after them; the request log is emptied before each test.
 */
export function useNodeEnv(options: SandboxOptions = {}): NodeEnv {
	let env: NodeEnv | undefined;
	beforeAll(async () => {
		env = await startNodeEnv({ now: () => SANDBOX_NOW, ...options });
	});
	afterAll(async () => await env?.close());
	beforeEach(() => env?.sandbox.resetLog());
	const started = (): NodeEnv => {
		if (env === undefined)
			throw new Error('useNodeEnv: the sandbox is started in beforeAll; use it inside a test');
		return env;
	};
	return {
		get sandbox() {
			return started().sandbox;
		},
		get engine() {
			return started().engine;
		},
		run: async (...args) => await started().run(...args),
		close: async () => await started().close(),
	};
}

/** An operation's saved workflow, run as saved or with its Salespanel node changed. */
export interface SavedWorkflow {
	/** Runs it; `variant` changes the Salespanel node's parameters, settings or input items. */
	run(variant?: WorkflowVariant): Promise<RunResult>;
	/** Runs it, which must succeed; the Salespanel node's output items. */
	output(variant?: WorkflowVariant): Promise<INodeExecutionData[]>;
}

/** `useNodeEnv(options)` plus the workflow `<dir>/<operation>.workflow.json` (a Manual Trigger → Salespanel export). */
export function useOperationTest(
	dir: string,
	operation: string,
	options: SandboxOptions = {},
): { env: NodeEnv; saved: SavedWorkflow } {
	const env = useNodeEnv(options);
	const workflow = readWorkflowFile(join(dir, `${operation}.workflow.json`));
	const run = async (variant: WorkflowVariant = {}) =>
		await env.engine.run(workflowVariant(workflow, NODE_NAME, variant));
	const output = async (variant?: WorkflowVariant) => {
		const result = await run(variant);
		expect(result.error).toBeUndefined();
		return result.output(NODE_NAME);
	};
	return { env, saved: { run, output } };
}

/** Bad input: a NodeOperationError whose message matches, with a fix in its description, and nothing sent. */
export function expectRefusedBeforeAnyRequest(env: NodeEnv, run: RunResult, message: RegExp): void {
	expect(run.error?.message).toMatch(message);
	// n8n-core stores errors as plain objects, so the class shows in `name`.
	expect(run.nodeError(NODE_NAME)?.name).toBe('NodeOperationError');
	expect((run.nodeError(NODE_NAME) as { description?: string }).description).toMatch(
		/e\.g\.|Enter|Give|Add|Salespanel|Use/,
	);
	expect(env.sandbox.requests).toHaveLength(0);
}

/**
 * The bad-input cases of one operation, each a test: `base()`'s parameters with the case's own must be
 * refused before any request (expectRefusedBeforeAnyRequest).
 */
export function describeBadInput(
	env: NodeEnv,
	base: () => INodeParameters,
	cases: Array<[string, INodeParameters, RegExp]>,
): void {
	describe('bad input: a clear error naming the field, and no request at all', () => {
		test.each(cases)('%s', async (_name, parameters, message) => {
			expectRefusedBeforeAnyRequest(env, await env.run({ ...base(), ...parameters }), message);
		});
	});
}
