/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Checks of the files around the code: codex (*.node.json), icons, CHANGELOG and GitHub workflows.
import { existsSync } from 'node:fs';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';

import { describe, loadN8nClasses, readText, verdict, type Check } from './context';

const REQUIRED_CATEGORIES = ['Sales', 'Marketing'];

const docUrls = (value: unknown): string[] =>
	Array.isArray(value)
		? value
				.map((entry) => (entry as { url?: unknown })?.url)
				.filter((u): u is string => typeof u === 'string')
		: [];

export const codexCheck: Check = {
	name: 'codex',
	run(ctx) {
		const problems: string[] = [];
		const nodes = loadN8nClasses(ctx).filter((l) => l.kind === 'node');
		for (const loaded of nodes) {
			const file = loaded.file.replace(/\.js$/, '.json');
			const text = readText(ctx, file);
			const name = describe(loaded)?.name;
			if (loaded.error || typeof name !== 'string') {
				problems.push(loaded.error ?? `${loaded.file}: no description.name`);
				continue;
			}
			if (text === undefined) {
				problems.push(`${file} missing (codex must sit next to the compiled node)`);
				continue;
			}
			let codex: Record<string, unknown>;
			try {
				codex = JSON.parse(text) as Record<string, unknown>;
			} catch (error) {
				problems.push(`${file}: ${(error as Error).message}`);
				continue;
			}
			const expectedId = `${ctx.pkg.name}.${name}`;
			if (codex.node !== expectedId)
				problems.push(`${file}: node is ${JSON.stringify(codex.node)}, expected "${expectedId}"`);
			const categories = Array.isArray(codex.categories) ? (codex.categories as unknown[]) : [];
			for (const category of REQUIRED_CATEGORIES)
				if (!categories.includes(category)) problems.push(`${file}: categories lack ${category}`);
			const resources = (codex.resources ?? {}) as Record<string, unknown>;
			for (const key of ['primaryDocumentation', 'credentialDocumentation']) {
				const urls = docUrls(resources[key]);
				if (!urls.length) problems.push(`${file}: resources.${key} has no url`);
				for (const url of urls)
					if (!/^https:\/\/[^\s/]+\.[^\s/]+/.test(url))
						problems.push(`${file}: resources.${key} url ${url} is not https`);
			}
			if (codex.nodeVersion === undefined || codex.codexVersion === undefined)
				problems.push(`${file}: nodeVersion/codexVersion missing`);
		}
		if (!nodes.length) problems.push('package.json lists no nodes');
		return verdict(
			problems,
			`${nodes.length} codex files: ids ${ctx.pkg.name}.<name>, Sales + Marketing, primary and credential documentation`,
		);
	},
};

export const iconsCheck: Check = {
	name: 'icons',
	run(ctx) {
		const problems: string[] = [];
		const loaded = loadN8nClasses(ctx);
		let resolved = 0;
		for (const entry of loaded) {
			const description = describe(entry);
			if (!description) {
				problems.push(entry.error ?? `${entry.file}: no description`);
				continue;
			}
			const icon = description.icon as { light?: unknown; dark?: unknown } | string | undefined;
			if (!icon || typeof icon !== 'object') {
				problems.push(
					`${entry.className}: icon must be { light, dark }, is ${JSON.stringify(icon)}`,
				);
				continue;
			}
			const targets: string[] = [];
			for (const theme of ['light', 'dark'] as const) {
				const ref = icon[theme];
				if (typeof ref !== 'string' || !/^file:.+\.svg$/.test(ref)) {
					problems.push(
						`${entry.className}: icon.${theme} must be "file:<name>.svg", is ${JSON.stringify(ref)}`,
					);
					continue;
				}
				const target = path.join(path.dirname(entry.file), ref.slice('file:'.length));
				const rel = target.split(path.sep).join('/');
				targets.push(rel);
				if (!rel.startsWith('dist/'))
					problems.push(`${entry.className}: icon.${theme} ${ref} points outside dist/`);
				const svg = readText(ctx, rel);
				if (svg === undefined)
					problems.push(`${entry.className}: icon.${theme} ${ref} → ${rel} does not exist`);
				else if (!/<svg[\s>]/.test(svg)) problems.push(`${rel} is not an SVG`);
				else resolved++;
			}
			if (targets.length === 2 && targets[0] === targets[1])
				problems.push(`${entry.className}: light and dark icon are the same file`);
		}
		for (const source of ['nodes', 'credentials']) {
			if (!existsSync(path.join(ctx.root, source))) problems.push(`${source}/ is missing`);
		}
		return verdict(
			problems,
			`${loaded.length} classes × light/dark: ${resolved} SVG files resolve in dist/`,
		);
	},
};

const KAC_SECTIONS = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];

