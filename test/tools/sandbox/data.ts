// Static word lists for realistic, deterministic seed data (the lists: words.json).
import words from './words.json';

export interface Place {
	city: string;
	region: string;
	region_code: string;
	country: string;
	country_code: string;
	continent: 'Africa' | 'Asia' | 'Europe' | 'North America' | 'Oceania' | 'South America';
	continent_code: 'AF' | 'AS' | 'EU' | 'NA' | 'OC' | 'SA';
}

export const {
	FIRST_NAMES,
	LAST_NAMES,
	COMPANY_STEMS,
	COMPANY_SUFFIXES,
	TLDS,
	FREE_MAIL_DOMAINS,
	INDUSTRIES,
	SOURCES,
	BROWSERS,
	DEVICES,
	SITE,
	PAGES,
	REFERRERS,
	CAMPAIGNS,
	EMAIL_SUBJECTS,
	CUSTOM_ACTIVITIES,
	TAGS,
	SEGMENT_NAMES,
	JOB_TITLES,
	PLAN_INTERESTS,
	BUDGET_RANGES,
	LEAD_SOURCES,
} = words;

/** The cities visitors come from (continent names and codes as the API spells them). */
export const PLACES = words.PLACES as Place[];

export const slug = (s: string) =>
	s
		.toLowerCase()
		.normalize('NFD')
		.replace(/[^a-z0-9]+/g, '');

export function flag(cc: string): { emoji_flag: string; emoji_unicode: string } {
	const points = cc.split('').map((c) => 0x1f1e6 + c.charCodeAt(0) - 65);
	return {
		emoji_flag: String.fromCodePoint(...points),
		emoji_unicode: points.map((p) => `U+${p.toString(16).toUpperCase()}`).join(' '),
	};
}
