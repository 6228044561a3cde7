/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// The browser checks, in the order a new user meets the package: sign in, add the credential, find
// Salespanel in the node creator, open every operation's panel, run one step, open both triggers.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { OWNER, type N8nInstance } from '../runner/n8n';
import { waitFor } from '../runner/proc';
import { operationKey, type PerOperation } from '../runner/operationTable';
import { repoRoot } from '../runner/project';
import { CheckError, expect, expectEqual, type Report } from '../runner/report';
import type { Screenshots } from './browser';
import { byTestId, textOf, UI_TIMEOUT, visibleTestIds, type Editor } from './editor';
import { pollingTriggerDescription, triggerDescription, type OperationEntry } from './operations';

/** What the editor shows of a description text: without its link tags. */
export const shownText = (text: string): string =>
	text
		.replace(/<a\b[^>]*>|<\/a>/g, '')
		.replace(/\s+/g, ' ')
		.trim();

export interface UiContext {
	editor: Editor;
	sandbox: Sandbox;
	report: Report;
	shots: Screenshots;
	/** Name of the credential the suite created (n8n's default name for the type). */
	credentialName: string;
	n8n: N8nInstance;
	/** The n8n version under test, e.g. "2.41.1". */
	version: string;
}

const major = (ctx: UiContext) => Number(ctx.version.split('.')[0]);

/** Runs one check and saves a screenshot of what the page showed when it ended (pass or fail). */
export async function step(
	ctx: UiContext,
	name: string,
	fn: () => Promise<string>,
): Promise<boolean> {
	const ok = await ctx.report.check(name, async () => {
		let failure: unknown;
		const detail = await fn().catch((error: unknown) => {
			failure = error;
			return '';
		});
		if (failure === undefined) return detail;
		// On failure, say what was on screen: the data-test-ids visible in the page.
		const ids = await visibleTestIds(ctx.editor.page.locator('body'));
		const message = failure instanceof Error ? failure.message : String(failure);
		// Playwright's call log names the element it waited for: keep that line too.
		const waitedFor = /waiting for (.+)/.exec(message)?.[1];
		throw new CheckError(
			`${message.split('\n')[0]}${waitedFor ? ` (waiting for ${waitedFor.slice(0, 200)})` : ''} [url ${ctx.editor.page.url()}; visible test ids: ${ids.slice(0, 40).join(' ')}]`,
		);
	});
	await ctx.shots.take(ctx.editor.page, `${ok ? 'ok' : 'FAILED'} ${name}`);
	return ok;
}

// ---- values for required fields ------------------------------------------------------------------

/**
 * What a person types into each operation's required fields (by parameter name), from the sandbox's
 * own data. Typed against the operation table: a new operation without an entry fails the typecheck.
 */
export function requiredValues(sandbox: Sandbox): PerOperation<Record<string, string>> {
	const lead = sandbox.store.visitors.find((v) => v.person_details?.email);
	const anonymous =
		sandbox.store.visitors.find((v) => !v.person_details?.email) ?? sandbox.store.visitors[0];
	if (!lead) throw new Error('the sandbox has no visitor with an email address');
	const byEmail = { visitorIdentifier: lead.person_details?.email ?? '' };
	return {
		'visitor.getAll': {},
		'visitor.get': { visitorId: anonymous.contact_id },
		'visitor.identify': { visitorId: anonymous.contact_id, email: 'new.person@example.com' },
		'visitor.setAttributes': byEmail,
		'visitor.getAttribution': byEmail,
		'activity.getAll': byEmail,
		'activity.create': { ...byEmail, category: 'product_interaction', label: 'demo_viewed' },
		'lead.getAll': {},
		'visitingCompany.getAll': {},
		'segment.getAll': {},
	};
}

/** How a person fills a required field of each parameter type. A type missing here fails the panel check, naming it. */
const FILLERS: Record<
	string,
	(editor: Editor, field: INodeProperties, value: string) => Promise<void>
