export { resolveApiRoot, DEFAULT_BASE_URL } from './baseUrl';
export {
	classify,
	FIRST_ATTEMPT,
	MAX_REDIRECTS,
	MAX_RETRIED_BODY_CHARS,
	type Attempt,
	type Decision,
	type Outcome,
	type RetryPolicy,
	type Tally,
} from './classify';
export {
	SalespanelClient,
	CREDENTIAL_NAME,
	DEFAULT_CLIENT_SETTINGS,
	type ClientSettings,
	type RequestSpec,
	type SalespanelContext,
} from './client';
export { SYSTEM_CLOCK, type Clock } from './clock';
export {
	describeErrorBody,
	forPicker,
	httpError,
	redactSecret,
	toNodeError,
	TOKEN_HELP,
	THROTTLE_HELP,
} from './errors';
export { isRetryableNetworkFailure, networkErrorCode } from './network';
export { MAX_IN_FLIGHT, RequestPacer, type PacerSettings } from './pacer';
export { defaultItemKey, type GetManySpec } from './pagination';
export { PAGE_SIZE, PageLoop, type Page } from './pageLoop';
export { waitHint, type WaitSummary } from './waitLog';
export { backoffDelay, isRetryableStatus, parseRetryAfter, retryDelay } from './retry';
