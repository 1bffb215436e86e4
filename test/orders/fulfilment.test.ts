import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLineChannel } from '../../src/channels/line/index.js';
import { createMessengerChannel } from '../../src/channels/messenger/index.js';
import { createTelegramChannel } from '../../src/channels/telegram/index.js';
import { createWhatsAppChannel } from '../../src/channels/whatsapp/index.js';
import { loadShopConfig } from '../../src/config/load-config.js';
import { InvalidPayloadError, SourceValidationError, type Address, type Clock } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { fulfilOptions } from '../../src/app/fulfilment.js';
import { OrderStateError } from '../../src/modules/orders/errors.js';
import { cancelOrder, fulfilOrder } from '../../src/modules/orders/merchant-actions.js';
import { channelAccessToken, channelSecret } from '../channels/line/helpers.js';
import { startFakeGraph } from '../fakes/meta-graph-api.js';
import { startFakeLineApi } from '../fakes/line-api.js';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-fulfilment-'));
const shopDir = join(dir, 'shop');
const now = Date.parse('2026-11-22T10:00:00Z');
const clock: Clock = { now: () => new Date(now) };
const hours = (count: number) => count * 3_600_000;
let line: Awaited<ReturnType<typeof startFakeLineApi>>;
let graph: Awaited<ReturnType<typeof startFakeGraph>>;
let telegram: Awaited<ReturnType<typeof startFakeTelegram>>;
let kaiwa: Kaiwa;

