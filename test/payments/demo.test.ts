import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  hmacSha256,
  InvalidPayloadError,
  SignatureError,
  type Order,
  type RawRequest,
} from '../../src/core/index.js';
import { createOrderService } from '../../src/modules/orders/order-service.js';
import { renderDemoCheckoutPage } from '../../src/payments/demo/checkout-page.js';
import { createDemoPaymentProvider } from '../../src/payments/demo/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';

const secret = 'a-test-secret-of-32-characters!!';
const demo = createDemoPaymentProvider({ secret, publicUrl: 'http://shop.test/' });
const order: Order = {
  id: 'KW-TEST-0001',
  address: { channel: 'simulator', conversationId: 'u', userId: 'u' },
  locale: 'ja',
  status: 'awaiting_payment',
  lines: [
    {
      productId: 'a',
      title: '<script>alert(1)</script>煎茶',
      quantity: 2,
      unitPrice: { amount: 1200, currency: 'JPY' },
    },
    { productId: 'b', title: 'Tom & "Jerry\'s" tea', quantity: 1, unitPrice: { amount: 800, currency: 'JPY' } },
  ],
  total: { amount: 3200, currency: 'JPY' },
  createdAt: '2026-11-22T09:00:00Z',
  expiresAt: '2026-11-22T09:30:00Z',
  updatedAt: '2026-11-22T09:00:00Z',
};
const context = { publicUrl: 'http://shop.test', locale: 'ja', address: order.address };
const token = hmacSha256(secret, order.id, 'base64url');
const post = (path: string, body: string, method = 'POST'): RawRequest => ({
  method,
  url: path.startsWith('/') ? `http://shop.test${path}` : path,
  headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }),
  body: new TextEncoder().encode(body),
});
const rejection = async (request: RawRequest) =>
  demo.handleCallback(request).then(
    () => undefined,
    (error: unknown) => error,
  );

