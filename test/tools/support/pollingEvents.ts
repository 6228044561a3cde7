// The polling trigger's events and the minute/hour steps its day-long runs move by, shared by the
// daily-budget test (test/nodes/Salespanel/polling/dailyBudget.test.ts) and the budget bench
// (tools/bench/budget.ts), so both cover the same events.
import type { PollEvent } from '../../../nodes/Salespanel/polling/events';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const POLLING_TRIGGER_NAME = 'Salespanel Polling Trigger';

// A record over PollEvent, so an event added to the node without a place here fails to compile;
// its key order is the order the budget test and bench report events in.
const COVERED: Record<PollEvent, true> = {
	newLead: true,
	newVisitor: true,
	leadActivity: true,
	newVisitingCompany: true,
	personIdentified: true,
	personSegmentQualified: true,
};

/** Every event of the polling trigger. */
export const POLL_EVENTS = Object.keys(COVERED) as PollEvent[];
