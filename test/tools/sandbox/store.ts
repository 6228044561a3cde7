import type {
	Activity,
	AttributionDetails,
	CompanyDetails,
	PersonDetails,
	Visitor,
} from '../schemas';
import { DAY, isoSeconds } from './random';
import type { SandboxStore } from './types';

export function sortActivities(acts: Activity[]) {
	acts.sort((a, b) => Date.parse(b.created_on) - Date.parse(a.created_on));
}

const seqOf = (s: SandboxStore, v: Visitor) => s.extras.get(v.contact_id)?.seq ?? 0;

/**
 * Date.parse of a timestamp, remembered per timestamp string: every list request re-sorts the
 * whole population (50,000 visitors in the benchmark), and parsing in the comparator dominated it.
 */
const parsedTimes = new Map<string, number>();
function timeOf(iso: string): number {
	let ms = parsedTimes.get(iso);
	if (ms === undefined) {
		if (parsedTimes.size >= 1_000_000) parsedTimes.clear();
		ms = Date.parse(iso);
		parsedTimes.set(iso, ms);
	}
	return ms;
}

function compareBy(s: SandboxStore, key: 'first_seen' | 'last_seen') {
	return (a: Visitor, b: Visitor) =>
		timeOf(b.web_activity_summary[key]) - timeOf(a.web_activity_summary[key]) ||
		seqOf(s, b) - seqOf(s, a) ||
		(a.contact_id < b.contact_id ? -1 : a.contact_id > b.contact_id ? 1 : 0);
}

export function sortVisitors(s: SandboxStore) {
	s.visitors.sort(compareBy(s, 'last_seen'));
}

export const isLead = (v: Visitor) => !!v.person_details?.email;

/** The list served by /visitors/ and /leads/ (windowMs = 24 h of the sandbox clock). */
export function selectVisitors(
	s: SandboxStore,
	now: number,
	leadsOnly: boolean,
	byFirst: boolean,
): Visitor[] {
	sortVisitors(s);
	const since = now - DAY;
	let list = s.visitors.filter((v) => !leadsOnly || isLead(v));
	if (byFirst) {
		list = list
			.filter((v) => Date.parse(v.web_activity_summary.first_seen) >= since)
			.sort(compareBy(s, 'first_seen'));
	} else if (leadsOnly) {
		list = list.filter((v) => Date.parse(v.web_activity_summary.last_seen) >= since);
	}
	return list;
}

export function selectCompanies(s: SandboxStore, now: number, byFirst: boolean): CompanyDetails[] {
	const since = now - DAY;
	const key = byFirst ? 'firstSeenMs' : 'lastSeenMs';
	return s.companies
		.filter((c) => c[key] >= since)
		.sort((a, b) => b[key] - a[key] || ((a.details.name ?? '') < (b.details.name ?? '') ? -1 : 1))
		.map((c) => c.details);
}

/** The 24 h window of /leads/, /visiting-companies/ and select_by_first_activity. */
export const WINDOW_MS = DAY;

/** The attribution of a visitor nothing is known about: every field null. */
export function emptyAttribution(): AttributionDetails {
	return {
		landing_page: null,
		landing_page_source: null,
		landing_page_medium: null,
		first_touch_utm_parameters: null,
		last_touch_source: null,
		last_touch_medium: null,
		last_touch_utm_parameters: null,
	};
}

/** Person details known only by email (API-created or not enriched); key order as the API sends it. */
export function emptyPersonDetails(email: string | null): PersonDetails {
	return {
		name: null,
		first_name: null,
		last_name: null,
		email,
		bio: null,
		location: null,
		title: null,
		organization: null,
		website: null,
		facebook: null,
		linkedin: null,
		twitter: null,
	};
}

/** A visitor created through the API (create_new): identified, no web activity, no enrichment. */
export function createBlankVisitor(
	store: SandboxStore,
	contactId: string,
	seq: number,
	email: string,
	now: number,
): Visitor {
	store.activities.set(contactId, []);
	store.extras.set(contactId, {
		attribution_details: emptyAttribution(),
		total_time_spent: 0,
		lead_score: 0,
		seq,
	});
	const v: Visitor = {
		contact_id: contactId,
		person_details: emptyPersonDetails(email),
		company_details: null,
		acquisition_details: {
			source: null,
			medium: null,
			landing_ip_address: null,
			landing_location: null,
			landing_user_agent: null,
		},
		visitor_attributes: {},
		visitor_tags: [],
		qualified_segments: [],
		web_activity_summary: {
			total_page_visits: 0,
			total_website_sessions: 0,
			first_seen: isoSeconds(now),
			last_seen: isoSeconds(now),
		},
	};
	store.visitors.push(v);
	sortVisitors(store);
	return v;
}
