import { ApplicationError } from 'n8n-workflow';
import type { ExecutionError, IDataObject, INodeExecutionData, IRun, IRunData } from 'n8n-workflow';

export interface RunResult {
	/** `result.data.resultData.runData` */
	runData: IRunData;
	/** `result.data.resultData.error` — set when the execution failed */
	error?: ExecutionError;
	/** Execution status reported by WorkflowExecute (`success`, `error`, …). */
	status: IRun['status'];
	/** The full IRun returned by WorkflowExecute. */
	raw: IRun;
	/** Requests that matched no nock interceptor during the run (see net-watch.ts). */
	unmatchedRequests: string[];
	/** Items of `nodeName`'s output; throws a readable error if the node did not run/produce it. */
	output(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** `output(nodeName).map((i) => i.json)` */
	json(nodeName: string): IDataObject[];
	/** `runData[nodeName][0].error` */
	nodeError(nodeName: string): ExecutionError | undefined;
}

function describeRun(runData: IRunData): string {
	const lines = Object.entries(runData).map(([name, runs]) => {
		const error = runs.find((run) => run.error)?.error;
		return `  - ${name}${error ? ` (error: ${error.message})` : ''}`;
	});
	return lines.length > 0 ? lines.join('\n') : '  (no node ran)';
}

export function createRunResult(run: IRun, unmatchedRequests: string[] = []): RunResult {
	const { runData, error } = run.data.resultData;
	const output = (nodeName: string, outputIndex = 0, runIndex = 0): INodeExecutionData[] => {
		const task = runData[nodeName]?.[runIndex];
		if (task === undefined) {
			const why = error ? `\nExecution error: ${error.message}` : '';
			const net = unmatchedRequests.length
				? `\nUnmatched requests: ${unmatchedRequests.join(', ')}`
				: '';
			throw new ApplicationError(
				`Node "${nodeName}" has no run #${runIndex}. Nodes that ran:\n${describeRun(runData)}${why}${net}`,
			);
		}
		const main = task.data?.main;
		if (main === undefined) {
			const reason = task.error ? `it failed: ${task.error.message}` : 'it produced no main output';
			throw new ApplicationError(`Node "${nodeName}" has no output because ${reason}`);
		}
		return main[outputIndex] ?? [];
	};
	return {
		runData,
		error,
		status: run.status,
		raw: run,
		unmatchedRequests,
		output,
		json: (nodeName) => output(nodeName).map((item) => item.json),
		nodeError: (nodeName) => runData[nodeName]?.[0]?.error,
	};
}
