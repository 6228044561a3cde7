// Cases against the running n8n server: the credential test, the Salespanel Trigger with all six
// events, and the webhook-started examples (1, 3 and 4).
import type { N8nInstance } from '../runner/n8n';
import { weekActivities, type Picks } from '../runner/operationCases';
import { checkTriggerExecutions } from '../runner/serverChecks';
import { sleep } from '../runner/proc';
import { expect, expectEqual, type Report } from '../runner/report';
import {
	SALESPANEL_CREDENTIAL,
	SALESPANEL_TRIGGER,
	TRIGGER_HOOK_ID,
	webhookUrl,
	type WorkflowJson,
} from '../runner/workflows';
import type { Sandbox } from '../sandbox';
import { WEBHOOK_EVENTS } from '../schemas';
import type { FakeLlm } from './fake-llm';
import { WORKFLOW_IDS } from './workflows';

export async function checkCredentialTest(
	report: Report,
	n8n: N8nInstance,
	sandbox: Sandbox,
): Promise<void> {
	const test = async (data: Record<string, string>) =>
		await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
			credentials: { ...SALESPANEL_CREDENTIAL, type: 'salespanelApi', data },
		});
	await report.check('credential test: sandbox token', async () => {
		const before = sandbox.requests.length;
		const result = await test({ apiToken: sandbox.token, baseUrl: sandbox.url });
		expectEqual(result.status, 'OK', `status (${result.message})`);
		const sent = sandbox.requests
			.slice(before)
			.filter((r) => r.path === '/api/v1/visitors/' && r.query.limit === '1');
		expectEqual(sent.length, 1, 'GET /api/v1/visitors/?limit=1 requests');
		return `${result.status}: ${result.message}`;
	});
	await report.check('credential test: wrong token', async () => {
		const result = await test({ apiToken: 'wrong-token', baseUrl: sandbox.url });
		expectEqual(result.status, 'Error', 'status');
		return `Error: ${result.message}`;
	});
	await report.check('credential test: plain http to a non-local host', async () => {
		const before = sandbox.requests.length;
		const result = await test({
			apiToken: sandbox.token,
			baseUrl: 'http://salespanel.example.com',
		});
		expectEqual(result.status, 'Error', 'status');
		expect(
			/refused-base-url|ERR_BAD_REQUEST/.test(result.message),
			`n8n's error for an address it cannot send to, got ${JSON.stringify(result.message)}`,
		);
		expectEqual(sandbox.requests.length, before, 'requests reaching the sandbox');
		return `Error: ${result.message.slice(0, 120)}`;
	});
}

export async function checkTrigger(
	report: Report,
	n8n: N8nInstance,
	sandbox: Sandbox,
	trigger: WorkflowJson,
): Promise<void> {
	const url = webhookUrl(n8n.baseUrl, trigger, SALESPANEL_TRIGGER, 'webhook');
	const id = WORKFLOW_IDS.trigger;
	await report.check('trigger: six events delivered', async () => {
		for (const event of WEBHOOK_EVENTS) {
			const [res] = await sandbox.sendWebhook(url, { event, hookId: TRIGGER_HOOK_ID });
			expectEqual(res.status, 200, `HTTP status for ${event} (${res.body.slice(0, 200)})`);
		}
		return 'HTTP 200 for each';
	});
	await report.check('trigger: n8n recorded six executions', async () => {
		const { executions, events } = await checkTriggerExecutions(n8n, 60_000);
		return `${executions.length} successful executions: ${events.join(', ')}`;
	});
	await report.check('trigger: duplicate delivery ignored', async () => {
		const [res] = await sandbox.sendWebhook(url, {
			event: WEBHOOK_EVENTS[0],
			hookId: TRIGGER_HOOK_ID,
		});
		expectEqual(res.status, 200, 'HTTP status');
		expect(/ignored/.test(res.body), `answer should say ignored: ${res.body}`);
		return `HTTP 200 ${res.body.slice(0, 120)}`;
	});
	await report.check('trigger: wrong hook id refused', async () => {
		const [res] = await sandbox.sendWebhook(url, {
			event: 'person.identified',
			hookId: '00000000-0000-4000-8000-000000000000',
		});
		expectEqual(res.status, 401, `HTTP status (${res.body.slice(0, 200)})`);
		await sleep(3_000);
		const executions = await n8n.executions(id);
		expectEqual(executions.length, 6, 'executions after the duplicate and the wrong hook id');
		return `HTTP 401, still 6 executions`;
	});
}

