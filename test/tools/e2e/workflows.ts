/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// The example workflows from examples/ as the e2e suite and the demo import them (wired to the
// imported credentials), and the credentials they use.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from '../runner/project';
import {
	SALESPANEL,
	SALESPANEL_CREDENTIAL,
	SALESPANEL_TOOL,
	SUITE_IDS,
	type WorkflowJson,
} from '../runner/workflows';

export const LLM_CREDENTIAL = {
	id: 'e2eStandInLlm01',
	name: 'Stand-in chat model (local, scripted)',
};

export const WORKFLOW_IDS = {
	...SUITE_IDS,
	slackAlert: 'exSlackAlert0001',
	crmSync: 'exCrmSync0000001',
	formEnrichment: 'exFormEnrich0001',
	aiAgent: 'exAiAgent0000001',
} as const;

/** examples/<file> → workflow id in the suite and the demo. */
export const EXAMPLES = [
	{ file: 'slack-alert-segment-qualified.json', id: WORKFLOW_IDS.slackAlert },
	{ file: 'nightly-crm-sync-new-leads.json', id: WORKFLOW_IDS.crmSync },
	{ file: 'form-submission-enrichment.json', id: WORKFLOW_IDS.formEnrichment },
	{ file: 'ai-agent-visitor-activity.json', id: WORKFLOW_IDS.aiAgent },
] as const;

export function credentialsFile(sandboxUrl: string, token: string, llmUrl: string): object[] {
	return [
		{
			...SALESPANEL_CREDENTIAL,
			type: 'salespanelApi',
			data: { apiToken: token, baseUrl: sandboxUrl },
		},
		{ ...LLM_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-local-stand-in', url: llmUrl } },
	];
}

const CREDENTIAL_BY_TYPE: Record<string, { id: string; name: string }> = {
	salespanelApi: SALESPANEL_CREDENTIAL,
	openAiApi: LLM_CREDENTIAL,
};

/** Credential each node type uses when an example leaves it unset (as examples must: ids are per instance). */
const CREDENTIAL_FOR_NODE: Record<string, string> = {
	[SALESPANEL]: 'salespanelApi',
	[SALESPANEL_TOOL]: 'salespanelApi',
	'@n8n/n8n-nodes-langchain.lmChatOpenAi': 'openAiApi',
};

/** Reads an example and points its nodes at the imported credentials, as a user does after importing it. */
export function loadExample(file: string, id: string): WorkflowJson {
	const workflow = JSON.parse(
		readFileSync(path.join(repoRoot(), 'examples', file), 'utf8'),
	) as WorkflowJson;
	for (const node of workflow.nodes) {
		const type = CREDENTIAL_FOR_NODE[node.type];
		if (type) node.credentials = { [type]: CREDENTIAL_BY_TYPE[type] };
		for (const name of Object.keys(node.credentials ?? {})) {
			if (CREDENTIAL_BY_TYPE[name] && node.credentials)
				node.credentials[name] = CREDENTIAL_BY_TYPE[name];
		}
	}
	return { ...workflow, id, active: false };
}
