import * as H from './handlers';

export interface Route {
	name: string;
	pattern: RegExp;
	method: 'GET' | 'POST';
	handler: H.Handler;
	/** List endpoint: subject to malformedNext. */
	list?: boolean;
	/** Visitor list endpoint: subject to driftPerPage. */
	drift?: 'visitors' | 'leads';
}

const visitorRoutes = (prefix: 'visitors' | 'contacts'): Route[] => [
	{
		name: `${prefix}-list`,
		pattern: new RegExp(`^${prefix}/$`),
		method: 'GET',
		handler: H.listVisitors,
		list: true,
		drift: 'visitors',
	},
	{
		name: `${prefix}-attribution`,
		pattern: new RegExp(`^${prefix}/attribution/([^/]+)/$`),
		method: 'GET',
		handler: H.visitorAttribution,
	},
	{
		name: `${prefix}-identify`,
		pattern: new RegExp(`^${prefix}/([^/]+)/identify/$`),
		method: 'POST',
		handler: H.identifyVisitor,
	},
	{
		name: `${prefix}-activities`,
		pattern: new RegExp(`^${prefix}/([^/]+)/activities/$`),
		method: 'GET',
		handler: H.listActivities,
		list: true,
	},
	{
		name: `${prefix}-detail`,
		pattern: new RegExp(`^${prefix}/([^/]+)/$`),
		method: 'GET',
		handler: H.retrieveVisitor,
	},
];

/** Paths relative to /api/v1/. Every /visitors/ route also answers under the legacy /contacts/. */
export const ROUTES: Route[] = [
	...visitorRoutes('visitors'),
	...visitorRoutes('contacts'),
	{
		name: 'leads',
		pattern: /^leads\/$/,
		method: 'GET',
		handler: H.listLeads,
		list: true,
		drift: 'leads',
	},
	{
		name: 'visiting-companies',
		pattern: /^visiting-companies\/$/,
		method: 'GET',
		handler: H.listCompanies,
		list: true,
	},
	{
		name: 'visitor-attributes',
		pattern: /^visitor-attributes\/$/,
		method: 'POST',
		handler: H.setVisitorAttributes,
	},
	{
		name: 'custom-activity',
		pattern: /^custom-activity\/create\/$/,
		method: 'POST',
		handler: H.createCustomActivity,
	},
	{ name: 'segments', pattern: /^segments\/$/, method: 'GET', handler: H.listSegments, list: true },
];

export const API_PREFIX = '/api/v1/';

function safeDecode(segment: string): string | null {
	try {
		return decodeURIComponent(segment);
	} catch {
		return null; // malformed percent-encoding: Django would not match the URL either
	}
}

/** Resolves a raw (percent-encoded) path; params are percent-decoded (`%2B` → `+`, `%40` → `@`). */
export function resolve(rawPath: string): { route: Route; params: string[] } | null {
	if (!rawPath.startsWith(API_PREFIX)) return null;
	const rest = rawPath.slice(API_PREFIX.length);
	for (const route of ROUTES) {
		const m = route.pattern.exec(rest);
		if (!m) continue;
		const params = m.slice(1).map(safeDecode);
		if (params.some((p) => p === null)) return null;
		return { route, params: params as string[] };
	}
	return null;
}

/** DRF's Allow header: Django's _allowed_methods() order (get, post, ..., head, options). */
export const allowHeader = (route: Route) =>
	route.method === 'GET' ? 'GET, HEAD, OPTIONS' : 'POST, OPTIONS';
