import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake answers next: model content (a JSON string or anything else), an HTTP error, or silence. */
export type ScriptedAnswer =
  | { content: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { refusal: string }
  | { status: number; message: string }
  | { hang: true };

export interface ChatRequest {
  authorization: string | undefined;
  body: { model: string; messages: { role: string; content: string }[]; response_format?: { type: string; json_schema?: { name: string } } };
}

/**
 * A local OpenAI-compatible server: `POST /v1/chat/completions` answered in the real wire format
 * (`chat.completion` with `choices[0].message` and `usage`). Each test scripts what the "model" says
 * with `answer(…)`, or `respond(fn)` to decide from the request (a malicious model, a timeout);
 * every request is recorded. Nothing leaves the machine.
 */
export async function startFakeOpenAi() {
  const requests: ChatRequest[] = [];
  const queue: ScriptedAnswer[] = [];
  let responder: ((request: ChatRequest) => ScriptedAnswer) | undefined;
  const hanging = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        response.writeHead(404, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ error: { message: `no route ${request.method} ${request.url}`, type: 'invalid_request_error' } }));
      }
      const recorded: ChatRequest = { authorization: request.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest['body'] };
      requests.push(recorded);
      const next = queue.shift() ?? responder?.(recorded) ?? { content: '{}' };
      if ('hang' in next) {
        const end = () => response.destroy();
        hanging.add(end);
        request.socket.once('close', () => hanging.delete(end));
        return;
      }
      if ('status' in next) {
        response.writeHead(next.status, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ error: { message: next.message, type: next.status === 429 ? 'rate_limit_error' : 'server_error' } }));
      }
      const message = 'refusal' in next ? { role: 'assistant', content: null, refusal: next.refusal } : { role: 'assistant', content: next.content, refusal: null };
      const usage = 'usage' in next && next.usage ? next.usage : { prompt_tokens: 120, completion_tokens: 30 };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: `chatcmpl-${requests.length}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: recorded.body.model, choices: [{ index: 0, message, finish_reason: 'stop', logprobs: null }], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    answer: (...answers: ScriptedAnswer[]) => void queue.push(...answers),
    respond: (fn: ((request: ChatRequest) => ScriptedAnswer) | undefined) => void (responder = fn),
    /** The user message of a recorded request, parsed (the data the model was given). */
    data: (request: ChatRequest) => JSON.parse(request.body.messages.find((message) => message.role === 'user')?.content ?? '{}') as Record<string, unknown>,
    reset() {
      requests.length = 0;
      queue.length = 0;
      responder = undefined;
    },
    close: () => new Promise<void>((resolve) => {
      for (const end of hanging) end();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
