import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { segmentsField, simplifyEventField } from './shared/fields';
import { openNodeState } from './shared/helpers/nodeState';
import { visibleText } from './shared/helpers/values';
import { getSegments } from './shared/pickers/segments';
import { deliveryFingerprint, isRepeatedDelivery } from './webhook/duplicates';
import { outputItem, parseSegmentFilter, segmentAllowed } from './shared/eventOutput';
import { clip, eventSelected, hookIdMatches, parseDelivery } from './webhook/delivery';

/** Answers the delivery without starting an execution. */
function answerWithoutExecution(
	ctx: IWebhookFunctions,
	statusCode: number,
	body: IDataObject,
): IWebhookResponseData {
	ctx.getResponseObject().status(statusCode).json(body);
	return { noWebhookResponse: true };
}

/**
 * A test delivery (Execute step) that production would turn away: the sender gets the same answer,
 * and the editor still shows an item saying why, so the person testing sees that it arrived.
 */
function answerAndShowInTest(
	ctx: IWebhookFunctions,
	statusCode: number,
	body: IDataObject & { reason: string },
	item: IDataObject,
): IWebhookResponseData {
	ctx.getResponseObject().status(statusCode).json(body);
	// First, so it is the first column the editor shows.
	const shown = { ignored_in_production: body.reason, ...item };
	return { noWebhookResponse: true, workflowData: [ctx.helpers.returnJsonArray(shown)] };
}

/** The README section with the setup steps; the notice and the trigger panel link to it. */
const SETUP_DOCS_URL =
	'https://github.com/salespanel/n8n-nodes-salespanel#salespanel-trigger-webhook';

/**
 * Plain text and one link: n8n 2.x renders a notice as text with <a> links only (line breaks and
 * bold are dropped), so the steps are one sentence here and numbered in the README.
 */
const SETUP_NOTICE = `Connect Salespanel once by hand: copy the Production URL from Webhook URLs above into Salespanel (Settings → Tools and Apps → Webhooks), then activate or publish this workflow. <a href="${SETUP_DOCS_URL}" target="_blank">Setup steps</a>`;

/**
 * The panel beside the parameters while nothing has run yet. n8n prints the Test URL there only for
 * its own Webhook node, so this says where it is (the Webhook URLs section) and what activates the
 * trigger. Plain text: n8n 2.x shows these as text.
 */
const TRIGGER_PANEL = {
	header: 'Receive Salespanel webhook deliveries',
	executionsHelp: {
		inactive:
			'Click Execute step, then send a test delivery from Salespanel to the Test URL (under Webhook URLs). Once it works, use the Production URL in Salespanel and activate or publish the workflow.',
		active:
			'Active: deliveries to the Production URL run the workflow and show in the executions list. To try a change, click Execute step and send a delivery to the Test URL (under Webhook URLs).',
	},
	activationHint:
		'Once the workflow is built, paste the Production URL into Salespanel and activate or publish the workflow: its deliveries then run it without this button.',
};

/**
 * n8n's node creator joins this trigger to the Salespanel app (same type name minus "Trigger")
 * and shows the trigger's description as the app's description, above the app's actions. So
 * this is the action node's sentence, word for word (a test keeps them equal).
 */
export const APP_DESCRIPTION =
	'Get visitors, leads, visiting companies, activities, attribution and segments from Salespanel, identify visitors and log custom activities';