describe('demo payment provider', () => {
  it('links to this server with a per-order HMAC-SHA256 token', async () => {
    expect(demo.name).toBe('demo');
    expect(await demo.createPayment(order, context)).toEqual({
      kind: 'link',
      url: `http://shop.test/checkout/demo/KW-TEST-0001?token=${token}`,
      expiresAt: order.expiresAt,
    });
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(demo.verifyToken(order.id, token)).toBe(true);
    expect(demo.verifyToken('KW-OTHER-0001', token)).toBe(false);
    expect(demo.verifyToken(order.id, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(demo.verifyToken(order.id, '')).toBe(false);
    expect(
      createDemoPaymentProvider({ secret: 'another-secret-of-some-length', publicUrl: 'http://shop.test' }).verifyToken(
        order.id,
        token,
      ),
    ).toBe(false);
  });

  it('turns the form POST into one paid event carrying the amount the page showed', async () => {
    const event = {
      providerEventId: 'demo:KW-TEST-0001:3200:JPY',
      provider: 'demo',
      orderId: order.id,
      status: 'paid',
      amount: { amount: 3200, currency: 'JPY' },
    };
    expect(
      await demo.handleCallback(post(`/checkout/demo/${order.id}`, `token=${token}&amount=3200&currency=JPY`)),
    ).toEqual([event]);
    // A path-only URL and a trailing slash are read the same way.
    expect(
      await demo.handleCallback(post(`/checkout/demo/${order.id}/`, `currency=JPY&amount=3200&token=${token}`)),
    ).toEqual([event]);
    expect(
      await demo.handleCallback({
        ...post('', `token=${token}&amount=3200&currency=JPY`),
        url: `/checkout/demo/${order.id}`,
      }),
    ).toEqual([event]);
  });

  it('refuses a wrong or missing token with SignatureError before reading the amount', async () => {
    expect(await rejection(post(`/checkout/demo/${order.id}`, 'token=nope&amount=3200&currency=JPY'))).toBeInstanceOf(
      SignatureError,
    );
    expect(await rejection(post(`/checkout/demo/${order.id}`, 'amount=3200&currency=JPY'))).toBeInstanceOf(
      SignatureError,
    );
    expect(
      await rejection(post('/checkout/demo/KW-OTHER-0001', `token=${token}&amount=3200&currency=JPY`)),
    ).toBeInstanceOf(SignatureError);
    expect(await rejection(post(`/checkout/demo/${order.id}`, 'token=nope&amount=lots'))).toBeInstanceOf(
      SignatureError,
    );
  });

  it('refuses a malformed request with InvalidPayloadError naming the field', async () => {
    const cases: [RawRequest, string][] = [
      [post(`/checkout/demo/${order.id}`, `token=${token}&amount=32.5&currency=JPY`), 'amount'],
      [post(`/checkout/demo/${order.id}`, `token=${token}&amount=-1&currency=JPY`), 'amount'],
      [post(`/checkout/demo/${order.id}`, `token=${token}&currency=JPY`), 'amount'],
      [post(`/checkout/demo/${order.id}`, `token=${token}&amount=3200&currency=yen`), 'currency'],
      [post('/checkout/demo/', `token=${token}&amount=3200&currency=JPY`), 'orderId'],
      [post('/checkout/demo/%E0%A4%A', `token=${token}&amount=3200&currency=JPY`), 'orderId'],
      [post(`/checkout/demo/${order.id}`, `token=${token}&amount=3200&currency=JPY`, 'GET'), 'method'],
    ];
    for (const [request, field] of cases) {
      const error = await rejection(request);
      expect(error, `${request.url} ${new TextDecoder().decode(request.body)}`).toBeInstanceOf(InvalidPayloadError);
      expect((error as InvalidPayloadError).field).toBe(field);
    }
  });

  it('refuses a short secret at creation', () => {
    expect(() => createDemoPaymentProvider({ secret: 'short', publicUrl: 'http://shop.test' })).toThrow(ConfigError);
  });

  it('pays a real order end to end: checkout, link, POST, order service', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaiwa-'));
    const store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'kaiwa.db') });
    try {
      await store.catalog.upsertMany([
        {
          id: 'a',
          title: { en: 'Sencha' },
          description: {},
          price: { amount: 1200, currency: 'JPY' },
          stock: 3,
          tags: [],
          attributes: {},
        },
      ]);
      const orders = createOrderService({ payments: () => demo, publicUrl: 'http://shop.test' });
      const { order: created, payment } = await store.transaction((tx) =>
        orders.checkout(tx, { address: order.address, lines: [{ productId: 'a', quantity: 2 }], locale: 'en' }),
      );
      if (payment.kind !== 'link') throw new Error('expected a link');
      const url = new URL(payment.url);
      const events = await demo.handleCallback(
        post(url.pathname, `token=${url.searchParams.get('token')}&amount=2400&currency=JPY`),
      );
      expect(await store.transaction((tx) => orders.applyPayment(tx, events[0]!))).toMatchObject({
        kind: 'paid',
        order: { id: created.id, status: 'paid' },
      });
      expect(await store.transaction((tx) => orders.applyPayment(tx, events[0]!))).toEqual({ kind: 'duplicate' });
      // A tampered amount is signed correctly but does not pay: the order service compares it with the total.
      const { order: second, payment: secondPayment } = await store.transaction((tx) =>
        orders.checkout(tx, { address: order.address, lines: [{ productId: 'a', quantity: 1 }], locale: 'en' }),
      );
      const secondUrl = new URL(secondPayment.kind === 'link' ? secondPayment.url : '');
      const [cheap] = await demo.handleCallback(
        post(secondUrl.pathname, `token=${secondUrl.searchParams.get('token')}&amount=1&currency=JPY`),
      );
      expect(await store.transaction((tx) => orders.applyPayment(tx, cheap!))).toMatchObject({
        kind: 'mismatch',
        order: { id: second.id, status: 'payment_mismatch' },
      });
      // The right amount after a wrong one still lands (payment_mismatch → paid), exactly once.
      const [right] = await demo.handleCallback(
        post(secondUrl.pathname, `token=${secondUrl.searchParams.get('token')}&amount=1200&currency=JPY`),
      );
      expect(await store.transaction((tx) => orders.applyPayment(tx, right!))).toMatchObject({
        kind: 'paid',
        order: { id: second.id, status: 'paid' },
      });
      const [again] = await demo.handleCallback(
        post(secondUrl.pathname, `token=${secondUrl.searchParams.get('token')}&amount=1200&currency=JPY`),
      );
      expect(await store.transaction((tx) => orders.applyPayment(tx, again!))).toEqual({ kind: 'duplicate' });
      expect((await store.orders.history(second.id)).map((step) => step.to)).toEqual([
        'awaiting_payment',
        'payment_mismatch',
        'paid',
      ]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('demo checkout page', () => {
  it('renders a Japanese order with every value escaped and JPY without decimals', () => {
    const html = renderDemoCheckoutPage(order, token, { shopName: '茶話 & <Co>' });
    expect(html).toMatch(/^<!doctype html>\n<html lang="ja">/);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;煎茶 × 2');
    expect(html).toContain('Tom &amp; &quot;Jerry&#39;s&quot; tea × 1');
    expect(html).toContain('<h1>茶話 &amp; &lt;Co&gt;</h1>');
    expect(html).toContain('デモ決済 — 実際のお金は動きません');
    expect(html).toContain('<strong id="order-id">KW-TEST-0001</strong>');
    expect(html).toContain('<td class="amount">￥1,200</td><td class="amount">￥2,400</td>');
    expect(html).toContain('<td class="amount" id="total">￥3,200</td>');
    expect(html).not.toMatch(/[¥￥][\d,]+\.\d/);
    expect(html).toContain('<form method="post" action="/checkout/demo/KW-TEST-0001">');
    expect(html).toContain(`name="token" value="${token}"`);
    expect(html).toContain('name="amount" value="3200"');
    expect(html).toContain('name="currency" value="JPY"');
    expect(html).toContain('<button type="submit" id="pay">￥3,200 を支払う</button>');
    expect(html).not.toMatch(/<link|<script|src=|https?:\/\//);
  });

  it('renders English, USD with cents, and escapes the token and order id in the form', () => {
    const usd: Order = {
      ...order,
      id: 'KW-"><b>',
      locale: 'en-US',
      lines: [{ productId: 'c', title: 'Matcha', quantity: 3, unitPrice: { amount: 1999, currency: 'USD' } }],
      total: { amount: 5997, currency: 'USD' },
    };
    const html = renderDemoCheckoutPage(usd, '"><script>', { shopName: 'Sawa Tea', state: 'open' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('DEMO — no real money moves');
    expect(html).toContain('Matcha × 3</td><td class="amount">$19.99</td><td class="amount">$59.97</td>');
    expect(html).toContain('<button type="submit" id="pay">Pay $59.97</button>');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;"');
    expect(html).toContain('action="/checkout/demo/KW-%22%3E%3Cb%3E"');
    expect(html).toContain('<strong id="order-id">KW-&quot;&gt;&lt;b&gt;</strong>');
  });

  it('shows a confirmation instead of the form once paid, and says when the link expired', () => {
    for (const state of ['paid', 'already-paid'] as const) {
      expect(renderDemoCheckoutPage(order, token, { shopName: 'Sawa', state })).toContain('お支払いが完了しました');
      const english = renderDemoCheckoutPage({ ...order, locale: 'en' }, token, { shopName: 'Sawa', state });
      expect(english).toContain('Payment received — return to the chat.');
      expect(english).not.toContain('<form');
      expect(english).not.toContain('id="pay"');
    }
    const expired = renderDemoCheckoutPage({ ...order, locale: 'en' }, token, { shopName: 'Sawa', state: 'expired' });
    expect(expired).toContain('This payment link has expired');
    expect(expired).not.toContain('<form');
    expect(renderDemoCheckoutPage(order, token, { shopName: 'Sawa', state: 'expired' })).toContain('期限切れ');
  });
});
