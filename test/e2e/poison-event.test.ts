import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';

const secret = 'poison-webhook-secret-0123';
// The echo shop with a bug: its action throws on one message. Inside the repository so actions.ts resolves `kaiwajs/flows`.
mkdirSync('tmp', { recursive: true });
const work = mkdtempSync(join(process.cwd(), 'tmp', 'poison-'));
const shop = join(work, 'shop');
let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
const logs: string[] = [];

beforeAll(async () => {
  cpSync('test/fixtures/echo-shop', shop, { recursive: true });
  writeFileSync(
    join(shop, 'actions.ts'),
    `import type { FlowAction } from 'kaiwajs/flows';
const echo: FlowAction = async ({ event }) => {
  if (event.text === 'boom') throw new TypeError("Cannot read properties of undefined (reading 'price')");
  return { replies: [{ type: 'text', text: \`echo: \${event.text ?? ''}\` }] };
};
export default { actions: { echo }, guards: {} };
`,
  );
  fake = await startFakeTelegram();
  kaiwa = await createKaiwa({
    shopDir: shop,
    env: {
      DATABASE_URL: `sqlite://${join(work, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: '123456:POISON-token-abcdefghijklmn',
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_API_ROOT: fake.url,
    },
    log: (message) => void logs.push(message),
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa.close();
  await fake.close();
  rmSync(work, { recursive: true, force: true });
});

const text = (id: number, chat: number, words: string) =>
  JSON.stringify({
    update_id: id,
    message: {
      message_id: id,
      from: { id: chat, is_bot: false, first_name: 'P' },
      chat: { id: chat, type: 'private' },
      date: 1763802000,
      text: words,
    },
  });
const post = (body: string) =>
  app.request('/webhooks/telegram', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body,
  });
const sentTo = (chat: number) =>
  fake.calls
    .filter(
      (call) => call.method === 'sendMessage' && String((call.body as { chat_id: unknown }).chat_id) === String(chat),
    )
    .map((call) => String((call.body as { text: unknown }).text));

describe('an event whose turn fails every time (poison event)', () => {
  it('is redelivered twice with 500, then acknowledged once with an apology, while other messages go on', async () => {
    const boom = text(9001, 901, 'boom');
    expect((await post(boom)).status).toBe(500);
    expect((await post(text(9002, 902, 'hello'))).status).toBe(200);
    expect((await post(boom)).status).toBe(500);
    expect(logs.filter((message) => message === 'turn failed; the platform will redeliver')).toHaveLength(2);
    await kaiwa.engine.drain();
    expect(sentTo(901)).toEqual([]);
    expect(sentTo(902)).toEqual(['echo: hello']);

    // The third delivery is the last attempt: acknowledged, the shopper told, the merchant alerted.
    expect((await post(boom)).status).toBe(200);
    await kaiwa.engine.drain();
    expect(sentTo(901)).toEqual([
      'Sorry, something went wrong with that message on our side. Please try again, or ask for a member of staff.',
    ]);
    expect(logs).toContain('turn failed; giving up on the event');
    expect(logs.some((message) => message.startsWith('ALERT a turn failed every attempt'))).toBe(true);

    // Further redeliveries are duplicates: nothing more is said.
    expect((await post(boom)).status).toBe(200);
    await kaiwa.engine.drain();
    expect(sentTo(901)).toHaveLength(1);

    // The transcript keeps the message, marked with why it got no answer; the conversation carries on.
    const entries = await kaiwa.store.transcript.list(
      conversationKey({ channel: 'telegram', conversationId: '901', userId: '901' }),
    );
    expect(entries[0]?.trace?.failed).toEqual({
      attempts: 3,
      error: "TypeError: Cannot read properties of undefined (reading 'price')",
    });
    expect((await post(text(9003, 901, 'still there?'))).status).toBe(200);
    await kaiwa.engine.drain();
    expect(sentTo(901).at(-1)).toBe('echo: still there?');
  });
});
