// The n8n editor as a person uses it, found by the data-test-id attributes n8n's own tests use
// (checked against n8n 1.123.81 and 2.41.1): sign-in form, credential modal, node creator, canvas, node panel.
import type { Locator, Page } from 'playwright-core';

import { sleep, waitFor } from '../runner/proc';

/** Waits for the editor: first loads of the canvas take long on a busy 2-core machine. */
export const LOAD_TIMEOUT = 120_000;
/** Waits for a click's effect inside a loaded page. */
export const UI_TIMEOUT = 30_000;

/** The bits of DOM elements the page-side callbacks read (the test build has no DOM typings). */
interface Shown {
	offsetParent: unknown;
}
interface InputLike {
	value: string;
}

export const byTestId = (root: Page | Locator, id: string): Locator =>
	root.locator(`[data-test-id="${id}"]`);

/** Every data-test-id shown under `root`, for failure messages ("what did the page show instead?"). */
export async function visibleTestIds(root: Locator): Promise<string[]> {
	return await root
		.evaluate((el) => [
			...new Set(
				[...el.querySelectorAll('[data-test-id]')]
					.filter((e) => (e as unknown as Shown).offsetParent !== null)
					.map((e) => e.getAttribute('data-test-id') ?? ''),
			),
		])
		.catch(() => []);
}

/** Text of a locator with whitespace folded, or '' when it is gone. */
/** What a step put in the output pane: whether it succeeded, its items label and the pane's text. */
export interface StepOutput {
	ok: boolean;
	itemsLabel: string;
	text: string;
}

export async function textOf(locator: Locator): Promise<string> {
	return ((await locator.innerText({ timeout: 5_000 }).catch(() => '')) ?? '')
		.replace(/\s+/g, ' ')
		.trim();
}

export class Editor {
	constructor(
		readonly page: Page,
		readonly baseUrl: string,
	) {}

	// ---- sign-in and credentials -------------------------------------------------------------

