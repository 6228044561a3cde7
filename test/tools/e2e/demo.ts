/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console */
// npm run demo [-- --n8n 2.41.1] [--port 5678] [--keep]
// Starts the Salespanel sandbox, a stand-in chat model and a real n8n with the packed package, a
// credential for the sandbox and the example workflows; prints what to click. Ctrl-C stops it all.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

import { OWNER, type N8nInstance } from '../runner/n8n';
import { pickVisitors } from '../runner/operationCases';
import { installExitHandlers, preferredPort } from '../runner/proc';
import { serveUntilStopped } from '../runner/suite';
import { packProject } from '../runner/project';
import { ensureRuntime, MATRIX } from '../runner/runtimes';
import { waitForWebhooks } from '../runner/serverChecks';
import { SALESPANEL_TRIGGER, webhookUrl } from '../runner/workflows';
import {
	ACTIVE_EXAMPLES,
	exampleWorkflows,
	provision,
	startServices,
	type Services,
} from './setup';
import { WORKFLOW_IDS } from './workflows';

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const version = flag('--n8n') ?? MATRIX[0].n8n;
const keep = args.includes('--keep');

const demoStarted = Date.now();
/** One progress line, with the seconds since `npm run demo` handed over to this script. */
const step = (text: string) =>
	console.log(`[${String(Math.round((Date.now() - demoStarted) / 1000)).padStart(3)} s] ${text}`);

async function main(): Promise<{ n8n: N8nInstance; cleanup: () => Promise<void> }> {
	const entry = MATRIX.find((e) => e.n8n === version);
	if (!entry)
		throw new Error(`--n8n ${version}: choose one of ${MATRIX.map((e) => e.n8n).join(', ')}`);
	// What cleanup has to stop, filled in as things start.
	const started: { services?: Services; n8n?: N8nInstance; workDir?: string } = {};
	const cleanup = async () => {
		console.log('\nStopping n8n, the sandbox and the stand-in model …');
		await started.n8n?.stop();
		await started.services?.close();
		if (started.workDir && !keep) await rm(started.workDir, { recursive: true, force: true });
		else if (started.workDir) console.log(`Kept ${started.workDir}`);
	};
	installExitHandlers(cleanup);

	step(
		`Checking for n8n ${entry.n8n} in the cache (the first run installs it there: several minutes) …`,
	);
	const runtime = await ensureRuntime(entry, (line) => console.log(`        … ${line}`));
	step('Packing this package into a tarball, as npm would publish it …');
	const tarball = await packProject();
	step('Starting the Salespanel sandbox and the stand-in chat model …');
	const services = await startServices({ sandboxPort: await preferredPort(8787) });
	started.services = services;
	const { sandbox, llm } = services;
	const workflows = exampleWorkflows();
	const workDir = await mkdtemp(path.join(os.tmpdir(), `salespanel-demo-${entry.n8n}-`));
	started.workDir = workDir;
	step(
		'Installing the tarball into a fresh n8n user folder and importing the credential and the example workflows (n8n CLI, about a minute) …',
	);
	const n8n = await provision(runtime, tarball, services, workflows, {
		workDir,
		port: await preferredPort(5678),
	});
	started.n8n = n8n;
	await rm(path.dirname(tarball), { recursive: true, force: true });
	step(`Activating the ${ACTIVE_EXAMPLES.length} webhook examples (n8n CLI) …`);
	for (const id of ACTIVE_EXAMPLES) await n8n.activate(id);
	step(`Starting n8n on ${n8n.baseUrl} …`);
	await n8n.start();
	step('Signing in the demo owner and waiting for the webhooks to register …');
	await n8n.signIn();
	const slack = workflows.find((w) => w.id === WORKFLOW_IDS.slackAlert);
	const agent = workflows.find((w) => w.id === WORKFLOW_IDS.aiAgent);
	if (!slack || !agent) throw new Error('example workflows missing');
	await waitForWebhooks(n8n, slack);

	const base = n8n.baseUrl;
	const slackUrl = webhookUrl(base, slack, SALESPANEL_TRIGGER, 'webhook');
	const chatUrl = webhookUrl(base, agent, '@n8n/n8n-nodes-langchain.chatTrigger', 'chat');
	const picks = pickVisitors(sandbox);
	const agentEmail = picks.agent.person_details?.email ?? '';
	const form = JSON.stringify({
		visitor_id: picks.formSubmission.contact_id,
		email: 'jane@example.com',
		plan: 'enterprise',
		company_size: 120,
		form: 'demo_request',
		page: '/pricing',
	});
	const open = (id: string) => `${base}/workflow/${id}`;
	// Without a terminal (output piped, run from a script) nobody can press Enter: deliver once now.
	const interactive = process.stdin.isTTY === true;
	const slackStep = interactive
		? 'Press Enter in this terminal: the sandbox delivers "person.segment_qualified" (Enterprise Prospects).'
		: 'The sandbox delivers one "person.segment_qualified" (Enterprise Prospects) right now (stdin is not a terminal, so no Enter key).';
	step('Ready.');
	console.log(`
Salespanel demo: n8n ${entry.n8n} on Node ${runtime.nodeVersion}, with n8n-nodes-salespanel loaded from its packed tarball.

  n8n editor    ${base}
  sign in       ${OWNER.email} / ${OWNER.password}
  sandbox API   curl -H 'Authorization: Token ${sandbox.token}' ${sandbox.url}/api/v1/segments/
                (the credential "Salespanel sandbox" has this token and the Base URL ${sandbox.url})
  chat model    ${llm.url}/models  (a scripted stand-in, no real LLM: it calls the Salespanel tool and counts what it returns)

What to click:
  1. Nightly CRM sync — ${open(WORKFLOW_IDS.crmSync)}
     "Execute workflow", then open "Map to CRM fields": every lead first seen in the last 24 h, mapped for HubSpot/Sheets.
  2. Slack alert (active) — ${open(WORKFLOW_IDS.slackAlert)}
     ${slackStep}
     Then "Executions" → "Compose Slack message" shows the alert. ("Post to Slack" is disabled: pick a Slack credential and enable it to post.)
  3. Form enrichment (active) — ${open(WORKFLOW_IDS.formEnrichment)}
     curl -X POST ${base}/webhook/salespanel-form-submission -H 'Content-Type: application/json' -d '${form}'
  4. AI agent (active) — open ${chatUrl}
     and ask: What did ${agentEmail} do this week?
  5. Add a "Salespanel" node to any workflow: every resource and operation works against the sandbox.
     In a "Salespanel Trigger", pick the credential "Salespanel sandbox": Options → Segment Names or IDs lists the sandbox's segments.

Ctrl-C stops everything this command started.`);

	const hot = sandbox.store.segments.find((s) => s.name === 'Enterprise Prospects');
	const deliver = () =>
		void sandbox
			.sendWebhook(slackUrl, {
				event: 'person.segment_qualified',
				segment: hot ? { segment_id: hot.segment_id, title: hot.name } : undefined,
			})
			.then((results) =>
				console.log(
					`Delivered to the Slack alert workflow: HTTP ${results.map((r) => r.status).join(', ')} — see its Executions tab.`,
				),
			)
			.catch((error: unknown) => console.log(`Delivery failed: ${String(error)}`));
	if (interactive) readline.createInterface({ input: process.stdin }).on('line', deliver);
	else deliver();
	return { n8n, cleanup };
}

serveUntilStopped(main);
