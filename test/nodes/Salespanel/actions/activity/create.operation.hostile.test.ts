// Activity → Create with metadata n8n's HTTP client would silently cut (keys named __proto__,
// constructor, prototype at any depth), through the real n8n-core engine against the sandbox.
import type { IDataObject } from 'n8n-workflow';

import { NODE_NAME } from '../../../../tools/support/node-env';
import { useNodeEnv } from '../../../../tools/support/operationTest';

const env = useNodeEnv({ visitors: 60 });

test('metadata with a dropped key at any depth names the path; no request', async () => {
	const deep = `{"a": ${'{"b": '.repeat(2000)}{"constructor": 1}${'}'.repeat(2000)}}`;
	for (const [metadata, message] of [
		[
			'{"video": {"constructor": {"name": "x"}}}',
			/'Metadata' contains the key "constructor" \(at video\.constructor\)/,
		],
		[
			'{"__proto__": {"polluted": true}}',
			/'Metadata' contains the key "__proto__", which cannot be sent/,
		],
		[deep, /'Metadata' contains the key "constructor" \(at a\.b\.b/],
	] as const) {
		const run = await env.run({
			resource: 'activity',
			operation: 'create',
			visitorIdentifier: env.sandbox.store.visitors[0].contact_id,
			category: 'c',
			label: 'l',
			additionalFields: { metadata },
		});
		expect(run.error?.message).toMatch(message);
		expect(run.nodeError(NODE_NAME)?.description).toMatch(
			/drops keys named __proto__, constructor and prototype/,
		);
	}
	expect(env.sandbox.requests).toHaveLength(0);
	expect(({} as IDataObject).polluted).toBeUndefined();
});
