import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { receivePayments } from '../../src/modules/orders/payment-intake.js';
import { startFakeStripe } from '../fakes/stripe-api.js';
import { usShop } from './exclusive-tax.js';
import { shopSession } from './shop-session.js';

const secretKey = 'sk_test_kaiwa0123456789abcdef';
const webhookSecret = 'whsec_kaiwa0123456789abcdef';
const signer = new Stripe(secretKey);
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-stripe-'));
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  stripe = await startFakeStripe(secretKey);
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'https://shop.test',
      STRIPE_SECRET_KEY: secretKey,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_BASE: stripe.url,
    },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa.close();
  await stripe.close();
  rmSync(dir, { recursive: true, force: true });
});

const shopper = shopSession(
  () => kaiwa,
  () => app,
);
const { confirmations, order } = shopper;
async function checkout(user: string, product: string, quantity = 1) {
  const link = await shopper.checkout(user, product, quantity);
  return { link, sessionId: /cs_test_\w+/.exec(link.url)![0] };
}
const event = (type: string, session: Record<string, unknown>, id = `evt_${Math.random().toString(36).slice(2)}`) =>
  JSON.stringify({
    id,
    object: 'event',
    type,
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    data: { object: session },
  });
const deliver = (
  payload: string,
  header = signer.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }),
) =>
  app.request('/payments/stripe/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    body: payload,
  });