export class SalespanelTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salespanel Trigger',
		name: 'salespanelTrigger',
		icon: {
			light: 'file:salespanel.svg',
			dark: 'file:salespanel.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ ($parameter["events"] || []).includes("*") ? "All events" : ($parameter["events"] || []).join(", ") }}',
		description: APP_DESCRIPTION,
		documentationUrl: SETUP_DOCS_URL,
		defaults: { name: 'Salespanel Trigger' },
		triggerPanel: TRIGGER_PANEL,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Optional: only the Segments picker uses it, to list the account's segments.
		credentials: [{ name: 'salespanelApi', required: false }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: SETUP_NOTICE,
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['*'],
				description:
					"Events that start the workflow. Salespanel's deliveries of other events are accepted and start nothing, so Salespanel does not send them again.",
				options: [
					{
						name: 'All Events',
						value: '*',
						description: 'Any event of the Salespanel webhook',
					},
					{
						name: 'Company Identified',
						value: 'company.identified',
						description: 'A visiting company has been identified (company information enriched)',
					},
					{
						name: 'Company Page Visit',
						value: 'company.page_visit',
						description: "A company visitor accessed a page matching the webhook's URL filters",
					},
					{
						name: 'Company Segment Qualified',
						value: 'company.segment_qualified',
						description: 'A company qualified for a segment',
					},
					{
						name: 'Person Identified',
						value: 'person.identified',
						description:
							'A visitor has been identified with person information (email or person details captured)',
					},
					{
						name: 'Person Page Visit',
						value: 'person.page_visit',
						description: "An identified person visited a page matching the webhook's URL filters",
					},
					{
						name: 'Person Segment Qualified',
						value: 'person.segment_qualified',
						description: 'A person qualified for a segment',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Hook ID',
						name: 'hookId',
						type: 'string',
						default: '',
						placeholder: 'e.g. 2ac9c790-9431-4609-9696-cac25b9b5ad3',
						description:
							'Only accept deliveries from this Salespanel webhook: enter its ID, shown as hook_id in the output of a test delivery. Deliveries from other webhooks are refused and start nothing.',
					},
					{
						displayName: 'Ignore Duplicates',
						name: 'ignoreDuplicates',
						type: 'boolean',
						default: true,
						description:
							'Whether to skip a delivery identical to one that started an execution in the last 10 minutes. Best effort: <a href="https://github.com/salespanel/n8n-nodes-salespanel#salespanel-trigger-webhook" target="_blank">when a repeat still runs</a>.',
					},
					segmentsField(
						'Segment Qualified events for other segments start nothing; other events are not affected. Listing needs a credential. ',
					),
					simplifyEventField,
				],
			},
		],
	};

	methods = {
		loadOptions: { getSegments },
	};

	webhookMethods = {
		default: {
			// Salespanel has no API for webhooks: the user registers the URL in the dashboard
			// (see the notice), so there is nothing to check, create or delete remotely.
			checkExists: async () => true,
			create: async () => true,
			delete: async () => true,
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as unknown as { body?: unknown; rawBody?: unknown };
		const parsed = parseDelivery(request.body, request.rawBody);
		if (!parsed.ok)
			return answerWithoutExecution(this, parsed.status, {
				status: 'rejected',
				reason: parsed.reason,
			});
		const { delivery } = parsed;

		const options = this.getNodeParameter('options', {}) as IDataObject;
		const simplify = options.simplify !== false;
		// Test URL: n8n runs test deliveries in manual mode; production ones in webhook mode.
		const isTest = this.getMode() === 'manual';
		const hookId = typeof options.hookId === 'string' ? options.hookId.trim() : '';
		if (hookId !== '' && !hookIdMatches(hookId, delivery.hook.id)) {
			const answer = {
				status: 'rejected',
				reason: 'hook.id does not match the Hook ID set in the n8n node',
			};
			if (!isTest) return answerWithoutExecution(this, 401, answer);
			// Not the payload: it came from a sender the Hook ID does not vouch for.
			const delivered = visibleText(delivery.hook.id);
			return answerAndShowInTest(this, 401, answer, {
				event: delivery.event,
				hook_id: delivered === null ? null : clip(delivered),
			});
		}

		const ignore = (reason: string) =>
			isTest
				? answerAndShowInTest(
						this,
						200,
						{ status: 'ignored', reason },
						outputItem(delivery, simplify),
					)
				: answerWithoutExecution(this, 200, { status: 'ignored', reason });
		if (!eventSelected(this.getNodeParameter('events', []), delivery.event)) {
			return ignore(`Event "${delivery.event}" is not selected in the n8n node`);
		}
		if (!segmentAllowed(parseSegmentFilter(options.segments), delivery)) {
			return ignore('The segment is not one of the segments selected in the n8n node');
		}
		if (options.ignoreDuplicates !== false) {
			// Without usable static data (a damaged workflow) repeats cannot be told apart: run them.
			const store = openNodeState(this);
			if (
				store !== undefined &&
				isRepeatedDelivery(store, deliveryFingerprint(delivery), Date.now())
			) {
				return ignore('Identical delivery already received within the last 10 minutes');
			}
		}

		const item = outputItem(delivery, simplify);
		return { workflowData: [this.helpers.returnJsonArray(item)] };
	}
}
