import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';
import { until, useManualClock } from '../support/manual-clock.js';

const secret = 'paced-secret-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-paced-'));
let telegram: Awaited<ReturnType<typeof startFakeTelegram>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
let time: ReturnType<typeof useManualClock>;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  time = useManualClock();
  kaiwa = await createKaiwa({
    shopDir: 'test/fixtures/echo-shop',
    clock: time.clock,
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
  time.restore();
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
  it('sends the fourth message to one chat a second of clock time after the first, in order, while another chat is not held up', async () => {
    // When the fake Bot API received each message, in clock time: the clock stands still while
    // sockets and SQLite work, and moves only in advance() below, so stamping the calls that came
    // in before each move gives each one the exact instant it arrived.
    const received: { chat: number; text: string; at: number }[] = [];
    const stamp = () => {
      for (const call of telegram.calls.slice(received.length))
        received.push({ chat: Number(call.body.chat_id), text: String(call.body.text), at: time.elapsed() });
      return received;
    };
    const advance = async (ms: number) => {
      stamp();
      await time.advance(ms);
    };
    const sent = (chat: number) => stamp().filter((call) => call.chat === chat);

    for (let i = 1; i <= 4; i++) expect((await post(update(7000 + i, 11, `m${i}`))).status).toBe(200);
    expect((await post(update(7100, 22, 'other'))).status).toBe(200);
    let drained = false;
    const drain = kaiwa.engine.drain().finally(() => (drained = true));

    // The burst goes at once; the fourth reply waits on the pace, on the (fake) timer.
    await until(() => sent(11).length >= 3, 'the first three replies to chat 11');
    // The other chat's reply is claimed now, or once the drain's patience (250 ms) for new replies is up.
    await advance(250);
    await until(() => sent(22).length === 1, 'the reply to chat 22');
    await advance(750);
    await until(() => drained, 'the drain to end');
    await drain;

    expect(sent(11).map(({ text, at }) => ({ text, at }))).toEqual(
      [0, 0, 0, 1000].map((at, i) => ({ text: expect.stringContaining(`m${i + 1}`) as unknown as string, at })),
    );
    expect(sent(22)).toHaveLength(1);
    expect(sent(22)[0]!.at).toBeLessThan(1000);
    expect(received.findIndex((call) => call.chat === 22)).toBeLessThan(
      received.findIndex((call) => call.text.includes('m4')),
    );
    expect(time.elapsed()).toBe(1000);
  });
});
