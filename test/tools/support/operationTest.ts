// What every per-operation test of the action node (test/nodes/Salespanel/actions/<resource>/<op>.operation.test.ts)
// shares: one sandbox and engine for the file, and the check that bad input fails before any request.
import type { RunResult } from '../harness';
import type { SandboxOptions } from '../sandbox';
import { NODE_NAME, startNodeEnv, type NodeEnv } from './node-env';

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