> = {
	string: async (editor, field, value) => await editor.fillText(field.name, value),
	number: async (editor, field, value) => await editor.fillText(field.name, value),
	// Not used by today's node (helpers checked against n8n's own Execute Sub-workflow locator): types
	// the value in the mode made for it, an email in "By Email" (name 'email'), else "By ID" (name 'id').
	resourceLocator: async (editor, field, value) => {
		const modes = field.modes ?? [];
		const mode = modes.find((m) => m.name === (value.includes('@') ? 'email' : 'id'));
		if (!mode)
			throw new CheckError(
				`${field.name} has no ${value.includes('@') ? '"email"' : '"id"'} mode to type "${value}" into (modes: ${modes.map((m) => m.name).join(', ')})`,
			);
		await editor.setLocatorMode(field.name, mode.displayName);
		await editor.typeInLocator(field.name, value);
	},
};

const isEmptyDefault = (field: INodeProperties) =>
	field.default === '' || field.default === undefined || field.default === null;

/** Display names of an options/multiOptions parameter, in the description's order. */
export function optionNames(description: INodeTypeDescription, parameter: string): string[] {
	const options = description.properties.find((p) => p.name === parameter)?.options ?? [];
	return (options as Array<{ name: string }>).map((o) => o.name);
}

/** The creator's trigger entry that adds the webhook trigger with its first event ("On all events"). */
export async function webhookTriggerEntry(editor: Editor): Promise<string> {
	const [firstEvent] = optionNames(triggerDescription(), 'events');
	const triggers = await editor.creatorCategoryItemNames('Triggers');
	const entry = triggers.find((t) => t.toLowerCase().includes(firstEvent.toLowerCase()));
	if (!entry)
		throw new CheckError(
			`no trigger entry for "${firstEvent}"; Salespanel lists ${JSON.stringify(triggers)}`,
		);
	return entry;
}

// ---- checks ----------------------------------------------------------------------------------------

export async function checkSignIn(ctx: UiContext): Promise<boolean> {
	return await step(ctx, 'sign in through the editor', async () => {
		await ctx.editor.signIn(OWNER.email, OWNER.password);
		const url = new URL(ctx.editor.page.url());
		return `signed in as ${OWNER.email}, landed on ${url.pathname}`;
	});
}

export async function checkCredential(ctx: UiContext): Promise<boolean> {
	return await step(
		ctx,
		'create the Salespanel API credential (sandbox) in the credential modal',
		async () => {
			const { sandbox, editor } = ctx;
			const before = sandbox.requests.length;
			const modal = await editor.createCredential('Salespanel API', {
				apiToken: sandbox.token,
				baseUrl: sandbox.url,
			});
			const success = byTestId(modal, 'credentials-config-container-test-success');
			await success.waitFor({ timeout: 60_000 }).catch(async () => {
				throw new Error(
					`no "Connection tested successfully": the modal says "${(await textOf(modal)).slice(0, 400)}"`,
				);
			});
			const tests = sandbox.requests
				.slice(before)
				.filter((r) => r.path === '/api/v1/visitors/' && r.authorized);
			expect(
				tests.length >= 1,
				`the sandbox saw no authorized credential test (GET /api/v1/visitors/); saw ${
					sandbox.requests
						.slice(before)
						.map((r) => r.path)
						.join(', ') || 'nothing'
				}`,
			);
			ctx.credentialName = await textOf(byTestId(modal, 'credential-name'));
			expect(ctx.credentialName, 'the credential has no name in the modal');
			const banner = await textOf(success);
			await ctx.shots.take(editor.page, 'credential saved and tested');
			await editor.page.keyboard.press('Escape');
			await modal.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
			return `"${ctx.credentialName}": ${banner}; sandbox saw ${tests.length} authorized test request(s)`;
		},
	);
}

