import { sleepWithAbort } from 'n8n-workflow';

/**
 * Time source of the transport: every wait (pacing, back-off, Retry-After) goes through `sleep`
 * and every elapsed-time reading through `now`. Tests pass a clock that records the waits and
 * advances its own time instead of sleeping.
 */
export interface Clock {
	now(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
	now: () => Date.now(),
	sleep: async (ms, signal) => await sleepWithAbort(ms, signal),
};
