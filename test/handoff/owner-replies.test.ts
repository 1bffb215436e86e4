import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { startFakeGraph } from '../fakes/meta-graph-api.js';
import { useManualClock } from '../support/manual-clock.js';
import { appSecret, metaWebhook } from '../support/channel-harnesses/messenger.js';

// The owner answers from the phone (docs/channels.md, Owner replies): an echo another app sent
// (the Page inbox) or a WhatsApp Business app message pauses the bot for that conversation.
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `kaiwa_owner_${Date.now().toString(36)}${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-owner-'));
const ourApp = '1517776481860111';
const pageInbox = 263902037430900;
const minute = 60_000;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe.each([
  ['SQLite', { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}` }],
  ['PostgreSQL', { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema }],
])('owner replies on %s', (_name, database) => {
  let graph: Awaited<ReturnType<typeof startFakeGraph>>;
  let kaiwa: Kaiwa;
  let app: ReturnType<typeof createApp>;
  let time: ReturnType<typeof useManualClock>;

  beforeEach(async () => {
    time = useManualClock();
    graph = await startFakeGraph();
    kaiwa = await createKaiwa({
      shopDir: 'examples/shop',
      clock: time.clock,
      env: {
        ...database,
        LOG_LEVEL: 'silent',
        SEND_RATE_LIMITS: '0',
        DEMO_PAYMENT_SECRET: 'owner-replies-secret-0123456789abcdef',
        META_GRAPH_API_URL: graph.url,
        MESSENGER_APP_SECRET: appSecret,
        MESSENGER_PAGE_ACCESS_TOKEN: 'PAGE_TOKEN',
        MESSENGER_VERIFY_TOKEN: 'verify-me',
        MESSENGER_APP_ID: ourApp,
        WHATSAPP_APP_SECRET: appSecret,
        WHATSAPP_ACCESS_TOKEN: 'WA_TOKEN',
        WHATSAPP_PHONE_NUMBER_ID: 'PHONE_ID',
        WHATSAPP_VERIFY_TOKEN: 'verify-me',
      },
      log: () => undefined,
    });
    app = createApp(kaiwa.app);
  });
  afterEach(async () => {
    await kaiwa.close();
    await graph.close();
    time.restore();
  });

  const post = async (channel: 'messenger' | 'whatsapp', body: unknown) => {
    const request = metaWebhook(channel, JSON.stringify(body));
    const response = await app.request(`/webhooks/${channel}`, {
      method: 'POST',
      headers: request.headers,
      body: request.body as Uint8Array<ArrayBuffer>,
    });
    expect(response.status).toBe(200);
    await kaiwa.engine.drain();
  };
  const page = (item: Record<string, unknown>) =>
    post('messenger', {
      object: 'page',
      entry: [{ id: 'PAGE_ID', time: time.clock.now().getTime(), messaging: [item] }],
    });
  let mid = 0;
  const shopperOnMessenger = (text: string) =>
    page({
      sender: { id: 'PSID_1' },
      recipient: { id: 'PAGE_ID' },
      timestamp: time.clock.now().getTime(),
      message: { mid: `m_shopper_${++mid}`, text },
    });
  /** A `message_echoes` item: the page is the sender, the shopper the recipient. */
  const echo = (id: string, appId: number | string, text: string) => ({
    sender: { id: 'PAGE_ID' },
    recipient: { id: 'PSID_1' },
    timestamp: time.clock.now().getTime(),
    message: { mid: id, is_echo: true, app_id: appId, text },
  });
  const toPsid = () => graph.calls.filter((call) => call.path.endsWith('/me/messages')).length;
  // The console's queue, for one conversation (the database is shared by the tests of one describe).
  const queue = async (key = 'messenger:PSID_1') =>
    (
      (await (await app.request('/admin/api/handoffs')).json()) as { handoffs: { key: string; reason: string }[] }
    ).handoffs.filter((handoff) => handoff.key === key);

  it('Messenger: a Page inbox reply opens a handoff, the bot stays quiet, and answers again after the quiet period', async () => {
    await shopperOnMessenger('こんにちは');
    const answered = toPsid();
    expect(answered).toBeGreaterThan(0);

    await page(echo('m_owner_1', pageInbox, '店主です。何かお探しですか？'));
    expect(await queue()).toEqual([
      expect.objectContaining({ key: 'messenger:PSID_1', reason: 'the shop answered from the Page inbox' }),
    ]);
    const handoff = await kaiwa.store.handoffs.get('messenger:PSID_1');
    expect(handoff?.resumesAt).toBe(new Date(time.clock.now().getTime() + 30 * minute).toISOString());
    expect(handoff?.address).toMatchObject({ channel: 'messenger', conversationId: 'PSID_1' });
    // The console's transcript shows what the owner wrote, and that it came from the platform's app.
    const transcript = await (await app.request('/console/conversations/messenger/PSID_1?lang=en')).text();
    expect(transcript).toContain('[the shop, from the platform&#39;s app] 店主です。何かお探しですか？');

    // The shopper answers the owner: the bot does not talk over them.
    await shopperOnMessenger('おすすめは？');
    expect(toPsid()).toBe(answered);

    // A redelivered echo changes nothing: the pause is not moved on.
    await time.advance(10 * minute);
    await page(echo('m_owner_1', pageInbox, '店主です。何かお探しですか？'));
    expect((await kaiwa.store.handoffs.get('messenger:PSID_1'))?.resumesAt).toBe(handoff?.resumesAt);

    // 30 minutes without another owner reply: the shopper's next message is the bot's again.
    await time.advance(20 * minute);
    await shopperOnMessenger('おすすめは？');
    expect(toPsid()).toBeGreaterThan(answered);
    expect(await queue()).toEqual([]);
  });

  it('Messenger: an echo of our own send (our app_id) changes nothing', async () => {
    await shopperOnMessenger('こんにちは');
    await page(echo('m_1', Number(ourApp), 'いらっしゃいませ'));
    expect(await queue()).toEqual([]);
    const before = toPsid();
    await shopperOnMessenger('おすすめは？');
    expect(toPsid()).toBeGreaterThan(before);
  });

  it('each owner reply moves the pause on; a person returns it from the console as with any handoff', async () => {
    await page(echo('m_owner_a', pageInbox, 'いらっしゃいませ'));
    await time.advance(25 * minute);
    await page(echo('m_owner_b', pageInbox, '他にございますか？'));
    await time.advance(25 * minute);
    const before = toPsid();
    await shopperOnMessenger('ありがとう');
    expect(toPsid()).toBe(before); // 25 minutes since the owner last wrote: still theirs
    const released = await app.request('/admin/api/conversations/messenger/PSID_1/release', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(released.status).toBe(200);
    await shopperOnMessenger('こんにちは');
    expect(toPsid()).toBeGreaterThan(before);
  });

  it('WhatsApp Coexistence: a message from the WhatsApp Business app (smb_message_echoes) pauses the bot', async () => {
    const fromShopper = (id: string, text: string) =>
      post('whatsapp', {
        object: 'whatsapp_business_account',
        entry: [
          {
            id: 'WABA_ID',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '81300000000', phone_number_id: 'PHONE_ID' },
                  contacts: [{ profile: { name: '花子' }, wa_id: '819012345678' }],
                  messages: [
                    {
                      from: '819012345678',
                      id,
                      timestamp: String(Math.floor(time.clock.now().getTime() / 1000)),
                      type: 'text',
                      text: { body: text },
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
    const toCustomer = () => graph.calls.filter((call) => call.path.endsWith('/PHONE_ID/messages')).length;
    await fromShopper('wamid.S1', 'こんにちは');
    const answered = toCustomer();
    expect(answered).toBeGreaterThan(0);
    await post('whatsapp', {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA_ID',
          changes: [
            {
              field: 'smb_message_echoes',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '81300000000', phone_number_id: 'PHONE_ID' },
                message_echoes: [
                  {
                    from: '81300000000',
                    to: '819012345678',
                    id: 'wamid.OWNER1',
                    timestamp: String(Math.floor(time.clock.now().getTime() / 1000)),
                    type: 'text',
                    text: { body: '店主です。明日発送します' },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(await queue('whatsapp:819012345678')).toEqual([
      expect.objectContaining({
        key: 'whatsapp:819012345678',
        reason: 'the shop answered from the WhatsApp Business app',
      }),
    ]);
    await fromShopper('wamid.S2', 'ありがとうございます');
    expect(toCustomer()).toBe(answered);
    await time.advance(31 * minute);
    await fromShopper('wamid.S3', 'おすすめは？');
    expect(toCustomer()).toBeGreaterThan(answered);
  });
});
