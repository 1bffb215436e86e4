import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { createTelegramPaymentProvider } from '../../src/payments/telegram/index.js';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';
import { exclusiveTaxCheckout } from './exclusive-tax.js';

const secret = 'tg-payments-secret-012345';
const providerToken = '284685063:TEST:kaiwa-test-token';
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-tgpay-'));
let telegram: Awaited<ReturnType<typeof startFakeTelegram>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
let updateId = 9000;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      SEND_RATE_LIMITS: '0',
      TELEGRAM_BOT_TOKEN: '123456:TGPAY-token-abcdefghijklmn',
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_PAYMENT_PROVIDER_TOKEN: providerToken,
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

const deliver = async (update: Record<string, unknown>) => {
  const response = await app.request('/webhooks/telegram', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(update),
  });
  expect(response.status).toBe(200);
  await kaiwa.engine.drain();
};
const from = { id: 4321, is_bot: false, first_name: 'Aiko', language_code: 'ja' };
const chat = { id: 4321, type: 'private' };
const press = (data: string) =>
  deliver({
    update_id: ++updateId,
    callback_query: { id: `cq${updateId}`, from, data, message: { message_id: 1, date: 1763802000, chat } },
  });
const preCheckout = (orderId: string, amount: number) =>
  deliver({
    update_id: ++updateId,
    pre_checkout_query: { id: `pcq${updateId}`, from, currency: 'JPY', total_amount: amount, invoice_payload: orderId },
  });
const paid = (orderId: string, amount: number, charge: string, id = ++updateId) =>
  deliver({
    update_id: id,
    message: {
      message_id: id,
      date: 1763802000,
      chat,
      from,
      successful_payment: {
        currency: 'JPY',
        total_amount: amount,
        invoice_payload: orderId,
        telegram_payment_charge_id: charge,
        provider_payment_charge_id: `pi_${charge}`,
      },
    },
  });
const calls = (method: string) => telegram.calls.filter((call) => call.method === method);

describe('Telegram Payments', () => {
  let orderId = '';
  it('sends a native invoice priced from the order (JPY as-is) with its shipping line, its payload the order id', async () => {
    await press('k1:do:addToCart:tea-mugicha');
    await press('k1:do:addToCart:tea-mugicha');
    await press('k1:do:checkout');
    const invoice = calls('sendInvoice')[0];
    expect(invoice?.body).toMatchObject({
      chat_id: '4321',
      provider_token: providerToken,
      currency: 'JPY',
      // ¥1,200 of mugicha is under ¥5,000: the example shop's ¥500 shipping is its own price line.
      prices: [
        { label: expect.stringContaining('× 2'), amount: 1200 },
        { label: '送料', amount: 500 },
      ],
    });
    orderId = String(invoice?.body.payload);
    expect(orderId).toMatch(/^KW-/);
    expect((await kaiwa.store.orders.get(orderId))?.provider).toBe('telegram');
  });

  it('prices an invoice of a tax-exclusive US shop with its sales tax line, the prices summing to the total', async () => {
    const provider = createTelegramPaymentProvider({ providerToken, publicUrl: 'https://shop.test' });
    // $20.00 × 2 and $5.00 shipping before tax; California's 7.25 % of $45.00 is $3.2625 → $3.26.
    const { order: taxed, payment } = await exclusiveTaxCheckout(provider, {
      currency: 'USD',
      price: 2000,
      tax: { prices: 'exclusive', classes: { standard: 0 }, regions: { 'US-CA': 7.25 }, defaultRegion: 'US-CA' },
      shipping: { zones: [{ id: 'us', countries: ['US'], flat: '5.00' }] },
    });
    expect(taxed.total).toEqual({ amount: 4826, currency: 'USD' });
    expect(payment).toMatchObject({
      kind: 'invoice',
      payload: {
        currency: 'USD',
        prices: [
          { label: 'Trail Tee × 2', amount: 4000 },
          { label: 'Shipping', amount: 500 },
          { label: 'Sales tax (CA 7.25%)', amount: 326 },
        ],
      },
    });
    const prices = payment.kind === 'invoice' ? (payment.payload.prices as { amount: number }[]) : [];
    expect(prices.reduce((sum, price) => sum + price.amount, 0)).toBe(taxed.total.amount);
  });

  it('answers pre_checkout_query after re-checking the order: yes for the right total, no for another', async () => {
    await preCheckout(orderId, 1);
    expect(calls('answerPreCheckoutQuery').at(-1)?.body).toMatchObject({
      ok: false,
      error_message: expect.stringContaining('total has changed'),
    });
    await preCheckout(orderId, 1700);
    expect(calls('answerPreCheckoutQuery').at(-1)?.body).toMatchObject({ ok: true });
    await preCheckout('KW-NOPE-NOPE', 1700);
    expect(calls('answerPreCheckoutQuery').at(-1)?.body).toMatchObject({ ok: false });
  });

  it('marks the order paid on successful_payment and confirms in the chat once, whatever Telegram redelivers', async () => {
    const before = calls('sendMessage').length;
    const id = ++updateId;
    await paid(orderId, 1700, 'tg-charge-1', id);
    await paid(orderId, 1700, 'tg-charge-1', id); // the same update again
    await paid(orderId, 1700, 'tg-charge-1'); // the same charge in another update
    expect((await kaiwa.store.orders.get(orderId))?.status).toBe('paid');
    const confirmations = calls('sendMessage')
      .slice(before)
      .filter((call) => String(call.body.text).includes(orderId));
    expect(confirmations).toHaveLength(1);
    expect(String(confirmations[0]?.body.text)).toContain('お支払いを確認しました');
    await preCheckout(orderId, 1700); // a paid order is not paid twice
    expect(calls('answerPreCheckoutQuery').at(-1)?.body).toMatchObject({ ok: false });
  });
});
