// The sandbox the visitor picker's tests and the action node's editor tests share: 650 visitors
// (more than one page of the picker's search), started once per test file, its request log
// emptied before each test, and the views of its visitors those tests read.
import type { NodeEnv } from '../../../../tools/support/node-env';
import { startNodeEnv } from '../../../../tools/support/node-env';

export function useVisitorsEnv() {
	let started: NodeEnv | undefined;
	const running = (): NodeEnv => {
		if (!started) throw new Error('the sandbox starts in beforeAll');
		return started;
	};
	beforeAll(async () => {
		started = await startNodeEnv({ visitors: 650 });
	});
	afterAll(async () => await started?.close());
	beforeEach(() => running().sandbox.resetLog());

	const visitors = () => running().sandbox.store.visitors;
	return {
		get sandbox() {
			return running().sandbox;
		},
		get engine() {
			return running().engine;
		},
		run: async (...args: Parameters<NodeEnv['run']>) => await running().run(...args),
		visitors,
		identified: () => visitors().filter((v) => !!v.person_details?.email),
		anonymous: () => visitors().filter((v) => !v.person_details?.email),
		/** The requests that reached the API (not the sandbox's own endpoints). */
		apiRequests: () => running().sandbox.requests.filter((r) => r.path.startsWith('/api/v1/')),
	};
}
