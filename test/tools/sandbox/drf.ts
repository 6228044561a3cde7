// Small re-implementations of the Django REST Framework behaviour the Salespanel API exposes:
// LimitOffsetPagination, serializer field validation messages, content negotiation.

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(
			typeof body === 'object' && body && 'detail' in body
				? String((body as { detail: unknown }).detail)
				: `HTTP ${status}`,
		);
	}
}

export const detail = (status: number, text: string, headers?: Record<string, string>) =>
	new ApiError(status, { detail: text }, headers);

// ---------- pagination ----------
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

/** Python int() on a query string value, then DRF's _positive_int checks (null = ValueError). */
function positiveInt(raw: string | null, strict: boolean, cutoff?: number): number | null {
	if (raw === null || !/^\s*[+-]?\d+(_\d+)*\s*$/.test(raw)) return null;
	const n = parseInt(raw.replace(/_/g, '').trim(), 10);
	if (n < 0 || (n === 0 && strict)) return null;
	return cutoff !== undefined ? Math.min(n, cutoff) : n;
}

/** QueryDict.__getitem__ returns the last value of a repeated key. */
export function lastParam(q: URLSearchParams, key: string): string | null {
	const all = q.getAll(key);
	return all.length ? all[all.length - 1] : null;
}

export function getLimit(q: URLSearchParams): number {
	return positiveInt(lastParam(q, 'limit'), true, MAX_LIMIT) ?? DEFAULT_LIMIT;
}

export function getOffset(q: URLSearchParams): number {
	return positiveInt(lastParam(q, 'offset'), false) ?? 0;
}

/** urllib.parse.quote_plus */
function quotePlus(s: string): string {
	return encodeURIComponent(s)
		.replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
		.replace(/%20/g, '+');
}

/** DRF's replace_query_param / remove_query_param: parse_qs + urlencode(sorted(...), doseq=True). */
function rewriteQuery(url: string, key: string, value: string | null): string {
	const q = url.indexOf('?');
	const base = q < 0 ? url : url.slice(0, q);
	const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
	const grouped = new Map<string, string[]>();
	params.forEach((v, k) => grouped.set(k, [...(grouped.get(k) ?? []), v]));
	if (value === null) grouped.delete(key);
	else grouped.set(key, [value]);
	const keys = Array.from(grouped.keys()).sort();
	const query = keys
		.map((k) => (grouped.get(k) ?? []).map((v) => `${quotePlus(k)}=${quotePlus(v)}`).join('&'))
		.join('&');
	return query ? `${base}?${query}` : base;
}

export interface PageContext {
	/** request.build_absolute_uri(): scheme + Host header + full path. */
	absoluteUri: string;
	query: URLSearchParams;
}

export interface Page<T> {
	pagination: { count: number; next: string | null; previous: string | null };
	results: T[];
}

export function paginate<T>(items: T[], ctx: PageContext): Page<T> {
	const count = items.length;
	const limit = getLimit(ctx.query);
	const offset = getOffset(ctx.query);
	const results = count === 0 || offset > count ? [] : items.slice(offset, offset + limit);
	let next: string | null = null;
	if (offset + limit < count) {
		next = rewriteQuery(
			rewriteQuery(ctx.absoluteUri, 'limit', String(limit)),
			'offset',
			String(offset + limit),
		);
	}
	let previous: string | null = null;
	if (offset > 0) {
		const url = rewriteQuery(ctx.absoluteUri, 'limit', String(limit));
		previous =
			offset - limit <= 0
				? rewriteQuery(url, 'offset', null)
				: rewriteQuery(url, 'offset', String(offset - limit));
	}
	return { pagination: { count, next, previous }, results };
}

// ---------- content negotiation ----------
/** DRF DefaultContentNegotiation with only the JSON renderer installed. */
export function acceptsJson(accept: string | undefined): boolean {
	if (!accept || !accept.trim()) return true;
	return accept.split(',').some((part) => {
		const type = part.split(';')[0].trim().toLowerCase();
		return (
			type === '*/*' || type === 'application/*' || type === 'application/json' || type === '*'
		);
	});
}

// ---------- serializer fields ----------
export type FieldErrors = Record<string, unknown>;

