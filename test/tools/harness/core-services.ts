/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { createRequire } from 'node:module';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

interface DiContainer {
	get<T>(type: new (...args: never[]) => T): T;
}

type TimerHolder = Record<string, { unref?: () => unknown } | undefined>;

let done = false;

/**
 * n8n-core resolves some services from its own copy of `@n8n/di` the first time an execution
 * context needs them. SSHClientsManager (pulled in by every TriggerContext, e.g. the Manual
 * Trigger) starts a 60 s `setInterval` in its constructor that would keep Jest from exiting.
 * Create it up front through the same container n8n-core uses and unref that timer; the
 * service keeps working, it just no longer holds the process open.
 */
export function tameCoreServices(): void {
	if (done) return;
	done = true;
	const requireFromCore = createRequire(require.resolve('n8n-core'));
	const { Container } = requireFromCore('@n8n/di') as { Container: DiContainer };
	const manager = Container.get(SSHClientsManager) as unknown as TimerHolder;
	manager.cleanupTimer?.unref?.();
}
