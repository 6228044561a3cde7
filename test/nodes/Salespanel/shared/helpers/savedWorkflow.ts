// A trigger's saved workflow, as n8n loads it: n8n-workflow's Workflow, which marks the static data
// changed and saves it only then. For the tests of the triggers' state (nodeState, the webhook
// trigger's duplicate check).
import { Workflow } from 'n8n-workflow';
import type { IDataObject, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import { toNode } from '../../../../tools/harness';

export function savedWorkflowOf(spec: { name: string; type: string }) {
	const node = toNode(spec);
	return {
		node,
		/** The workflow holding a copy of this static data, as loaded from the database. */
		workflowWith: (staticData: IDataObject) =>
			new Workflow({
				id: 'w',
				nodes: [node],
				connections: {},
				active: true,
				nodeTypes: { getByNameAndVersion: () => ({ description: { properties: [] } }) } as never,
				staticData: JSON.parse(JSON.stringify(staticData)) as IDataObject,
			}),
		/** The trigger's context: its static data is the workflow's. */
		contextOf: (workflow: Workflow) =>
			({
				getWorkflowStaticData: (type: string) => workflow.getStaticData(type, node),
				getNode: () => node,
			}) as unknown as IPollFunctions & IWebhookFunctions,
		/** What n8n would store. */
		saved: (workflow: Workflow) => JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
	};
}
