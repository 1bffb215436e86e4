import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText, conversationKey } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';

// The outside tester's finding: on PostgreSQL a signed webhook whose text held U+0000 or a lone
// surrogate answered 500 on every redelivery, and the give-up path failed the same way.
const secret = 'poison-text-secret-0123456';
const token = '123456:POISON-text-token-abcdefgh';
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `kaiwa_poison_${Date.now().toString(36)}${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-poison-text-'));
let fake: Awaited<ReturnType<typeof startFakeTelegram>>;

beforeAll(async () => {
  fake = await startFakeTelegram();
});
afterAll(async () => {
  await fake.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
  rmSync(dir, { recursive: true, force: true });
});

const poisons = [
  'hello\u0000 there',
  'お茶\uD800をください',
  '\uDC00green tea',
  'matcha \uD83D',
  'x\u0000\uDFFF\u0000y',
];

const update = (id: number, chat: number, text: string, firstName = 'P') =>
  JSON.stringify({
    update_id: id,
    message: {
      message_id: id,
      from: { id: chat, is_bot: false, first_name: firstName },
      chat: { id: chat, type: 'private' },
      date: 1763802000,
      text,
    },
  });

/** Every poison text through one store: the statuses of two deliveries each, and what the shop answered. */
async function deliver(
  env: Record<string, string>,
): Promise<{ statuses: number[]; answers: unknown[][]; stored: string[] }> {
  const kaiwa: Kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_API_ROOT: fake.url,
      SEND_RATE_LIMITS: '0',
      ...env,
    },
    log: () => undefined,
  });
  const app = createApp(kaiwa.app);
  const post = (body: string) =>
    app.request('/webhooks/telegram', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body,
    });
  const statuses: number[] = [];
  const answers: unknown[][] = [];
  const stored: string[] = [];
  try {
    for (const [index, text] of poisons.entries()) {
      const chat = 7100 + index;
      const body = update(5100 + index, chat, text, `名前\u0000${index}\uD800`);
      statuses.push((await post(body)).status, (await post(body)).status);
      await kaiwa.engine.drain();
      const entries = await kaiwa.store.transcript.list(
        conversationKey({ channel: 'telegram', conversationId: String(chat), userId: String(chat) }),
      );
      stored.push(...entries.flatMap((entry) => (entry.event?.type === 'text' ? [entry.event.text] : [])));
      answers.push(entries.flatMap((entry) => (entry.reply ? [entry.reply] : [])));
    }
  } finally {
    await kaiwa.close();
  }
  return { statuses, answers, stored };
}

describe('poison text at the message-model boundary', () => {
  it('removes U+0000 and replaces lone surrogates with U+FFFD, keeping real pairs', () => {
    expect(cleanText('a\u0000b')).toBe('ab');
    expect(cleanText('a\uD800b')).toBe('a\uFFFDb');
    expect(cleanText('\uDC00')).toBe('\uFFFD');
    expect(cleanText('お茶 😀')).toBe('お茶 😀');
    expect(cleanText('\uD83D\uD83D\uDE00')).toBe('\uFFFD😀');
  });

  it('is stored and answered once on SQLite and PostgreSQL, with the same replies', async () => {
    const sqlite = await deliver({ DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}` });
    const postgres = await deliver({
      DATABASE_URL: url,
      DATABASE_SCHEMA: schema,
      DEMO_PAYMENT_SECRET: 'poison-text-demo-secret-0123',
    });
    for (const run of [sqlite, postgres]) {
      // Acknowledged the first time; the redelivery changes nothing.
      expect(run.statuses).toEqual(poisons.flatMap(() => [200, 200]));
      expect(run.stored).toEqual(poisons.map(cleanText));
      for (const text of run.stored) expect(text.includes('\u0000') || text !== cleanText(text)).toBe(false);
      expect(run.answers.every((replies) => replies.length > 0)).toBe(true);
    }
    expect(postgres.answers).toEqual(sqlite.answers);
  });
});
