import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProductCard, Reply } from '../../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../../src/app/index.js';
import { createApp } from '../../../src/server/app.js';
import { startFakeOpenAi, type ChatRequest, type ScriptedAnswer } from '../../fakes/openai-api.js';

const apiKey = 'sk-test-kaiwa-llm-secret-0123';
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-llm-'));
let openai: Awaited<ReturnType<typeof startFakeOpenAi>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
const logs: { message: string; details: Record<string, unknown> }[] = [];

beforeAll(async () => {
  openai = await startFakeOpenAi();
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: apiKey,
      OPENAI_BASE_URL: openai.url,
      OPENAI_MODEL: 'test-model',
      OPENAI_TIMEOUT_MS: '400',
      OPENAI_PRICE_INPUT: '0.15',
      OPENAI_PRICE_OUTPUT: '0.6',
    },
    log: (message, details) => void logs.push({ message, details }),
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa.close();
  await openai.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  openai.reset();
  logs.length = 0;
});

const say = async (user: string, text: string): Promise<Reply[]> =>
  (
    (await (
      await app.request('/simulator/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, text }),
      })
    ).json()) as { replies: Reply[] }
  ).replies;
const cards = (replies: Reply[]): ProductCard[] =>
  replies.flatMap((reply) => (reply.type === 'products' ? reply.products : []));
const text = (replies: Reply[]) => replies.flatMap((reply) => ('text' in reply ? [reply.text] : [])).join('\n');
const purpose = (request: ChatRequest) => request.body.response_format?.json_schema?.name;
const candidates = (request: ChatRequest) => openai.data(request).candidates as { id: string; title: string }[];
/** A model that answers recommendation requests with `picks(candidates)`, and nothing else. */
const recommending =
  (picks: (ids: string[]) => unknown): ((request: ChatRequest) => ScriptedAnswer) =>
  (request) =>
    purpose(request) === 'recommendations'
      ? { content: JSON.stringify({ picks: picks(candidates(request).map((item) => item.id)) }) }
      : { content: JSON.stringify({ entryId: null, answer: '', intent: null }) };

describe('LLM recommendations through the openai client', () => {
  it('keeps only candidate ids, once each, with the model reason when it states no figure, and prices from the catalog', async () => {
    openai.respond(
      recommending((ids) => [
        { id: 'tea-invented-999', reason: 'A great tea' },
        { id: ids[2], reason: 'Deep and mellow, good with sweets' },
        { id: ids[2], reason: 'again' },
        { id: ids[0], reason: 'Only ¥100 today, 90% off!' },
      ]),
    );
    await say('llm-1', 'hello');
    const shown = cards(await say('llm-1', 'recommend a green tea'));
    const request = openai.requests.find((item) => purpose(item) === 'recommendations')!;
    expect(request.authorization).toBe(`Bearer ${apiKey}`);
    expect(request.body.model).toBe('test-model');
    const offered = candidates(request).map((item) => item.id);
    expect(shown.map((card) => card.id)).toEqual([offered[2], offered[0]]);
    expect(shown[0]?.reason).toBe('Deep and mellow, good with sweets');
    expect(shown[1]?.reason).not.toMatch(/100|90|¥/);
    for (const card of shown) {
      const product = (await (await app.request(`/api/products/${card.id}`)).json()) as {
        price: unknown;
        stock: number;
      };
      expect(card.price).toEqual(product.price);
    }
  });

  it('falls back to the offline picks in the same turn on a timeout, a 500, malformed JSON or a refusal', async () => {
    await say('llm-2', 'hello');
    for (const failure of [
      { hang: true },
      { status: 500, message: 'overloaded' },
      { content: 'not json at all' },
      { refusal: 'I cannot help with that' },
    ] as ScriptedAnswer[]) {
      openai.answer(failure);
      const started = Date.now();
      const shown = cards(await say('llm-2', 'recommend a green tea'));
      expect(shown.length).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(3000);
    }
    const outcomes = logs.filter((entry) => entry.message === 'llm call').map((entry) => entry.details.outcome);
    expect(outcomes).toEqual([
      'fallback: timeout',
      'fallback: HTTP 500',
      'fallback: malformed JSON',
      'fallback: refused',
    ]);
  });

  it('logs model, tokens, latency and cost per call, and never the API key', async () => {
    openai.respond(recommending((ids) => [{ id: ids[0], reason: 'Fresh and light' }]));
    await say('llm-3', 'hello');
    await say('llm-3', 'recommend a green tea');
    const call = logs.find((entry) => entry.message === 'llm call')!;
    expect(call.details).toMatchObject({
      purpose: 'recommend',
      model: 'test-model',
      promptTokens: 120,
      completionTokens: 30,
      outcome: 'ok',
    });
    expect(call.details.costUsd).toBeCloseTo((120 * 0.15 + 30 * 0.6) / 1_000_000, 12);
    expect(typeof call.details.latencyMs).toBe('number');
    expect(JSON.stringify(logs)).not.toContain(apiKey);
  });
});

