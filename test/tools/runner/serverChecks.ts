// Cases and waits against any running n8n of the suites (e2e, queue): the package's node types, the
// Salespanel Trigger's production webhook being registered, and the executions of its six events.
import { WEBHOOK_EVENTS } from '../schemas';
import type { ExecutionSummary, N8nInstance } from './n8n';
import { waitFor } from './proc';
import { expect, expectEqual, type Report } from './report';
import {
	SALESPANEL,
	SALESPANEL_TOOL,
	SALESPANEL_TRIGGER,
	SUITE_IDS,
	TRIGGER_HOOK_ID,
	webhookUrl,
	type WorkflowJson,
} from './workflows';

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
		const ours = types
			.filter((t) => t.name.startsWith('n8n-nodes-salespanel.'))
			.map((t) => t.name)
			.sort();
		for (const name of [
			SALESPANEL,
			SALESPANEL_TRIGGER,
			'n8n-nodes-salespanel.salespanelPollingTrigger',
		])
			expect(byName.has(name), `${name} missing; have ${ours.join(', ')}`);
		return ours.join(', ');
	});
	await report.check('Salespanel offered as an AI-agent tool', () => {
		const tool = byName.get(SALESPANEL_TOOL);
		expect(tool, `${SALESPANEL_TOOL} is not a node type of this n8n`);
		expectEqual(tool.outputs, ['ai_tool'], 'tool outputs');
		expect(
			tool.properties?.some((p) => p.name === 'toolDescription'),
			'tool has no toolDescription parameter',
		);
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

/**
 * The trigger workflow's executions after one delivery of each of the six events: each successful,
 * its item from the accepted hook with a contact_id (and a segment where the event names one),
 * passed on to the next node; one execution per event.
 */
export async function checkTriggerExecutions(
	n8n: N8nInstance,
	timeoutMs: number,
): Promise<{ executions: ExecutionSummary[]; events: string[] }> {
	const executions = await n8n.waitForExecutions(SUITE_IDS.trigger, 6, timeoutMs);
	const events: string[] = [];
	for (const e of executions) {
		const detail = await n8n.execution(e.id);
		expectEqual(detail.status, 'success', `execution ${e.id} status`);
		const [item] = detail.runData['Salespanel Trigger']?.items ?? [];
		expectEqual(item?.hook_id, TRIGGER_HOOK_ID, `hook_id of execution ${e.id}`);
		expect(
			typeof item?.contact_id === 'string',
			`execution ${e.id}: no contact_id in ${JSON.stringify(item).slice(0, 200)}`,
		);
		if (String(item.event).endsWith('segment_qualified'))
			expect(
				(item.segment as { title?: string } | null)?.title,
				`execution ${e.id}: segment missing`,
			);
		expectEqual(
			detail.runData.Received?.items.length,
			1,
			`items reaching the next node in ${e.id}`,
		);
		events.push(String(item.event));
	}
	expectEqual([...events].sort(), [...WEBHOOK_EVENTS].sort(), 'events of the executions');
	return { executions, events };
}
