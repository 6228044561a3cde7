import type {
	Activity,
	AttributeValue,
	CompanyDetails,
	LinksActivity,
	PersonDetails,
	Segment,
	Visitor,
} from '../schemas';
import * as D from './data';
import { flag, slug } from './data';
import {
	DAY,
	HOUR,
	chance,
	int,
	isoSeconds,
	mulberry32,
	pick,
	sample,
	shuffle,
	uuidLike,
	type Rng,
} from './random';
import { createBlankVisitor, emptyPersonDetails, sortActivities, sortVisitors } from './store';
import type { CompanyRecord, SandboxStore } from './types';

export interface SeedOptions {
	seed: number;
	visitors: number;
	companies: number;
	segments: number;
	now: () => number;
}

/** Deterministic data generator; also used after seeding (addVisitors, drift). */
export class Seeder {
	readonly rng: Rng;
	readonly store: SandboxStore;
	private seq = 0;
	private readonly usedIds = new Set<string>();
	private readonly usedEmails = new Set<string>();

	constructor(private readonly opts: SeedOptions) {
		this.rng = mulberry32(opts.seed);
		this.store = {
			visitors: [],
			companies: [],
			segments: [],
			segmentPks: new Map(),
			activities: new Map(),
			extras: new Map(),
			accountAttributes: new Set(),
		};
		this.seedSegments();
		this.seedCompanies();
		this.seedVisitors();
	}

	nextSeq(): number {
		return ++this.seq;
	}

	newId(): string {
		let id = uuidLike(this.rng);
		while (this.usedIds.has(id)) id = uuidLike(this.rng);
		this.usedIds.add(id);
		return id;
	}

	private seedSegments() {
		const now = this.opts.now();
		for (let i = 0; i < this.opts.segments; i++) {
			const base = D.SEGMENT_NAMES[i % D.SEGMENT_NAMES.length];
			const name =
				i < D.SEGMENT_NAMES.length ? base : `${base} ${Math.floor(i / D.SEGMENT_NAMES.length) + 1}`;
			const created = now - int(this.rng, 30, 400) * DAY - int(this.rng, 0, DAY / 1000) * 1000;
			const modified = created + Math.floor(this.rng() * (now - created - HOUR));
			const segment: Segment = {
				segment_id: this.newId(),
				name,
				created_on: isoSeconds(created),
				last_modified_on: isoSeconds(modified),
			};
			this.store.segments.push(segment);
			this.store.segmentPks.set(segment.segment_id, 40 + i);
		}
		this.store.segments.sort((a, b) => Date.parse(b.created_on) - Date.parse(a.created_on));
	}

	/** Window classes: most records last active in the last 24 h, a known minority older. */
	private windowTimes(n: number, inShare: number, firstInShare: number, used: Set<number>) {
		const now = Math.floor(this.opts.now() / 1000) * 1000;
		const inWindow = Math.round(n * inShare);
		const firstIn = Math.round(inWindow * firstInShare);
		const out: Array<{ first: number; last: number }> = [];
		for (let i = 0; i < n; i++) {
			let last: number;
			let first: number;
			if (i < inWindow) {
				last = now - int(this.rng, 60, 23 * 3600) * 1000;
				first =
					i < firstIn
						? last - Math.floor(this.rng() * (last - (now - 23 * HOUR)))
						: now - int(this.rng, 25 * 3600, 60 * 86400) * 1000;
			} else {
				last = now - int(this.rng, 25 * 3600, 30 * 86400) * 1000;
				first = last - int(this.rng, 0, 30 * 86400) * 1000;
			}
			while (used.has(last)) last -= 1000;
			used.add(last);
			first = Math.min(Math.floor(first / 1000) * 1000, last);
			out.push({ first, last });
		}
		return shuffle(this.rng, out);
	}

	private seedCompanies() {
		const names = new Set<string>();
		const times = this.windowTimes(this.opts.companies, 0.8, 0.4, new Set());
		for (let i = 0; i < this.opts.companies; i++) {
			let name = `${pick(this.rng, D.COMPANY_STEMS)} ${pick(this.rng, D.COMPANY_SUFFIXES)}`;
			while (names.has(name))
				name = `${pick(this.rng, D.COMPANY_STEMS)} ${pick(this.rng, D.COMPANY_SUFFIXES)}`;
			names.add(name);
			const domain = slug(name) + pick(this.rng, D.TLDS);
			const ind = pick(this.rng, D.INDUSTRIES);
			const place = pick(this.rng, D.PLACES);
			const details: CompanyDetails = {
				name,
				domain,
				category: ind.category,
				industry: ind.industry,
				bio: chance(this.rng, 0.85) ? ind.bio : null,
				location: `${place.city}, ${place.region}, ${place.country}`,
				founded: chance(this.rng, 0.9) ? int(this.rng, 1985, 2022) : null,
				employees: pick(this.rng, [8, 15, 42, 120, 250, 600, 1500, 5000, 12000]),
				facebook: chance(this.rng, 0.5) ? `https://facebook.com/${slug(name)}` : null,
				linkedin: `https://linkedin.com/company/${slug(name)}`,
				twitter: chance(this.rng, 0.6) ? `https://twitter.com/${slug(name)}` : null,
				website: `https://${domain}`,
			};
			this.store.companies.push({
				details,
				firstSeenMs: times[i].first,
				lastSeenMs: times[i].last,
			});
		}
	}