/** Python type names used in DRF messages. */
export function pyType(v: unknown): string {
	if (v === null || v === undefined) return 'NoneType';
	if (Array.isArray(v)) return 'list';
	if (typeof v === 'string') return 'str';
	if (typeof v === 'boolean') return 'bool';
	if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
	return 'dict';
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** The root serializer requires a JSON object. */
export function requireObject(data: unknown): Record<string, unknown> {
	if (data === null) throw new ApiError(400, { non_field_errors: ['No data provided'] });
	if (!isPlainObject(data)) {
		throw new ApiError(400, {
			non_field_errors: [`Invalid data. Expected a dictionary, but got ${pyType(data)}.`],
		});
	}
	return data;
}

interface CharOpts {
	required?: boolean;
	allowNull?: boolean;
	allowBlank?: boolean;
}

/** serializers.CharField (trim_whitespace=True). Returns undefined when absent/null and allowed. */
export function charField(
	data: Record<string, unknown>,
	name: string,
	errors: FieldErrors,
	o: CharOpts = {},
): string | undefined {
	const required = o.required ?? true;
	if (!(name in data)) {
		if (required) errors[name] = ['This field is required.'];
		return undefined;
	}
	const v = data[name];
	if (v === null) {
		if (!o.allowNull) errors[name] = ['This field may not be null.'];
		return undefined;
	}
	if (typeof v !== 'string' && typeof v !== 'number') {
		errors[name] = ['Not a valid string.'];
		return undefined;
	}
	const s = String(v).trim();
	if (s === '' && !o.allowBlank) {
		errors[name] = ['This field may not be blank.'];
		return undefined;
	}
	return s;
}

const EMAIL_USER = /^[-!#$%&'*+/=?^_`{}|~0-9a-z]+(\.[-!#$%&'*+/=?^_`{}|~0-9a-z]+)*$/i;
const EMAIL_DOMAIN = /^((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+)(?:[a-z0-9-]{2,63})$/i;

/** Django's EmailValidator (dot-atom local part, hostname domain). */
export function isValidEmail(value: string): boolean {
	const at = value.lastIndexOf('@');
	if (at <= 0 || at === value.length - 1 || value.length > 320) return false;
	const user = value.slice(0, at);
	const domain = value.slice(at + 1);
	return EMAIL_USER.test(user) && EMAIL_DOMAIN.test(domain) && !domain.endsWith('-');
}

export function emailField(
	data: Record<string, unknown>,
	name: string,
	errors: FieldErrors,
): string | undefined {
	const s = charField(data, name, errors);
	if (s !== undefined && !isValidEmail(s)) {
		errors[name] = ['Enter a valid email address.'];
		return undefined;
	}
	return s;
}

const TRUE_VALUES = new Set<unknown>([
	't',
	'T',
	'y',
	'Y',
	'yes',
	'Yes',
	'YES',
	'true',
	'True',
	'TRUE',
	'on',
	'On',
	'ON',
	'1',
	1,
	true,
]);
const FALSE_VALUES = new Set<unknown>([
	'f',
	'F',
	'n',
	'N',
	'no',
	'No',
	'NO',
	'false',
	'False',
	'FALSE',
	'off',
	'Off',
	'OFF',
	'0',
	0,
	false,
]);

export function booleanField(
	data: Record<string, unknown>,
	name: string,
	errors: FieldErrors,
	def: boolean,
): boolean {
	if (!(name in data)) return def;
	const v = data[name];
	if (v === null) {
		errors[name] = ['This field may not be null.'];
		return def;
	}
	if (TRUE_VALUES.has(v)) return true;
	if (FALSE_VALUES.has(v)) return false;
	errors[name] = ['Must be a valid boolean.'];
	return def;
}

export function dictField(
	data: Record<string, unknown>,
	name: string,
	errors: FieldErrors,
	required: boolean,
): Record<string, unknown> | undefined {
	if (!(name in data)) {
		if (required) errors[name] = ['This field is required.'];
		return undefined;
	}
	const v = data[name];
	if (v === null) {
		if (required) errors[name] = ['This field may not be null.'];
		return undefined;
	}
	if (!isPlainObject(v)) {
		errors[name] = [`Expected a dictionary of items but got type "${pyType(v)}".`];
		return undefined;
	}
	return v;
}

export function raiseIfErrors(errors: FieldErrors) {
	if (Object.keys(errors).length) throw new ApiError(400, errors);
}
