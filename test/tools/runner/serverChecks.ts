// Cases and waits against any running n8n of the suites (e2e, queue): the package's node types, and
// the Salespanel Trigger's production webhook being registered.
import type { N8nInstance } from './n8n';
import { waitFor } from './proc';
import { expect, expectEqual, type Report } from './report';
import { SALESPANEL, SALESPANEL_TOOL, SALESPANEL_TRIGGER, webhookUrl, type WorkflowJson } from './workflows';

interface NodeTypeInfo {
	name: string;
	outputs?: unknown;
	properties?: Array<{ name: string }>;
}

export async function checkNodeTypes(report: Report, n8n: N8nInstance): Promise<void> {
	const res = await n8n.http('GET', '/types/nodes.json');
	const types = (Array.isArray(res.json) ? res.json : []) as NodeTypeInfo[];
	const byName = new Map(types.map((t) => [t.name, t]));
	await report.check('n8n loaded the packed package', () => {
		expectEqual(res.status, 200, 'GET /types/nodes.json');
		const ours = types.filter((t) => t.name.startsWith('n8n-nodes-salespanel.')).map((t) => t.name).sort();
		for (const name of [SALESPANEL, SALESPANEL_TRIGGER, 'n8n-nodes-salespanel.salespanelPollingTrigger']) expect(byName.has(name), `${name} missing; have ${ours.join(', ')}`);
		return ours.join(', ');
	});
	await report.check('Salespanel offered as an AI-agent tool', () => {
		const tool = byName.get(SALESPANEL_TOOL);
		expect(tool, `${SALESPANEL_TOOL} is not a node type of this n8n`);
		expectEqual(tool.outputs, ['ai_tool'], 'tool outputs');
		expect(tool.properties?.some((p) => p.name === 'toolDescription'), 'tool has no toolDescription parameter');
		return `${SALESPANEL_TOOL} (outputs ai_tool)`;
	});
}

/** Waits until n8n has registered the production webhook (our trigger answers a body without "hook" with 400). */
export async function waitForWebhooks(n8n: N8nInstance, trigger: WorkflowJson): Promise<void> {
	const url = webhookUrl('', trigger, SALESPANEL_TRIGGER, 'webhook');
	await waitFor('the Salespanel Trigger webhook to be registered', 90_000, async () => {
		const res = await n8n.http('POST', url, {});
		return res.status === 400 ? true : undefined;
	});
}