beforeAll(async () => {
  // The example shop, with a carrier of its own and an approved WhatsApp template for shipping notices.
  cpSync('examples/shop', shopDir, { recursive: true });
  const config = readFileSync(join(shopDir, 'kaiwa.yaml'), 'utf8');
  writeFileSync(
    join(shopDir, 'kaiwa.yaml'),
    `${config}\ncarriers:\n  seino:\n    name: { ja: 西濃運輸, en: Seino Transportation }\n    url: "https://track.seino.co.jp/kamotsu/GempyoNoSearch.do?gempyoNo={tracking}"\nwhatsapp:\n  templates:\n    shipped: { name: order_shipped, language: { ja: ja, en: en_US } }\n`,
  );
  [line, graph, telegram] = await Promise.all([
    startFakeLineApi(channelAccessToken),
    startFakeGraph(),
    startFakeTelegram(),
  ]);
  kaiwa = await createKaiwa({
    shopDir,
    env: { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`, LOG_LEVEL: 'silent' },
    clock,
    log: () => undefined,
    channels: [
      createLineChannel({ channelSecret, channelAccessToken, apiBaseUrl: line.url, clock }),
      createMessengerChannel({
        appSecret: 'meta-secret',
        pageAccessToken: 'PAGE_TOKEN',
        verifyToken: 'v',
        graphApiUrl: graph.url,
      }),
      createWhatsAppChannel({
        appSecret: 'meta-secret',
        accessToken: 'WA_TOKEN',
        phoneNumberId: 'PHONE_ID',
        verifyToken: 'v',
        graphApiUrl: graph.url,
      }),
      createTelegramChannel({
        botToken: '123456:FULFIL-token-abcdefghijklmnop',
        webhookSecret: 'fulfil-secret-0123',
        apiRoot: telegram.url,
      }),
    ],
  });
}, 60_000);
afterAll(async () => {
  await kaiwa?.close();
  await Promise.all([line?.close(), graph?.close(), telegram?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

let orders = 0;
/** A paid order in `address`'s conversation, as checkout and a payment leave it. */
async function paidOrder(address: Address, locale = 'ja', status: 'paid' | 'awaiting_payment' = 'paid') {
  const id = `KW-FUL${String(++orders).padStart(2, '0')}-TEST`;
  const at = clock.now().toISOString();
  await kaiwa.store.orders.create(
    {
      id,
      address: { ...address, replyToken: { token: 'long-gone', expiresAt: at } },
      locale,
      status: 'awaiting_payment',
      lines: [{ productId: 'tea-mugicha', title: '麦茶', quantity: 1, unitPrice: { amount: 600, currency: 'JPY' } }],
      total: { amount: 600, currency: 'JPY' },
      provider: 'demo',
      createdAt: at,
      expiresAt: new Date(now + hours(1)).toISOString(),
      updatedAt: at,
    },
    'checkout',
  );
  if (status === 'paid')
    await kaiwa.store.orders.transition(id, ['awaiting_payment'], 'paid', `payment:demo:${id}`, at);
  return id;
}

/** The shopper's last message, `ago` ms before now (WhatsApp's 24-hour window counts from it). */
const shopperWrote = (address: Address, ago: number) => {
  const at = new Date(now - ago).toISOString();
  return kaiwa.store.transcript.append(address, [
    { direction: 'in', at, event: { id: `in-${ago}`, address, receivedAt: at, type: 'text', text: 'こんにちは' } },
  ]);
};

const fulfil = (id: string, carrier?: string, number?: string) =>
  kaiwa.store.transaction((tx) =>
    fulfilOrder(
      tx,
      id,
      'test:fulfil',
      clock,
      fulfilOptions(kaiwa.config, carrier ? { carrier, number: number! } : undefined),
    ),
  );

describe('fulfilment with tracking, told within each channel’s rules', () => {
  it('LINE: pushes the tracking link in the shopper’s language (the checkout’s reply token has lapsed)', async () => {
    const address = { channel: 'line', conversationId: 'U1111aaaa', userId: 'U1111aaaa' };
    const id = await paidOrder(address);
    const done = await fulfil(id, 'yamato', '1234 5678 9012');
    expect(done.order).toMatchObject({
      status: 'fulfilled',
      shipment: {
        carrier: 'yamato',
        trackingNumber: '123456789012',
        trackingUrl: 'https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number00=1&number01=123456789012',
      },
    });
    expect(await kaiwa.store.orders.get(id)).toMatchObject({ shipment: done.order.shipment });
    await kaiwa.engine.drain();
    const push = line.requests.find((request) => request.path === '/v2/bot/message/push')!;
    expect(push.body).toMatchObject({ to: 'U1111aaaa' });
    const [message] = push.body.messages as { type: string; text: string }[];
    expect(message!.type).toBe('text');
    expect(message!.text).toContain(`ご注文 ${id} を発送しました。ヤマト運輸のお問い合わせ番号は 123456789012 です。`);
    expect(message!.text).toContain('https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number00=1&number01=123456789012');
    expect(line.requests.some((request) => request.path === '/v2/bot/message/reply')).toBe(false);
  });

  it('Messenger: sends with the POST_PURCHASE_UPDATE message tag, in English for an English order', async () => {
    const address = { channel: 'messenger', conversationId: 'PSID-42', userId: 'PSID-42' };
    const id = await paidOrder(address, 'en');
    await fulfil(id, 'ups', '1Z999AA10123456784');
    await kaiwa.engine.drain();
    const sent = graph.calls.find((call) => call.path.endsWith('/me/messages'))!;
    expect(sent.body).toMatchObject({
      recipient: { id: 'PSID-42' },
      messaging_type: 'MESSAGE_TAG',
      tag: 'POST_PURCHASE_UPDATE',
    });
    expect((sent.body.message as { text: string }).text).toBe(
      `Your order ${id} has shipped with UPS, tracking number 1Z999AA10123456784. Track it here:\nhttps://www.ups.com/track?tracknum=1Z999AA10123456784`,
    );
  });

  it('WhatsApp: a normal message inside the 24-hour window, the approved template outside it', async () => {
    const inside = { channel: 'whatsapp', conversationId: '819011112222', userId: '819011112222' };
    const outside = { channel: 'whatsapp', conversationId: '819033334444', userId: '819033334444' };
    await shopperWrote(inside, hours(23));
    await shopperWrote(outside, hours(25));
    const open = await paidOrder(inside);
    const closed = await paidOrder(outside, 'en');
    expect((await fulfil(open, 'sagawa', '3601-2345-6789')).warning).toBeUndefined();
    expect((await fulfil(closed, 'seino', 'AB-12345')).warning).toBeUndefined();
    await kaiwa.engine.drain();
    const to = (phone: string) =>
      graph.calls.filter((call) => call.path.endsWith('/PHONE_ID/messages') && call.body.to === phone);
    expect(to(inside.conversationId)).toHaveLength(1);
    expect(to(inside.conversationId)[0]!.body).toMatchObject({
      messaging_product: 'whatsapp',
      type: 'text',
      text: {
        body: expect.stringContaining('https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo=3601-2345-6789'),
      },
    });
    expect(to(outside.conversationId)).toHaveLength(1);
    expect(to(outside.conversationId)[0]!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: outside.conversationId,
      type: 'template',
      template: {
        name: 'order_shipped',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: closed },
              { type: 'text', text: 'Seino Transportation' },
              { type: 'text', text: 'AB-12345' },
              { type: 'text', text: 'https://track.seino.co.jp/kamotsu/GempyoNoSearch.do?gempyoNo=AB-12345' },
            ],
          },
        ],
      },
    });
    // A payment event is not the shopper writing: it does not open the window.
    const silent = { channel: 'whatsapp', conversationId: '819055556666', userId: '819055556666' };
    const later = await paidOrder(silent);
    const at = clock.now().toISOString();
    await kaiwa.store.transcript.append(silent, [
      {
        direction: 'in',
        at,
        event: {
          id: 'pay-1',
          address: silent,
          receivedAt: at,
          type: 'payment',
          payment: {
            providerEventId: 'p1',
            provider: 'demo',
            orderId: later,
            status: 'paid',
            amount: { amount: 600, currency: 'JPY' },
          },
        },
      },
    ]);
    await fulfil(later, 'japanpost', '123456789012');
    await kaiwa.engine.drain();
    expect(to(silent.conversationId)[0]!.body).toMatchObject({
      type: 'template',
      template: { language: { code: 'ja' } },
    });
  });

  it('Telegram: as is, a sendMessage with the link; without tracking, that it has shipped', async () => {
    const address = { channel: 'telegram', conversationId: '777001', userId: '777001' };
    const tracked = await paidOrder(address, 'en');
    const plain = await paidOrder(address, 'ja');
    await fulfil(tracked, 'fedex', '449044304137821');
    const untracked = await fulfil(plain);
    expect(untracked.order).toMatchObject({ status: 'fulfilled' });
    expect(untracked.order).not.toHaveProperty('shipment');
    await kaiwa.engine.drain();
    const texts = telegram.calls
      .filter((call) => call.method === 'sendMessage' && String(call.body.chat_id) === '777001')
      .map((call) => call.body.text as string);
    expect(texts).toEqual([
      expect.stringContaining('https://www.fedex.com/fedextrack/?trknbr=449044304137821'),
      `ご注文 ${plain} を発送しました。お届けまで今しばらくお待ちください。`,
    ]);
  });

  it('refuses an unpaid, cancelled or fulfilled order, an unknown carrier and a bad tracking number: nothing changes, nobody is told', async () => {
    const address = { channel: 'telegram', conversationId: '777002', userId: '777002' };
    const unpaid = await paidOrder(address, 'ja', 'awaiting_payment');
    const cancelled = await paidOrder(address, 'ja', 'awaiting_payment');
    await kaiwa.store.transaction((tx) => cancelOrder(tx, cancelled, 'test:cancel', clock));
    const paid = await paidOrder(address);
    await kaiwa.engine.drain();
    const before = telegram.calls.length;
    const pending = await kaiwa.store.outbox.pendingCount();
    await expect(fulfil(unpaid, 'yamato', '123456789012')).rejects.toThrow(
      /is awaiting_payment: only paid orders can be fulfilled/,
    );
    await expect(fulfil(cancelled, 'yamato', '123456789012')).rejects.toThrow(/is cancelled: only paid orders/);
    await expect(fulfil(paid, 'kuroneko', '123456789012')).rejects.toThrow(
      /unknown carrier "kuroneko": one of yamato, sagawa, japanpost, ups, usps, fedex, dhl, seino/,
    );
    await expect(fulfil(paid, 'yamato', '1234/../x?y')).rejects.toBeInstanceOf(InvalidPayloadError);
    await expect(fulfil(paid, 'yamato', 'ヤマト123')).rejects.toThrow(/letters, digits and dashes/);
    await fulfil(paid, 'dhl', '1234567890');
    await expect(fulfil(paid, 'dhl', '1234567890')).rejects.toThrow(OrderStateError);
    await expect(fulfil(paid, 'dhl', '1234567890')).rejects.toThrow(/fulfilled already/);
    expect((await kaiwa.store.orders.get(unpaid))!.status).toBe('awaiting_payment');
    expect((await kaiwa.store.orders.get(cancelled))!.status).toBe('cancelled');
    expect(await kaiwa.store.outbox.pendingCount()).toBe(pending + 1);
    await kaiwa.engine.drain();
    expect(telegram.calls.length).toBe(before + 1);
  });
});

describe('kaiwa.yaml carriers and whatsapp.templates', () => {
  it('reports a carrier URL without {tracking} and a bad template language at kaiwa.yaml:line:col', async () => {
    const bad = join(dir, 'bad');
    cpSync('examples/shop', bad, { recursive: true });
    writeFileSync(
      join(bad, 'kaiwa.yaml'),
      [
        'shop: { name: Test, currency: JPY, locales: [ja, en] }',
        'carriers:',
        '  mycarrier:',
        '    name: { ja: マイ便, en: My Carrier }',
        '    url: "https://track.example.com/parcel"',
        'whatsapp:',
        '  templates:',
        '    shipped: { name: order_shipped, language: Japanese }',
        '',
      ].join('\n'),
    );
    const error = await loadShopConfig(bad).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceValidationError);
    expect(
      (error as SourceValidationError).issues.map((issue) => `${issue.pos.line}:${issue.pos.column} ${issue.message}`),
    ).toEqual([
      expect.stringMatching(/^5:\d+ carriers\.mycarrier\.url: .*\{tracking\}/),
      expect.stringMatching(/^8:\d+ whatsapp\.templates\.shipped\.language: .*language code/),
    ]);
  });
});
