/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import http from 'node:http';
import https from 'node:https';
import type { Visitor, WebhookEvent, WebhookPayload } from '../schemas';
import type { Seeder } from './seed';
import { isLead } from './store';
import type { SandboxStore, SendWebhookOptions } from './types';

const DEFAULT_TITLES: Record<WebhookEvent, string> = {
	'person.identified': 'New identified person',
	'person.page_visit': 'Person visited pricing page',
	'person.segment_qualified': 'New Lead Qualification',
	'company.identified': 'New visiting company',
	'company.page_visit': 'Company visited pricing page',
	'company.segment_qualified': 'New Account Qualification',
};

const hookIds = new WeakMap<SandboxStore, Map<WebhookEvent, string>>();

function pickVisitor(store: SandboxStore, opts: SendWebhookOptions): Visitor {
	if (opts.contactId) {
		const v = store.visitors.find((x) => x.contact_id === opts.contactId);
		if (!v) throw new Error(`sendWebhook: unknown contactId ${opts.contactId}`);
		return v;
	}
	const company = opts.event.startsWith('company.');
	const v = company
		? store.visitors.find((x) => x.company_details !== null)
		: (store.visitors.find((x) => isLead(x) && x.company_details !== null) ??
			store.visitors.find(isLead));
	if (!v) throw new Error(`sendWebhook: no visitor suitable for ${opts.event}`);
	return v;
}

/** The documented webhook body: hook metadata + visitor payload (see the docs' webhook example). */
export function buildWebhookPayload(
	store: SandboxStore,
	seeder: Seeder,
	targetUrl: string,
	opts: SendWebhookOptions,
): WebhookPayload {
	const v = JSON.parse(JSON.stringify(pickVisitor(store, opts))) as Visitor;
	const ex = store.extras.get(v.contact_id);
	let ids = hookIds.get(store);
	if (!ids) hookIds.set(store, (ids = new Map()));
	let hookId = ids.get(opts.event);
	if (!hookId) ids.set(opts.event, (hookId = seeder.newId()));

	const segmentByName = new Map(store.segments.map((s) => [s.name, s]));
	const qualified = (v.qualified_segments ?? [])
		.map((name) => segmentByName.get(name))
		.filter((s): s is NonNullable<typeof s> => !!s)
		.map((s) => ({ id: store.segmentPks.get(s.segment_id) ?? 0, name: s.name }));

	let segment: { segment_id: string; title: string } | undefined;
	if (opts.event.endsWith('.segment_qualified')) {
		const first =
			store.segments.find((s) => s.name === (v.qualified_segments ?? [])[0]) ?? store.segments[0];
		segment =
			opts.segment ?? (first ? { segment_id: first.segment_id, title: first.name } : undefined);
		if (!segment)
			throw new Error('sendWebhook: no segment available for a segment_qualified event');
		const stored = store.segments.find((s) => s.segment_id === segment?.segment_id);
		if (stored && !qualified.some((q) => q.name === stored.name)) {
			qualified.push({ id: store.segmentPks.get(stored.segment_id) ?? 0, name: stored.name });
		}
	}

	const landing = ex?.attribution_details.landing_page ?? null;
	const a = v.acquisition_details;
	const payload: WebhookPayload['payload'] = {
		contact_id: v.contact_id,
		person_details: v.person_details,
		company_details: v.company_details,
		acquisition_details: {
			source: a.source,
			medium: a.medium,
			campaign: ex?.attribution_details.first_touch_utm_parameters?.utm_campaign ?? null,
			landing_page: landing ? new URL(landing).pathname : null,
			landing_ip_address: a.landing_ip_address,
			landing_user_agent: a.landing_user_agent,
			landing_location: a.landing_location,
		},
		lead_scoring: { lead_score: ex?.lead_score ?? 0 },
		visitor_attributes: v.visitor_attributes,
		visitor_tags: v.visitor_tags,
		qualified_segments: qualified,
		web_activity_summary: {
			total_page_views: v.web_activity_summary.total_page_visits,
			total_sessions: v.web_activity_summary.total_website_sessions,
			first_visit: v.web_activity_summary.first_seen,
			last_visit: v.web_activity_summary.last_seen,
		},
	};
	if (segment) payload.segment = segment;
	return {
		hook: {
			id: opts.hookId ?? hookId,
			event: opts.event,
			target: targetUrl,
			title: opts.title ?? DEFAULT_TITLES[opts.event],
		},
		payload,
	};
}

function post(targetUrl: string, body: string): Promise<{ status: number; body: string }> {
	const url = new URL(targetUrl);
	const client = url.protocol === 'https:' ? https : http;
	return new Promise((resolvePost, reject) => {
		const req = client.request(
			url,
			{
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					'Content-Length': String(Buffer.byteLength(body)),
					'User-Agent': 'Salespanel-Webhooks/1.0 (sandbox)',
				},
				timeout: 10_000,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolvePost({
						status: res.statusCode ?? 0,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				res.on('error', reject);
			},
		);
		req.on('timeout', () =>
			req.destroy(new Error(`Webhook delivery to ${targetUrl} timed out after 10 s`)),
		);
		req.on('error', reject);
		req.end(body);
	});
}

/** POSTs the payload to targetUrl, plus `duplicates` identical re-deliveries (sequentially). */
export async function sendWebhook(
	store: SandboxStore,
	seeder: Seeder,
	targetUrl: string,
	opts: SendWebhookOptions,
): Promise<Array<{ status: number; body: string }>> {
	const body = JSON.stringify(buildWebhookPayload(store, seeder, targetUrl, opts));
	const results: Array<{ status: number; body: string }> = [];
	for (let i = 0; i <= (opts.duplicates ?? 0); i++) results.push(await post(targetUrl, body));
	return results;
}
