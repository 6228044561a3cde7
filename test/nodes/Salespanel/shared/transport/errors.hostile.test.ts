// A server repeating the token (transport/errors.ts redactSecret, applied by the client to every
// error it passes on), through the real n8n-core engine.
import type { IDataObject } from 'n8n-workflow';

import { containsText } from '../../../../faults/helpers';
import type { RunResult } from '../../../../tools/harness';
import { json } from '../../../../tools/support/loopback';
import { NODE_NAME } from '../../../../tools/support/node-env';
import { description, useHostileApi } from './hostileApi';

const TOKEN = ['hostile', 'server', 'token', '3b9e1f0c7d'].join('-');
const { servers, listSegments, createActivity } = useHostileApi(TOKEN);

describe('a server repeating the token: redacted from everything the node passes on', () => {
	const cases: Array<
		[string, () => void, () => Promise<RunResult>, (extra: IDataObject) => Promise<RunResult>]
	> = [
		[
			'401 detail',
			() =>
				(servers.api.handle = (_req, res) =>
					json(res, 401, { detail: `Invalid token "${TOKEN}".` })),
			listSegments,
			listSegments,
		],
		[
			'400 field error',
			() =>
				(servers.api.handle = (_req, res) =>
					json(res, 400, { email: [`"${TOKEN}" is not a valid email address.`] })),
			createActivity,
			createActivity,
		],
		[
			'500 text body',
			() =>
				(servers.api.handle = (_req, res) =>
					res
						.writeHead(500, { 'Content-Type': 'text/plain' })
						.end(`KeyError at /api/v1/ (Authorization: Token ${TOKEN})`)),
			createActivity,
			createActivity,
		],
		[
			'500 JSON body',
			() =>
				(servers.api.handle = (_req, res) =>
					json(res, 500, { detail: `Traceback: token=${TOKEN}` })),
			createActivity,
			createActivity,
		],
		[
			'entry preview',
			() =>
				(servers.api.handle = (_req, res) =>
					json(res, 200, { pagination: { count: 1, next: null }, results: [TOKEN] })),
			listSegments,
			listSegments,
		],
		[
			'redirect location',
			() =>
				(servers.api.handle = (_req, res) =>
					res.writeHead(302, { Location: `/api/v1/${TOKEN}/` }).end()),
			createActivity,
			createActivity,
		],
	];

	test.each(cases)(
		'%s: in no error, description, Continue On Fail item or stored run',
		async (label, arm, run, runWith) => {
			arm();
			const failed = await run();
			arm();
			const continued = await runWith({ onError: 'continueRegularOutput' });
			expect(failed.error).toBeDefined();
			const item = continued.json(NODE_NAME)[0];
			expect(typeof item.error).toBe('string');
			for (const result of [failed, continued]) {
				expect(JSON.stringify(result.raw)).not.toContain(TOKEN);
				expect(containsText(result.raw, TOKEN)).toBe(false);
				expect(containsText(result.error, TOKEN)).toBe(false);
			}
			// An entry's text is never shown (describeJsonValue); every other server text comes through with the token replaced.
			const shown = label === 'entry preview' ? 'a text of' : '[redacted]';
			expect(`${failed.error?.message} ${description(failed)}`).toContain(shown);
			expect(`${String(item.error)} ${String(item.description)}`).toContain(shown);
		},
	);
});
