import type { IDataObject } from 'n8n-workflow';
import { asObject, textAsSent } from './values';

/**
 * The flat visitor shape behind every "Simplify" switch (action node and triggers alike): what a
 * CRM sync maps (names, LinkedIn, company website and location) plus what alerts and filters read.
 */
export interface SimplifiedVisitor extends IDataObject {
	contact_id: string | null;
	name: string | null;
	first_name: string | null;
	last_name: string | null;
	email: string | null;
	title: string | null;
	organization: string | null;
	linkedin: string | null;
	location: string | null;
	company_name: string | null;
	company_domain: string | null;
	company_website: string | null;
	company_linkedin: string | null;
	company_location: string | null;
	company_industry: string | null;
	company_employees: number | null;
	source: string | null;
	medium: string | null;
	city: string | null;
	country: string | null;
	tags: string[];
	segments: string[];
	page_visits: number | null;
	sessions: number | null;
	first_seen: string | null;
	last_seen: string | null;
}

const num = (value: unknown): number | null => {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
		return Number(value);
	return null;
};

/** Tag names; entries that are not text or numbers are skipped (String() of an object can throw). */
function tagNames(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	return value.map((tag) => textAsSent(tag)).filter((tag): tag is string => tag !== null);
}

/** Segment names from either shape Salespanel uses: `"Name"` (API) or `{id, name}` (webhooks). */
function segmentNames(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	return value
		.map((segment) =>
			typeof segment === 'string'
				? segment
				: textAsSent(asObject(segment).name ?? asObject(segment).title),
		)
		.filter((name): name is string => !!name);
}

/**
 * Flattens a visitor object (API or webhook payload) to the fields people map into CRMs and
 * messages. Values are passed on as Salespanel sends them (a LinkedIn URL is not rewritten).
 * Webhook payloads name the activity counters differently (total_page_views, first_visit…); both
 * spellings are read. `city` and `country` are where the visitor first landed from.
 */
export function simplifyVisitor(visitor: IDataObject): SimplifiedVisitor {
	const person = asObject(visitor.person_details);
	const company = asObject(visitor.company_details);
	const acquisition = asObject(visitor.acquisition_details);
	const location = asObject(acquisition.landing_location);
	const activity = asObject(visitor.web_activity_summary);
	const firstName = textAsSent(person.first_name);
	const lastName = textAsSent(person.last_name);
	return {
		contact_id: textAsSent(visitor.contact_id),
		name: textAsSent(person.name) ?? ([firstName, lastName].filter(Boolean).join(' ') || null),
		first_name: firstName,
		last_name: lastName,
		email: textAsSent(person.email),
		title: textAsSent(person.title),
		organization: textAsSent(person.organization),
		linkedin: textAsSent(person.linkedin),
		location: textAsSent(person.location),
		company_name: textAsSent(company.name),
		company_domain: textAsSent(company.domain),
		company_website: textAsSent(company.website),
		company_linkedin: textAsSent(company.linkedin),
		company_location: textAsSent(company.location),
		company_industry: textAsSent(company.industry),
		company_employees: num(company.employees),
		source: textAsSent(acquisition.source),
		medium: textAsSent(acquisition.medium),
		city: textAsSent(location.city),
		country: textAsSent(location.country),
		tags: tagNames(visitor.visitor_tags),
		segments: segmentNames(visitor.qualified_segments),
		page_visits: num(activity.total_page_visits ?? activity.total_page_views),
		sessions: num(activity.total_website_sessions ?? activity.total_sessions),
		first_seen: textAsSent(activity.first_seen ?? activity.first_visit),
		last_seen: textAsSent(activity.last_seen ?? activity.last_visit),
	};
}

/** The UTM parameters every flat attribution item carries for both touches, null when absent. */
const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const;

/**
 * `<touch>_utm_source`… for one touch's UTM object: the five standard keys always, and any other
 * key Salespanel sends too (e.g. utm_id), so nothing is lost. A key not starting with `utm_` is
 * prefixed with it, keeping it apart from the touch's own source and medium fields.
 */
function utmFields(touch: 'first_touch' | 'last_touch', value: unknown): IDataObject {
	const utm = asObject(value);
	const fields: IDataObject = {};
	for (const key of UTM_KEYS) fields[`${touch}_${key}`] = textAsSent(utm[key]);
	for (const [key, parameter] of Object.entries(utm)) {
		const name = `${touch}_${key.startsWith('utm_') ? key : `utm_${key}`}`;
		if (!(name in fields))
			fields[name] =
				typeof parameter === 'string' || typeof parameter === 'number'
					? textAsSent(parameter)
					: (parameter ?? null);
	}
	return fields;
}

/** Simplified visitor plus every attribution value: landing page, and source, medium and UTM parameters of both touches. */
export function simplifyAttribution(visitor: IDataObject): IDataObject {
	const attribution = asObject(visitor.attribution_details);
	return {
		...simplifyVisitor(visitor),
		total_time_spent: num(asObject(visitor.web_activity_summary).total_time_spent),
		landing_page: textAsSent(attribution.landing_page),
		first_touch_source: textAsSent(attribution.landing_page_source),
		first_touch_medium: textAsSent(attribution.landing_page_medium),
		...utmFields('first_touch', attribution.first_touch_utm_parameters),
		last_touch_source: textAsSent(attribution.last_touch_source),
		last_touch_medium: textAsSent(attribution.last_touch_medium),
		...utmFields('last_touch', attribution.last_touch_utm_parameters),
	};
}

/**
 * The standard visitor object from an attribution answer: the same visitor without the
 * attribution endpoint's extras (`attribution_details`, `web_activity_summary.total_time_spent`).
 */
export function standardVisitor(attributionAnswer: IDataObject): IDataObject {
	const visitor: IDataObject = { ...attributionAnswer };
	delete visitor.attribution_details;
	const summary = visitor.web_activity_summary;
	if (summary && typeof summary === 'object' && !Array.isArray(summary)) {
		const standard: IDataObject = { ...(summary as IDataObject) };
		delete standard.total_time_spent;
		visitor.web_activity_summary = standard;
	}
	return visitor;
}
