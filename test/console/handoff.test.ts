import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';

const secret = 'handoff-webhook-secret-01';
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-handoff-'));
let telegram: Awaited<ReturnType<typeof startFakeTelegram>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: '123456:HANDOFF-token-abcdefghijklm',
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_API_ROOT: telegram.url,
      SEND_RATE_LIMITS: '0',
    },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa.close();
  await telegram.close();
  rmSync(dir, { recursive: true, force: true });
});

let updateId = 5000;
const fromShopper = async (text: string, id = ++updateId) => {
  const body = JSON.stringify({
    update_id: id,
    message: {
      message_id: id,
      date: 1763802000,
      chat: { id: 777, type: 'private' },
      from: { id: 777, is_bot: false, first_name: 'Aiko', language_code: 'ja' },
      text,
    },
  });
  expect(
    (
      await app.request('/webhooks/telegram', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body,
      })
    ).status,
  ).toBe(200);
  await kaiwa.engine.drain();
};
const sent = () => telegram.calls.filter((call) => call.method === 'sendMessage').map((call) => String(call.body.text));
const api = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(
    `/admin/api${path}`,
    body === undefined
      ? { headers }
      : { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) },
  );
const conversation = '/conversations/telegram/777';

describe('human handoff', () => {
  it('pauses the bot when the shopper asks for a person and queues the conversation', async () => {
    await fromShopper('こんにちは');
    await fromShopper('担当者と話したいです');
    expect(sent().at(-1)).toContain('担当者');
    const queue = (await (await api('/handoffs')).json()) as { handoffs: { key: string; reason: string }[] };
    expect(queue.handoffs.map((item) => item.key)).toEqual(['telegram:777']);
    const before = sent().length;
    await fromShopper('まだですか？');
    expect(sent().length).toBe(before); // the bot stays quiet
    const detail = (await (await api(conversation)).json()) as {
      handoff: { lastMessage: string };
      transcript: { direction: string }[];
    };
    expect(detail.handoff.lastMessage).toBe('まだですか？');
  });

  it("sends the agent's reply through the shopper's channel, via the outbox", async () => {
    const response = await api(`${conversation}/messages`, { text: '担当の佐藤です。ご用件をどうぞ。' });
    expect(response.status).toBe(202);
    await kaiwa.engine.drain();
    expect(sent().at(-1)).toBe('担当の佐藤です。ご用件をどうぞ。');
    const detail = (await (await api(conversation)).json()) as { transcript: { direction: string; reply?: Reply }[] };
    expect(detail.transcript.at(-1)).toMatchObject({
      direction: 'out',
      reply: { type: 'text', text: '担当の佐藤です。ご用件をどうぞ。', purpose: 'agent' },
    });
  });

  it('refuses bad input clearly: no JSON, another site, empty text, a conversation the bot is answering', async () => {
    expect(
      (
        await app.request(`/admin/api${conversation}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'text=hi',
        })
      ).status,
    ).toBe(415);
    expect((await api(`${conversation}/messages`, { text: 'hi' }, { origin: 'https://evil.example' })).status).toBe(
      403,
    );
    const empty = await api(`${conversation}/messages`, { text: '   ' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { field: string } }).error.field).toBe('text');
    expect((await api('/conversations/telegram/999/messages', { text: 'hi' })).status).toBe(409);
    expect((await api('/conversations/telegram/999')).status).toBe(404);
  });

  it('returns the conversation to the bot on release', async () => {
    expect(await (await api(`${conversation}/release`, {})).json()).toEqual({ released: true });
    expect((await (await api('/handoffs')).json()) as unknown).toEqual({ handoffs: [] });
    const before = sent().length;
    await fromShopper('送料はいくらですか');
    expect(sent().length).toBeGreaterThan(before);
    expect(sent().slice(before).join('\n')).toContain('500円');
  });

  it('lets an agent take over a conversation from the console too', async () => {
    expect((await api(`${conversation}/handoff`, { reason: 'VIP customer' })).status).toBe(200);
    const before = sent().length;
    await fromShopper('こんにちは');
    expect(sent().length).toBe(before);
    await api(`${conversation}/release`, {});
  });
});

describe('admin API access', () => {
  it('needs ADMIN_TOKEN when it is set', async () => {
    const guarded = await createKaiwa({
      shopDir: 'examples/shop',
      env: { DATABASE_URL: 'sqlite://:memory:', LOG_LEVEL: 'silent', ADMIN_TOKEN: 'console-token-0123456789' },
      log: () => undefined,
    });
    const guardedApp = createApp(guarded.app);
    expect((await guardedApp.request('/admin/api/handoffs')).status).toBe(401);
    expect(
      (
        await guardedApp.request('/admin/api/handoffs', {
          headers: { authorization: 'Bearer console-token-0123456789' },
        })
      ).status,
    ).toBe(200);
    await guarded.close();
  });
});