	async signIn(email: string, password: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/signin`, { timeout: LOAD_TIMEOUT });
		const emailInput = byTestId(this.page, 'emailOrLdapLoginId').locator('input');
		await emailInput.waitFor({ timeout: LOAD_TIMEOUT });
		await emailInput.fill(email);
		await byTestId(this.page, 'password').locator('input').fill(password);
		await byTestId(this.page, 'form-submit-button').click();
		await this.page.waitForURL((url) => !url.pathname.startsWith('/signin'), {
			timeout: LOAD_TIMEOUT,
		});
		// n8n 1.x shows the user menu in the sidebar; n8n 2.x collapses the sidebar to icons (settings among them).
		await byTestId(this.page, 'main-sidebar-user-menu')
			.or(byTestId(this.page, 'main-sidebar-settings'))
			.first()
			.waitFor({ timeout: LOAD_TIMEOUT });
	}

	/** Credentials page → Create credential → type → fills the fields → Save; returns the credential modal. */
	async createCredential(typeName: string, fields: Record<string, string>): Promise<Locator> {
		await this.page.goto(`${this.baseUrl}/home/credentials`, { timeout: LOAD_TIMEOUT });
		await byTestId(this.page, 'add-resource-credential').click({ timeout: LOAD_TIMEOUT });
		const select = byTestId(this.page, 'new-credential-type-select');
		await select.click();
		await this.page.keyboard.type(typeName);
		await byTestId(this.page, 'new-credential-type-select-option')
			.filter({ hasText: typeName })
			.first()
			.click();
		await byTestId(this.page, 'new-credential-type-button').click();
		const modal = byTestId(this.page, 'editCredential-modal');
		await modal.waitFor();
		for (const [name, value] of Object.entries(fields)) {
			const input = byTestId(modal, `parameter-input-${name}`).locator('input');
			// Under load the form may put a field's default in after the fill (seen: default + value): fill until it holds.
			await waitFor(
				`${name} to hold what was typed`,
				UI_TIMEOUT,
				async () => {
					await input.fill(value);
					await sleep(200);
					return (await input.inputValue()) === value ? true : undefined;
				},
				300,
			);
		}
		await byTestId(modal, 'credential-save-button').click();
		return modal;
	}

	// ---- workflows and canvas ----------------------------------------------------------------

	async newWorkflow(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/new`, { timeout: LOAD_TIMEOUT });
		await byTestId(this.page, 'canvas-plus-button')
			.or(byTestId(this.page, 'canvas-add-button'))
			.first()
			.waitFor({ timeout: LOAD_TIMEOUT });
	}

	async saveWorkflow(): Promise<void> {
		const button = byTestId(this.page, 'workflow-save-button');
		if (!(await button.count())) {
			// n8n 2.x saves by itself (there is no Save button, only Publish); Ctrl+S saves at once.
			await this.page.keyboard.press('Control+s');
			await waitFor(
				'the workflow to be saved',
				UI_TIMEOUT,
				async () => (/\/workflow\/new/.test(this.page.url()) ? undefined : true),
				250,
			);
			await sleep(1_500);
			return;
		}
		await button.click();
		await waitFor(
			'the workflow to be saved',
			UI_TIMEOUT,
			async () =>
				/\/workflow\/new/.test(this.page.url()) || /saving/i.test(await textOf(button))
					? undefined
					: true,
			250,
		);
	}

	canvasNode(name: string): Locator {
		return this.page.locator(
			`[data-test-id="canvas-node"][data-node-name="${name.replace(/"/g, '\\"')}"]`,
		);
	}

	async canvasNodeNames(): Promise<string[]> {
		return await this.page
			.locator('[data-test-id="canvas-node"]')
			.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-node-name') ?? ''));
	}

	/** Whether the canvas marks the node as having issues (missing credential or parameter). */
	async nodeHasIssues(name: string): Promise<boolean> {
		return (await byTestId(this.canvasNode(name), 'node-issues').count()) > 0;
	}

	/** "Tidy up" then "Zoom to fit", so a screenshot shows every node side by side. */
	async tidyAndFit(): Promise<void> {
		await byTestId(this.page, 'tidy-up-button')
			.click()
			.catch(() => undefined);
		await sleep(300);
		await byTestId(this.page, 'zoom-to-fit')
			.click()
			.catch(() => undefined);
		await sleep(400);
	}

	// ---- node creator ------------------------------------------------------------------------

	get creator(): Locator {
		return byTestId(this.page, 'node-creator');
	}

	/** Opens the node creator from the canvas controls and searches. */
	async searchNodes(query: string): Promise<void> {
		if (!(await this.creator.isVisible()))
			await byTestId(this.page, 'node-creator-plus-button').click();
		const search = byTestId(this.page, 'node-creator-search-bar');
		await search.waitFor();
		// n8n 2.x may still be opening the creator's first view and drop a value typed too early: type
		// again until the results name the query.
		const listsQuery = async () =>
			(await this.creatorItemNames()).some((n) => n.toLowerCase().includes(query.toLowerCase()))
				? true
				: undefined;
		for (let attempt = 1; attempt <= 3; attempt++) {
			await search.fill('');
			await search.fill(query);
			const found = await waitFor(
				`node creator results for "${query}"`,
				attempt === 3 ? UI_TIMEOUT : 5_000,
				listsQuery,
				250,
			).catch(() => false);
			if (found) return;
		}
	}

	/** Names of the items the creator lists now (apps, actions, triggers). */
	async creatorItemNames(): Promise<string[]> {
		return await byTestId(this.creator, 'node-creator-item-name').evaluateAll((els) =>
			els
				.filter((e) => (e as unknown as Shown).offsetParent !== null)
				.map((e) => (e.textContent ?? '').trim()),
		);
	}

	creatorItem(name: string): Locator {
		return byTestId(this.creator, 'item-iterator-item')
			.filter({
				has: this.page.locator(
					`[data-test-id="node-creator-item-name"]:text-is("${name.replace(/"/g, '\\"')}")`,
				),
			})
			.first();
	}

	/** Opens an app's panel (its triggers and actions). */
	async openCreatorApp(name: string): Promise<void> {
		await this.creatorItem(name).click();
		await byTestId(this.creator, 'node-creator-category-item').first().waitFor();
	}

	/** Category headers of an app's panel with their item counts and whether they are expanded. */
	async creatorCategories(): Promise<Array<{ title: string; collapsed: boolean }>> {
		return await byTestId(this.creator, 'node-creator-category-item').evaluateAll((els) =>
			els.map((e) => ({
				title: (e.textContent ?? '').replace(/\s+/g, ' ').trim(),
				collapsed: e.parentElement?.getAttribute('data-category-collapsed') === 'true',
			})),
		);
	}

	async expandCreatorCategory(prefix: string): Promise<void> {
		const header = byTestId(this.creator, 'node-creator-category-item')
			.filter({ hasText: prefix })
			.first();
		const collapsed = await header.evaluate(
			(e) => e.parentElement?.getAttribute('data-category-collapsed') === 'true',
		);
		if (collapsed) await header.click();
	}

	/** All text of the node creator's current view (an app panel: its name, description, categories). */
	async creatorPanelText(): Promise<string> {
		return await textOf(this.creator);
	}

	/** Names listed under one category of the open app panel ("Actions", "Triggers"). */
	async creatorCategoryItemNames(prefix: string): Promise<string[]> {
		const header = byTestId(this.creator, 'node-creator-category-item')
			.filter({ hasText: prefix })
			.first();
		await header.waitFor({ timeout: UI_TIMEOUT });
		return await header.evaluate((el) =>
			[...(el.parentElement?.querySelectorAll('[data-test-id="node-creator-item-name"]') ?? [])]
				.filter((e) => (e as unknown as Shown).offsetParent !== null)
				.map((e) => (e.textContent ?? '').trim()),
		);
	}

	/** The first of `names` the creator lists now (an entry whose name may change between versions). */
	async firstListed(names: string[]): Promise<string> {
		const listed = await this.creatorItemNames();
		const found = names.find((n) => listed.includes(n));
		if (!found)
			throw new Error(
				`none of ${JSON.stringify(names)} is listed; the creator lists ${JSON.stringify(listed)}`,
			);
		return found;
	}

	/**
	 * Adds a community node listed on its own (no actions of its own): n8n first shows its "Node details"
	 * panel with an "Add to workflow" button; the node panel opens for the new node.
	 */
	async addCreatorNode(name: string): Promise<void> {
		await this.creatorItem(name).click();
		await this.page.getByRole('button', { name: 'Add to workflow' }).click({ timeout: UI_TIMEOUT });
		await this.ndv.waitFor({ timeout: UI_TIMEOUT });
	}

	/** Picks an action or trigger in the open app panel; the node panel opens for the new node. */
	async pickCreatorItem(name: string): Promise<void> {
		await this.creatorItem(name).click();
		await this.ndv.waitFor({ timeout: UI_TIMEOUT });
	}

	// ---- node details view (the node's panel) ------------------------------------------------

	get ndv(): Locator {
		return byTestId(this.page, 'ndv');
	}

	get parameters(): Locator {
		return byTestId(this.ndv, 'node-parameters');
	}

	async ndvTitle(): Promise<string> {
		return await textOf(byTestId(this.ndv, 'node-title-container'));
	}

	field(name: string): Locator {
		return byTestId(this.parameters, `parameter-input-${name}`);
	}

	/** What a field shows: the tags of a multi-select, else the input's value, else its text. */
	async fieldText(name: string): Promise<string> {
		return await this.field(name).evaluate((el) => {
			const tags = [...el.querySelectorAll('.el-select__tags-text')].map((t) =>
				(t.textContent ?? '').trim(),
			);
			if (tags.length) return tags.join(', ');
			const input = el.querySelector(
				'input:not(.el-select__input), textarea',
			) as unknown as InputLike | null;
			return input ? input.value : (el.textContent ?? '').trim();
		});
	}

	async hasCredentialSelect(): Promise<boolean> {
		return (await byTestId(this.parameters, 'node-credentials-select').count()) > 0;
	}

	async credentialShown(): Promise<string> {
		const select = byTestId(this.parameters, 'node-credentials-select');
		if (!(await select.count())) return '';
		return await select.evaluate(
			(el) =>
				(el.querySelector('input') as unknown as InputLike | null)?.value ??
				(el.textContent ?? '').trim(),
		);
	}

	/** The credential shown once n8n has preselected one (it may fill it in a moment after the panel opens). */
	async credentialShownSettled(expected: string, timeoutMs = 10_000): Promise<string> {
		let shown = '';
		await waitFor(
			`credential "${expected}" shown`,
			timeoutMs,
			async () => ((shown = await this.credentialShown()) === expected ? true : undefined),
			250,
		).catch(() => undefined);
		return shown;
	}

	/** Issue markers the panel shows next to fields (n8n shows them once a field was touched). */
	async issueCount(): Promise<number> {
		return await byTestId(this.parameters, 'parameter-issues').count();
	}

	/** Names of the fields that carry an issue marker. */
	async fieldsWithIssues(): Promise<string[]> {
		return await byTestId(this.parameters, 'parameter-issues').evaluateAll((els) =>
			els.map((e) => {
				const item = e.closest('[data-test-id="parameter-item"]');
				const input = item?.querySelector('[data-test-id^="parameter-input-"]');
				return (
					input?.getAttribute('data-test-id')?.replace('parameter-input-', '') ?? '(unknown field)'
				);
			}),
		);
	}

	/** Focuses a field and leaves it, as a person tabbing through does (n8n then shows its issues). */
	async touchField(name: string): Promise<void> {
		const input = this.field(name).locator('input, textarea').first();
		await input.click();
		await input.blur();
	}

	async fillText(name: string, value: string): Promise<void> {
		const input = this.field(name).locator('input, textarea').first();
		await input.click();
		await input.fill(value);
		await input.blur();
	}

	/** Names of the options a dropdown field offers (opens its own list, reads it, closes it). */
	async dropdownOptions(name: string): Promise<string[]> {
		await this.field(name).waitFor({ timeout: UI_TIMEOUT });
		const select = this.field(name).locator('.el-select').first();
		if (!(await select.count()))
			throw new Error(
				`${name} is not a dropdown: it shows "${(await this.fieldText(name)) || '(an empty input)'}"`,
			);
		// The list is rendered elsewhere in the page; the field's combobox names it (aria-controls).
		const listId = await select
			.locator('input[aria-controls]')
			.first()
			.getAttribute('aria-controls');
		if (!listId) throw new Error(`${name}: its dropdown names no list (aria-controls)`);
		const list = this.page.locator(`[id="${listId}"]`);
		// A click that lands while the panel is still settling (a slow, loaded machine) opens nothing:
		// click again, as a person would, before giving up.
		for (let attempt = 1; ; attempt++) {
			await select.click();
			const opened = await list.waitFor({ state: 'visible', timeout: UI_TIMEOUT / 3 }).then(
				() => true,
				() => false,
			);
			if (opened) break;
			if (attempt === 3) throw new Error(`${name}: its dropdown list did not open after 3 clicks`);
		}
		const options = await list
			.locator('.el-select-dropdown__item')
			.evaluateAll((els) =>
				els.map((e) =>
					((e.querySelector('.option-headline') ?? e).textContent ?? '')
						.replace(/\s+/g, ' ')
						.trim(),
				),
			);
		await this.page.keyboard.press('Escape');
		if (
			!(await list.waitFor({ state: 'hidden', timeout: 3_000 }).then(
				() => true,
				() => false,
			))
		) {
			await select.click();
			await list.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
		}
		return options;
	}

	/** Chooses an option of a dropdown field by its name. */
	async selectOption(name: string, optionName: string): Promise<void> {
		await this.field(name).locator('.el-select').first().click();
		await this.visibleDropdownItem(optionName).click();
		await waitFor(
			`${name} = ${optionName}`,
			UI_TIMEOUT,
			async () => ((await this.fieldText(name)) === optionName ? true : undefined),
			200,
		);
	}

	/** The item of the open dropdown whose name is exactly `optionName`. */
	private visibleDropdownItem(optionName: string): Locator {
		const exact = new RegExp(`^\\s*${optionName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
		const headline = this.page
			.locator('.el-select-dropdown__item:visible .option-headline')
			.filter({ hasText: exact });
		const plain = this.page.locator('.el-select-dropdown__item:visible').filter({ hasText: exact });
		return headline.or(plain).first();
	}

	/** "Add Option" (or "Add Field") of a collection such as Options: adds the named option. */
	async addCollectionOption(collection: string, optionName: string): Promise<void> {
		const item = byTestId(this.parameters, 'parameter-item')
			.filter({ has: this.page.locator(`label[for="${collection}"]`) })
			.first();
		// n8n 1.x: class "add-option"; n8n 2.x: data-test-id "collection-parameter-add" (a CSS-module class).
		await item
			.locator('.add-option .el-select, [data-test-id="collection-parameter-add"] .el-select')
			.first()
			.click();
		await this.visibleDropdownItem(optionName).click();
	}

	/** The text of a code-editor field (JSON parameters use CodeMirror). */
	async codeFieldText(name: string): Promise<string> {
		const editor = this.field(name).locator('.cm-content').first();
		await editor.waitFor({ timeout: UI_TIMEOUT });
		return await editor.evaluate((el) =>
			[...el.querySelectorAll('.cm-line')].map((line) => line.textContent ?? '').join('\n'),
		);
	}

	/** Chooses the credential of the open node by name (optional credentials are not preselected). */
	async selectCredential(credentialName: string): Promise<void> {
		await byTestId(this.parameters, 'node-credentials-select').click();
		const named = this.page.locator(`span:text-is("${credentialName.replace(/"/g, '\\"')}")`);
		await this.page
			.locator('[data-test-id^="node-credentials-select-item-"]:visible')
			.filter({ has: named })
			.first()
			.click();
		await waitFor(
			`credential "${credentialName}" selected`,
			UI_TIMEOUT,
			async () => ((await this.credentialShown()) === credentialName ? true : undefined),
			200,
		);
	}

	// ---- resource locators (From List / By ID / By URL modes) --------------------------------

	resourceLocator(name: string): Locator {
		return byTestId(this.parameters, `resource-locator-${name}`);
	}

	/** The mode a resource locator shows, e.g. "From list" or "By ID". */
	async locatorMode(name: string): Promise<string> {
		return await byTestId(this.resourceLocator(name), 'rlc-mode-selector')
			.locator('input')
			.first()
			.inputValue();
	}

	async setLocatorMode(name: string, modeLabel: string): Promise<void> {
		await byTestId(this.resourceLocator(name), 'rlc-mode-selector').click();
		await this.visibleDropdownItem(modeLabel).click();
		await waitFor(
			`mode "${modeLabel}" of ${name}`,
			UI_TIMEOUT,
			async () =>
				(await this.locatorMode(name)).toLowerCase() === modeLabel.toLowerCase() ? true : undefined,
			200,
		);
	}

	/** Types into the locator's input (By ID / By URL modes, or an expression-free value). */
	async typeInLocator(name: string, value: string): Promise<void> {
		const input = byTestId(this.resourceLocator(name), 'rlc-input');
		await input.click();
		await input.fill(value);
		await input.blur();
	}

	/** Entries the "From list" popup shows once loaded (opens it if closed; `search` types into its search box). */
	async locatorListItems(name: string, search?: string, timeoutMs = UI_TIMEOUT): Promise<string[]> {
		const root = this.resourceLocator(name);
		const searchBox = byTestId(root, 'rlc-search');
		if (!(await searchBox.isVisible())) await byTestId(root, 'rlc-input').click();
		await searchBox.waitFor({ timeout: UI_TIMEOUT });
		if (search !== undefined) await searchBox.fill(search);
		const read = async () =>
			await byTestId(root, 'rlc-item').evaluateAll((els) =>
				els
					.filter((e) => (e as unknown as Shown).offsetParent !== null)
					.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()),
			);
		// A list filtered on the server reloads after the search: wait until two reads agree.
		let last = '';
		return await waitFor(
			`the list of ${name}`,
			timeoutMs,
			async () => {
				const items = await read();
				const key = JSON.stringify(items);
				const loading = await root.locator('.el-loading-mask, [class*="loading"]').count();
				if (!loading && key === last) return items;
				last = key;
				return undefined;
			},
			400,
		);
	}

	/** The error the "From list" popup shows instead of entries (opens the popup). */
	async locatorListError(name: string): Promise<string> {
		const root = this.resourceLocator(name);
		await byTestId(root, 'rlc-input').click();
		const error = this.page.locator('[data-test-id="rlc-error-container"]:visible').first();
		await error.waitFor({ timeout: 60_000 });
		return await textOf(error);
	}

	/** Picks an entry of the open "From list" popup by its text. */
	async pickLocatorItem(name: string, text: string): Promise<void> {
		await byTestId(this.resourceLocator(name), 'rlc-item')
			.filter({ hasText: text })
			.first()
			.click();
	}

	/** The "Webhook URLs" section of a webhook node's panel (no data-test-id in n8n 1.123). */
	webhookUrls(): Locator {
		return this.parameters.locator('.webhooks').first();
	}

	/** The setup notices (`notice` parameters) the panel shows, as text. */
	async notices(): Promise<string[]> {
		return await this.parameters
			.locator('.notice')
			.evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
	}

	/** Links inside the notices: their text and href. */
	async noticeLinks(): Promise<Array<{ text: string; href: string }>> {
		return await this.parameters.locator('.notice a').evaluateAll((els) =>
			els.map((a) => ({
				text: (a.textContent ?? '').trim(),
				href: a.getAttribute('href') ?? '',
			})),
		);
	}

	/** The trigger panel of a trigger node's panel (header, button, activation hint), found by its "More info" link. */
	private get triggerPanel(): Locator {
		return this.ndv
			.locator('div')
			.filter({ has: this.page.getByText('More info', { exact: true }) })
			.filter({ has: byTestId(this.page, 'trigger-execute-button') })
			.last();
	}

	async triggerPanelText(): Promise<string> {
		await this.triggerPanel.waitFor({ timeout: UI_TIMEOUT });
		return await textOf(this.triggerPanel);
	}

	/** Clicks the trigger panel's "More info" and returns the text of the opened help. */
	async expandTriggerPanelHelp(): Promise<string> {
		await this.triggerPanel.getByText('More info', { exact: true }).click();
		await sleep(600);
		return await textOf(this.triggerPanel);
	}

	/** Sets a multi-select to exactly these option names: picks the missing ones in its list, then removes other tags. */
	async setMultiOptions(name: string, optionNames: string[]): Promise<void> {
		const tags = async () => (await this.fieldText(name)).split(', ').filter(Boolean);
		const shown = await tags();
		const toPick = optionNames.filter((option) => !shown.includes(option));
		if (toPick.length) {
			await this.field(name).locator('.el-select').first().click();
			for (const option of toPick) {
				await this.visibleDropdownItem(option).click();
				await sleep(200);
			}
			await this.page.keyboard.press('Escape');
			await sleep(300);
		}
		for (const tag of await tags()) {
			if (optionNames.includes(tag)) continue;
			await this.field(name)
				.locator('.el-tag')
				.filter({ hasText: tag })
				.first()
				.locator('.el-tag__close')
				.click();
			await sleep(300);
		}
	}

	/** The Test URL of the open webhook node: opens "Webhook URLs", picks "Test URL" and reads the URL shown. */
	async webhookTestUrl(): Promise<string> {
		const section = this.webhookUrls();
		const read = async () =>
			/https?:\/\/\S+\/webhook-test\/\S+/.exec(await section.innerText())?.[0];
		if ((await read()) === undefined)
			await section.getByText('Webhook URLs', { exact: true }).first().click();
		const testTab = section.getByText('Test URL', { exact: true }).first();
		if (await testTab.isVisible()) await testTab.click();
		return await waitFor('the Test URL under Webhook URLs', UI_TIMEOUT, read, 300);
	}

	/** "Execute step" on a webhook trigger: waits until the panel says it is listening. */
	async startListening(): Promise<void> {
		await byTestId(this.ndv, 'node-execute-button').click();
		await this.ndv.getByText('Listening for test event').first().waitFor({ timeout: 60_000 });
	}

	/** Waits for a listening trigger's output (after a test delivery) and reads the output pane. */
	async waitForStepOutput(timeoutMs = 60_000): Promise<StepOutput> {
		return await this.readOutputWhen(
			'the test delivery to show in the output',
			timeoutMs,
			async (output) => {
				if (await byTestId(output, 'node-error-message').count()) return false;
				if (await byTestId(output, 'ndv-items-count').count()) return true;
				return undefined;
			},
		);
	}

	/** Polls the open panel's output pane until `verdict` decides (true: ok, false: failed), then reads it. */
	private async readOutputWhen(
		what: string,
		timeoutMs: number,
		verdict: (output: Locator) => Promise<boolean | undefined>,
	): Promise<StepOutput> {
		const output = byTestId(this.ndv, 'output-panel');
		const ok = await waitFor(what, timeoutMs, async () => await verdict(output), 250);
		return {
			ok,
			itemsLabel: await textOf(byTestId(output, 'ndv-items-count')),
			text: await textOf(output),
		};
	}

	async closeNdv(): Promise<void> {
		// n8n 1.x: "Back to canvas"; n8n 2.x: the × of the panel (Escape may only close an open dropdown there).
		const back = byTestId(this.page, 'back-to-canvas')
			.or(byTestId(this.page, 'ndv-close-button'))
			.first();
		if (await back.isVisible()) await back.click();
		else await this.page.keyboard.press('Escape');
		await this.ndv.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
	}

	async openNode(name: string): Promise<void> {
		await this.canvasNode(name).dblclick();
		await this.ndv.waitFor({ timeout: UI_TIMEOUT });
	}

	/** "Execute step" in the open panel; waits for the run's status, then reads the output pane. */
	async executeStep(timeoutMs = 90_000): Promise<StepOutput> {
		await byTestId(this.ndv, 'node-execute-button').click();
		return await this.readOutputWhen('the executed step to finish', timeoutMs, async (output) => {
			if (await byTestId(output, 'node-run-status-success').count()) return true;
			if (
				await byTestId(output, 'node-run-status-error')
					.or(byTestId(output, 'node-error-message'))
					.count()
			)
				return false;
			return undefined;
		});
	}

	/** Rows of the output pane's table view (header cells, then body rows' cells). */
	async outputTable(): Promise<{ headers: string[]; rows: string[][] }> {
		const table = byTestId(byTestId(this.ndv, 'output-panel'), 'ndv-data-container')
			.locator('table')
			.first();
		await table.waitFor({ timeout: UI_TIMEOUT });
		return await table.evaluate((t) => ({
			headers: [...t.querySelectorAll('thead th')]
				.map((th) => (th.textContent ?? '').trim())
				.filter(Boolean),
			rows: [...t.querySelectorAll('tbody tr')].map((tr) =>
				[...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()),
			),
		}));
	}
}
