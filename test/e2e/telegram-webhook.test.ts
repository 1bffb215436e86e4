import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';

const secret = 'e2e-webhook-secret-0123';
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-telegram-'));
let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
let now = new Date('2026-11-22T09:00:00Z');

beforeAll(async () => {
  fake = await startFakeTelegram();
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    clock: { now: () => now },
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: '123456:E2E-token-abcdefghijklmnop',
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_API_ROOT: fake.url,
    },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const update = (id: number, chat: number, body: Record<string, unknown>) => JSON.stringify({ update_id: id, ...body });
const text = (id: number, chat: number, words: string) =>
  update(id, chat, {
    message: {
      message_id: id,
      from: { id: chat, is_bot: false, first_name: 'A', language_code: 'ja' },
      chat: { id: chat, type: 'private' },
      date: 1763802000,
      text: words,
    },
  });
const post = (body: string, headerSecret = secret) =>
  app.request('/webhooks/telegram', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': headerSecret },
    body,
  });
const settle = async () => {
  await kaiwa.engine.drain();
};

describe('Telegram webhooks end to end', () => {
  it('answers a greeting with the menu as an inline keyboard, once even when redelivered', async () => {
    fake.calls.length = 0;
    expect((await post(text(1, 701, 'こんにちは'))).status).toBe(200);
    await settle();
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({
      method: 'sendMessage',
      body: { chat_id: '701', text: expect.stringContaining('いらっしゃいませ') },
    });
    const keyboard = (
      fake.calls[0]?.body.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
    ).inline_keyboard;
    expect(keyboard.map((row) => row[0]?.text)).toContain('おすすめを見る');
    // Telegram redelivers the same update: acknowledged, nothing sent twice.
    expect((await post(text(1, 701, 'こんにちは'))).status).toBe(200);
    await settle();
    expect(fake.calls).toHaveLength(1);
  });

  it('answers a pressed button with answerCallbackQuery and product photos', async () => {
    fake.calls.length = 0;
    const press = update(2, 701, {
      callback_query: {
        id: 'cbq-1',
        from: { id: 701, is_bot: false, first_name: 'A' },
        message: { message_id: 5, chat: { id: 701, type: 'private' }, date: 1763802001 },
        chat_instance: '1',
        data: 'k1:go:recommend',
      },
    });
    expect((await post(press)).status).toBe(200);
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.calls.find((call) => call.method === 'answerCallbackQuery')?.body).toEqual({
      callback_query_id: 'cbq-1',
    });
    const photos = fake.calls.filter((call) => call.method === 'sendPhoto');
    expect(photos.length).toBeGreaterThan(0);
    expect(String(photos[0]?.body.caption)).toMatch(/￥[\d,]+/);
  });

  it('refuses a wrong secret (401) and a malformed body (400), storing nothing', async () => {
    const before = await kaiwa.store.transcript.list('telegram:702');
    expect((await post(text(3, 702, 'hi'), 'wrong-secret-000000000')).status).toBe(401);
    expect((await post('{"update_id": ')).status).toBe(400);
    expect(await kaiwa.store.transcript.list('telegram:702')).toEqual(before);
    expect((await app.request('/webhooks/line', { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('delays replies while Telegram answers 429, loses none and keeps their order', async () => {
    fake.calls.length = 0;
    fake.failNext({ status: 429, description: 'Too Many Requests: retry after 3', retryAfter: 3 });
    await post(text(10, 703, 'hello'));
    await post(text(11, 703, 'how much is shipping?'));
    await settle();
    expect(fake.calls).toHaveLength(0);
    expect(await kaiwa.store.outbox.pendingCount()).toBe(2);
    now = new Date(now.getTime() + 4_000);
    await settle();
    const texts = fake.calls.filter((call) => call.body.chat_id === '703').map((call) => String(call.body.text));
    expect(texts[0]).toMatch(/Welcome/);
    expect(texts.some((line) => /500 yen/.test(line))).toBe(true);
    expect(texts.findIndex((line) => /500 yen/.test(line))).toBeGreaterThan(0);
    expect(await kaiwa.store.outbox.pendingCount()).toBe(0);
  });
});
