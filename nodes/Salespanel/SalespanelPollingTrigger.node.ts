import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { segmentsField, simplifyEventField } from './shared/fields';
import { openNodeState, type NodeState } from './shared/helpers/nodeState';
import { simplifyVisitor } from './shared/helpers/simplify';
import { getSegments } from './shared/pickers/segments';
import { SalespanelClient } from './shared/transport';
import { EVENT_SPECS, isPollEvent, type EventSpec, type PollEvent } from './polling/events';
import { newestRecord, type CheckContext } from './polling/newestFirst';
import { pollKeyEvent, pollTimestampEvent } from './polling/newRecords';
import {
	fullReadPeriod,
	pollWindowEvent,
	sampleWindowEvent,
	type PersonSchedule,
	segmentFilter,
	type WindowOptions,
} from './polling/personEvents';
import {
	afterCheck,
	budgetDecision,
	budgetField,
	BUDGET_FIELD,
	DAY_MS,
	readBudget,
} from './polling/dailyBudget';
import {
	cursorCeiling,
	MAX_REMEMBERED,
	personStateFields,
	readPersonState,
	readState,
	stateFields,
} from './polling/storedState';

/** Default of Max Requests per Day: a fifth of the account's documented 5,000. */
export const DEFAULT_MAX_REQUESTS_PER_DAY = 1_000;

/** Default of Re-Read All Leads Every (Minutes) (Person events). */
const DEFAULT_FULL_READ_MINUTES = 60;

const PERSON_EVENTS = ['personIdentified', 'personSegmentQualified'];

/**
 * When the running check started, kept on the node's static data object itself: n8n hands
 * overlapping polls of an active workflow (two Poll Times entries at once, a check longer than
 * the interval) the same object. Defined, not assigned, so n8n neither sees a change nor saves it:
 * it lives as long as the process, like the check.
 */
const CHECK_RUNNING = Symbol('salespanelCheckRunningSince');

/** A check that has run this long is taken as hung, and no longer holds the others back. */
const CHECK_LEASE_MS = 15 * 60_000;

function checkRunning(stored: IDataObject, nowMs: number): boolean {
	const since: unknown = Reflect.get(stored, CHECK_RUNNING);
	return typeof since === 'number' && since <= nowMs && nowMs - since < CHECK_LEASE_MS;
}

function markCheckRunning(stored: IDataObject, sinceMs: number | undefined): void {
	Object.defineProperty(stored, CHECK_RUNNING, {
		value: sinceMs,
		configurable: true,
		writable: true,
		enumerable: false,
	});
}

/** A whole number option within [min, max], or a NodeOperationError naming it and the fix. */
function wholeNumberOption(
	this: IPollFunctions,
	value: unknown,
	name: string,
	min: number,
	max: number,
): number {
	if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)
		return value;
	throw new NodeOperationError(
		this.getNode(),
		`'${name}' must be a whole number from ${min} to ${max}`,
		{
			description: `Set '${name}' in the trigger's Options to a whole number between ${min} and ${max} (it is ${JSON.stringify(value) ?? 'empty'}).`,
		},
	);
}

/** One production check (the budget allowed it): new events, and the state written. */
async function runCheck(
	this: IPollFunctions,
	client: SalespanelClient,
	spec: EventSpec,
	event: PollEvent,
	store: NodeState,
	windowOptions: WindowOptions,
	shape: (item: IDataObject) => IDataObject,
	schedule: PersonSchedule,
): Promise<INodeExecutionData[][] | null> {
	const check: CheckContext = {
		client,
		node: this.getNode(),
		ceilingMs: cursorCeiling(schedule.nowMs),
	};
	// Any request error propagates before the state is written, so the cursor stays put.
	if (spec.kind === 'window') {
		const state = readPersonState(store.stored, event, check.ceilingMs);
		const periodMs = fullReadPeriod(state, schedule);
		if (periodMs > schedule.fullEveryMs) {
			this.logger.debug(
				`Salespanel Polling Trigger "${this.getNode().name}": all leads are read every ${Math.ceil(periodMs / 60_000)} minutes (not ${schedule.fullEveryMs / 60_000}), so reading them uses at most half of Max Requests per Day`,
				{ node: this.getNode().name, event, fullReadRequests: state?.fullRequests },
			);
		}
		// Person events: the items already have the webhook trigger's shape.
		const { emit, next, overflow } = await pollWindowEvent(
			check,
			spec,
			event,
			state,
			windowOptions,
			schedule,
		);
		if (overflow) {
			this.logger.warn(
				`Salespanel Polling Trigger "${this.getNode().name}": more than ${MAX_REMEMBERED} leads or (lead, segment) pairs to remember; those seen longest ago were forgotten, and one of them still listed counts as new only with new activity after ${next.floor ?? 'now'}.`,
				{ node: this.getNode().name, event },
			);
		}
		store.save(personStateFields(next));
		return emit.length === 0 ? null : [this.helpers.returnJsonArray(emit)];
	}
	const state = readState(store.stored, event, check.ceilingMs);
	const { emit, next } =
		spec.kind === 'timestamp'
			? await pollTimestampEvent(check, spec, event, state)
			: await pollKeyEvent(check, spec, event, state);
	store.save(stateFields(next));
	if (emit.length === 0) return null;
	return [this.helpers.returnJsonArray(emit.map(shape))];
}