	private seedVisitors() {
		const n = this.opts.visitors;
		const leadCount = Math.round(n * 0.4);
		const used = new Set<number>();
		const leadTimes = this.windowTimes(leadCount, 0.75, 0.4, used);
		const anonTimes = this.windowTimes(n - leadCount, 0.5, 0.4, used);
		const kinds = shuffle(this.rng, [
			...leadTimes.map((t) => ({ lead: true, ...t })),
			...anonTimes.map((t) => ({ lead: false, ...t })),
		]);
		// Guarantee some `+` addresses for percent-encoding tests: every 6th lead.
		let leadIndex = 0;
		for (const k of kinds) {
			const plus = k.lead && leadIndex++ % 6 === 0;
			this.store.visitors.push(this.makeVisitor(k.lead, k.first, k.last, plus));
		}
		sortVisitors(this.store);
	}

	private makeEmail(first: string, last: string, domain: string, plus: boolean): string {
		const f = slug(first);
		const l = slug(last);
		const local = plus
			? `${f}.${l}+${pick(this.rng, ['news', 'sales', 'test', 'crm'])}`
			: pick(this.rng, [`${f}.${l}`, `${f[0]}${l}`, `${f}`, `${f}_${l}`]);
		let email = `${local}@${domain}`;
		for (let i = 2; this.usedEmails.has(email); i++) email = `${local}${i}@${domain}`;
		this.usedEmails.add(email);
		return email;
	}

	personFor(
		email: string | null,
		company: CompanyRecord | null,
		enriched: boolean,
		plus = false,
	): PersonDetails {
		const first = pick(this.rng, D.FIRST_NAMES);
		const last = pick(this.rng, D.LAST_NAMES);
		const domain =
			company && chance(this.rng, 0.85)
				? (company.details.domain as string)
				: pick(this.rng, D.FREE_MAIL_DOMAINS);
		const mail = email ?? this.makeEmail(first, last, domain, plus);
		if (!enriched) return emptyPersonDetails(mail);
		const title = pick(this.rng, D.JOB_TITLES);
		const place = pick(this.rng, D.PLACES);
		return {
			name: `${first} ${last}`,
			first_name: first,
			last_name: last,
			email: mail,
			bio: chance(this.rng, 0.6) ? `${title} with ${int(this.rng, 2, 20)}+ years experience` : null,
			location: chance(this.rng, 0.8) ? `${place.city}, ${place.region}, ${place.country}` : null,
			title,
			organization: company ? company.details.name : null,
			website: chance(this.rng, 0.2) ? `https://${slug(first)}${slug(last)}.dev` : null,
			facebook: null,
			linkedin: chance(this.rng, 0.7)
				? `https://linkedin.com/in/${slug(first)}-${slug(last)}-${int(this.rng, 100, 999)}`
				: null,
			twitter: chance(this.rng, 0.35) ? `https://twitter.com/${slug(first)}${slug(last)}` : null,
		};
	}

	private attributes(): Record<string, AttributeValue> {
		const out: Record<string, AttributeValue> = {};
		if (!chance(this.rng, 0.35)) return out;
		const gens: Array<[string, () => AttributeValue]> = [
			['plan_interest', () => pick(this.rng, D.PLAN_INTERESTS)],
			['company_size', () => pick(this.rng, [10, 50, 250, 1000])],
			['budget_range', () => pick(this.rng, D.BUDGET_RANGES)],
			['is_decision_maker', () => chance(this.rng, 0.5)],
			['demo_requested', () => chance(this.rng, 0.4)],
			['lead_source', () => pick(this.rng, D.LEAD_SOURCES)],
			['interest_score', () => int(this.rng, 1, 100)],
			['annual_revenue', () => Math.round(this.rng() * 10_000_000) / 100],
		];
		for (const [key, gen] of sample(this.rng, gens, int(this.rng, 1, 4))) out[key] = gen();
		return out;
	}