/** Search "Salespanel" in an empty workflow: which entries the node creator lists. */
export async function checkCreatorSearch(ctx: UiContext): Promise<boolean> {
	return await step(ctx, 'node creator: searching "Salespanel" finds the package', async () => {
		await ctx.editor.newWorkflow();
		await ctx.editor.searchNodes('Salespanel');
		const names = await ctx.editor.creatorItemNames();
		expect(
			names.includes('Salespanel'),
			`no "Salespanel" entry; the creator lists ${JSON.stringify(names)}`,
		);
		return `lists ${names.map((n) => `"${n}"`).join(', ')}`;
	});
}

/** The Salespanel entry's panel: every action of the node and the trigger's events. */
export async function checkCreatorApp(ctx: UiContext, matrix: OperationEntry[]): Promise<boolean> {
	return await step(ctx, 'node creator: Salespanel shows its actions and triggers', async () => {
		const { editor } = ctx;
		await editor.openCreatorApp('Salespanel');
		await editor.expandCreatorCategory('Actions');
		const categories = await editor.creatorCategories();
		const actions = await editor.creatorCategoryItemNames('Actions');
		const missing = matrix.map((e) => e.action).filter((a) => !actions.includes(a));
		expect(
			missing.length === 0,
			`actions missing from the creator: ${missing.join(', ')}; it shows ${JSON.stringify(actions)}`,
		);
		await editor.expandCreatorCategory('Triggers');
		const triggers = await editor.creatorCategoryItemNames('Triggers');
		const events = (triggerDescription().properties.find((p) => p.name === 'events')?.options ?? [])
			.length;
		expectEqual(triggers.length, events, 'trigger entries (one per Salespanel Trigger event)');
		return `${categories.map((c) => c.title).join(' / ')}; actions: ${actions.join(', ')}; triggers: ${triggers.join(', ')}`;
	});
}

/** The step the suite executes in the editor: it reads only and its result is the sandbox's own list. */
const EXECUTED = { resource: 'segment', operation: 'getAll' };

/** Matrix in panel order: the executed step first, so running it executes nothing but the manual trigger. */
export function panelOrder(matrix: OperationEntry[]): OperationEntry[] {
	const isExecuted = (e: OperationEntry) =>
		e.resource === EXECUTED.resource && e.operation === EXECUTED.operation;
	return [...matrix.filter(isExecuted), ...matrix.filter((e) => !isExecuted(e))];
}

/**
 * One operation: pick its action in the node creator; the panel shows the resource, operation and
 * credential; each empty required field is flagged once touched, and after filling nothing is.
 * Leaves the panel open (the screenshot shows it filled).
 */
