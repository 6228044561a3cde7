// Zod schemas of the objects documented in the Salespanel REST API v1 reference
// (the API reference, salespanel-api-v1.txt). Nullable wherever the docs show `null`
// or say availability depends on enrichment / data-governance settings.
import { z } from 'zod';

/**
 * Loose 8-4-4-4-12 hex pattern. Documented ids such as
 * `be8364a3-59b2-d17e-988f-27fb997df240` are NOT RFC-4122 valid (bad version/variant
 * nibbles), so `z.string().uuid()` would reject real ids.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const uuidSchema = z.string().regex(UUID_PATTERN, 'Expected an 8-4-4-4-12 hex id');
/** ISO 8601 timestamp as DRF renders it, e.g. `2024-01-15T10:30:00Z` (fraction / offset allowed). */
export const dateTimeSchema = z.string().datetime({ offset: true });
const nullableString = z.string().nullable();

export const personDetailsSchema = z.object({
	name: nullableString,
	first_name: nullableString,
	last_name: nullableString,
	email: nullableString,
	bio: nullableString,
	location: nullableString,
	title: nullableString,
	organization: nullableString,
	website: nullableString,
	facebook: nullableString,
	linkedin: nullableString,
	twitter: nullableString,
});

export const companyDetailsSchema = z.object({
	name: nullableString,
	domain: nullableString,
	category: nullableString,
	industry: nullableString,
	bio: nullableString,
	location: nullableString,
	founded: z.number().int().nullable(),
	employees: z.number().int().nonnegative().nullable(),
	facebook: nullableString,
	linkedin: nullableString,
	twitter: nullableString,
	website: nullableString,
});

export const landingLocationSchema = z.object({
	city: nullableString,
	region: nullableString,
	region_code: nullableString,
	country: nullableString,
	country_code: nullableString,
	continent: z
		.enum(['Africa', 'Antarctica', 'Asia', 'Europe', 'North America', 'Oceania', 'South America'])
		.nullable(),
	continent_code: z.enum(['AF', 'AN', 'AS', 'EU', 'NA', 'OC', 'SA']).nullable(),
	emoji_flag: nullableString,
	emoji_unicode: nullableString,
});

export const landingUserAgentSchema = z.object({
	browser: nullableString,
	device: nullableString,
	device_os: nullableString,
});

export const acquisitionDetailsSchema = z.object({
	source: nullableString,
	medium: nullableString,
	landing_ip_address: nullableString,
	landing_location: landingLocationSchema.nullable(),
	landing_user_agent: landingUserAgentSchema.nullable(),
	// Only present in the webhook example payload.
	campaign: nullableString.optional(),
	landing_page: nullableString.optional(),
});

export const attributeValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export const visitorAttributesSchema = z.record(attributeValueSchema);

export const webActivitySummarySchema = z.object({
	total_page_visits: z.number().int().nonnegative(),
	total_website_sessions: z.number().int().nonnegative(),
	first_seen: dateTimeSchema,
	last_seen: dateTimeSchema,
});

export const visitorSchema = z.object({
	contact_id: uuidSchema,
	person_details: personDetailsSchema.nullable(),
	company_details: companyDetailsSchema.nullable(),
	acquisition_details: acquisitionDetailsSchema,
	visitor_attributes: visitorAttributesSchema.nullable(),
	visitor_tags: z.array(z.string()).nullable(),
	qualified_segments: z.array(z.string()).nullable(),
	web_activity_summary: webActivitySummarySchema,
});

export const utmParametersSchema = z.record(z.string());

export const attributionDetailsSchema = z.object({
	landing_page: nullableString,
	landing_page_source: nullableString,
	landing_page_medium: nullableString,
	first_touch_utm_parameters: utmParametersSchema.nullable(),
	last_touch_source: nullableString,
	last_touch_medium: nullableString,
	last_touch_utm_parameters: utmParametersSchema.nullable(),
});

export const enhancedWebActivitySummarySchema = webActivitySummarySchema.extend({
	total_time_spent: z.number().int().nonnegative(),
});