/** Example 1: trigger → filter → Slack message text (the Slack node itself is disabled in the suite). */
export async function checkSlackExample(
	report: Report,
	n8n: N8nInstance,
	sandbox: Sandbox,
	workflow: WorkflowJson,
	picks: Picks,
): Promise<void> {
	const url = webhookUrl(n8n.baseUrl, workflow, SALESPANEL_TRIGGER, 'webhook');
	const segment = (name: string) => {
		const s = sandbox.store.segments.find((x) => x.name === name);
		if (!s) throw new Error(`sandbox has no segment ${name}`);
		return { segment_id: s.segment_id, title: s.name };
	};
	await report.check('example 1: Slack alert for a qualified person', async () => {
		const [hot] = await sandbox.sendWebhook(url, {
			event: 'person.segment_qualified',
			segment: segment('Enterprise Prospects'),
		});
		expectEqual(hot.status, 200, 'HTTP status');
		const [execution] = await n8n.waitForExecutions(WORKFLOW_IDS.slackAlert, 1);
		const detail = await n8n.execution(execution.id);
		expectEqual(detail.status, 'success', 'execution status');
		const contactId = detail.runData['Salespanel Trigger']?.items[0]?.contact_id;
		const visitor = sandbox.store.visitors.find((v) => v.contact_id === contactId);
		const text = String(detail.runData['Compose Slack message']?.items[0]?.text ?? '');
		for (const part of [
			'Enterprise Prospects',
			visitor?.person_details?.email,
			visitor?.company_details?.name,
		]) {
			expect(part && text.includes(part), `message should mention ${part}: ${text}`);
		}
		const slack = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.slack');
		expect(
			slack && slack.parameters.text === '={{ $json.text }}',
			'the example posts the composed text with its Slack node',
		);
		expectEqual(
			workflow.connections['Compose Slack message']?.main?.[0]?.[0]?.node,
			slack.name,
			'Slack node input',
		);
		return `message: ${text.split('\n')[0]}`;
	});
	await report.check(
		'example 1: other segments, other events and anonymous visitors send nothing',
		async () => {
			const [cold] = await sandbox.sendWebhook(url, {
				event: 'person.segment_qualified',
				segment: segment('Dormant Leads'),
			});
			const [other] = await sandbox.sendWebhook(url, { event: 'person.identified' });
			expect(
				cold.status === 200 && /ignored/.test(cold.body),
				`other segment: ${cold.status} ${cold.body}`,
			);
			expect(
				other.status === 200 && /ignored/.test(other.body),
				`other event: ${other.status} ${other.body}`,
			);
			const [anon] = await sandbox.sendWebhook(url, {
				event: 'person.segment_qualified',
				contactId: picks.anonymous.contact_id,
				segment: segment('Enterprise Prospects'),
			});
			expectEqual(anon.status, 200, 'anonymous: HTTP status');
			const executions = await n8n.waitForExecutions(WORKFLOW_IDS.slackAlert, 2);
			const detail = await n8n.execution(executions[1].id);
			expectEqual(
				detail.runData['Identified people only']?.items.length ?? 0,
				0,
				'items passing the filter for an anonymous visitor',
			);
			expect(
				!detail.runData['Compose Slack message']?.items.length,
				'no message for an anonymous visitor',
			);
			await sleep(2_000);
			expectEqual((await n8n.executions(WORKFLOW_IDS.slackAlert)).length, 2, 'executions');
			return 'segment and event filtered by the trigger (HTTP 200), anonymous visitor dropped by the filter';
		},
	);
}

