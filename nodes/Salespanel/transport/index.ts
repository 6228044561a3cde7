export { resolveApiRoot, DEFAULT_BASE_URL } from './baseUrl';
export {
	SalespanelClient,
	CREDENTIAL_NAME,
	DEFAULT_CLIENT_SETTINGS,
	MAX_REDIRECTS,
	PAGE_SIZE,
	defaultItemKey,
	type ClientSettings,
	type GetManySpec,
	type Page,
	type RequestSpec,
	type SalespanelContext,
} from './client';
export { SYSTEM_CLOCK, type Clock } from './clock';
export { describeErrorBody, httpError, networkErrorCode, redactSecret, toNodeError, TOKEN_HELP, THROTTLE_HELP } from './errors';
export { RequestPacer, type PacerSettings } from './pacer';
export { backoffDelay, isRetryableNetworkFailure, isRetryableStatus, parseRetryAfter, retryDelay } from './retry';
