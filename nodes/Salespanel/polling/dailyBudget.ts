import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../shared/helpers/values';
import { isCount } from './storedState';

/*
 * Max Requests per Day: the trigger counts its own requests over a rolling 24 hours in its static
 * data (the state outlives the process, so times are wall-clock times) and skips a check that
 * would run ahead of the pace the cap allows. A skipped check sends nothing and moves no cursor,
 * so the next check that runs reads everything since: events are delayed, never lost.
 *
 * A backlog is read completely in one check, so a single check may overshoot the cap; the cap
 * then spaces the checks, but never more than MAX_PAUSE_MS apart: events leave Salespanel's
 * 24-hour lists, so a longer pause would lose them.
 */

/** Name of the field in the node's static data (kept when the event changes: the cap is the node's). */
export const BUDGET_FIELD = 'dailyBudget';

export const DAY_MS = 86_400_000;

/** Requests are counted in 10-minute buckets: at most 145 small entries, whatever the schedule. */
const BUCKET_MS = 10 * 60_000;

/**
 * Longest pause the cap makes after a check (plus up to one bucket, the count's precision): half
 * of the 24-hour lists, so even hourly Poll Times read every event before it leaves them.
 */
const MAX_PAUSE_MS = 12 * 3_600_000;

export interface DailyBudget {
	/** [bucket number (time / BUCKET_MS), requests sent in it], oldest first. */
	buckets: Array<[number, number]>;
	/** No check runs before this time (ms): the pace after the requests of the last check. */
	nextAt: number;
	/** When the reached cap was last logged (ms; 0: never), so it is logged once a day. */
	warnedAt: number;
}

const emptyBudget = (): DailyBudget => ({ buckets: [], nextAt: 0, warnedAt: 0 });

/**
 * The stored budget, repaired: entries that are not [bucket, count] pairs of the last 24 hours
 * are dropped, and times in the future (a clock set back, hand-edited data) are brought back to
 * the latest time they could honestly hold, so a damaged value never blocks the trigger for long.
 */
export function readBudget(stored: IDataObject, nowMs: number, cap: number): DailyBudget {
	const value = stored[BUDGET_FIELD];
	if (!isObject(value)) return emptyBudget();
	const nowBucket = Math.floor(nowMs / BUCKET_MS);
	const buckets = Array.isArray(value.buckets)
		? (value.buckets as unknown[])
				.filter(
					(entry): entry is [number, number] =>
						Array.isArray(entry) &&
						entry.length === 2 &&
						isCount(entry[0]) &&
						isCount(entry[1]) &&
						entry[0] <= nowBucket &&
						(entry[0] + 1) * BUCKET_MS > nowMs - DAY_MS,
				)
				.slice(-Math.ceil(DAY_MS / BUCKET_MS) - 1)
		: [];
	// The longest honest wait is MAX_PAUSE_MS (see afterCheck).
	const latestNextAt = cap > 0 ? nowMs + MAX_PAUSE_MS : nowMs;
	const nextAt = isCount(value.nextAt) ? Math.min(value.nextAt, latestNextAt) : 0;
	const warnedAt = isCount(value.warnedAt) && value.warnedAt <= nowMs ? value.warnedAt : 0;
	return { buckets: buckets.map(([bucket, count]) => [bucket, count]), nextAt, warnedAt };
}

/** Requests counted in the last 24 hours (a bucket that began up to 10 minutes earlier counts whole). */
function requestsInDay(budget: DailyBudget): number {
	return budget.buckets.reduce((sum, [, count]) => sum + count, 0);
}

export type BudgetDecision =
	| { run: true }
	| { run: false; reason: 'pace' | 'cap'; untilMs: number; used: number };

/**
 * Whether a check may run now under `cap` requests a day (0: no cap). With the cap spent, the
 * checks wait until the oldest requests leave the 24 hours, but at most MAX_PAUSE_MS after the
 * last counted ones.
 */
export function budgetDecision(budget: DailyBudget, cap: number, nowMs: number): BudgetDecision {
	if (cap <= 0) return { run: true };
	const used = requestsInDay(budget);
	let untilMs = budget.nextAt;
	const oldest = budget.buckets[0];
	const newest = budget.buckets[budget.buckets.length - 1];
	if (used >= cap && oldest !== undefined && newest !== undefined) {
		const oldestLeavesMs = (oldest[0] + 1) * BUCKET_MS + DAY_MS;
		untilMs = Math.max(
			untilMs,
			Math.min(oldestLeavesMs, (newest[0] + 1) * BUCKET_MS + MAX_PAUSE_MS),
		);
	}
	if (nowMs >= untilMs) return { run: true };
	return { run: false, reason: used >= cap ? 'cap' : 'pace', untilMs, used };
}

/**
 * The budget after a check that sent `requests`: counted in the current bucket, and the next
 * check spaced by the share of the day those requests take (86.4 s each at 1,000 a day), so a
 * backlog read in one check is paid for by the quiet time after it, at most MAX_PAUSE_MS.
 */
export function afterCheck(
	budget: DailyBudget,
	requests: number,
	cap: number,
	nowMs: number,
): DailyBudget {
	const bucket = Math.floor(nowMs / BUCKET_MS);
	const buckets = budget.buckets.map(([b, count]): [number, number] => [b, count]);
	const last = buckets[buckets.length - 1];
	if (last !== undefined && last[0] === bucket) last[1] += requests;
	else if (requests > 0) buckets.push([bucket, requests]);
	const nextAt = cap > 0 ? nowMs + Math.min(MAX_PAUSE_MS, Math.ceil((requests * DAY_MS) / cap)) : 0;
	return { ...budget, buckets, nextAt };
}

/** The budget as stored. */
export const budgetField = (budget: DailyBudget): IDataObject => ({
	buckets: budget.buckets.map(([bucket, count]) => [bucket, count]),
	nextAt: budget.nextAt,
	warnedAt: budget.warnedAt,
});
