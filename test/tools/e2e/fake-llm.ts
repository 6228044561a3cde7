/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// A scripted stand-in for an OpenAI-compatible chat model (no LLM is reachable here). It drives n8n's
// real AI Agent the way a model would: asked about a visitor, it calls the Salespanel tool n8n offers
// with that visitor's email or ID, then answers from what the tool returned. Nothing is invented:
// every number in the answer is counted from the tool result.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLlm {
	/** Base URL for the OpenAI credential, e.g. http://127.0.0.1:1234/v1 */
	url: string;
	requests: Array<{ path: string; body: unknown }>;
	close(): Promise<void>;
}

interface ChatMessage {
	role: string;
	content?: unknown;
	tool_calls?: unknown;
}

interface ToolDef {
	type?: string;
	function?: {
		name?: string;
		description?: string;
		parameters?: { properties?: Record<string, unknown> };
	};
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

const text = (content: unknown): string =>
	typeof content === 'string'
		? content
		: Array.isArray(content)
			? content
					.map((part) =>
						typeof part === 'string' ? part : String((part as { text?: unknown }).text ?? ''),
					)
					.join('')
			: '';

/** Activities from a tool result: the JSON n8n hands back (an array of items, or an object with one). */
function activitiesFrom(result: string): Array<Record<string, unknown>> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(result);
	} catch {
		return [];
	}
	const list = Array.isArray(parsed) ? parsed : [parsed];
	return list
		.map((entry) =>
			entry && typeof entry === 'object' && 'json' in entry
				? (entry as { json: unknown }).json
				: entry,
		)
		.filter(
			(entry): entry is Record<string, unknown> =>
				!!entry && typeof entry === 'object' && 'activity_type' in entry,
		);
}

/** The answer a careful model would give from the activities: counts per type in the last 7 days. */
export function summarize(visitor: string, toolResult: string, now = Date.now()): string {
	const all = activitiesFrom(toolResult);
	const week = all.filter((a) => now - Date.parse(String(a.created_on)) <= WEEK_MS);
	if (week.length === 0)
		return `Visitor ${visitor} had no recorded activity in the last 7 days (${all.length} older activities).`;
	const count = (type: string) => week.filter((a) => a.activity_type === type).length;
	const latest = week[0];
	const what =
		latest.activity_type === 'links'
			? `visited ${String(latest.page_title ?? latest.page_url ?? 'a page')}`
			: latest.activity_type === 'email'
				? 'opened an email'
				: `logged ${String(latest.category)}/${String(latest.label)}`;
	return (
		`This week visitor ${visitor} had ${week.length} activities: ${count('links')} page visits, ` +
		`${count('email')} email opens and ${count('custom_activity')} custom activities. ` +
		`Most recently (${String(latest.created_on)}) they ${what}.`
	);
}

function reply(
	messages: ChatMessage[],
	tools: ToolDef[],
): { content: string | null; toolCall?: { name: string; args: string } } {
	const user = [...messages].reverse().find((m) => m.role === 'user' || m.role === 'human');
	const question = text(user?.content);
	const visitor =
		/[\w.+-]+@[\w-]+(\.[\w-]+)+/.exec(question)?.[0] ??
		/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(question)?.[0];
	const last = messages[messages.length - 1];
	if (last?.role === 'tool')
		return { content: summarize(visitor ?? 'the visitor', text(last.content)) };
	const tool = tools.find((t) => /activit/i.test(t.function?.name ?? '')) ?? tools[0];
	if (!visitor)
		return {
			content: 'Which visitor do you mean? Give me their email address or Salespanel contact ID.',
		};
	if (!tool?.function?.name) return { content: 'I have no Salespanel tool to look that up with.' };
	const args: Record<string, string> = {};
	for (const key of Object.keys(tool.function.parameters?.properties ?? {})) args[key] = visitor;
	return { content: null, toolCall: { name: tool.function.name, args: JSON.stringify(args) } };
}

function completion(model: string, answer: ReturnType<typeof reply>, stream: boolean): string {
	const id = `chatcmpl-e2e-${Date.now()}`;
	const created = Math.floor(Date.now() / 1000);
	const toolCalls = answer.toolCall
		? [
				{
					index: 0,
					id: `call_${created}`,
					type: 'function',
					function: { name: answer.toolCall.name, arguments: answer.toolCall.args },
				},
			]
		: undefined;
	const finish = toolCalls ? 'tool_calls' : 'stop';
	const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
	if (!stream) {
		const calls = toolCalls?.map((call) => ({
			id: call.id,
			type: call.type,
			function: call.function,
		}));
		const message = {
			role: 'assistant',
			content: answer.content,
			...(calls ? { tool_calls: calls } : {}),
		};
		return JSON.stringify({
			id,
			object: 'chat.completion',
			created,
			model,
			choices: [{ index: 0, message, finish_reason: finish }],
			usage,
		});
	}
	const chunk = (delta: object, finishReason: string | null) =>
		`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
	const body = toolCalls
		? chunk({ role: 'assistant', content: null, tool_calls: toolCalls }, null)
		: chunk({ role: 'assistant', content: answer.content }, null);
	return `${body}${chunk({}, finish)}data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\ndata: [DONE]\n\n`;
}

export async function startFakeLlm(port = 0): Promise<FakeLlm> {
	const requests: FakeLlm['requests'] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body: Record<string, unknown> = {};
			try {
				body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
			} catch {
				res
					.writeHead(400, { 'Content-Type': 'application/json' })
					.end('{"error":{"message":"invalid JSON"}}');
				return;
			}
			const urlPath = (req.url ?? '').split('?')[0];
			requests.push({ path: urlPath, body });
			if (req.method === 'GET' && urlPath.endsWith('/models')) {
				const models = ['gpt-4o-mini', 'gpt-4o'].map((id) => ({
					id,
					object: 'model',
					created: 0,
					owned_by: 'e2e',
				}));
				res
					.writeHead(200, { 'Content-Type': 'application/json' })
					.end(JSON.stringify({ object: 'list', data: models }));
				return;
			}
			if (req.method !== 'POST' || !urlPath.endsWith('/chat/completions')) {
				res.writeHead(404, { 'Content-Type': 'application/json' }).end(
					JSON.stringify({
						error: { message: `The stand-in model does not serve ${req.method} ${urlPath}` },
					}),
				);
				return;
			}
			const messages = Array.isArray(body.messages) ? (body.messages as ChatMessage[]) : [];
			const tools = Array.isArray(body.tools) ? (body.tools as ToolDef[]) : [];
			const stream = body.stream === true;
			const answer = reply(messages, tools);
			res.writeHead(200, { 'Content-Type': stream ? 'text/event-stream' : 'application/json' });
			res.end(completion(String(body.model ?? 'gpt-4o-mini'), answer, stream));
		});
	});
	await new Promise<void>((resolveListen) => server.listen(port, '127.0.0.1', resolveListen));
	const address = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${address.port}/v1`,
		requests,
		close: () => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
	};
}