	/** Builds a visitor (with activities and extras) and registers it; does not insert it into store.visitors. */
	makeVisitor(lead: boolean, firstMs: number, lastMs: number, plus = false): Visitor {
		const r = this.rng;
		const s = this.store;
		const contactId = this.newId();
		const anonCompany = chance(r, 0.5);
		const company =
			s.companies.length && (lead || anonCompany) && chance(r, 0.85) ? pick(r, s.companies) : null;
		const person = lead ? this.personFor(null, company, chance(r, 0.7), plus) : null;
		const place = chance(r, 0.9) ? pick(r, D.PLACES) : null;
		const src = pick(r, D.SOURCES);
		const dev = pick(r, D.DEVICES);
		const ip = `${int(r, 11, 223)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`;
		const attrs = this.attributes();
		for (const k of Object.keys(attrs)) s.accountAttributes.add(k);
		const segNames = s.segments.map((x) => x.name);
		const segCount = chance(r, lead ? 0.6 : 0.15) ? int(r, 1, 3) : 0;

		// Activities, newest first; first links = first_seen, newest links = last_seen.
		const span = lastMs - firstMs;
		const at = () => firstMs + Math.floor((r() * span) / 1000) * 1000;
		const links: LinksActivity[] = [];
		const nLinks = int(r, 2, 15);
		for (let i = 0; i < nLinks; i++) {
			const page = pick(r, D.PAGES);
			const t = i === 0 ? firstMs : i === 1 ? lastMs : at();
			const a: LinksActivity = {
				activity_type: 'links',
				page_title: page.title,
				link: D.SITE + page.path,
				form: !!page.form && chance(r, 0.5),
				created_on: isoSeconds(t),
				page_duration: int(r, 3, 600),
				referrer_link: chance(r, 0.6) ? pick(r, D.REFERRERS) : null,
			};
			if (chance(r, 0.4)) {
				a.utm_params = {
					utm_source: src.source.toLowerCase(),
					utm_medium: src.medium,
					utm_campaign: pick(r, D.CAMPAIGNS),
				};
			}
			links.push(a);
		}
		const acts: Activity[] = [...links];
		for (let i = int(r, 1, 8); i > 0; i--)
			acts.push({
				activity_type: 'email',
				subject: pick(r, D.EMAIL_SUBJECTS),
				created_on: isoSeconds(at()),
			});
		for (let i = int(r, 1, 6); i > 0; i--) {
			const c = pick(r, D.CUSTOM_ACTIVITIES);
			acts.push({
				activity_type: 'custom_activity',
				category: c.category,
				label: c.label,
				activity_identifier: c.identifier,
				metadata: { source: pick(r, ['js_sdk', 'rest_api', 'zapier']), value: int(r, 1, 500) },
				created_on: isoSeconds(at()),
			});
		}
		sortActivities(acts);
		s.activities.set(contactId, acts);

		const byTime = links
			.slice()
			.sort((a, b) => Date.parse(a.created_on) - Date.parse(b.created_on));
		const oldest = byTime[0];
		const newest = byTime[byTime.length - 1];
		const lastSrc = pick(r, D.SOURCES);
		s.extras.set(contactId, {
			attribution_details: {
				landing_page: oldest.link,
				landing_page_source: src.source,
				landing_page_medium: src.medium,
				first_touch_utm_parameters: oldest.utm_params ?? null,
				last_touch_source: lastSrc.source,
				last_touch_medium: lastSrc.medium,
				last_touch_utm_parameters: newest.utm_params ?? null,
			},
			total_time_spent: links.reduce((sum, a) => sum + (a.page_duration ?? 0), 0),
			lead_score: int(r, 0, 100),
			seq: this.nextSeq(),
		});

		const emoji = place ? flag(place.country_code) : null;
		return {
			contact_id: contactId,
			person_details: person,
			company_details: company ? { ...company.details } : null,
			acquisition_details: {
				source: src.source,
				medium: src.medium,
				landing_ip_address: chance(r, 0.9) ? ip : null,
				landing_location: place && emoji ? { ...place, ...emoji } : null,
				landing_user_agent: {
					browser: pick(r, D.BROWSERS),
					device: dev.device,
					device_os: pick(r, dev.os),
				},
			},
			visitor_attributes: attrs,
			visitor_tags: chance(r, 0.3) ? sample(r, D.TAGS, int(r, 1, 3)) : [],
			qualified_segments: sample(r, segNames, segCount),
			web_activity_summary: {
				total_page_visits: nLinks,
				total_website_sessions: Math.max(1, Math.ceil(nLinks / int(r, 1, 4))),
				first_seen: isoSeconds(firstMs),
				last_seen: isoSeconds(lastMs),
			},
		};
	}

	/** A visitor created through the API (create_new): identified, no web activity, no enrichment. */
	createBlankVisitor(email: string): Visitor {
		this.usedEmails.add(email.toLowerCase());
		return createBlankVisitor(this.store, this.newId(), this.nextSeq(), email, this.opts.now());
	}

	/** Creates n visitors and inserts them into the store (front = last/first seen now). */
	addVisitors(n: number, lead = true, front = true): Visitor[] {
		const now = this.opts.now();
		const out: Visitor[] = [];
		for (let i = 0; i < n; i++) {
			const last = front ? now : now - int(this.rng, 60, 30 * 86400) * 1000;
			const first = front ? now : last - int(this.rng, 0, 30 * 86400) * 1000;
			const v = this.makeVisitor(lead, first, last, lead && i % 3 === 0);
			this.store.visitors.push(v);
			out.push(v);
		}
		sortVisitors(this.store);
		return out;
	}

	/** Moves a visitor to the front of the last-seen order (last_seen = now). */
	touch(v: Visitor) {
		v.web_activity_summary.last_seen = isoSeconds(this.opts.now());
		const ex = this.store.extras.get(v.contact_id);
		if (ex) ex.seq = this.nextSeq();
	}
}
