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
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string } };
  };
}

// A toy embedding model with a few concepts, so tests can tell retrieval by meaning from word matching:
// "a present for my mother" shares no word with "Gift set" but lands near it.
const concepts: string[][] = [
  ['gift', 'present', 'souvenir', 'ギフト', '贈り物', 'プレゼント', '詰め合わせ'],
  ['tea', 'sencha', 'matcha', 'hojicha', 'genmaicha', 'gyokuro', '緑茶', '煎茶', '抹茶', 'お茶'],
  ['teapot', 'kyusu', 'teacup', 'yunomi', 'whisk', 'teaware', '急須', '湯のみ', '茶器'],
  ['sweets', 'wagashi', 'dessert', 'snack', '和菓子', 'お菓子'],
];
const dimensions = 32;
function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const lower = text.toLowerCase();
  concepts.forEach((words, concept) => {
    for (const word of words) if (lower.includes(word)) vector[concept]! += 3;
  });
  for (const token of lower.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
    let hash = 0;
    for (const char of token) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
    vector[concepts.length + (hash % (dimensions - concepts.length))]! += 0.25;
  }
  return vector;
}

/**
 * A local OpenAI-compatible server: `POST /v1/chat/completions` answered in the real wire format
 * (`chat.completion` with `choices[0].message` and `usage`). Each test scripts what the "model" says
 * with `answer(…)`, or `respond(fn)` to decide from the request (a malicious model, a timeout);
 * every request is recorded. Nothing leaves the machine.
 */
export async function startFakeOpenAi() {
  const requests: ChatRequest[] = [];
  const embeddingRequests: { model: string; input: string | string[]; dimensions?: number }[] = [];
  let embeddingFailure = 0;
  const queue: ScriptedAnswer[] = [];
  let responder: ((request: ChatRequest) => ScriptedAnswer) | undefined;
  const hanging = new Set<() => void>();
  let delayMs = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/embeddings') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          model: string;
          input: string | string[];
          dimensions?: number;
        };
        embeddingRequests.push(body);
        if (embeddingFailure) {
          response.writeHead(embeddingFailure, { 'content-type': 'application/json' });
          return response.end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
        }
        const inputs = Array.isArray(body.input) ? body.input : [body.input];
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(
          JSON.stringify({
            object: 'list',
            model: body.model,
            data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })),
            usage: { prompt_tokens: inputs.length * 8, total_tokens: inputs.length * 8 },
          }),
        );
      }
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        response.writeHead(404, { 'content-type': 'application/json' });
        return response.end(
          JSON.stringify({
            error: { message: `no route ${request.method} ${request.url}`, type: 'invalid_request_error' },
          }),
        );
      }
      const recorded: ChatRequest = {
        authorization: request.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest['body'],
      };
      requests.push(recorded);
      const next = queue.shift() ?? responder?.(recorded) ?? { content: '{}' };
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      response.once('close', () => inFlight--);
      if (delayMs > 0 && !('hang' in next)) return void setTimeout(() => answer(next, recorded), delayMs);
      answer(next, recorded);
    });
    function answer(next: ScriptedAnswer, recorded: ChatRequest) {
      if ('hang' in next) {
        const end = () => response.destroy();
        hanging.add(end);
        request.socket.once('close', () => hanging.delete(end));
        return;
      }
      if ('status' in next) {
        response.writeHead(next.status, { 'content-type': 'application/json' });
        return response.end(
          JSON.stringify({
            error: { message: next.message, type: next.status === 429 ? 'rate_limit_error' : 'server_error' },
          }),
        );
      }
      const message =
        'refusal' in next
          ? { role: 'assistant', content: null, refusal: next.refusal }
          : { role: 'assistant', content: next.content, refusal: null };
      const usage = 'usage' in next && next.usage ? next.usage : { prompt_tokens: 120, completion_tokens: 30 };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: recorded.body.model,
          choices: [{ index: 0, message, finish_reason: 'stop', logprobs: null }],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    answer: (...answers: ScriptedAnswer[]) => void queue.push(...answers),
    respond: (fn: ((request: ChatRequest) => ScriptedAnswer) | undefined) => void (responder = fn),
    /** Makes every chat completion take this long to answer, like a real model (0: at once). */
    think: (ms: number) => void (delayMs = ms),
    /** The most chat completions that were being answered at one time since the last reset. */
    get maxInFlight() {
      return maxInFlight;
    },
    embeddingRequests,
    /** Makes `/v1/embeddings` answer this HTTP status (0: answer normally again). */
    failEmbeddings: (status: number) => void (embeddingFailure = status),
    /** The user message of a recorded request, parsed (the data the model was given). */
    data: (request: ChatRequest) =>
      JSON.parse(request.body.messages.find((message) => message.role === 'user')?.content ?? '{}') as Record<
        string,
        unknown
      >,
    reset() {
      requests.length = 0;
      embeddingRequests.length = 0;
      embeddingFailure = 0;
      delayMs = 0;
      maxInFlight = 0;
      queue.length = 0;
      responder = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const end of hanging) end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