export async function checkOperationPanel(
	ctx: UiContext,
	entry: OperationEntry,
	valuesByOperation: PerOperation<Record<string, string>>,
): Promise<boolean> {
	return await step(ctx, `panel: ${entry.resourceName} → ${entry.operationName}`, async () => {
		const { editor } = ctx;
		const key = operationKey(entry.resource, entry.operation);
		const values: Record<string, string> | undefined = (
			valuesByOperation as Record<string, Record<string, string>>
		)[key];
		expect(
			values,
			`no entry "${key}" in requiredValues() (test/tools/ui/checks.ts): dist/ is older than the operation table? Run npm run build`,
		);
		if (await editor.ndv.isVisible()) await editor.closeNdv();
		await editor.searchNodes('Salespanel');
		await editor.openCreatorApp('Salespanel');
		await editor.expandCreatorCategory('Actions');
		await editor.pickCreatorItem(entry.action);
		const nodeName = await editor.ndvTitle();
		expectEqual(await editor.fieldText('resource'), entry.resourceName, 'Resource shown');
		expectEqual(await editor.fieldText('operation'), entry.operationName, 'Operation shown');
		expectEqual(
			await editor.credentialShownSettled(ctx.credentialName),
			ctx.credentialName,
			'credential selected for the new node',
		);

		const emptyRequired = entry.required.filter(isEmptyDefault);
		for (const field of emptyRequired) await editor.touchField(field.name);
		const flagged = await editor.fieldsWithIssues();
		const unflagged = emptyRequired.map((f) => f.name).filter((n) => !flagged.includes(n));
		expect(
			unflagged.length === 0,
			`empty required field(s) not flagged after touching them: ${unflagged.join(', ')} (flagged: ${flagged.join(', ') || 'none'})`,
		);

		for (const field of entry.required) {
			const value = values[field.name];
			expect(
				value !== undefined,
				`no value for required field "${field.name}": add it to "${key}" in requiredValues() in test/tools/ui/checks.ts`,
			);
			const fill = FILLERS[field.type];
			expect(
				fill,
				`no way to fill a "${field.type}" field (${field.name}): add one to FILLERS in test/tools/ui/checks.ts`,
			);
			await fill(editor, field, value);
		}
		// n8n clears a field's issue marker a moment after the value lands (longer on a loaded machine).
		let left: string[] = [];
		await waitFor(
			'issue markers to clear',
			5_000,
			async () => ((left = await editor.fieldsWithIssues()).length === 0 ? true : undefined),
			250,
		).catch(() => undefined);
		expect(
			left.length === 0,
			`parameter issues after filling the required fields: ${left.join(', ')}`,
		);
		expect(
			!(await editor.nodeHasIssues(nodeName)),
			`the canvas marks node "${nodeName}" with issues`,
		);
		const filled = entry.required.map((f) => `${f.displayName}=${values[f.name]}`);
		return `node "${nodeName}", ${entry.required.length ? `filled ${filled.join(', ')}` : 'no required fields'}; ${flagged.length} flagged before filling, 0 after`;
	});
}

/** Runs the open Segment → Get Many step and compares its output with the sandbox's segments. */
export async function checkExecuteStep(ctx: UiContext): Promise<boolean> {
	return await step(
		ctx,
		'execute Segment → Get Many in the editor and see its output',
		async () => {
			const { editor, sandbox } = ctx;
			const before = sandbox.requests.length;
			const run = await editor.executeStep();
			expect(run.ok, `the step failed: ${run.text.slice(0, 500)}`);
			const expected = sandbox.store.segments;
			expectEqual(run.itemsLabel, `${expected.length} items`, 'item count shown');
			const table = await editor.outputTable();
			const nameColumn = table.headers.indexOf('name');
			expect(
				nameColumn >= 0,
				`no "name" column in the output table (columns: ${table.headers.join(', ')})`,
			);
			const shown = table.rows.map((r) => r[nameColumn]);
			expect(shown.length > 0, 'the output table has no rows');
			expectEqual(
				shown,
				expected.slice(0, shown.length).map((s) => s.name),
				'segment names in the output table',
			);
			const calls = sandbox.requests.slice(before).filter((r) => r.path === '/api/v1/segments/');
			expect(
				calls.length >= 1 && calls.every((c) => c.authorized && c.status === 200),
				'the sandbox saw no authorized GET /api/v1/segments/',
			);
			return `${run.itemsLabel}; table shows ${shown.length} rows (${shown.slice(0, 3).join(', ')}…); sandbox served ${calls.length} request(s)`;
		},
	);
}

/** After all panels: the whole canvas, every node free of issue markers. */
export async function checkCanvas(ctx: UiContext, expectedNodes: number): Promise<boolean> {
	return await step(
		ctx,
		'canvas: every Salespanel node is configured (no issue markers)',
		async () => {
			const { editor } = ctx;
			if (await editor.ndv.isVisible()) await editor.closeNdv();
			await editor.tidyAndFit();
			const names = await editor.canvasNodeNames();
			expect(
				names.length >= expectedNodes,
				`canvas has ${names.length} nodes, expected at least ${expectedNodes}: ${names.join(', ')}`,
			);
			const withIssues: string[] = [];
			for (const name of names) if (await editor.nodeHasIssues(name)) withIssues.push(name);
			expect(withIssues.length === 0, `nodes with issues: ${withIssues.join(', ')}`);
			await editor.saveWorkflow();
			return `${names.length} nodes: ${names.join(', ')}; workflow saved`;
		},
	);
}

