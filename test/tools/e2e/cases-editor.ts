// Cases against the running n8n server for what the editor shows around the webhook trigger and
// the credential (issue #11): the Segments picker through the editor's own REST call, with and
// without a credential, the node creator wiring, the Docs link, and the credential form's notice.
import type { Sandbox } from '../sandbox';
import type { N8nInstance } from '../runner/n8n';
import { expect, expectEqual, type Report } from '../runner/report';
import { SALESPANEL, SALESPANEL_CREDENTIAL, SALESPANEL_TRIGGER } from '../runner/workflows';

interface Property {
	name: string;
	type?: string;
	displayName?: string;
	displayOptions?: unknown;
}

interface TypeInfo {
	name: string;
	description?: string;
	documentationUrl?: string;
	credentials?: Array<{ name: string; required?: boolean }>;
	properties?: Property[];
}

/** The editor's request for a loadOptions list (POST /rest/dynamic-node-parameters/options). */
const segmentsRequest = (credentials?: Record<string, unknown>) => ({
	nodeTypeAndVersion: { name: SALESPANEL_TRIGGER, version: 1 },
	methodName: 'getSegments',
	path: 'parameters.options.segments',
	currentNodeParameters: { events: ['*'], options: { segments: [] } },
	...(credentials ? { credentials } : {}),
});

export async function checkEditorWiring(
	report: Report,
	n8n: N8nInstance,
	sandbox: Sandbox,
): Promise<void> {
	await report.check('Segments picker: lists the sandbox segments (editor REST call)', async () => {
		const before = sandbox.requests.length;
		const options = await n8n.rest<Array<{ name: string; value: string }>>(
			'POST',
			'/dynamic-node-parameters/options',
			segmentsRequest({ salespanelApi: SALESPANEL_CREDENTIAL }),
		);
		expectEqual(
			options.map((o) => o.value).sort(),
			sandbox.store.segments.map((s) => s.segment_id).sort(),
			'segment IDs',
		);
		expectEqual(
			options.map((o) => o.name).sort(),
			sandbox.store.segments.map((s) => s.name).sort(),
			'segment titles',
		);
		expectEqual(
			sandbox.requests.slice(before).map((r) => r.path),
			['/api/v1/segments/'],
			'requests',
		);
		return `${options.length} segments, e.g. "${options[0]?.name}"`;
	});
	await report.check('Segments picker without a credential: says how to add one', async () => {
		const before = sandbox.requests.length;
		const res = await n8n.http('POST', '/rest/dynamic-node-parameters/options', segmentsRequest());
		expect(res.status >= 400, `HTTP ${res.status}: ${res.text.slice(0, 200)}`);
		expect(
			res.text.includes('Select a Salespanel API credential above to list your segments'),
			`answer: ${res.text.slice(0, 300)}`,
		);
		expectEqual(sandbox.requests.length, before, 'requests reaching the sandbox');
		const message = (res.json as { message?: string } | undefined)?.message ?? res.text;
		return `HTTP ${res.status}: ${message.slice(0, 110)}…`;
	});
	await report.check(
		'node creator and Docs link: trigger description and documentationUrl',
		async () => {
			const res = await n8n.http('GET', '/types/nodes.json');
			const types = (Array.isArray(res.json) ? res.json : []) as TypeInfo[];
			const app = types.find((t) => t.name === SALESPANEL);
			const trigger = types.find((t) => t.name === SALESPANEL_TRIGGER);
			expect(app && trigger, 'node types missing');
			// n8n joins `<app>Trigger` to `<app>` and shows the trigger's description on the app entry.
			expectEqual(trigger?.name.replace('Trigger', ''), SALESPANEL, 'joined type name');
			expectEqual(
				trigger?.description,
				app?.description,
				'trigger description (shown on the app entry)',
			);
			expectEqual(
				trigger?.documentationUrl,
				'https://github.com/salespanel/n8n-nodes-salespanel#salespanel-trigger-webhook',
				'documentationUrl',
			);
			expectEqual(
				trigger?.credentials,
				[{ name: 'salespanelApi', required: false }],
				'trigger credentials',
			);
			return `${trigger?.documentationUrl}`;
		},
	);
	await report.check('credential form: Base URL notice served to the editor', async () => {
		const res = await n8n.http('GET', '/types/credentials.json');
		const types = (Array.isArray(res.json) ? res.json : []) as TypeInfo[];
		const notice = types
			.find((t) => t.name === 'salespanelApi')
			?.properties?.find((p) => p.name === 'baseUrlNotice');
		expect(
			notice?.type === 'notice' && notice.displayOptions !== undefined,
			`notice: ${JSON.stringify(notice)?.slice(0, 200)}`,
		);
		return `${notice?.displayName?.slice(0, 90)}…`;
	});
}