export const changelogCheck: Check = {
	name: 'changelog',
	run(ctx) {
		const text = readText(ctx, 'CHANGELOG.md');
		if (text === undefined) return verdict(['CHANGELOG.md is missing'], '');
		const problems: string[] = [];
		if (!/^# Changelog\s*$/m.test(text)) problems.push('no "# Changelog" title');
		if (!/keepachangelog\.com/.test(text)) problems.push('does not reference keepachangelog.com');
		if (!/^## \[Unreleased\]\s*$/m.test(text)) problems.push('no "## [Unreleased]" section');
		const releases = [...text.matchAll(/^## \[([^\]]+)\](.*)$/gm)].filter(
			(m) => m[1] !== 'Unreleased',
		);
		for (const release of releases) {
			if (!/^ - \d{4}-\d{2}-\d{2}\s*$/.test(release[2]))
				problems.push(`"## [${release[1]}]${release[2]}" lacks " - YYYY-MM-DD"`);
		}
		const version = ctx.pkg.version;
		const index = releases.findIndex((m) => m[1] === version);
		if (index < 0) {
			problems.push(`no entry "## [${version}] - YYYY-MM-DD" for package.json's version`);
		} else {
			const start = (releases[index].index ?? 0) + releases[index][0].length;
			const end = releases[index + 1]?.index ?? text.length;
			const body = text.slice(start, end);
			const sections = [...body.matchAll(/^### (.+)$/gm)].map((m) => m[1].trim());
			if (!sections.length) problems.push(`[${version}] has no "### Added/Changed/…" section`);
			for (const section of sections)
				if (!KAC_SECTIONS.includes(section))
					problems.push(`[${version}]: "### ${section}" is not a Keep a Changelog section`);
			if (!/^- \S/m.test(body)) problems.push(`[${version}] lists no changes`);
		}
		return verdict(problems, `Keep a Changelog headings, [Unreleased] and [${version}] entry`);
	},
};

/** Walks a path of mapping keys of parsed YAML; undefined when a step is missing or not a mapping. */
function at(value: unknown, ...keys: string[]): unknown {
	let current = value;
	for (const key of keys) {
		if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

/** A YAML value as a list of strings: a scalar becomes a one-element list, numbers become text. */
function strings(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap((v) => strings(v));
	return typeof value === 'string' || typeof value === 'number' ? [String(value)] : [];
}

interface Step {
	uses: string;
	run: string;
	with: unknown;
	env: unknown;
}

function readWorkflow(
	ctx: Parameters<Check['run']>[0],
	rel: string,
	problems: string[],
): { wf: unknown; steps: Step[] } | undefined {
	const text = readText(ctx, rel);
	if (text === undefined) {
		problems.push(`${rel} is missing`);
		return undefined;
	}
	let wf: unknown;
	try {
		// YAML 1.2 core schema: `on:` stays the key "on" (YAML 1.1 would read it as true).
		wf = parseYaml(text);
	} catch (error) {
		problems.push(`${rel}: ${(error as Error).message.split('\n')[0]}`);
		return undefined;
	}
	const jobs = at(wf, 'jobs');
	const steps: Step[] = [];
	if (jobs && typeof jobs === 'object' && !Array.isArray(jobs)) {
		for (const job of Object.values(jobs)) {
			const list = at(job, 'steps');
			for (const step of Array.isArray(list) ? list : []) {
				steps.push({
					uses: String(at(step, 'uses') ?? ''),
					run: String(at(step, 'run') ?? ''),
					with: at(step, 'with'),
					env: at(step, 'env'),
				});
			}
		}
	}
	if (!steps.length) problems.push(`${rel}: no job steps`);
	return { wf, steps };
}

/** Whether some step runs a command matching `re` (one command per line of `run`). */
const runs = (steps: Step[], re: RegExp) =>
	steps.some((s) => s.run.split('\n').some((line) => re.test(line.trim())));

/** What CI must run, in .ci/run (the one definition; ci.yml only calls it). */
const CI_COMMANDS: Array<[string, RegExp]> = [
	['npm ci', /^npm ci\b/],
	['npm run build', /^npm run build\b/],
	['npm run lint', /^npm run lint\b/],
	['npm run verify', /^npm run verify\b/],
	['npm run typecheck', /^npm run typecheck\b/],
	['npm test', /^npm (run )?test\b/],
	['npm run test:faults', /^npm run test:faults\b/],
];

export const workflowsCheck: Check = {
	name: 'workflows',
	run(ctx) {
		const problems: string[] = [];
		const script = readText(ctx, '.ci/run');
		if (script === undefined) problems.push('.ci/run is missing');
		else {
			if (!script.startsWith('#!')) problems.push('.ci/run has no #! line');
			if (!/^set -euo pipefail$/m.test(script))
				problems.push('.ci/run lacks "set -euo pipefail" (a failing step must fail CI)');
			const lines = script.split('\n').map((line) => line.trim());
			for (const [label, re] of CI_COMMANDS)
				if (!lines.some((line) => re.test(line))) problems.push(`.ci/run does not run ${label}`);
		}
		const ci = readWorkflow(ctx, '.github/workflows/ci.yml', problems);
		if (ci) {
			const jobs = Object.values((at(ci.wf, 'jobs') ?? {}) as Record<string, unknown>);
			const versions = jobs.flatMap((job) =>
				strings(at(job, 'strategy', 'matrix', 'node-version')),
			);
			if (!versions.some((v) => /^20(\.|$)/.test(v)))
				problems.push(
					`ci.yml: node-version matrix lacks 20 (has ${versions.join(', ') || 'none'})`,
				);
			if (!versions.some((v) => /^24(\.|$)/.test(v)))
				problems.push(
					`ci.yml: node-version matrix lacks 24 (has ${versions.join(', ') || 'none'})`,
				);
			// The matrix's Node comes either from a node:<version> container or from actions/setup-node.
			const nodeFromMatrix =
				jobs.some((job) =>
					/^node:\$\{\{\s*matrix\.node-version\s*\}\}/.test(
						String(at(job, 'container', 'image') ?? at(job, 'container') ?? ''),
					),
				) ||
				ci.steps.some(
					(s) =>
						s.uses.startsWith('actions/setup-node') &&
						/matrix\.node-version/.test(String(at(s.with, 'node-version'))),
				);
			if (!nodeFromMatrix)
				problems.push(
					'ci.yml: neither a node:${{ matrix.node-version }} container nor setup-node with matrix.node-version',
				);
			if (!runs(ci.steps, /^(bash |\.\/)?\.ci\/run\b/))
				problems.push('ci.yml: no step runs .ci/run');
			const repeated = CI_COMMANDS.filter(([, re]) => runs(ci.steps, re)).map(([label]) => label);
			if (repeated.length)
				problems.push(`ci.yml: repeats ${repeated.join(', ')} (.ci/run is the one definition)`);
		}
		const publish = readWorkflow(ctx, '.github/workflows/publish.yml', problems);
		if (publish) {
			const on = at(publish.wf, 'on');
			const tags = strings(at(on, 'push', 'tags'));
			if (!tags.some((t) => /^v/.test(t)))
				problems.push(
					`publish.yml: not triggered by pushed v* tags (on.push.tags = ${JSON.stringify(tags)})`,
				);
			if (at(on, 'push', 'branches') !== undefined)
				problems.push('publish.yml: also runs on branch pushes');
			const permissions = at(publish.wf, 'permissions');
			if (at(permissions, 'id-token') !== 'write')
				problems.push('publish.yml: permissions lack id-token: write (npm provenance)');
			if (at(permissions, 'contents') !== 'read')
				problems.push('publish.yml: permissions lack contents: read');
			const setup = publish.steps.find((s) => s.uses.startsWith('actions/setup-node'));
			if (
				!setup ||
				!/^https:\/\/registry\.npmjs\.org\/?$/.test(String(at(setup.with, 'registry-url')))
			)
				problems.push('publish.yml: setup-node without registry-url https://registry.npmjs.org');
			for (const [label, re] of [
				['npm ci', /^npm ci\b/],
				['npm run build', /^npm run build\b/],
				['npm run lint', /^npm run lint\b/],
				['npm test', /^npm (run )?test\b/],
			] as const) {
				if (!runs(publish.steps, re)) problems.push(`publish.yml: no step runs ${label}`);
			}
			const publishStep = publish.steps.find((s) => /^npm publish\b/m.test(s.run));
			if (!publishStep) problems.push('publish.yml: no npm publish step');
			else {
				if (!/--provenance\b/.test(publishStep.run))
					problems.push('publish.yml: npm publish without --provenance');
				if (!/--access[ =]public\b/.test(publishStep.run))
					problems.push('publish.yml: npm publish without --access public');
				if (!/^\$\{\{\s*secrets\.\w+\s*\}\}$/.test(String(at(publishStep.env, 'NODE_AUTH_TOKEN'))))
					problems.push('publish.yml: publish step has no NODE_AUTH_TOKEN from secrets');
				if (publish.steps.indexOf(publishStep) !== publish.steps.length - 1)
					problems.push('publish.yml: npm publish is not the last step');
			}
		}
		return verdict(
			problems,
			'.ci/run: ci/build/lint/verify/typecheck/test/faults; ci.yml: runs .ci/run on Node 20 + 24; publish.yml: v* tags, id-token write, npm publish --provenance',
		);
	},
};
