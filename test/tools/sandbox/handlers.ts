import type { Activity, AttributeValue, AttributionVisitor, Visitor } from '../schemas';
import {
	booleanField,
	charField,
	detail,
	dictField,
	emailField,
	isValidEmail,
	lastParam,
	paginate,
	raiseIfErrors,
	requireObject,
	type FieldErrors,
	type PageContext,
} from './drf';
import { isoSeconds } from './random';
import type { Seeder } from './seed';
import { emptyAttribution, emptyPersonDetails, selectCompanies, selectVisitors } from './store';
import type { SandboxStore } from './types';

export interface HandlerContext extends PageContext {
	store: SandboxStore;
	seeder: Seeder;
	now: number;
	/** request.data: parsed lazily like DRF, throws ApiError(400/415) on a bad body. */
	data(): unknown;
	activitiesPaginated: boolean;
	segmentsPaginated: boolean;
}

export type Handler = (ctx: HandlerContext, params: string[]) => unknown;

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * One page of `items`. Not copied: handleApi serializes a handler's result before anything else
 * runs, and copying the whole population first made one page cost as much as all of them.
 */
const pageOf = <T>(items: T[], ctx: HandlerContext) => paginate(items, ctx);

/** `select_by_first_activity=true` (Django-style truthy strings). */
function byFirstActivity(q: URLSearchParams): boolean {
	const v = (lastParam(q, 'select_by_first_activity') ?? '').toLowerCase();
	return v === 'true' || v === '1';
}

export function findVisitor(
	store: SandboxStore,
	idOrEmail: string,
	allowEmail: boolean,
): Visitor | undefined {
	const key = idOrEmail.trim().toLowerCase();
	if (allowEmail && key.includes('@')) {
		return store.visitors.find((v) => (v.person_details?.email ?? '').toLowerCase() === key);
	}
	return store.visitors.find((v) => v.contact_id.toLowerCase() === key);
}

const notFound = () => detail(404, 'Not found.');
const visitorNotFound = () => detail(404, 'Visitor not found.');

export const listVisitors: Handler = (ctx) => {
	const byFirst = byFirstActivity(ctx.query);
	return pageOf(selectVisitors(ctx.store, ctx.now, false, byFirst), ctx);
};

export const listLeads: Handler = (ctx) => {
	const byFirst = byFirstActivity(ctx.query);
	return pageOf(selectVisitors(ctx.store, ctx.now, true, byFirst), ctx);
};

export const listCompanies: Handler = (ctx) =>
	pageOf(selectCompanies(ctx.store, ctx.now, byFirstActivity(ctx.query)), ctx);

export const listSegments: Handler = (ctx) =>
	ctx.segmentsPaginated ? pageOf(ctx.store.segments, ctx) : clone(ctx.store.segments);

export const retrieveVisitor: Handler = (ctx, [id]) => {
	const v = findVisitor(ctx.store, id, false);
	if (!v) throw notFound();
	return clone(v);
};

export const identifyVisitor: Handler = (ctx, [id]) => {
	const v = findVisitor(ctx.store, id, false);
	if (!v) throw notFound();
	const data = requireObject(ctx.data());
	const errors: FieldErrors = {};
	const email = emailField(data, 'email', errors);
	charField(data, 'identified_through', errors, {
		required: false,
		allowNull: true,
		allowBlank: true,
	});
	raiseIfErrors(errors);
	v.person_details ??= emptyPersonDetails(null);
	v.person_details.email = email as string;
	return clone(v);
};

const ATTRIBUTE_VALUE_ERROR = 'Value must be a string, number, decimal or boolean.';

export const setVisitorAttributes: Handler = (ctx) => {
	const data = requireObject(ctx.data());
	const errors: FieldErrors = {};
	const identifier = charField(data, 'visitor_identifier', errors);
	const attrs = dictField(data, 'visitor_attributes', errors, true);
	const createNew = booleanField(data, 'create_new', errors, false);
	if (attrs) {
		const valueErrors: Record<string, string[]> = {};
		for (const [k, val] of Object.entries(attrs)) {
			const ok =
				typeof val === 'string' ||
				typeof val === 'boolean' ||
				(typeof val === 'number' && Number.isFinite(val));
			if (!ok) valueErrors[k] = [ATTRIBUTE_VALUE_ERROR];
		}
		if (Object.keys(valueErrors).length) errors.visitor_attributes = valueErrors;
	}
	raiseIfErrors(errors);
	const id = identifier as string;
	let v = findVisitor(ctx.store, id, true);
	if (!v) {
		if (!createNew || !isValidEmail(id)) throw visitorNotFound();
		v = ctx.seeder.createBlankVisitor(id);
	}
	const created: string[] = [];
	const updated: string[] = [];
	const target: Record<string, AttributeValue> = v.visitor_attributes ?? {};
	for (const [k, val] of Object.entries(attrs as Record<string, AttributeValue>)) {
		if (ctx.store.accountAttributes.has(k)) updated.push(k);
		else {
			ctx.store.accountAttributes.add(k);
			created.push(k);
		}
		target[k] = val;
	}
	v.visitor_attributes = target;
	return {
		visitor_id: v.contact_id,
		message: 'Visitor attributes updated successfully',
		created_attributes: created,
		updated_attributes: updated,
	};
};

export const createCustomActivity: Handler = (ctx) => {
	const data = requireObject(ctx.data());
	const errors: FieldErrors = {};
	const identifier = charField(data, 'visitor_identifier', errors);
	const category = charField(data, 'category', errors);
	const label = charField(data, 'label', errors);
	const activityIdentifier = charField(data, 'activity_identifier', errors, {
		required: false,
		allowNull: true,
		allowBlank: true,
	});
	const metadata = dictField(data, 'metadata', errors, false);
	raiseIfErrors(errors);
	const v = findVisitor(ctx.store, identifier as string, true);
	if (!v) throw visitorNotFound();
	const activity: Activity = {
		activity_type: 'custom_activity',
		category: category as string,
		label: label as string,
		activity_identifier: activityIdentifier ?? null,
		metadata: metadata ?? {},
		created_on: isoSeconds(ctx.now),
	};
	const list = ctx.store.activities.get(v.contact_id) ?? [];
	list.unshift(activity);
	ctx.store.activities.set(v.contact_id, list);
	return { visitor_id: v.contact_id, success: true };
};

export const listActivities: Handler = (ctx, [idOrEmail]) => {
	const v = findVisitor(ctx.store, idOrEmail, true);
	if (!v) throw notFound();
	const type = lastParam(ctx.query, 'activity_type');
	let list = ctx.store.activities.get(v.contact_id) ?? [];
	if (type) list = list.filter((a) => a.activity_type === type);
	return ctx.activitiesPaginated ? pageOf(list, ctx) : clone(list);
};

export const visitorAttribution: Handler = (ctx, [idOrEmail]) => {
	const v = findVisitor(ctx.store, idOrEmail, true);
	if (!v) throw notFound();
	const ex = ctx.store.extras.get(v.contact_id);
	const s = v.web_activity_summary;
	const out: AttributionVisitor = {
		...clone(v),
		web_activity_summary: {
			total_page_visits: s.total_page_visits,
			total_website_sessions: s.total_website_sessions,
			total_time_spent: ex?.total_time_spent ?? 0,
			first_seen: s.first_seen,
			last_seen: s.last_seen,
		},
		attribution_details: ex ? clone(ex.attribution_details) : emptyAttribution(),
	};
	return out;
};
