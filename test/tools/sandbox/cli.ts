/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
// npm run sandbox -- [--port 8787] [--burst 60] [--minute-ms 60000] [--visitors 250] ...
// npm run sandbox -- webhook <targetUrl> <event> [--duplicates N] [--hook-id ID] [--contact-id ID] [--title T]
import { WEBHOOK_EVENTS, type WebhookEvent } from '../schemas';
import { startSandbox } from './server';
import type { SandboxOptions } from './types';

const HELP = `Salespanel API sandbox

Usage:
  npm run sandbox -- [options]
  npm run sandbox -- webhook <targetUrl> <event> [--duplicates N] [--hook-id ID] [--contact-id ID] [--title T]

Options:
  --port N                 listen port (default: PORT env or 8787; 0 = random)
  --token T                API token (default: SANDBOX_TOKEN env or sandbox-token-0123456789abcdef)
  --seed N                 PRNG seed (default 42)
  --visitors N / --companies N / --segments N
  --burst N / --sustained N / --minute-ms N / --day-ms N / --no-throttle
  --activities-paginated   serve activities as a paginated object instead of a bare array
  --segments-bare          serve segments as a bare array
  --rtt-ms N [--jitter-ms N]   simulated round trip: every request waits N ms plus 0–jitter ms (seeded)
  --error-rate X / --reset-rate X / --latency-ms N   fault injection
Events: ${WEBHOOK_EVENTS.join(', ')}`;

function parseArgs(argv: string[]) {
	const positional: string[] = [];
	const flags: Record<string, string | true> = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) {
			positional.push(arg);
			continue;
		}
		const [key, inline] = arg.slice(2).split('=', 2);
		if (inline !== undefined) flags[key] = inline;
		else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags[key] = argv[++i];
		else flags[key] = true;
	}
	return { positional, flags };
}

function num(flags: Record<string, string | true>, key: string): number | undefined {
	const v = flags[key];
	if (v === undefined) return undefined;
	const n = Number(v);
	if (v === true || !Number.isFinite(n)) throw new Error(`--${key} expects a number`);
	return n;
}

function sandboxOptions(flags: Record<string, string | true>): SandboxOptions {
	const throttleFlags = ['burst', 'sustained', 'minute-ms', 'day-ms'].some((k) => k in flags);
	return {
		token: typeof flags.token === 'string' ? flags.token : process.env.SANDBOX_TOKEN || undefined,
		seed: num(flags, 'seed'),
		visitors: num(flags, 'visitors'),
		companies: num(flags, 'companies'),
		segments: num(flags, 'segments'),
		activitiesPaginated: flags['activities-paginated'] === true,
		segmentsPaginated: flags['segments-bare'] !== true,
		latency:
			'rtt-ms' in flags || 'jitter-ms' in flags
				? { rttMs: num(flags, 'rtt-ms') ?? 0, jitterMs: num(flags, 'jitter-ms') }
				: undefined,
		throttle: flags['no-throttle']
			? false
			: throttleFlags
				? {
						burst: num(flags, 'burst'),
						sustained: num(flags, 'sustained'),
						minuteMs: num(flags, 'minute-ms'),
						dayMs: num(flags, 'day-ms'),
					}
				: undefined,
	};
}

async function webhook(positional: string[], flags: Record<string, string | true>) {
	const [targetUrl, event] = positional;
	if (!targetUrl || !WEBHOOK_EVENTS.includes(event as WebhookEvent)) {
		throw new Error(`webhook needs <targetUrl> <event>; events: ${WEBHOOK_EVENTS.join(', ')}`);
	}
	const sandbox = await startSandbox({ ...sandboxOptions(flags), port: 0 });
	try {
		const results = await sandbox.sendWebhook(targetUrl, {
			event: event as WebhookEvent,
			duplicates: num(flags, 'duplicates'),
			hookId: typeof flags['hook-id'] === 'string' ? flags['hook-id'] : undefined,
			contactId: typeof flags['contact-id'] === 'string' ? flags['contact-id'] : undefined,
			title: typeof flags.title === 'string' ? flags.title : undefined,
		});
		results.forEach((r, i) =>
			console.log(`delivery ${i + 1}: HTTP ${r.status} ${r.body.slice(0, 200)}`),
		);
	} finally {
		await sandbox.close();
	}
}

async function serve(flags: Record<string, string | true>) {
	const port = num(flags, 'port') ?? (process.env.PORT ? Number(process.env.PORT) : 8787);
	const options = sandboxOptions(flags);
	const sandbox = await startSandbox({ ...options, port });
	sandbox.faults.errorRate = num(flags, 'error-rate');
	sandbox.faults.resetRate = num(flags, 'reset-rate');
	sandbox.faults.latencyMs = num(flags, 'latency-ms');
	const lead = sandbox.store.visitors.find((v) => v.person_details?.email?.includes('+'));
	const email = encodeURIComponent(lead?.person_details?.email ?? 'someone@example.com');
	const id = sandbox.store.visitors[0]?.contact_id ?? '';
	const auth = `-H "Authorization: Token ${sandbox.token}"`;
	console.log(`Salespanel sandbox listening on ${sandbox.url}/api/v1/`);
	console.log(`Token: ${sandbox.token}`);
	if (options.latency)
		console.log(
			`Round trip: ${options.latency.rttMs} ms + 0–${options.latency.jitterMs ?? 0} ms jitter per request`,
		);
	console.log(
		`Visitors: ${sandbox.store.visitors.length}, companies: ${sandbox.store.companies.length}, segments: ${sandbox.store.segments.length}\n`,
	);
	console.log('Try:');
	console.log(`  curl "${sandbox.url}/api/v1/visitors/?limit=2" ${auth}`);
	console.log(`  curl "${sandbox.url}/api/v1/leads/?select_by_first_activity=true" ${auth}`);
	console.log(`  curl "${sandbox.url}/api/v1/visitors/${id}/activities/" ${auth}`);
	console.log(`  curl "${sandbox.url}/api/v1/visitors/attribution/${email}/" ${auth}`);
	console.log(
		`  curl -X POST "${sandbox.url}/api/v1/visitor-attributes/" ${auth} -H "Content-Type: application/json" \\`,
	);
	console.log(
		`       -d '{"visitor_identifier": "${id}", "visitor_attributes": {"plan_interest": "enterprise"}}'`,
	);
	console.log('\nCtrl+C to stop.');
	const stop = (signal: string) => {
		console.log(`\n${signal}: stopping sandbox`);
		sandbox.close().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(error);
				process.exit(1);
			},
		);
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));
}

async function main() {
	const { positional, flags } = parseArgs(process.argv.slice(2));
	if (flags.help || flags.h) return console.log(HELP);
	if (positional[0] === 'webhook') return await webhook(positional.slice(1), flags);
	if (positional.length) throw new Error(`Unknown command ${positional[0]}\n\n${HELP}`);
	await serve(flags);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
