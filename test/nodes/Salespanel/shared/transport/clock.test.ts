/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// The system clock's wait (a pure helper): n8n-workflow's `sleep` in slices, ended at once by a signal.
import {
	SLEEP_SLICE_MS,
	sleepUnlessAborted,
	StoppedError,
} from '../../../../../nodes/Salespanel/shared/transport/clock';

test('a wait without a signal lasts its time, one spanning several slices too', async () => {
	const started = Date.now();
	await sleepUnlessAborted(SLEEP_SLICE_MS + 50);
	expect(Date.now() - started).toBeGreaterThanOrEqual(SLEEP_SLICE_MS + 40);
});

test('a wait with a signal that never fires lasts its time and leaves no listener behind', async () => {
	const controller = new AbortController();
	const added: unknown[] = [];
	const removed: unknown[] = [];
	const signal = controller.signal;
	const add = signal.addEventListener.bind(signal);
	const remove = signal.removeEventListener.bind(signal);
	signal.addEventListener = ((type: string, listener: () => void, options?: unknown) => {
		added.push(listener);
		add(type, listener, options as Parameters<typeof add>[2]);
	}) as typeof signal.addEventListener;
	signal.removeEventListener = ((type: string, listener: () => void) => {
		removed.push(listener);
		remove(type, listener);
	}) as typeof signal.removeEventListener;
	const started = Date.now();
	await sleepUnlessAborted(120, signal);
	expect(Date.now() - started).toBeGreaterThanOrEqual(110);
	expect(removed).toEqual(added);
});

test('an abort ends a long wait at once with StoppedError', async () => {
	const controller = new AbortController();
	const started = Date.now();
	const waiting = sleepUnlessAborted(60_000, controller.signal);
	setTimeout(() => controller.abort(), 30);
	await expect(waiting).rejects.toBeInstanceOf(StoppedError);
	expect(Date.now() - started).toBeLessThan(SLEEP_SLICE_MS);
});

test('a signal aborted before the wait rejects without waiting', async () => {
	const controller = new AbortController();
	controller.abort();
	await expect(sleepUnlessAborted(60_000, controller.signal)).rejects.toBeInstanceOf(StoppedError);
});

test('zero, negative and NaN waits end at once', async () => {
	const started = Date.now();
	await sleepUnlessAborted(0);
	await sleepUnlessAborted(-5, new AbortController().signal);
	await sleepUnlessAborted(Number.NaN, new AbortController().signal);
	expect(Date.now() - started).toBeLessThan(200);
});
