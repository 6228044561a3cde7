// The answer's bytes (transport/jsonBody.ts) against hostile text, through the real n8n-core engine.
import type { IDataObject } from 'n8n-workflow';

import { NODE_NAME } from '../../../../tools/support/node-env';
import { useHostileApi } from './hostileApi';

const TOKEN = ['hostile', 'server', 'token', '3b9e1f0c7d'].join('-');
const { servers, runNode } = useHostileApi(TOKEN);

describe("the answer's bytes: read as n8n would read them", () => {
	// The client asks n8n for raw bytes and reads them itself (transport/jsonBody.ts): the node's
	// output must be what JSON.parse of the UTF-8 text gives, whatever characters come.
	const VISITOR_TEXT =
		'{"contact_id":"c0ffee00-0000-4000-8000-000000000001","name":"Zoë Müller 🏢",' +
		'"größe":"价格","__proto__":{"polluted":"ja ✓"},"nested":[{"title":"Über uns – 会社"}]}';
	/** The same with \\u escapes of non-ASCII characters (as a server with ensure_ascii would send some). */
	const ESCAPED_TEXT = VISITOR_TEXT.replace('"name"', '"escaped":"caf\\u00e9 \\u2603","name"');
	const send = (bytes: Buffer) =>
		(servers.api.handle = (_req, res) =>
			res.writeHead(200, { 'Content-Type': 'application/json' }).end(bytes));
	const getVisitor = async () =>
		await runNode({
			resource: 'visitor',
			operation: 'get',
			visitorId: 'c0ffee00-0000-4000-8000-000000000001',
			simplify: false,
		});

	test.each([
		['UTF-8', VISITOR_TEXT, false],
		['UTF-8 with a BOM', VISITOR_TEXT, true],
		['UTF-8 with \\u escapes too', ESCAPED_TEXT, false],
	])(
		'%s, with accents, emoji, CJK, a non-ASCII key and "__proto__": exactly the parsed text',
		async (_label, text, bom) => {
			send(Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]));
			const result = await getVisitor();
			expect(result.error).toBeUndefined();
			const [item] = result.json(NODE_NAME);
			expect(JSON.stringify(item)).toBe(JSON.stringify(JSON.parse(text)));
			expect(item.name).toBe('Zoë Müller 🏢');
			expect(item['größe']).toBe('价格');
			if (text === ESCAPED_TEXT) expect(item.escaped).toBe('café ☃');
			expect(({} as IDataObject).polluted).toBeUndefined();
		},
	);

	test('a page with non-ASCII visitors through Return All: every name intact, in order', async () => {
		const names = ['Ana', 'Zoë', '李雷', 'Ørsted 🌬️', 'Renée'];
		const page = {
			pagination: { count: names.length, next: null, previous: null },
			results: names.map((name, i) => ({
				contact_id: `00000000-0000-0000-0000-00000000000${i}`,
				name,
			})),
		};
		send(Buffer.from(JSON.stringify(page), 'utf8'));
		const result = await runNode({
			resource: 'visitor',
			operation: 'getAll',
			returnAll: true,
			simplify: false,
		});
		expect(result.error).toBeUndefined();
		expect(result.json(NODE_NAME).map((item) => item.name)).toEqual(names);
	});

	test('invalid UTF-8 inside a string: U+FFFD, as n8n itself would read it', async () => {
		send(
			Buffer.concat([
				Buffer.from('{"contact_id":"x","name":"Zo'),
				Buffer.from([0xc3]),
				Buffer.from('"}'),
			]),
		);
		const result = await getVisitor();
		expect(result.json(NODE_NAME)[0]).toEqual({ contact_id: 'x', name: 'Zo\ufffd' });
	});
});
