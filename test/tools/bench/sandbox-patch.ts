// The sandbox's visitor list handlers (test/tools/sandbox/handlers.ts listVisitors/listLeads) deep-clone
// the whole collection on every request and only then cut out the page: ~1 s per page at 50,000
// visitors and ~150 ms at 10,000, so transfer time would swamp the throttle floor this benchmark is
// about. The bench cannot edit the sandbox; it swaps those route handlers, in its own process only,
// for ones that cut the page first and clone just the page. The JSON answered is byte-identical
// (count, next/previous links and results are computed from the same sorted list).
import { lastParam, paginate } from '../sandbox/drf';
import type { HandlerContext } from '../sandbox/handlers';
import { ROUTES } from '../sandbox/routes';
import { selectVisitors } from '../sandbox/store';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function byFirstActivity(query: URLSearchParams): boolean {
	const value = (lastParam(query, 'select_by_first_activity') ?? '').toLowerCase();
	return value === 'true' || value === '1';
}

const patched = new Set<string>();

/** Page-first list handlers for /visitors/, /contacts/ and /leads/. Returns the patched route names. */
export function usePageFirstListHandlers(): string[] {
	for (const route of ROUTES) {
		if (patched.has(route.name) || !['visitors-list', 'contacts-list', 'leads'].includes(route.name)) continue;
		const leadsOnly = route.name === 'leads';
		route.handler = (ctx: HandlerContext) => {
			const page = paginate(selectVisitors(ctx.store, ctx.now, leadsOnly, byFirstActivity(ctx.query)), ctx);
			return { ...page, results: clone(page.results) };
		};
		patched.add(route.name);
	}
	return [...patched];
}
