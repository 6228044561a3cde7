export { startSandbox, DEFAULT_TOKEN } from './server';
export { buildWebhookPayload } from './webhooks';
export { selectVisitors, selectCompanies, isLead, WINDOW_MS } from './store';
export { mulberry32 } from './random';
export type {
	AddVisitorsOptions,
	CompanyRecord,
	FaultConfig,
	LatencyOptions,
	LoggedRequest,
	Sandbox,
	SandboxOptions,
	SandboxStore,
	SendWebhookOptions,
	ThrottleOptions,
	VisitorExtras,
} from './types';