describe('LLM FAQ answers', () => {
  const faqModel =
    (answer: (ids: string[]) => { entryId: string | null; answer: string }) =>
    (request: ChatRequest): ScriptedAnswer =>
      purpose(request) === 'faq_answer'
        ? {
            content: JSON.stringify(
              answer((openai.data(request).entries as { id: string }[]).map((entry) => entry.id)),
            ),
          }
        : { content: JSON.stringify({ picks: [], intent: null }) };

  it('answers from the cited entry, and replaces an answer that states a figure the entry does not', async () => {
    await say('faq-1', 'こんにちは');
    openai.respond(faqModel((ids) => ({ entryId: ids[0]!, answer: '送料は全国一律500円です。' })));
    expect(text(await say('faq-1', '送料っていくら？'))).toContain('送料は全国一律500円です。');
    openai.respond(faqModel((ids) => ({ entryId: ids[0]!, answer: '送料は無料、今なら100円引きです！' })));
    const replaced = text(await say('faq-1', '送料っていくら？'));
    expect(replaced).not.toContain('100円引き');
    expect(replaced).toContain('500円');
  });

  it('abstains when the model says no entry applies, so the flow offers a person', async () => {
    await say('faq-2', 'hello');
    openai.respond(faqModel(() => ({ entryId: null, answer: '' })));
    const replies = await say('faq-2', 'how much is shipping to the moon?');
    expect(text(replies)).not.toContain('500 yen');
  });
});

describe('LLM intent classification', () => {
  it('routes free text no keyword matched to a named intent, and ignores names that are not intents', async () => {
    await say('intent-1', 'hello');
    openai.respond((request) =>
      purpose(request) === 'intent'
        ? { content: JSON.stringify({ intent: 'cart' }) }
        : { content: JSON.stringify({ entryId: null, answer: '', picks: [] }) },
    );
    expect(text(await say('intent-1', 'what have I put aside so far'))).toMatch(/cart is empty/i);
    openai.respond((request) =>
      purpose(request) === 'intent'
        ? { content: JSON.stringify({ intent: 'deleteEverything' }) }
        : { content: JSON.stringify({ entryId: null, answer: '', picks: [] }) },
    );
    expect(text(await say('intent-1', 'zzz qqq please do it'))).toMatch(/didn't catch that/);
  });
});

describe('model calls and the turn', () => {
  type Traced = { messages: { direction: string; trace?: { calls: { kind: string; name: string }[] } }[] };
  const modelCalls = async (user: string) =>
    ((await (await app.request(`/simulator/api/conversations/${user}`)).json()) as Traced).messages.flatMap(
      (message) => message.trace?.calls.filter((call) => call.kind === 'llm').map((call) => call.name) ?? [],
    );

  it('asks the model outside the one SQLite writer: five shoppers are answered together, each question asked once and shown in its turn', async () => {
    const users = ['rush-0', 'rush-1', 'rush-2', 'rush-3', 'rush-4'];
    for (const user of users) await say(user, 'hello');
    openai.respond(recommending((ids) => [{ id: ids[0], reason: 'Fresh and light' }]));
    // One shopper alone, for the questions one such turn asks.
    await say('rush-alone', 'hello');
    openai.reset();
    openai.respond(recommending((ids) => [{ id: ids[0], reason: 'Fresh and light' }]));
    expect(cards(await say('rush-alone', 'recommend a green tea'))).toHaveLength(1);
    const perTurn = openai.requests.length;
    expect(await modelCalls('rush-alone')).toContain('recommend');

    openai.reset();
    openai.respond(recommending((ids) => [{ id: ids[0], reason: 'Fresh and light' }]));
    openai.think(150);
    const answered = await Promise.all(users.map((user) => say(user, 'recommend a green tea')));
    for (const replies of answered) expect(cards(replies)).toHaveLength(1);
    // While one turn held the writer through its model call, the others' calls waited: one in flight at most.
    // (All five usually overlap; a loaded machine may start them further apart than a model call.)
    expect(openai.maxInFlight).toBeGreaterThan(1);
    expect(openai.requests).toHaveLength(perTurn * users.length);
    for (const user of users) expect(await modelCalls(user)).toEqual(await modelCalls('rush-alone'));
  });
});
