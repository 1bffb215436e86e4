import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';

// The Bot API stops answering for one chat (a request that hangs): the other chats' replies must
// not wait behind it, and the hung reply is retried, not lost.
const secret = 'hang-webhook-secret-0123';
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-hang-'));
let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
const logs: string[] = [];

beforeAll(async () => {
  fake = await startFakeTelegram();
  kaiwa = await createKaiwa({
    shopDir: 'test/fixtures/echo-shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: '123456:HANG-token-abcdefghijklmnop',
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_API_ROOT: fake.url,
      SEND_RATE_LIMITS: '0',
      SEND_TIMEOUT_SECONDS: '3',
    },
    log: (message) => void logs.push(message),
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await fake.close();
  await kaiwa.close();
  rmSync(dir, { recursive: true, force: true });
});

const say = (id: number, chat: number, text: string) =>
  app.request('/webhooks/telegram', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify({
      update_id: id,
      message: {
        message_id: id,
        from: { id: chat, is_bot: false, first_name: 'H' },
        chat: { id: chat, type: 'private' },
        date: 1763802000,
        text,
      },
    }),
  });
const sentTo = (chat: number) =>
  fake.calls
    .filter((call) => call.method === 'sendMessage' && Number(call.body.chat_id) === chat)
    .map((call) => call.body.text);
const until = async (what: string, done: () => boolean, ms: number) => {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('a platform that stops answering one send', () => {
  it('lets the other chats through while it hangs, and retries the hung reply once it answers again', async () => {
    fake.hangChat(901);
    expect((await say(1, 901, 'stuck')).status).toBe(200);
    expect((await say(2, 902, 'free')).status).toBe(200);
    // The drain waits a moment for the send under way, then claims the new reply beside it.
    await until('the reply to chat 902', () => sentTo(902).length > 0, 10_000);
    expect(sentTo(902)).toEqual(['echo: free']);
    expect(logs).not.toContain('send failed'); // chat 901's send is still hanging, not yet timed out
    // The drain ends once chat 901's send has timed out and been put back for a retry.
    await kaiwa.engine.drain();
    expect(logs).toContain('send failed');
    expect(sentTo(901)).toEqual([]);
    expect(await kaiwa.store.outbox.pendingCount()).toBe(1);

    fake.hangChat(undefined);
    // Retried after its backoff (about a second), by the drain the next webhook or timer starts.
    await until(
      'the retried reply to chat 901',
      () => {
        void kaiwa.engine.drain();
        return sentTo(901).length > 0;
      },
      10_000,
    );
    expect(sentTo(901)).toEqual(['echo: stuck']);
    await kaiwa.engine.drain();
    expect(await kaiwa.store.outbox.pendingCount()).toBe(0);
  }, 30_000);
});
