import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { simplifyVisitor } from '../helpers/simplify';
import { asObject, visibleText } from '../helpers/values';
import { defaultItemKey, forPicker, PageLoop, SalespanelClient, SYSTEM_CLOCK } from '../transport';
import { MAX_LABEL_LENGTH, shortened } from './labels';

/** Pages of 100 read by one search call at most (the editor asks again, with the token, as the user scrolls). */
export const SEARCH_PAGES_PER_CALL = 5;
/** A search call stops reading once it has this many matches. */
const SEARCH_MATCHES_PER_CALL = 50;
/** The list ends here however long the account's visitor list is: a picker is not an export. */
export const SEARCH_MAX_OFFSET = 5_000;

const SEPARATOR = ' · ';
/** Longest part of a label (name, email, company, place), so a long one leaves room for the rest. */
const MAX_LABEL_PART_LENGTH = 50;
/** Characters of each field a filter is searched in: the longest valid email address. */
const MAX_SEARCHED_LENGTH = 254;
/** Characters of the contact_id an anonymous visitor's label shows: the UUID's first group. */
const SHOWN_ID_LENGTH = 8;

/** "5 min ago", "2 h ago", "3 d ago" for an ISO timestamp; undefined when it is not one. */
export function timeAgo(timestamp: string | null, now: number): string | undefined {
	const at = timestamp ? Date.parse(timestamp) : NaN;
	if (!Number.isFinite(at)) return undefined;
	const minutes = Math.floor(Math.max(0, now - at) / 60_000);
	if (minutes < 1) return 'just now';
	if (minutes < 60) return `${minutes} min ago`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours} h ago`;
	return `${Math.floor(hours / 24)} d ago`;
}

/** "London, United Kingdom" from the landing location (IP based); null when neither is sent. */
function placeOf(visitor: IDataObject): string | null {
	const location = asObject(asObject(visitor.acquisition_details).landing_location);
	const city = visibleText(location.city);
	const country = visibleText(location.country);
	if (city && country && city !== country) return `${city}, ${country}`;
	return city ?? country;
}

const joinedLabel = (parts: Array<string | null | undefined>): string =>
	shortened(
		parts
			.filter((part): part is string => !!part)
			.map((part) => shortened(part, MAX_LABEL_PART_LENGTH))
			.join(SEPARATOR),
		MAX_LABEL_LENGTH,
	);

/**
 * One readable line per visitor, each part and the line cut with an ellipsis past
 * MAX_LABEL_PART_LENGTH and MAX_LABEL_LENGTH:
 * `Jane Doe · jane@acme.com · Acme · London, United Kingdom` when identified (the email tells
 * them apart), `Anonymous #be8364a3 · Acme · London, United Kingdom · last seen 2 h ago`
 * otherwise. Anonymous rows often share company, place and time: the start of the ID, first so
 * no cut hides it, is what tells them apart.
 */
export function visitorLabel(visitor: IDataObject, now: number): string {
	const flat = simplifyVisitor(visitor);
	const company = flat.company_name ?? flat.organization ?? flat.company_domain;
	const place = placeOf(visitor);
	if (flat.email) return joinedLabel([flat.name, flat.email, company, place]);
	const ago = timeAgo(flat.last_seen, now);
	const shownId = flat.contact_id ? ` #${flat.contact_id.slice(0, SHOWN_ID_LENGTH)}` : '';
	return joinedLabel([
		`${shortened(flat.name ?? 'Anonymous', MAX_LABEL_PART_LENGTH - shownId.length)}${shownId}`,
		company,
		place,
		ago ? `last seen ${ago}` : null,
	]);
}

/**
 * Whether every word of the filter is in the visitor's label or in one of the fields the label
 * draws on, uncut (name, email, company name, domain and organization, city, country), or starts
 * the contact_id; plain text, case-insensitive. Only the first MAX_SEARCHED_LENGTH characters of
 * the filter and of each field count (a megabyte-long name is not copied and searched for every
 * keystroke).
 */
