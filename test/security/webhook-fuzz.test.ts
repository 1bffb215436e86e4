import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { startFakeGraph } from '../fakes/meta-graph-api.js';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';

// Every entry point, fed authentic-looking (validly signed) garbage: the answer is a 2xx or a 4xx,
// never a 5xx, the server stays up, and a rejected request leaves nothing behind.
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-fuzz-'));
const telegramSecret = 'fuzz-webhook-secret-0123';
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
let closeFakes: () => Promise<void>;
const counts = new Map<string, number>();

beforeAll(async () => {
  const telegram = await startFakeTelegram();
  const graph = await startFakeGraph();
  closeFakes = async () => {
    await telegram.close();
    await graph.close();
  };
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: '123456:FUZZ-token-abcdefghijklmnop',
      TELEGRAM_WEBHOOK_SECRET: telegramSecret,
      TELEGRAM_API_ROOT: telegram.url,
      META_GRAPH_API_URL: graph.url,
      MESSENGER_APP_SECRET: 'm',
      MESSENGER_PAGE_ACCESS_TOKEN: 'p',
      MESSENGER_VERIFY_TOKEN: 'v',
      WHATSAPP_APP_SECRET: 'w',
      WHATSAPP_ACCESS_TOKEN: 'a',
      WHATSAPP_PHONE_NUMBER_ID: 'n',
      WHATSAPP_VERIFY_TOKEN: 'v',
    },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa.close();
  await closeFakes();
  rmSync(dir, { recursive: true, force: true });
  console.log(`fuzz cases per entry point: ${[...counts].map(([name, count]) => `${name}=${count}`).join(', ')}`);
});

const sign = (secret: string, body: Uint8Array) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const headersFor: Record<string, (body: Uint8Array) => Record<string, string>> = {
  telegram: () => ({ 'x-telegram-bot-api-secret-token': telegramSecret }),
  messenger: (body) => ({ 'x-hub-signature-256': sign('m', body) }),
  whatsapp: (body) => ({ 'x-hub-signature-256': sign('w', body) }),
};

// JSON shaped like each platform's payloads, with wrong types, missing fields and odd values mixed in.
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(2 ** 64),
  fc.string({ unit: 'grapheme' }),
  fc.array(fc.string()),
  fc.object(),
);
const telegramish = fc.record(
  {
    update_id: fc.oneof(fc.integer(), anyValue),
    message: fc.option(
      fc.record(
        {
          message_id: anyValue,
          date: anyValue,
          chat: fc.option(fc.record({ id: anyValue })),
          from: fc.option(fc.record({ id: anyValue, language_code: anyValue })),
          text: fc.option(anyValue),
        },
        { requiredKeys: [] },
      ),
    ),
    callback_query: fc.option(
      fc.record(
        {
          id: anyValue,
          data: anyValue,
          message: fc.option(
            fc.record({ chat: fc.option(fc.record({ id: anyValue })), date: anyValue }, { requiredKeys: [] }),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);
const metaish = fc.record(
  {
    object: fc.oneof(fc.constantFrom('page', 'whatsapp_business_account', 'instagram'), anyValue),
    entry: fc.oneof(
      anyValue,
      fc.array(
        fc.record(
          {
            messaging: fc.oneof(
              anyValue,
              fc.array(
                fc.record(
                  {
                    sender: fc.option(fc.record({ id: anyValue })),
                    timestamp: anyValue,
                    message: fc.option(
                      fc.record(
                        { mid: anyValue, text: anyValue, is_echo: anyValue, attachments: anyValue },
                        { requiredKeys: [] },
                      ),
                    ),
                    postback: fc.option(fc.record({ payload: anyValue, mid: anyValue }, { requiredKeys: [] })),
                  },
                  { requiredKeys: [] },
                ),
              ),
            ),
            changes: fc.oneof(
              anyValue,
              fc.array(
                fc.record(
                  {
                    value: fc.record(
                      {
                        messages: fc.oneof(
                          anyValue,
                          fc.array(
                            fc.record(
                              {
                                id: anyValue,
                                from: anyValue,
                                type: anyValue,
                                text: anyValue,
                                interactive: anyValue,
                                timestamp: anyValue,
                              },
                              { requiredKeys: [] },
                            ),
                          ),
                        ),
                        statuses: anyValue,
                      },
                      { requiredKeys: [] },
                    ),
                  },
                  { requiredKeys: [] },
                ),
              ),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
    ),
  },
  { requiredKeys: [] },
);
const rawBytes = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  fc.string().map((text) => new TextEncoder().encode(text)),
  fc.constant(new Uint8Array([0xff, 0xfe, 0x7b, 0x22])),
  fc.constant(new TextEncoder().encode('{"a":'.repeat(5000))),
);

async function send(channel: string, body: Uint8Array): Promise<number> {
  counts.set(channel, (counts.get(channel) ?? 0) + 1);
  const response = await app.request(`/webhooks/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headersFor[channel]!(body) },
    body,
  });
  return response.status;
}

describe('fuzzing the webhook routes', () => {
  for (const channel of ['telegram', 'messenger', 'whatsapp']) {
    it(`${channel}: validly signed random bodies never get a 5xx`, async () => {
      const shaped = channel === 'telegram' ? telegramish : metaish;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            shaped.map((value) => new TextEncoder().encode(JSON.stringify(value))),
            rawBytes,
          ),
          async (body) => {
            const status = await send(channel, body);
            expect(status === 200 || (status >= 400 && status < 500), `status ${status}`).toBe(true);
          },
        ),
        { numRuns: 300 },
      );
      expect((await app.request('/healthz')).status).toBe(200);
    });
  }

  it('rejects oversized bodies with 4xx and a 10 MB body without falling over', async () => {
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x20);
    expect(await send('telegram', big)).toBeGreaterThanOrEqual(400);
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('simulator API: random bodies get 200 or 400, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .record(
              { user: anyValue, text: fc.option(anyValue), payload: fc.option(anyValue), channel: fc.option(anyValue) },
              { requiredKeys: [] },
            )
            .map((value) => JSON.stringify(value)),
          fc.string(),
        ),
        async (body) => {
          counts.set('simulator', (counts.get('simulator') ?? 0) + 1);
          const status = (
            await app.request('/simulator/api/messages', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
            })
          ).status;
          expect(status === 200 || status === 400, `status ${status}`).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
