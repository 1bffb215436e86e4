import { globalAgent } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { receivePayments } from '../../src/modules/orders/payment-intake.js';
import { startFakePayPay } from '../fakes/paypay-api.js';
import { exclusiveTaxCheckout } from './exclusive-tax.js';
import { shopSession } from './shop-session.js';

const credentials = {
  apiKey: 'a_kaiwaTestKey_0001',
  apiSecret: 'kaiwaTestSecret0123456789',
  merchantId: '7000000000001',
};
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-paypay-'));
let paypay: Awaited<ReturnType<typeof startFakePayPay>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  paypay = await startFakePayPay(credentials);
  // The SDK calls https.request without an agent of its own: trust the fake's certificate there.
  globalAgent.options.ca = paypay.cert;
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'https://shop.test',
      PAYPAY_API_KEY: credentials.apiKey,
      PAYPAY_API_SECRET: credentials.apiSecret,
      PAYPAY_MERCHANT_ID: credentials.merchantId,
      PAYPAY_API_BASE: paypay.url,
    },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa.close();
  await paypay.close();
  rmSync(dir, { recursive: true, force: true });
});

const { checkout, confirmations, order } = shopSession(
  () => kaiwa,
  () => app,
);
// What PayPay posts to the merchant's webhook (unsigned: Kaiwa reads the payment back from the API).
const notify = (orderId: string, state = 'COMPLETED') =>
  app.request('/payments/paypay/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      notification_type: 'Transaction',
      merchant_id: credentials.merchantId,
      order_id: '0270000000000000',
      merchant_order_id: orderId,
      state,
      order_amount: '1',
      paid_at: new Date().toISOString(),
    }),
  });