/**
 * Salespanel Trigger: from Salespanel's first trigger entry. The setup notice shows its whole text with a
 * working README link and no literal markup (issue 23 item 1); the trigger panel shows its header, what
 * activates the trigger, and under "More info" where the Test URL is (item 2); Webhook URLs show.
 * Leaves the panel open for checkTestDelivery.
 */
export async function checkTriggerPanel(ctx: UiContext): Promise<boolean> {
	return await step(
		ctx,
		'panel: Salespanel Trigger shows its notice as text with a link, its trigger panel, and no issues',
		async () => {
			const { editor } = ctx;
			const description = triggerDescription();
			await editor.newWorkflow();
			await editor.searchNodes('Salespanel');
			await editor.openCreatorApp('Salespanel');
			await editor.expandCreatorCategory('Triggers');
			const first = await webhookTriggerEntry(editor);
			await editor.pickCreatorItem(first);
			const nodeName = await editor.ndvTitle();
			expectEqual(nodeName, description.defaults.name, 'node added');
			const events = await editor.fieldText('events');
			expect(events, 'Events is empty');
			const offered = await editor.dropdownOptions('events');
			expectEqual(offered, optionNames(description, 'events'), 'Events dropdown');

			const noticeSource =
				description.properties.find((p) => p.type === 'notice')?.displayName ?? '';
			const notices = await editor.notices();
			expectEqual(
				notices,
				[shownText(noticeSource)],
				'notice text as shown (every word, no literal tags)',
			);
			const links = await editor.noticeLinks();
			const expectedLinks = [...noticeSource.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
			expectEqual(
				links.map((l) => l.href),
				expectedLinks,
				'links in the notice',
			);
			expect(
				links.every((l) => l.text.length > 0),
				`a notice link without text: ${JSON.stringify(links)}`,
			);

			const panel = description.triggerPanel;
			if (
				typeof panel !== 'object' ||
				typeof panel.executionsHelp !== 'object' ||
				typeof panel.activationHint !== 'string'
			) {
				throw new CheckError(
					'the trigger has no triggerPanel with executionsHelp and activationHint',
				);
			}
			const shown = await editor.triggerPanelText();
			for (const [what, text] of [
				['header', panel.header ?? ''],
				['activation hint', panel.activationHint],
			]) {
				expect(
					shown.includes(text),
					`the trigger panel does not show its ${what} "${text}"; it shows "${shown.slice(0, 400)}"`,
				);
			}
			const help = await editor.expandTriggerPanelHelp();
			expect(
				help.includes(panel.executionsHelp.inactive),
				`"More info" does not show "${panel.executionsHelp.inactive}"; it shows "${help.slice(0, 400)}"`,
			);
			await ctx.shots.take(editor.page, 'trigger panel with more info');

			expect(await editor.webhookUrls().isVisible(), 'no "Webhook URLs" section');
			const issues = await editor.fieldsWithIssues();
			expect(issues.length === 0, `parameter issues: ${issues.join(', ')}`);
			expect(!(await editor.nodeHasIssues(nodeName)), `the canvas marks "${nodeName}" with issues`);
			return `picked "${first}": Events = ${events} (of ${offered.length}); notice shown whole with ${links.length} link(s) (${links.map((l) => l.text).join(', ')}); trigger panel "${panel.header}" + hint + More info`;
		},
	);
}

/**
 * A test delivery production would ignore (item 3), and the trigger's simplified fields (item 4): with
 * Events = Person Identified, Execute step listens; a person.page_visit delivery to the Test URL is
 * answered 200 "ignored" and the step shows one item with ignored_in_production and the CRM fields.
 */
export async function checkTestDelivery(ctx: UiContext): Promise<boolean> {
	return await step(
		ctx,
		'Salespanel Trigger: a test delivery of an unselected event shows up with ignored_in_production and the CRM fields',
		async () => {
			const { editor, sandbox } = ctx;
			await editor.setMultiOptions('events', ['Person Identified']);
			expectEqual(await editor.fieldText('events'), 'Person Identified', 'Events after choosing');
			const testUrl = await editor.webhookTestUrl();
			await editor.startListening();
			await ctx.shots.take(editor.page, 'trigger listening for a test event');
			const person = sandbox.store.visitors.find(
				(v) =>
					v.person_details?.first_name && v.person_details.linkedin && v.company_details?.website,
			);
			expect(
				person,
				'the sandbox has no visitor with a first name, LinkedIn URL and company website',
			);
			const answers = await sandbox.sendWebhook(testUrl, {
				event: 'person.page_visit',
				contactId: person.contact_id,
			});
			expectEqual(
				answers.map((a) => a.status),
				[200],
				'HTTP status of the test delivery',
			);
			const answer = JSON.parse(answers[0].body) as { status?: string; reason?: string };
			expectEqual(answer.status, 'ignored', 'answer to Salespanel');
			const run = await editor.waitForStepOutput();
			expect(run.ok, `the step shows no output: ${run.text.slice(0, 400)}`);
			expectEqual(run.itemsLabel, '1 item', 'items shown');
			const table = await editor.outputTable();
			const cell = (column: string) => table.rows[0]?.[table.headers.indexOf(column)];
			const wanted = [
				'ignored_in_production',
				'first_name',
				'last_name',
				'linkedin',
				'company_website',
				'company_location',
			];
			const missing = wanted.filter((column) => !table.headers.includes(column));
			expect(
				missing.length === 0,
				`columns missing from the output: ${missing.join(', ')} (columns: ${table.headers.join(', ')})`,
			);
			expectEqual(
				table.headers[0],
				'ignored_in_production',
				'first column (what the person testing sees first)',
			);
			expect(
				cell('ignored_in_production')?.includes('person.page_visit'),
				`ignored_in_production says "${cell('ignored_in_production')}"`,
			);
			expectEqual(cell('linkedin'), person.person_details?.linkedin, 'linkedin shown');
			expectEqual(cell('first_name'), person.person_details?.first_name, 'first_name shown');
			return `answer ${answers[0].status} "${answer.status}"; the step shows 1 item: ignored_in_production = "${cell('ignored_in_production')}", first_name = ${cell('first_name')}, linkedin = ${cell('linkedin')}`;
		},
	);
}

/** Item 4 for the action node: Lead → Get Many run in the editor; its table has the CRM fields, filled as the API gives them. */
export async function checkSimplifiedOutput(
	ctx: UiContext,
	matrix: OperationEntry[],
): Promise<boolean> {
	return await step(
		ctx,
		'execute Lead → Get Many: Simplify shows first/last name, LinkedIn, company website and location',
		async () => {
			const { editor, sandbox } = ctx;
			const entry = matrix.find((e) => e.resource === 'lead' && e.operation === 'getAll');
			expect(entry, 'no Lead → Get Many in the node');
			if (await editor.ndv.isVisible()) await editor.closeNdv();
			await editor.newWorkflow();
			await editor.searchNodes('Salespanel');
			await editor.openCreatorApp('Salespanel');
			await editor.expandCreatorCategory('Actions');
			await editor.pickCreatorItem(entry.action);
			const run = await editor.executeStep();
			expect(run.ok, `the step failed: ${run.text.slice(0, 500)}`);
			const table = await editor.outputTable();
			const wanted = ['first_name', 'last_name', 'linkedin', 'company_website', 'company_location'];
			const missing = wanted.filter((column) => !table.headers.includes(column));
			expect(
				missing.length === 0,
				`columns missing: ${missing.join(', ')} (columns: ${table.headers.join(', ')})`,
			);
			const byId = new Map(sandbox.store.visitors.map((v) => [v.contact_id, v]));
			const idColumn = table.headers.indexOf('contact_id');
			const linkedinColumn = table.headers.indexOf('linkedin');
			const matched = table.rows.filter((row) => {
				const visitor = byId.get(row[idColumn]);
				return (
					visitor !== undefined &&
					(visitor.person_details?.linkedin ?? '') ===
						(row[linkedinColumn] ?? '').replace(/^null$/, '')
				);
			});
			expect(
				matched.length > 0 && matched.length === table.rows.length,
				`${matched.length} of ${table.rows.length} rows show the sandbox's LinkedIn URL`,
			);
			return `${run.itemsLabel}; columns include ${wanted.join(', ')}; ${matched.length} rows show the LinkedIn URL as the API gives it`;
		},
	);
}

/**
 * What the README's Operations section says each n8n line shows in Resource for Custom API Call (item 8):
 * "**n8n 1.x** (1.123.81) adds a *Custom API Call* choice …; **n8n 2.x** (2.41.1) does not show it".
 */
export function customApiCallShownPerReadme(majorVersion: number): boolean | undefined {
	const readme = readFileSync(path.join(repoRoot(), 'README.md'), 'utf8').replace(/\s+/g, ' ');
	const said = new RegExp(
		`\\*\\*n8n ${majorVersion}\\.x\\*\\* \\([\\d.]+\\) (adds|does not show)`,
	).exec(readme)?.[1];
	return said === undefined ? undefined : said === 'adds';
}

/** Item 8: on the open Salespanel panel, whether Resource offers "Custom API Call", as the README says for this line. */
export async function checkCustomApiCall(ctx: UiContext): Promise<boolean> {
	return await step(
		ctx,
		'panel: Resource and Operation offer "Custom API Call" as the README says for this n8n line',
		async () => {
			const resources = await ctx.editor.dropdownOptions('resource');
			const operations = await ctx.editor.dropdownOptions('operation');
			const shown = resources.includes('Custom API Call') || operations.includes('Custom API Call');
			const readme = customApiCallShownPerReadme(major(ctx));
			expect(
				readme !== undefined,
				`the README's Operations section does not say what n8n ${major(ctx)}.x shows for Custom API Call`,
			);
			expectEqual(
				shown,
				readme,
				`"Custom API Call" in Resource or Operation on n8n ${ctx.version} as the README says (Resource ${JSON.stringify(resources)}, Operation ${JSON.stringify(operations)})`,
			);
			return `n8n ${ctx.version}: Resource ${JSON.stringify(resources)}, Operation ${JSON.stringify(operations)}: Custom API Call ${shown ? 'shown' : 'not shown'}`;
		},
	);
}

/** Salespanel Polling Trigger: found by searching "Salespanel"; credential preselected; no issues. */
export async function checkPollingTriggerPanel(ctx: UiContext): Promise<boolean> {
	return await step(
		ctx,
		'panel: Salespanel Polling Trigger opens with its credential and no issues',
		async () => {
			const { editor } = ctx;
			const description = pollingTriggerDescription();
			if (await editor.ndv.isVisible()) await editor.closeNdv();
			await editor.searchNodes('Salespanel');
			// Listed as a trigger node of its own (n8n joins only "<app>Trigger" to an app): picking it adds the node.
			await editor.addCreatorNode(description.displayName);
			const events = optionNames(description, 'event');
			const nodeName = await editor.ndvTitle();
			expectEqual(nodeName, description.defaults.name, 'node added');
			expectEqual(
				await editor.credentialShownSettled(ctx.credentialName),
				ctx.credentialName,
				'credential selected for the new node',
			);
			const event = await editor.fieldText('event');
			expectEqual(await editor.dropdownOptions('event'), events, 'Event dropdown');
			const notices = await editor.notices();
			const issues = await editor.fieldsWithIssues();
			expect(issues.length === 0, `parameter issues: ${issues.join(', ')}`);
			expect(!(await editor.nodeHasIssues(nodeName)), `the canvas marks "${nodeName}" with issues`);
			return `picked "${description.displayName}": Watch For = ${event}; ${notices.length} notice(s)`;
		},
	);
}