describe('Stripe Checkout', () => {
  it('creates one Checkout Session per order, priced from the catalog in JPY as-is with the shipping line, carrying the order id, expiring with the reservation', async () => {
    const before = Date.now();
    const { link, sessionId } = await checkout('stripe-a', 'tea-sencha-uji', 2);
    const created = stripe.requests.find((request) => request.path === '/v1/checkout/sessions')!;
    expect(created.idempotencyKey).toBe(`kaiwa-checkout-${link.orderId}`);
    expect(created.body).toMatchObject({
      mode: 'payment',
      client_reference_id: link.orderId,
      metadata: { order_id: link.orderId },
      locale: 'ja',
      // ¥2,400 is under the example shop's ¥5,000 free-shipping line: ¥500 shipping (kaiwa.yaml).
      line_items: [
        { quantity: '2', price_data: { currency: 'jpy', unit_amount: '1200' } },
        { quantity: '1', price_data: { currency: 'jpy', unit_amount: '500', product_data: { name: '送料' } } },
      ],
    });
    expect(link.total).toEqual({ amount: 2900, currency: 'JPY' });
    const expiresAt = Number(created.body.expires_at) * 1000;
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 32 * 60_000);
    expect(String(created.body.success_url)).toBe(
      `https://shop.test/payments/stripe/return?order=${link.orderId}&outcome=success&session_id={CHECKOUT_SESSION_ID}`,
    );
    expect(stripe.sessions.get(sessionId)?.amount_total).toBe(2900);
  });

  it('a signed checkout.session.completed pays the order and tells the shopper once, even replayed 3× in parallel and followed by async_payment_succeeded', async () => {
    const { link, sessionId } = await checkout('stripe-b', 'tea-genmaicha');
    const paid = stripe.pay(sessionId);
    const completed = event('checkout.session.completed', paid);
    const statuses = await Promise.all(
      [deliver(completed), deliver(completed), deliver(completed)].map(async (response) => (await response).status),
    );
    expect(statuses).toEqual([200, 200, 200]);
    expect((await deliver(event('checkout.session.async_payment_succeeded', paid))).status).toBe(200);
    expect(await confirmations('stripe-b', link.orderId)).toBe(1);
    const history = (await order(link.orderId)).history;
    expect(history.filter((step) => step.to === 'paid')).toHaveLength(1);
    expect(history.find((step) => step.to === 'paid')?.cause).toBe(`payment:stripe:stripe:${sessionId}:paid`);
    const page = await app.request(
      `/payments/stripe/return?order=${link.orderId}&outcome=success&session_id=${sessionId}`,
    );
    expect(await page.text()).toContain('お支払いを確認しました');
  });

  it('a coupon: Stripe takes no negative line, so the discount is spread over the lines and Stripe’s total is the order’s to the yen; the use counts once', async () => {
    await shopper.press('stripe-coupon', 'k1:do:addToCart:tea-sencha-uji');
    await shopper.press('stripe-coupon', 'k1:do:addToCart:tea-sencha-uji');
    await shopper.press('stripe-coupon', 'k1:do:addToCart:ware-yunomi-arita');
    await shopper.press('stripe-coupon', 'k1:do:applyCoupon:SAWA10');
    const { link, sessionId } = await checkout('stripe-coupon', 'tea-sencha-uji', 0);
    // ¥2,400 + ¥2,200 = ¥4,600, 10 % off is ¥460 (¥240 off the teas, ¥220 off the cup); ¥4,140 + ¥500 shipping.
    expect(link.total).toEqual({ amount: 4640, currency: 'JPY' });
    const created = stripe.requests.find(
      (request) => request.path === '/v1/checkout/sessions' && request.body.client_reference_id === link.orderId,
    )!;
    expect(
      (created.body.line_items as { quantity: string; price_data: { unit_amount: string } }[]).map((line) => [
        line.quantity,
        line.price_data.unit_amount,
      ]),
    ).toEqual([
      ['2', '1080'],
      ['1', '1980'],
      ['1', '500'],
    ]);
    expect(stripe.sessions.get(sessionId)?.amount_total).toBe(4640);
    const completed = event('checkout.session.completed', stripe.pay(sessionId));
    expect((await deliver(completed)).status).toBe(200);
    expect((await deliver(completed)).status).toBe(200); // redelivered
    expect((await order(link.orderId)).status).toBe('paid');
    expect(await kaiwa.store.promotions.held('SAWA10')).toBe(1);
    const [use] = await kaiwa.store.promotions.listByConversation({
      channel: 'simulator',
      conversationId: 'stripe-coupon',
      userId: 'stripe-coupon',
    });
    expect(use).toMatchObject({ orderId: link.orderId, status: 'confirmed' });
  });

  it('collects the delivery address in the shipping zones’ countries and keeps what checkout.session.completed brings with the order', async () => {
    const { link, sessionId } = await checkout('stripe-ship', 'tea-sencha-uji');
    const created = stripe.requests.find(
      (request) => request.path === '/v1/checkout/sessions' && request.body.client_reference_id === link.orderId,
    )!;
    // The example shop ships to one zone, Japan.
    expect(created.body).toMatchObject({
      shipping_address_collection: { allowed_countries: ['JP'] },
      phone_number_collection: { enabled: 'true' },
    });
    const paid = stripe.pay(sessionId, {
      name: '山田 花子',
      phone: '+81 90-1234-5678',
      address: { postal_code: '150-0001', state: '東京都', city: '渋谷区', line1: '神宮前1-2-3', country: 'JP' },
    });
    expect((await deliver(event('checkout.session.completed', paid))).status).toBe(200);
    const shipTo = {
      name: '山田 花子',
      postalCode: '150-0001',
      country: 'JP',
      region: '東京都',
      city: '渋谷区',
      line1: '神宮前1-2-3',
      phone: '+81 90-1234-5678',
    };
    expect(await kaiwa.store.orders.get(link.orderId)).toMatchObject({ status: 'paid', shipTo });
    // A webhook endpoint on an API version before 2025-03-31 sends the top-level shipping_details.
    const older = await checkout('stripe-ship-old', 'tea-genmaicha');
    const session = stripe.pay(older.sessionId);
    const legacy = {
      ...session,
      collected_information: undefined,
      shipping_details: {
        name: 'Aiko Sato',
        address: {
          line1: '1-1 Kyomachi',
          line2: 'Apt 2',
          city: 'Kyoto',
          state: null,
          postal_code: '600-8001',
          country: 'jp',
        },
      },
    };
    expect((await deliver(event('checkout.session.completed', legacy))).status).toBe(200);
    expect((await kaiwa.store.orders.get(older.link.orderId))?.shipTo).toEqual({
      name: 'Aiko Sato',
      postalCode: '600-8001',
      country: 'JP',
      city: 'Kyoto',
      line1: '1-1 Kyomachi',
      line2: 'Apt 2',
    });
  });

  it('refuses a tampered body, a stale or future signature (> 300 s away) and a missing one, changing nothing', async () => {
    const { link, sessionId } = await checkout('stripe-c', 'tea-hojicha-kyoto');
    const paid = JSON.stringify(JSON.parse(event('checkout.session.completed', stripe.pay(sessionId))));
    const header = signer.webhooks.generateTestHeaderString({ payload: paid, secret: webhookSecret });
    expect((await deliver(paid.replace('"paid"', '"paid" '), header)).status).toBe(401);
    const stale = signer.webhooks.generateTestHeaderString({
      payload: paid,
      secret: webhookSecret,
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect((await deliver(paid, stale)).status).toBe(401);
    // The tolerance is symmetric: a signature dated far in the future is refused as well.
    const future = signer.webhooks.generateTestHeaderString({
      payload: paid,
      secret: webhookSecret,
      timestamp: Math.floor(Date.now() / 1000) + 3600,
    });
    const refused = await deliver(paid, future);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toMatch(/in the future/);
    expect((await app.request('/payments/stripe/webhook', { method: 'POST', body: paid })).status).toBe(401);
    expect(
      (
        await deliver(
          paid,
          signer.webhooks.generateTestHeaderString({ payload: paid, secret: 'whsec_other0123456789' }),
        )
      ).status,
    ).toBe(401);
    expect((await order(link.orderId)).status).toBe('awaiting_payment');
  });

  it('a session paid with another amount puts the order in payment_mismatch and does not tell the shopper "paid"', async () => {
    const { link, sessionId } = await checkout('stripe-d', 'tea-sencha-fukamushi');
    const session = { ...stripe.pay(sessionId), amount_total: 1 };
    expect((await deliver(event('checkout.session.completed', session))).status).toBe(200);
    expect((await order(link.orderId)).status).toBe('payment_mismatch');
    expect(await confirmations('stripe-d', link.orderId)).toBe(0);
  });

  it('ignores a completed session still unpaid (a konbini payment pending); expiry gives the stock back', async () => {
    const stock = async () =>
      ((await (await app.request('/api/products/tea-mugicha')).json()) as { stock: number }).stock;
    const start = await stock();
    const { link, sessionId } = await checkout('stripe-e', 'tea-mugicha');
    expect(await stock()).toBe(start - 1);
    const session = stripe.sessions.get(sessionId)!;
    expect((await deliver(event('checkout.session.completed', { ...session, payment_status: 'unpaid' }))).status).toBe(
      200,
    );
    expect((await order(link.orderId)).status).toBe('awaiting_payment');
    expect((await deliver(event('checkout.session.expired', { ...session, status: 'expired' }))).status).toBe(200);
    expect((await order(link.orderId)).status).toBe('expired');
    expect(await stock()).toBe(start);
  });

  it('refunds a paid order through the Refunds API, once', async () => {
    const { link, sessionId } = await checkout('stripe-f', 'ware-coaster');
    await deliver(event('checkout.session.completed', stripe.pay(sessionId)));
    const paidOrder = (await kaiwa.store.orders.get(link.orderId))!;
    const provider = kaiwa.app.payments.get('stripe')!;
    const refunded = await provider.refund!(paidOrder);
    expect(refunded).toMatchObject({
      provider: 'stripe',
      orderId: link.orderId,
      status: 'refunded',
      amount: paidOrder.total,
    });
    await receivePayments(kaiwa.app, [refunded!]);
    await receivePayments(kaiwa.app, [refunded!]);
    expect((await order(link.orderId)).status).toBe('refunded');
    const refunds = stripe.requests.filter((request) => request.path === '/v1/refunds');
    expect(refunds[0]?.idempotencyKey).toBe(`kaiwa-refund-${link.orderId}`);
  });
});

describe('Stripe Checkout in a US shop, sales tax added', () => {
  const usDir = mkdtempSync(join(tmpdir(), 'kaiwa-stripe-us-'));
  let us: Kaiwa;
  let usApp: ReturnType<typeof createApp>;
  beforeAll(async () => {
    us = await createKaiwa({
      shopDir: usShop(join(usDir, 'shop')),
      env: {
        DATABASE_URL: `sqlite://${join(usDir, 'kaiwa.db')}`,
        LOG_LEVEL: 'silent',
        PUBLIC_URL: 'https://us-shop.test',
        STRIPE_SECRET_KEY: secretKey,
        STRIPE_WEBHOOK_SECRET: webhookSecret,
        STRIPE_API_BASE: stripe.url,
      },
      log: () => undefined,
    });
    usApp = createApp(us.app);
  });
  afterAll(async () => {
    await us.close();
    rmSync(usDir, { recursive: true, force: true });
  });
  const session = shopSession(
    () => us,
    () => usApp,
  );

  it('shows the tax line in the cart, charges Stripe the total with it itemised, and lists it on the receipt', async () => {
    await session.press('us-a', 'k1:do:setLocale:en');
    await session.press('us-a', 'k1:do:addToCart:trail-tee');
    await session.press('us-a', 'k1:do:addToCart:trail-tee');
    const cart = (await session.press('us-a', 'k1:do:showCart'))
      .map((reply) => ('text' in reply ? reply.text : ''))
      .join('\n');
    // $40.00 and $5.00 shipping, 7.25 % (California, the shop's default region) on $45.00 = $3.2625 → $3.26.
    expect(cart).toContain('・Sales tax (CA 7.25%)  $3.26');
    expect(cart).toContain('Total: $48.26');
    const link = await session.checkout('us-a', 'trail-tee', 0);
    expect(link.total).toEqual({ amount: 4826, currency: 'USD' });
    const sessionId = /cs_test_\w+/.exec(link.url)![0];
    const created = stripe.requests.find(
      (request) => request.path === '/v1/checkout/sessions' && request.body.client_reference_id === link.orderId,
    )!;
    expect(created.body.line_items).toEqual([
      expect.objectContaining({ quantity: '2', price_data: expect.objectContaining({ unit_amount: '2000' }) }),
      expect.objectContaining({ price_data: expect.objectContaining({ unit_amount: '500' }) }),
      expect.objectContaining({
        quantity: '1',
        price_data: expect.objectContaining({
          currency: 'usd',
          unit_amount: '326',
          product_data: expect.objectContaining({ name: 'Sales tax (CA 7.25%)' }),
        }),
      }),
    ]);
    expect(stripe.sessions.get(sessionId)?.amount_total).toBe(4826);
    const payload = event('checkout.session.completed', stripe.pay(sessionId));
    const response = await usApp.request('/payments/stripe/webhook', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }),
      },
      body: payload,
    });
    expect(response.status).toBe(200);
    expect((await session.order(link.orderId)).status).toBe('paid');
    await us.engine.drain();
    const conversation = (await (await usApp.request('/simulator/api/conversations/us-a')).json()) as {
      messages: { reply?: Reply }[];
    };
    const receipt = conversation.messages
      .map((message) => (message.reply && 'text' in message.reply ? message.reply.text : ''))
      .find((text) => text.includes('Payment received'));
    expect(receipt).toContain(
      '・Trail Tee × 2  $40.00\n・Shipping  $5.00\n・Sales tax (CA 7.25%)  $3.26\nTotal $48.26',
    );
  });
});

describe('provider choice', () => {
  it('pays by the demo checkout when Stripe is not configured (the example shop lists [stripe, demo])', async () => {
    const local = await createKaiwa({
      shopDir: 'examples/shop',
      env: { DATABASE_URL: 'sqlite://:memory:', LOG_LEVEL: 'silent' },
      log: () => undefined,
    });
    expect([...local.app.payments.keys()]).toEqual(['demo']);
    await local.close();
  });

  it('names the missing variable when Stripe is half configured', async () => {
    await expect(
      createKaiwa({
        shopDir: 'examples/shop',
        env: { DATABASE_URL: 'sqlite://:memory:', LOG_LEVEL: 'silent', STRIPE_SECRET_KEY: secretKey },
        log: () => undefined,
      }),
    ).rejects.toThrow(/Stripe needs STRIPE_WEBHOOK_SECRET/);
  });
});