export const attributionVisitorSchema = visitorSchema.extend({
	attribution_details: attributionDetailsSchema,
	web_activity_summary: enhancedWebActivitySummarySchema,
});

export const linksActivitySchema = z.object({
	activity_type: z.literal('links'),
	page_title: nullableString,
	link: z.string(),
	form: z.boolean(),
	page_duration: z.number().int().nonnegative().nullable(),
	// The docs' list example omits utm_params on an activity without UTM tags.
	utm_params: utmParametersSchema.nullable().optional(),
	referrer_link: nullableString.optional(),
	created_on: dateTimeSchema,
});

export const emailActivitySchema = z.object({
	activity_type: z.literal('email'),
	subject: z.string(),
	created_on: dateTimeSchema,
});

export const customActivitySchema = z.object({
	activity_type: z.literal('custom_activity'),
	category: z.string(),
	label: z.string(),
	activity_identifier: nullableString.optional(),
	metadata: z.record(z.unknown()).nullable().optional(),
	created_on: dateTimeSchema,
});

export const activitySchema = z.discriminatedUnion('activity_type', [
	linksActivitySchema,
	emailActivitySchema,
	customActivitySchema,
]);
export const ACTIVITY_TYPES = ['links', 'email', 'custom_activity'] as const;

export const segmentSchema = z.object({
	segment_id: uuidSchema,
	name: z.string(),
	created_on: dateTimeSchema,
	last_modified_on: dateTimeSchema,
});

/** Items of GET /visiting-companies/ are the documented Company Details objects. */
export const visitingCompanySchema = companyDetailsSchema;

export const paginationSchema = z.object({
	count: z.number().int().nonnegative(),
	next: z.string().url().nullable(),
	previous: z.string().url().nullable(),
});

export function paginated<T extends z.ZodTypeAny>(itemSchema: T) {
	return z.object({ pagination: paginationSchema, results: z.array(itemSchema) });
}

// ---- request bodies ----
export const identifyRequestSchema = z.object({
	email: z.string().email(),
	identified_through: z.string().optional(),
});

export const visitorAttributesRequestSchema = z.object({
	visitor_identifier: z.string().min(1),
	visitor_attributes: visitorAttributesSchema,
	create_new: z.boolean().optional(),
});

export const customActivityRequestSchema = z.object({
	visitor_identifier: z.string().min(1),
	category: z.string().min(1),
	label: z.string().min(1),
	activity_identifier: z.string().optional(),
	metadata: z.record(z.unknown()).optional(),
});

// ---- responses ----
export const setAttributesResponseSchema = z.object({
	visitor_id: uuidSchema,
	message: z.string(),
	created_attributes: z.array(z.string()),
	updated_attributes: z.array(z.string()),
});

export const customActivityResponseSchema = z.object({
	visitor_id: uuidSchema,
	success: z.literal(true),
});

export const errorDetailSchema = z.object({ detail: z.string() });

// ---- webhooks ----
export const WEBHOOK_EVENTS = [
	'person.identified',
	'person.page_visit',
	'person.segment_qualified',
	'company.identified',
	'company.page_visit',
	'company.segment_qualified',
] as const;
export const webhookEventSchema = z.enum(WEBHOOK_EVENTS);

export const webhookHookSchema = z.object({
	id: z.string(),
	event: webhookEventSchema,
	target: z.string().url(),
	title: z.string(),
});

/** The docs' webhook example uses different summary field names than the visitor object. */
export const webhookWebActivitySummarySchema = z.object({
	total_page_views: z.number().int().nonnegative(),
	total_sessions: z.number().int().nonnegative(),
	first_visit: dateTimeSchema,
	last_visit: dateTimeSchema,
});

export const webhookQualifiedSegmentSchema = z.object({ id: z.number().int(), name: z.string() });
export const webhookSegmentSchema = z.object({ segment_id: uuidSchema, title: z.string() });