describe('PayPay', () => {
  it('creates one signed dynamic QR code per order through the official SDK, priced from the catalog in yen, shipping included', async () => {
    const link = await checkout('paypay-a', 'tea-sencha-uji', 2);
    const created = paypay.requests.find((request) => request.path === '/v2/codes')!;
    expect(created.merchant).toBe(credentials.merchantId);
    expect(created.body).toMatchObject({
      merchantPaymentId: link.orderId,
      codeType: 'ORDER_QR',
      amount: { amount: 2900, currency: 'JPY' },
      orderItems: [
        { productId: 'tea-sencha-uji', quantity: 2, unitPrice: { amount: 1200, currency: 'JPY' } },
        { productId: 'shipping', name: '送料', quantity: 1, unitPrice: { amount: 500, currency: 'JPY' } },
      ],
      redirectType: 'WEB_LINK',
      redirectUrl: `https://shop.test/payments/paypay/return?order=${link.orderId}`,
    });
    expect(link.url).toMatch(/^https:\/\/qr-stg\.sandbox\.paypay\.ne\.jp\//);
    expect(link.total).toEqual({ amount: 2900, currency: 'JPY' });
    // The code lapses with the stock reservation.
    const expiry = Number(created.body!.expiryDate) * 1000;
    expect(Math.abs(expiry - Date.parse((await kaiwa.store.orders.get(link.orderId))!.expiresAt))).toBeLessThan(5_000);
  });

  it('asks PayPay for the total with tax-exclusive prices’ consumption tax added and itemised', async () => {
    const { createPayPayPaymentProvider } = await import('../../src/payments/paypay/index.js');
    const provider = await createPayPayPaymentProvider({
      ...credentials,
      environment: 'sandbox',
      apiBase: paypay.url,
      publicUrl: 'https://shop.test',
    });
    // ¥1,200 × 2 and ¥500 shipping before tax; 10 % of ¥2,900 is ¥290.
    const { order: taxed } = await exclusiveTaxCheckout(provider, {
      currency: 'JPY',
      price: 1200,
      tax: { prices: 'exclusive', classes: { standard: 10 } },
      shipping: { zones: [{ id: 'japan', countries: ['JP'], flat: 500 }] },
      locale: 'ja',
    });
    expect(taxed.total).toEqual({ amount: 3190, currency: 'JPY' });
    const created = paypay.requests.find(
      (request) => request.path === '/v2/codes' && request.body?.merchantPaymentId === taxed.id,
    )!;
    expect(created.body).toMatchObject({
      amount: { amount: 3190, currency: 'JPY' },
      orderItems: [
        { productId: 'item', quantity: 2, unitPrice: { amount: 1200, currency: 'JPY' } },
        { productId: 'shipping', quantity: 1, unitPrice: { amount: 500, currency: 'JPY' } },
        { productId: 'tax', name: '消費税 (10%)', quantity: 1, unitPrice: { amount: 290, currency: 'JPY' } },
      ],
    });
  });

  it("a webhook pays the order only after PayPay's API says COMPLETED, and tells the shopper once across webhook, return page and poll", async () => {
    const link = await checkout('paypay-b', 'tea-genmaicha');
    // A notification before the shopper paid (or a forged one) changes nothing: PayPay says CREATED.
    expect((await notify(link.orderId)).status).toBe(200);
    expect((await order(link.orderId)).status).toBe('awaiting_payment');
    paypay.settle(link.orderId);
    const statuses = await Promise.all(
      [notify(link.orderId), notify(link.orderId), app.request(`/payments/paypay/return?order=${link.orderId}`)].map(
        async (response) => (await response).status,
      ),
    );
    expect(statuses).toEqual([200, 200, 200]);
    await kaiwa.pollPayments();
    expect(await confirmations('paypay-b', link.orderId)).toBe(1);
    const history = (await order(link.orderId)).history;
    expect(history.filter((step) => step.to === 'paid')).toHaveLength(1);
    expect(history.find((step) => step.to === 'paid')?.cause).toMatch(/^payment:paypay:paypay:\d+\w*:paid$/);
  });

  it('the status poll pays an order whose webhook never came', async () => {
    const link = await checkout('paypay-c', 'tea-hojicha-kyoto');
    paypay.settle(link.orderId);
    const now = Date.now();
    // Orders younger than 15 s are left to the webhook; pretend time has passed.
    const realNow = kaiwa.app.clock.now;
    kaiwa.app.clock.now = () => new Date(now + 20_000);
    try {
      expect(await kaiwa.pollPayments()).toBeGreaterThanOrEqual(1);
    } finally {
      kaiwa.app.clock.now = realNow;
    }
    expect((await order(link.orderId)).status).toBe('paid');
    expect(await confirmations('paypay-c', link.orderId)).toBe(1);
  });

  it('a payment of another amount goes to payment_mismatch; an expired code gives the stock back', async () => {
    const mismatched = await checkout('paypay-d', 'tea-sencha-fukamushi');
    paypay.settle(mismatched.orderId, 'COMPLETED', 1);
    expect((await notify(mismatched.orderId)).status).toBe(200);
    expect((await order(mismatched.orderId)).status).toBe('payment_mismatch');
    expect(await confirmations('paypay-d', mismatched.orderId)).toBe(0);

    const stock = async () =>
      ((await (await app.request('/api/products/tea-mugicha')).json()) as { stock: number }).stock;
    const start = await stock();
    const lapsed = await checkout('paypay-e', 'tea-mugicha');
    expect(await stock()).toBe(start - 1);
    paypay.settle(lapsed.orderId, 'EXPIRED');
    expect((await notify(lapsed.orderId, 'EXPIRED')).status).toBe(200);
    expect((await order(lapsed.orderId)).status).toBe('expired');
    expect(await stock()).toBe(start);
  });

  it('refuses malformed notifications, ignores unknown orders, and answers 502-class errors while PayPay is down so the webhook is retried', async () => {
    expect((await app.request('/payments/paypay/webhook', { method: 'POST', body: 'not json' })).status).toBe(400);
    expect(
      (
        await app.request('/payments/paypay/webhook', {
          method: 'POST',
          body: JSON.stringify({ notification_type: 'Transaction', merchant_order_id: '../../etc' }),
        })
      ).status,
    ).toBe(400);
    expect((await notify('KW-NOPE-0000')).status).toBe(200);
    const lookups = paypay.requests.length;
    const foreign = await app.request('/payments/paypay/webhook', {
      method: 'POST',
      body: JSON.stringify({
        notification_type: 'Transaction',
        merchant_id: '9999',
        merchant_order_id: 'KW-NOPE-0000',
        state: 'COMPLETED',
      }),
    });
    expect(foreign.status).toBe(200);
    expect(paypay.requests.length).toBe(lookups);
    const link = await checkout('paypay-f', 'ware-coaster');
    paypay.settle(link.orderId);
    paypay.failNext(1);
    const down = await notify(link.orderId);
    expect(down.status).toBeGreaterThanOrEqual(500);
    expect((await order(link.orderId)).status).toBe('awaiting_payment');
    expect((await notify(link.orderId)).status).toBe(200);
    expect((await order(link.orderId)).status).toBe('paid');
  });

  it("refunds a paid order through PayPay's refund API, once", async () => {
    const link = await checkout('paypay-g', 'tea-genmaicha');
    paypay.settle(link.orderId);
    await notify(link.orderId);
    const paid = (await kaiwa.store.orders.get(link.orderId))!;
    const refunded = await kaiwa.app.payments.get('paypay')!.refund!(paid);
    expect(refunded).toMatchObject({
      provider: 'paypay',
      orderId: link.orderId,
      status: 'refunded',
      amount: paid.total,
    });
    await receivePayments(kaiwa.app, [refunded!]);
    await receivePayments(kaiwa.app, [refunded!]);
    expect((await order(link.orderId)).status).toBe('refunded');
    expect(paypay.refunds.get(`${link.orderId}-refund`)).toMatchObject({
      amount: { amount: paid.total.amount, currency: 'JPY' },
    });
  });

  it('refuses a bad signature at the fake, as PayPay would, and names half-set credentials at boot', async () => {
    const { createPayPayPaymentProvider } = await import('../../src/payments/paypay/index.js');
    const wrong = await createPayPayPaymentProvider({
      ...credentials,
      apiSecret: 'someOtherSecret0123456789',
      environment: 'sandbox',
      apiBase: paypay.url,
      publicUrl: 'https://shop.test',
    });
    const sample = (await kaiwa.store.orders.list({ limit: 1 }))[0]!;
    await expect(
      wrong.createPayment(
        { ...sample, id: 'KW-WRONG-SIGN' },
        { publicUrl: 'https://shop.test', locale: 'ja', address: sample.address },
      ),
    ).rejects.toThrow(/401 UNAUTHORIZED/);
    await expect(
      createKaiwa({
        shopDir: 'examples/shop',
        env: { DATABASE_URL: 'sqlite://:memory:', LOG_LEVEL: 'silent', PAYPAY_API_KEY: credentials.apiKey },
        log: () => undefined,
      }),
    ).rejects.toThrow(/PayPay needs PAYPAY_API_SECRET, PAYPAY_MERCHANT_ID/);
  });
});