export class SalespanelPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salespanel Polling Trigger',
		name: 'salespanelPollingTrigger',
		icon: {
			light: 'file:salespanel.svg',
			dark: 'file:salespanel.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		description:
			'Starts the workflow when Salespanel has new leads, visitors, visiting companies, lead activity, identified people or segment qualifications, by checking the API on a schedule (no public n8n URL needed)',
		documentationUrl:
			'https://github.com/salespanel/n8n-nodes-salespanel#salespanel-polling-trigger',
		defaults: { name: 'Salespanel Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'salespanelApi', required: true }],
		properties: [
			{
				displayName:
					"A check costs 1 request or more of your account's 5,000 a day: every minute ≈ 1,440 a day. Max Requests per Day (Options) caps this trigger. Salespanel lists the last 24 h only.",
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			{
				// Not "Event": the node creator turns a trigger's "Event" options into actions and
				// then lists the node as an app among the action nodes. The name keeps saved values.
				displayName: 'Watch For',
				name: 'event',
				type: 'options',
				required: true,
				default: 'newLead',
				options: [
					{
						name: 'Lead Activity',
						value: 'leadActivity',
						description:
							'A lead was active on the website since the last check (newer last seen time)',
					},
					{
						name: 'New Lead',
						value: 'newLead',
						description: 'A lead (identified visitor) was seen for the first time',
					},
					{
						name: 'New Visiting Company',
						value: 'newVisitingCompany',
						description: 'A visiting company was seen for the first time',
					},
					{
						name: 'New Visitor',
						value: 'newVisitor',
						description: 'A visitor (anonymous or identified) was seen for the first time',
					},
					{
						name: 'Person Identified',
						value: 'personIdentified',
						description:
							'A visitor became an identified lead, however long ago first seen. Each check reads the leads active since the last one; all leads of the 24 hours (1 request per 100) once an hour.',
					},
					{
						name: 'Person Segment Qualified',
						value: 'personSegmentQualified',
						description:
							'A lead qualified for a segment. Each check reads the leads active since the last one; all leads of the 24 hours (1 request per 100) once an hour.',
					},
				],
			},
			segmentsField('', {
				hint: 'Only qualifications for these segments start the workflow; none selected: every segment. Typed segment titles work too.',
				displayOptions: { show: { event: ['personSegmentQualified'] } },
			}),
			{
				...simplifyEventField,
				displayOptions: {
					show: {
						event: [
							'leadActivity',
							'newLead',
							'newVisitor',
							'personIdentified',
							'personSegmentQualified',
						],
					},
				},
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Max Requests per Day',
						name: 'maxRequestsPerDay',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 0 },
						default: DEFAULT_MAX_REQUESTS_PER_DAY,
						description:
							'Requests this trigger may send in any 24 hours (0: no cap). A check that would go faster is skipped: events come later, never lost. Your account has 5,000 a day for all integrations.',
					},
					{
						displayName: 'Re-Read All Leads Every (Minutes)',
						name: 'fullReadMinutes',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 1440, numberPrecision: 0 },
						default: DEFAULT_FULL_READ_MINUTES,
						description:
							'How often a check reads all leads of the 24 hours, to find identifications and qualifications that came without website activity (others come at the next check). 1 request per 100 leads.',
						displayOptions: { show: { '/event': PERSON_EVENTS } },
					},
				],
			},
		],
	};

	methods = {
		loadOptions: { getSegments },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as unknown;
		if (!isPollEvent(event)) {
			throw new NodeOperationError(this.getNode(), `Unknown event "${String(event)}"`, {
				description: 'Choose one of the events in the Event parameter.',
			});
		}
		const spec = EVENT_SPECS[event];
		const simplify = spec.kind !== 'key' && this.getNodeParameter('simplify', true) !== false;
		const shape = (item: IDataObject): IDataObject => (simplify ? simplifyVisitor(item) : item);
		const client = new SalespanelClient(this, { operation: event });
		const windowOptions: WindowOptions = {
			segmentFilter:
				spec.kind === 'window' ? segmentFilter(this.getNodeParameter('segments', [])) : [],
			simplify,
		};

		if (this.getMode() === 'manual') {
			// Test step: show the newest record as a sample; the production cursor is not touched.
			if (spec.kind === 'window') {
				const item = await sampleWindowEvent(client, spec, windowOptions);
				return item === undefined ? null : [this.helpers.returnJsonArray([item])];
			}
			const sample = await newestRecord(client, spec);
			return sample === undefined ? null : [this.helpers.returnJsonArray([shape(sample)])];
		}

		const store = openNodeState(this);
		if (store === undefined) {
			throw new NodeOperationError(
				this.getNode(),
				"The workflow's static data is damaged, so the trigger cannot keep its position",
				{
					description:
						'The workflow JSON holds a "staticData" value that is not an object. Remove the "staticData" entry from the workflow (e.g. export it, delete the entry, import it again) and activate the workflow again.',
				},
			);
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const cap = wholeNumberOption.call(
			this,
			options.maxRequestsPerDay ?? DEFAULT_MAX_REQUESTS_PER_DAY,
			'Max Requests per Day',
			0,
			1_000_000,
		);
		const fullReadMinutes = wholeNumberOption.call(
			this,
			options.fullReadMinutes ?? DEFAULT_FULL_READ_MINUTES,
			'Re-Read All Leads Every (Minutes)',
			1,
			1_440,
		);
		// Wall-clock time: the state outlives the process.
		const nowMs = Date.now();
		if (checkRunning(store.stored, nowMs)) {
			this.logger.debug(
				`Salespanel Polling Trigger "${this.getNode().name}": check skipped, the previous one is still running`,
				{ node: this.getNode().name, event },
			);
			return null;
		}
		const budget = readBudget(store.stored, nowMs, cap);
		const decision = budgetDecision(budget, cap, nowMs);
		if (!decision.run) {
			const until = new Date(decision.untilMs).toISOString();
			if (decision.reason === 'cap' && nowMs - budget.warnedAt >= DAY_MS) {
				this.logger.warn(
					`Salespanel Polling Trigger "${this.getNode().name}" reached Max Requests per Day (${decision.used} of ${cap} in the last 24 hours): checks are skipped until ${until}; no event is lost, they come later. Raise the option or check less often.`,
					{ node: this.getNode().name, event, maxRequestsPerDay: cap, used: decision.used },
				);
				store.save({ [BUDGET_FIELD]: budgetField({ ...budget, warnedAt: nowMs }) });
			} else {
				// A repaired value (e.g. a time in the future) is stored, so it is repaired once.
				store.save({ [BUDGET_FIELD]: budgetField(budget) });
				this.logger.debug(
					`Salespanel Polling Trigger "${this.getNode().name}": check skipped to stay within Max Requests per Day (${decision.used} of ${cap} used; next check from ${until})`,
					{ node: this.getNode().name, event, reason: decision.reason },
				);
			}
			return null;
		}
		// Before the first request: a poll that starts while this one runs skips.
		markCheckRunning(store.stored, nowMs);
		try {
			return await runCheck.call(this, client, spec, event, store, windowOptions, shape, {
				nowMs,
				fullEveryMs: fullReadMinutes * 60_000,
				msPerRequest: cap > 0 ? DAY_MS / cap : 0,
			});
		} finally {
			markCheckRunning(store.stored, undefined);
			// Failed checks spent requests too. Read again: counts written meanwhile stay.
			if (cap > 0) {
				const current = readBudget(store.stored, nowMs, cap);
				const spent = afterCheck(current, client.requestsSent, cap, nowMs);
				store.save({ [BUDGET_FIELD]: budgetField(spent) });
			} else if (store.stored[BUDGET_FIELD] !== undefined) {
				store.save({ [BUDGET_FIELD]: undefined });
			}
		}
	}
}
