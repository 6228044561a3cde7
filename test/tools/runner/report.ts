/* eslint-disable no-console */
// The report of the e2e, queue and ui suites: one line per case as it finishes, and the totals.

export interface CaseResult {
	label: string;
	name: string;
	ok: boolean;
	detail: string;
	ms: number;
}

export class CheckError extends Error {}

export function expect(condition: unknown, message: string): asserts condition {
	if (!condition) throw new CheckError(message);
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	if (a !== e)
		throw new CheckError(`${what}: got ${a?.slice(0, 300)}, expected ${e?.slice(0, 300)}`);
}

export class Report {
	readonly results: CaseResult[] = [];
	label = '';
	private closed = false;

	/** After this, nothing more is recorded: a suite still unwinding after its time limit adds no lines. */
	close(): void {
		this.closed = true;
	}

	/** Runs one case: `fn` returns a short detail on success and throws on failure. */
	async check(name: string, fn: () => Promise<string> | string): Promise<boolean> {
		if (this.closed) return false;
		const started = Date.now();
		let ok = true;
		let detail: string;
		try {
			detail = await fn();
		} catch (error) {
			ok = false;
			detail = error instanceof Error ? error.message : String(error);
		}
		this.record({ label: this.label, name, ok, detail, ms: Date.now() - started });
		return ok;
	}

	fail(name: string, detail: string): void {
		if (this.closed) return;
		this.record({ label: this.label, name, ok: false, detail, ms: 0 });
	}

	private record(result: CaseResult) {
		this.results.push(result);
		const time = result.ms >= 100 ? ` (${(result.ms / 1000).toFixed(1)} s)` : '';
		const detail = result.detail.replace(/\s+/g, ' ').slice(0, result.ok ? 220 : 1200);
		console.log(
			`${result.ok ? 'PASS' : 'FAIL'} [${result.label}] ${result.name}${detail ? ` — ${detail}` : ''}${time}`,
		);
	}

	get failed(): number {
		return this.results.filter((r) => !r.ok).length;
	}

	get passed(): number {
		return this.results.filter((r) => r.ok).length;
	}

	summary(): string {
		return `${this.passed} passed, ${this.failed} failed`;
	}
}
