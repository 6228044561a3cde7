import { mulberry32, pick, type Rng } from './random';
import type { FaultConfig, LoggedRequest } from './types';

export type FaultAction =
	| { kind: 'reset'; fault: NonNullable<LoggedRequest['fault']> }
	| {
			kind: 'fail';
			fault: NonNullable<LoggedRequest['fault']>;
			status: number;
			body: string;
			headers: Record<string, string>;
	  };

const DETAILS: Record<number, string> = {
	400: 'Bad request.',
	401: 'Invalid token.',
	403: 'You do not have permission to perform this action.',
	404: 'Not found.',
	408: 'Request timeout.',
	429: 'Request was throttled.',
	500: 'A server error occurred.',
	502: 'Bad gateway.',
	503: 'Service temporarily unavailable, try again later.',
	504: 'Gateway timeout.',
};

export function detailBody(status: number): string {
	return JSON.stringify({ detail: DETAILS[status] ?? 'Error.' });
}

/** Deterministic fault decisions (own PRNG stream derived from the sandbox seed). */
export class FaultInjector {
	private readonly rng: Rng;

	constructor(seed: number) {
		this.rng = mulberry32((seed ^ 0x5bd1e995) >>> 0);
	}

	/**
	 * Called for every authenticated API request (`offset`: its offset query parameter, absent = 0):
	 * failNext / resetNext first (only at f.targetOffset when set), then the rates.
	 */
	decide(f: FaultConfig, offset = 0): FaultAction | null {
		const targeted = isTarget(f, offset);
		if (targeted && f.failNext && f.failNext.count > 0) {
			const { status, body, headers } = f.failNext;
			f.failNext.count -= 1;
			if (f.failNext.count <= 0) delete f.failNext;
			return {
				kind: 'fail',
				fault: 'failNext',
				status,
				body: body ?? detailBody(status),
				headers: headers ?? {},
			};
		}
		if (targeted && f.resetNext && f.resetNext > 0) {
			f.resetNext -= 1;
			return { kind: 'reset', fault: 'resetNext' };
		}
		if (f.resetRate && f.resetRate > 0 && this.rng() < f.resetRate) {
			return { kind: 'reset', fault: 'resetRate' };
		}
		if (f.errorRate && f.errorRate > 0 && this.rng() < f.errorRate) {
			const status = pick(this.rng, [500, 502, 503]);
			return { kind: 'fail', fault: 'errorRate', status, body: detailBody(status), headers: {} };
		}
		return null;
	}

	/** Whether this successful list response must be corrupted (consumes one malformedNext). */
	takeMalformed(f: FaultConfig, offset = 0): boolean {
		if (isTarget(f, offset) && f.malformedNext && f.malformedNext > 0) {
			f.malformedNext -= 1;
			return true;
		}
		return false;
	}
}

/** Whether a request at `offset` may take the armed one-shot faults (see FaultConfig.targetOffset). */
function isTarget(f: FaultConfig, offset: number): boolean {
	return f.targetOffset === undefined || f.targetOffset === offset;
}

/** Cuts a JSON document in half so that JSON.parse fails. */
export function truncateJson(body: string): string {
	return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
}
