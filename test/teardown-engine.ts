/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// n8n-core's SSHClientsManager (a DI singleton created when a trigger context is built) starts a
// 60 s setInterval that nothing clears outside n8n's own shutdown; it keeps Jest from exiting.
// Shut it down after each test file, as n8n does on exit. The container must be n8n-core's own
// copy of @n8n/di, hence the resolution from n8n-core's folder.
import { createRequire } from 'node:module';

afterAll(() => {
	const fromCore = createRequire(require.resolve('n8n-core'));
	const { Container } = fromCore('@n8n/di') as { Container: { get<T>(type: new (...args: never[]) => T): T } };
	const { SSHClientsManager } = fromCore('./execution-engine/ssh-clients-manager') as {
		SSHClientsManager: new (...args: never[]) => { onShutdown(): void };
	};
	Container.get(SSHClientsManager).onShutdown();
});