/** Example 3: a form POST identifies the visitor, stores attributes and logs an activity. */
export async function checkFormExample(
	report: Report,
	n8n: N8nInstance,
	sandbox: Sandbox,
	picks: Picks,
	tag: string,
): Promise<void> {
	await report.check('example 3: form submission enrichment', async () => {
		const v = picks.formSubmission;
		const email = `form.${tag}@e2e.example.com`;
		const res = await n8n.http('POST', '/webhook/salespanel-form-submission', {
			visitor_id: v.contact_id,
			email,
			plan: 'enterprise',
			company_size: '120',
			form: 'demo_request',
			page: '/pricing',
		});
		expectEqual(res.status, 200, `HTTP status (${res.text.slice(0, 300)})`);
		const stored = sandbox.store.visitors.find((x) => x.contact_id === v.contact_id);
		expectEqual(stored?.person_details?.email, email, 'identified email');
		const a = stored?.visitor_attributes ?? {};
		expectEqual(
			[a.plan_interest, a.company_size, a.last_form],
			['enterprise', 120, 'demo_request'],
			'attributes',
		);
		const [activity] = sandbox.store.activities.get(v.contact_id) ?? [];
		expectEqual(
			[
				activity?.activity_type,
				(activity as { category?: string }).category,
				(activity as { label?: string }).label,
				(activity as { metadata?: unknown }).metadata,
			],
			[
				'custom_activity',
				'form_submission',
				'demo_request',
				{ plan: 'enterprise', company_size: 120, page: '/pricing' },
			],
			'logged activity',
		);
		return `identified ${email}, 3 attributes, activity logged; webhook answered ${res.text.slice(0, 80)}`;
	});
}

/** Example 4: the AI Agent calls the Salespanel tool (the model is the scripted stand-in). */
export async function checkAgentExample(
	report: Report,
	n8n: N8nInstance,
	sandbox: Sandbox,
	llm: FakeLlm,
	workflow: WorkflowJson,
	picks: Picks,
): Promise<void> {
	await report.check('example 4: AI agent answers with the Salespanel tool', async () => {
		const email = picks.agent.person_details?.email ?? '';
		const url = webhookUrl('', workflow, '@n8n/n8n-nodes-langchain.chatTrigger', 'chat');
		const before = sandbox.requests.length;
		const llmBefore = llm.requests.length;
		const res = await n8n.http('POST', url, {
			action: 'sendMessage',
			sessionId: `e2e-${Date.now()}`,
			chatInput: `What did visitor ${email} do this week?`,
		});
		expectEqual(res.status, 200, `HTTP status (${res.text.slice(0, 300)})`);
		const output = String((res.json as { output?: unknown } | undefined)?.output ?? '');
		const toolCalls = sandbox.requests
			.slice(before)
			.filter((r) => r.method === 'GET' && /\/activities\/$/.test(r.path));
		expectEqual(
			toolCalls.map((r) => decodeURIComponent(r.path)),
			[`/api/v1/visitors/${email}/activities/`],
			'Salespanel requests made by the tool',
		);
		const modelCalls = llm.requests
			.slice(llmBefore)
			.filter((r) => r.path.endsWith('/chat/completions'));
		const tools = (
			(modelCalls[0]?.body as { tools?: Array<{ function?: { name?: string } }> })?.tools ?? []
		).map((t) => t.function?.name);
		expectEqual(modelCalls.length, 2, 'model calls (tool call, then answer)');
		const expected = weekActivities(sandbox, picks.agent.contact_id).length;
		expect(
			output.includes(`had ${expected} activities`),
			`answer should count ${expected} activities this week: ${output}`,
		);
		await n8n.waitForExecutions(WORKFLOW_IDS.aiAgent, 1);
		return `tool ${tools.join(', ')}; answer: ${output.slice(0, 120)}`;
	});
}
