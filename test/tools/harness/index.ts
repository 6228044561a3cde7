/**
 * Test harness running nodes through the real n8n-core engine (WorkflowExecute, WebhookContext,
 * PollContext, RoutingNode), modelled on n8n's packages/core/nodes-testing.
 */
export { createEngine } from './engine';
export type {
	Engine,
	EngineOptions,
	PollResult,
	PollState,
	RunOptions,
	WebhookOptions,
	WebhookResult,
} from './engine';
export type { RunResult } from './run-result';
export type { CapturedResponse, WebhookRequestSpec } from './fake-http';
export { TestCredentialsHelper } from './credentials-helper';
export { CredentialTypesRegistry, NodeTypesRegistry, PACKAGE_NAME } from './node-types';
export type { CredentialTypeClass, NodeTypeClass } from './node-types';
export {
	ITEMS_TYPE,
	MANUAL_TRIGGER_TYPE,
	TestItems,
	TestManualTrigger,
	testNodeDescription,
} from './test-nodes';
export {
	chain,
	items,
	manualRun,
	manualTrigger,
	toNode,
	withItems,
	workflow,
} from './workflow-builder';
export type { CredentialRef, NodeSpec, WorkflowJson } from './workflow-builder';
export { BASE_URL, createAdditionalData } from './additional-data';
export { listSearch, loadOptions } from './load-options';
export type { LoadOptionsRequest } from './load-options';
