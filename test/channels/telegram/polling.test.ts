import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../../src/app/index.js';
import { startFakeTelegramPolling } from '../../fakes/telegram-polling.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-tg-poll-'));
let telegram: Awaited<ReturnType<typeof startFakeTelegramPolling>>;
let kaiwa: Kaiwa;

const text = (updateId: number, value: string) => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    date: 1763802000,
    chat: { id: 4242, type: 'private' },
    from: { id: 4242, is_bot: false, first_name: 'Aiko', language_code: 'ja' },
    text: value,
  },
});
const until = async (check: () => boolean) => {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

beforeAll(async () => {
  telegram = await startFakeTelegramPolling();
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      TELEGRAM_POLLING: '1',
      TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabc',
      TELEGRAM_API_ROOT: telegram.url,
    },
    log: () => undefined,
  });
  kaiwa.start();
});
afterAll(async () => {
  await kaiwa.close();
  await telegram.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Telegram long polling (kaiwa start --poll telegram)', () => {
  it('removes the webhook, answers polled updates, and confirms them only after storing', async () => {
    await until(() => telegram.offsets.length > 0);
    expect(telegram.calls[0]).toMatchObject({ method: 'deleteWebhook', body: { drop_pending_updates: false } });
    telegram.push(text(900, 'こんにちは'));
    await until(() => telegram.calls.some((call) => call.method === 'sendMessage'));
    expect(String(telegram.calls.find((call) => call.method === 'sendMessage')?.body.text)).toContain(
      'いらっしゃいませ',
    );
    await until(() => telegram.offsets.includes(901));
  });

  it('does not answer an update twice when Telegram hands it out again', async () => {
    const sent = () =>
      telegram.calls.filter((call) => call.method === 'sendMessage' && String(call.body.text).includes('500円')).length;
    telegram.push(text(901, '送料はいくら？'));
    await until(() => sent() === 1);
    await until(() => telegram.offsets.includes(902));
    telegram.pushAgain(text(901, '送料はいくら？')); // as after a crash before the offset moved on
    telegram.push(text(902, 'こんにちは'));
    await until(() => telegram.offsets.includes(903));
    await kaiwa.engine.drain();
    expect(sent()).toBe(1);
  });
});