export const webhookVisitorPayloadSchema = visitorSchema.extend({
	lead_scoring: z.object({ lead_score: z.number() }).nullable(),
	qualified_segments: z.array(webhookQualifiedSegmentSchema).nullable(),
	web_activity_summary: z.union([webhookWebActivitySummarySchema, webActivitySummarySchema]),
	segment: webhookSegmentSchema.optional(),
});

export const webhookPayloadSchema = z.object({
	hook: webhookHookSchema,
	payload: webhookVisitorPayloadSchema,
});

// ---- inferred types ----
export type PersonDetails = z.infer<typeof personDetailsSchema>;
export type CompanyDetails = z.infer<typeof companyDetailsSchema>;
export type LandingLocation = z.infer<typeof landingLocationSchema>;
export type LandingUserAgent = z.infer<typeof landingUserAgentSchema>;
export type AcquisitionDetails = z.infer<typeof acquisitionDetailsSchema>;
export type AttributeValue = z.infer<typeof attributeValueSchema>;
export type WebActivitySummary = z.infer<typeof webActivitySummarySchema>;
export type Visitor = z.infer<typeof visitorSchema>;
export type UtmParameters = z.infer<typeof utmParametersSchema>;
export type AttributionDetails = z.infer<typeof attributionDetailsSchema>;
export type EnhancedWebActivitySummary = z.infer<typeof enhancedWebActivitySummarySchema>;
export type AttributionVisitor = z.infer<typeof attributionVisitorSchema>;
export type LinksActivity = z.infer<typeof linksActivitySchema>;
export type EmailActivity = z.infer<typeof emailActivitySchema>;
export type CustomActivity = z.infer<typeof customActivitySchema>;
export type Activity = z.infer<typeof activitySchema>;
export type Segment = z.infer<typeof segmentSchema>;
export type VisitingCompany = z.infer<typeof visitingCompanySchema>;
export type Pagination = z.infer<typeof paginationSchema>;
export type IdentifyRequest = z.infer<typeof identifyRequestSchema>;
export type VisitorAttributesRequest = z.infer<typeof visitorAttributesRequestSchema>;
export type CustomActivityRequest = z.infer<typeof customActivityRequestSchema>;
export type SetAttributesResponse = z.infer<typeof setAttributesResponseSchema>;
export type CustomActivityResponse = z.infer<typeof customActivityResponseSchema>;
export type ErrorDetail = z.infer<typeof errorDetailSchema>;
export type WebhookHook = z.infer<typeof webhookHookSchema>;
export type WebhookWebActivitySummary = z.infer<typeof webhookWebActivitySummarySchema>;
export type WebhookVisitorPayload = z.infer<typeof webhookVisitorPayloadSchema>;
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export interface Paginated<T> {
	pagination: Pagination;
	results: T[];
}

/** The node's flat "Simplify" shape (nodes/Salespanel/shared/helpers/simplify.ts), shared by action and triggers. */
export const simplifiedVisitorSchema = z
	.object({
		contact_id: z.string(),
		name: z.string().nullable(),
		first_name: z.string().nullable(),
		last_name: z.string().nullable(),
		email: z.string().nullable(),
		title: z.string().nullable(),
		organization: z.string().nullable(),
		linkedin: z.string().nullable(),
		location: z.string().nullable(),
		company_name: z.string().nullable(),
		company_domain: z.string().nullable(),
		company_website: z.string().nullable(),
		company_linkedin: z.string().nullable(),
		company_location: z.string().nullable(),
		company_industry: z.string().nullable(),
		company_employees: z.number().int().nullable(),
		source: z.string().nullable(),
		medium: z.string().nullable(),
		city: z.string().nullable(),
		country: z.string().nullable(),
		tags: z.array(z.string()),
		segments: z.array(z.string()),
		page_visits: z.number().int(),
		sessions: z.number().int(),
		first_seen: z.string(),
		last_seen: z.string(),
	})
	.strict();
export type SimplifiedVisitor = z.infer<typeof simplifiedVisitorSchema>;
