// A trigger's state in n8n's real workflow static data (n8n-workflow's Workflow, which marks the
// data changed and saves it only then): the node's own object, and the fallback in the global
// static data when the node's value is not an object.
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import {
	FALLBACK_STATE_PREFIX,
	openNodeState,
} from '../../../../../nodes/Salespanel/shared/helpers/nodeState';
import { savedWorkflowOf } from './savedWorkflow';

const { node, workflowWith, contextOf, saved } = savedWorkflowOf({
	name: 'Salespanel Polling Trigger',
	type: 'salespanelPollingTrigger',
});
const OWN = `node:${node.name}`;
const FALLBACK = `${FALLBACK_STATE_PREFIX}${node.name}`;

describe("the node's own static data", () => {
	test('reads what is stored; save writes only changed fields, so an unchanged save leaves n8n nothing to store', () => {
		const workflow = workflowWith({ [OWN]: { cursor: 'a', seen: ['x'] } });
		const state = openNodeState(contextOf(workflow))!;
		expect(state.stored).toEqual({ cursor: 'a', seen: ['x'] });
		state.save({ cursor: 'a', seen: ['x'] });
		expect(workflow.staticData.__dataChanged).toBe(false);
		state.save({ cursor: 'b', seen: ['x'] });
		expect(workflow.staticData.__dataChanged).toBe(true);
		expect(saved(workflow)[OWN]).toEqual({ cursor: 'b', seen: ['x'] });
	});

	test('write stores without comparing, and removes a field written as undefined', () => {
		const workflow = workflowWith({ [OWN]: { a: 1, b: 2 } });
		const state = openNodeState(contextOf(workflow))!;
		state.write('a', 1);
		expect(workflow.staticData.__dataChanged).toBe(true);
		state.write('b', undefined);
		expect(saved(workflow)[OWN]).toEqual({ a: 1 });
	});
});

describe('a node value that is not an object: the fallback in the global static data', () => {
	test.each([
		['a string', 'garbage'],
		['a list', [1, 2]],
		['a number', 42],
	])('%s: state lives under salespanelState:<node name>, saved as a whole', (_label, damaged) => {
		const workflow = workflowWith({ [OWN]: damaged as never });
		const first = openNodeState(contextOf(workflow))!;
		expect(first.stored).toEqual({});
		first.save({ cursor: 'a' });
		expect(workflow.staticData.__dataChanged).toBe(true);
		expect((saved(workflow).global as IDataObject)[FALLBACK]).toEqual({ cursor: 'a' });

		// The next run finds it there; an unchanged save is no change.
		const next = workflowWith(saved(workflow));
		const state = openNodeState(contextOf(next))!;
		expect(state.stored).toEqual({ cursor: 'a' });
		state.save({ cursor: 'a' });
		expect(next.staticData.__dataChanged).toBe(false);
		state.write('seen', 'x');
		expect(next.staticData.__dataChanged).toBe(true);
		expect((saved(next).global as IDataObject)[FALLBACK]).toEqual({ cursor: 'a', seen: 'x' });
	});

	test('no state at all when the global static data is not an object either', () => {
		const ctx = {
			getWorkflowStaticData: () => 'garbage',
			getNode: () => node,
		} as unknown as IPollFunctions;
		expect(openNodeState(ctx)).toBeUndefined();
	});
});
