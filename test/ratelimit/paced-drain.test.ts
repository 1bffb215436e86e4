import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';

const secret = 'paced-secret-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-paced-'));
let telegram: Awaited<ReturnType<typeof startFakeTelegram>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  kaiwa = await createKaiwa({
    shopDir: 'test/fixtures/echo-shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: '123456:PACE-token-abcdefghijklmnop',
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_API_ROOT: telegram.url,
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

const update = (id: number, chat: number, text: string) =>
  JSON.stringify({
    update_id: id,
    message: {
      message_id: id,
      date: 1763802000,
      chat: { id: chat, type: 'private' },
      from: { id: chat, is_bot: false, first_name: 'A' },
      text,
    },
  });
const post = (body: string) =>
  app.request('/webhooks/telegram', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body,
  });

describe('outbound pacing (Telegram: 1 message/s per chat after a burst of 3)', () => {
  it('delays the fourth message to one chat by about a second, in order, while another chat is not held up', async () => {
    for (let i = 1; i <= 4; i++) expect((await post(update(7000 + i, 11, `m${i}`))).status).toBe(200);
    expect((await post(update(7100, 22, 'other'))).status).toBe(200);
    const started = Date.now();
    await kaiwa.engine.drain();
    await kaiwa.engine.drain();
    const elapsed = Date.now() - started;
    const toChat = (chat: number) =>
      telegram.calls
        .filter((call) => call.method === 'sendMessage' && Number(call.body.chat_id) === chat)
        .map((call) => String(call.body.text));
    expect(toChat(11)).toEqual(
      ['m1', 'm2', 'm3', 'm4'].map((text) => expect.stringContaining(text) as unknown as string),
    );
    expect(toChat(22)).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(900);
  });
});
