import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';

// Two instances that share nothing but one PostgreSQL, taking Telegram webhooks for the same chats.
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `kaiwa_scale_${Date.now().toString(36)}${process.pid}`;
const secret = 'scale-webhook-secret-0123';
const conversations = 200;
const messagesEach = 20;

let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
const instances: { kaiwa: Kaiwa; app: ReturnType<typeof createApp> }[] = [];

beforeAll(async () => {
  fake = await startFakeTelegram();
  for (let index = 0; index < 2; index++) {
    const kaiwa = await createKaiwa({
      shopDir: 'test/fixtures/echo-shop',
      env: {
        DATABASE_URL: url,
        DATABASE_SCHEMA: schema,
        DATABASE_POOL_SIZE: '8',
        DEMO_PAYMENT_SECRET: 'scale-demo-secret-0123456789',
        TELEGRAM_BOT_TOKEN: '123456:SCALE-token-abcdefghijklmnop',
        TELEGRAM_WEBHOOK_SECRET: secret,
        TELEGRAM_API_ROOT: fake.url,
        SEND_RATE_LIMITS: '0',
        LOG_LEVEL: 'silent',
      },
      log: () => undefined,
    });
    instances.push({ kaiwa, app: createApp(kaiwa.app) });
  }
});
afterAll(async () => {
  for (const { kaiwa } of instances) await kaiwa.close();
  await fake?.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

// A small deterministic PRNG, so a failure can be replayed.
let seed = 20261122;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

function webhook(instance: number, updateId: number, chat: number, text: string) {
  const body = JSON.stringify({
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: chat, is_bot: false, first_name: 'S' },
      chat: { id: chat, type: 'private' },
      date: 1763802000,
      text,
    },
  });
  return instances[instance]!.app.request('/webhooks/telegram', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body,
  });
}

describe('several instances on one PostgreSQL', () => {
  it(`answers ${conversations} conversations × ${messagesEach} messages, each webhook delivered 2–3 times across instances, in order, none twice, none missing`, async () => {
    let deliveries = 0;
    const conversation = async (chat: number) => {
      for (let message = 0; message < messagesEach; message++) {
        const updateId = chat * 1000 + message;
        const copies = 2 + Math.floor(random() * 2);
        // The copies race each other on different instances, as platform retries do.
        const statuses = await Promise.all(
          Array.from({ length: copies }, (_, copy) =>
            Promise.resolve(webhook((chat + copy + message) % 2, updateId, chat, `m${message}`)).then(
              (response) => response.status,
            ),
          ),
        );
        deliveries += copies;
        expect(statuses.every((status) => status === 200)).toBe(true);
        if (random() < 0.2) await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 3)));
      }
    };
    const chats = Array.from({ length: conversations }, (_, index) => 9_000_000 + index).sort(() => random() - 0.5);
    const inFlight = 24;
    for (let start = 0; start < chats.length; start += inFlight)
      await Promise.all(chats.slice(start, start + inFlight).map(conversation));
    for (let round = 0; round < 20 && (await instances[0]!.kaiwa.store.outbox.pendingCount()) > 0; round++) {
      await Promise.all(instances.map(({ kaiwa }) => kaiwa.engine.drain()));
    }

    const byChat = new Map<string, string[]>();
    for (const call of fake.calls)
      byChat.set(String(call.body.chat_id), [...(byChat.get(String(call.body.chat_id)) ?? []), String(call.body.text)]);
    const expected = Array.from({ length: messagesEach }, (_, message) => `echo: m${message}`);
    const wrong = chats.filter((chat) => JSON.stringify(byChat.get(String(chat))) !== JSON.stringify(expected));
    expect(wrong.slice(0, 3).map((chat) => ({ chat, got: byChat.get(String(chat)) }))).toEqual([]);
    expect(fake.calls).toHaveLength(conversations * messagesEach);
    expect(deliveries).toBeGreaterThan(conversations * messagesEach * 2);
  }, 240_000);

  it('keeps every reply, once and in order, while the platform answers 429 and 500 for a while', async () => {
    const before = fake.calls.length;
    const chats = Array.from({ length: 30 }, (_, index) => 9_500_000 + index);
    // The next 120 Bot API calls fail: a mix of rate limiting (with Retry-After) and server errors.
    fake.failNext(
      ...Array.from({ length: 120 }, (_, index) =>
        index % 3 === 0
          ? { status: 500, description: 'Internal Server Error' }
          : { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 },
      ),
    );
    await Promise.all(
      chats.map(async (chat) => {
        for (let message = 0; message < 8; message++) {
          const response = await webhook(message % 2, chat * 1000 + message, chat, `r${message}`);
          expect(response.status).toBe(200);
        }
      }),
    );
    for (let round = 0; round < 60 && (await instances[0]!.kaiwa.store.outbox.pendingCount()) > 0; round++) {
      await Promise.all(instances.map(({ kaiwa }) => kaiwa.engine.drain()));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const calls = fake.calls.slice(before);
    const expected = Array.from({ length: 8 }, (_, message) => `echo: r${message}`);
    for (const chat of chats)
      expect(
        calls.filter((call) => call.body.chat_id === String(chat)).map((call) => String(call.body.text)),
        `chat ${chat}`,
      ).toEqual(expected);
    expect(calls).toHaveLength(chats.length * 8);
  }, 120_000);
});