export function visitorMatches(
	visitor: IDataObject,
	filter: string,
	now: number,
	label = visitorLabel(visitor, now),
): boolean {
	const words = filter.slice(0, MAX_SEARCHED_LENGTH).toLowerCase().split(/\s+/).filter(Boolean);
	if (!words.length) return true;
	const flat = simplifyVisitor(visitor);
	const location = asObject(asObject(visitor.acquisition_details).landing_location);
	const texts = [
		label,
		flat.name,
		flat.email,
		flat.company_name,
		flat.company_domain,
		flat.organization,
		visibleText(location.city),
		visibleText(location.country),
	]
		.filter((text): text is string => text !== null)
		.map((text) => text.slice(0, MAX_SEARCHED_LENGTH).toLowerCase());
	const id = (flat.contact_id ?? '').slice(0, MAX_SEARCHED_LENGTH).toLowerCase();
	return words.every((word) => id.startsWith(word) || texts.some((text) => text.includes(word)));
}

function startOffset(paginationToken: unknown): number {
	const offset =
		typeof paginationToken === 'string' || typeof paginationToken === 'number'
			? Number(paginationToken)
			: 0;
	return Number.isInteger(offset) && offset > 0 && offset < SEARCH_MAX_OFFSET ? offset : 0;
}

/**
 * Recent visitors for the visitor pickers, newest activity first, filtered over the pages read.
 * Each call reads through the page loop from the token's offset until it has enough matches or
 * SEARCH_PAGES_PER_CALL pages, and hands back the next offset while the loop would go on, up to
 * SEARCH_MAX_OFFSET. A server that never ends its list gets the page loop's error; entries that
 * are not objects stop the search with the transport's shape error.
 */
async function searchRecentVisitors(
	ctx: ILoadOptionsFunctions,
	filter: string | undefined,
	paginationToken: unknown,
	anonymousFirst: boolean,
): Promise<INodeListSearchResult> {
	const client = new SalespanelClient(ctx);
	const now = SYSTEM_CLOCK.now();
	const matches: Array<{ label: INodeListSearchItems; identified: boolean }> = [];
	const loop = new PageLoop(
		async (offset, limit) => await client.getPage('visitors/', { limit, offset }),
		{ node: ctx.getNode(), key: defaultItemKey, start: startOffset(paginationToken) },
	);
	let pages = 0;
	for await (const visitors of loop) {
		for (const visitor of visitors) {
			const id = visitor.contact_id;
			if (typeof id !== 'string' || id === '') continue;
			const name = visitorLabel(visitor, now);
			if (!visitorMatches(visitor, filter ?? '', now, name)) continue;
			matches.push({ label: { name, value: id }, identified: !!simplifyVisitor(visitor).email });
		}
		pages++;
		// Without a filter every visitor matches: one page per call is what the list shows.
		if (pages >= SEARCH_PAGES_PER_CALL || matches.length >= SEARCH_MATCHES_PER_CALL) break;
		if (!filter?.trim()) break;
	}
	const ordered = anonymousFirst
		? [...matches.filter((m) => !m.identified), ...matches.filter((m) => m.identified)]
		: matches;
	const results = ordered.map((match) => match.label);
	return loop.continues() && loop.offset < SEARCH_MAX_OFFSET
		? { results, paginationToken: String(loop.offset) }
		: { results };
}

/** A visitor picker's list search; `anonymousFirst` for Identify (no email yet before identified ones). */
const visitorSearch = (anonymousFirst: boolean) =>
	async function (
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		try {
			return await searchRecentVisitors(this, filter, paginationToken, anonymousFirst);
		} catch (error) {
			throw forPicker(error);
		}
	};

export const searchVisitors = visitorSearch(false);

/** For Identify: anonymous visitors (no email yet) before identified ones. */
export const searchVisitorsAnonymousFirst = visitorSearch(true);
