/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Headless Chromium for the browser suite: Debian's `chromium` package (installed with apt-get when
// missing, never downloaded by a browser tool), driven by playwright-core with a fresh profile.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { cleanEnv, run } from '../runner/proc';

export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Installs Debian's chromium when /usr/bin/chromium is missing (needs root: CI containers run as root). */
export async function ensureChromium(log: (line: string) => void): Promise<string> {
	if (existsSync(CHROMIUM)) return 'present';
	const started = Date.now();
	log('installing Debian package chromium (apt-get; first run only)');
	const env = cleanEnv({ DEBIAN_FRONTEND: 'noninteractive' });
	for (const args of [['update'], ['install', '-y', 'chromium']]) {
		const result = await run('apt-get', args, { env, timeoutMs: 20 * 60_000, maxChars: 200_000 });
		if (result.code !== 0) {
			throw new Error(
				`apt-get ${args.join(' ')} failed (exit ${result.code}${result.timedOut ? ', timed out' : ''}; it needs root):\n${(result.stderr || result.stdout).slice(-1200)}`,
			);
		}
	}
	if (!existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium but ${CHROMIUM} is missing`);
	return `installed in ${((Date.now() - started) / 1000).toFixed(0)} s`;
}

export interface Browser {
	context: BrowserContext;
	page: Page;
	close(): Promise<void>;
}

/** Chromium with a throw-away profile; closing it removes the profile. */
export async function launchBrowser(viewport = { width: 1600, height: 1000 }): Promise<Browser> {
	const profile = await mkdtemp(path.join(os.tmpdir(), 'salespanel-ui-chromium-'));
	// Playwright's own signal handlers stay off: the runner's exit handlers close the browser.
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport,
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
		timeout: 60_000,
	});
	const page = context.pages()[0] ?? (await context.newPage());
	let closed = false;
	return {
		context,
		page,
		close: async () => {
			if (closed) return;
			closed = true;
			await context.close().catch(() => undefined);
			await rm(profile, { recursive: true, force: true }).catch(() => undefined);
		},
	};
}

/** One PNG per step, numbered in the order taken. */
export class Screenshots {
	private count = 0;
	readonly taken: string[] = [];

	constructor(readonly dir: string) {}

	async reset(): Promise<void> {
		await rm(this.dir, { recursive: true, force: true });
		await mkdir(this.dir, { recursive: true });
	}

	async take(page: Page, step: string): Promise<string> {
		const slug = step
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 80);
		const file = path.join(this.dir, `${String(++this.count).padStart(2, '0')}-${slug}.png`);
		await page.screenshot({ path: file, timeout: 15_000 }).catch(() => undefined);
		if (existsSync(file)) this.taken.push(file);
		return file;
	}
}
