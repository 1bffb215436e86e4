import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { fromLinePayAmount, toLinePayAmount } from '../../src/payments/linepay/amounts.js';
import { createApp } from '../../src/server/app.js';
import { receivePayments } from '../../src/modules/orders/payment-intake.js';
import { startFakeLinePay } from '../fakes/linepay-api.js';
import { createLinePayPaymentProvider } from '../../src/payments/linepay/index.js';
import { exclusiveTaxCheckout } from './exclusive-tax.js';
import { shopSession } from './shop-session.js';

const credentials = { channelId: '1655000001', channelSecret: '8f3c2b1a0d9e8f7a6b5c4d3e2f1a0b9c' };
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-linepay-'));
let linepay: Awaited<ReturnType<typeof startFakeLinePay>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
let shopDir: string;

// The example shop, selling in Thai baht: ฿123.45 for the Uji sencha (12345 satang).
// Inside the project, so that the shop's actions.ts resolves `kaiwajs/core` (test-artifacts is git-ignored).
function thaiShop(): string {
  mkdirSync('test-artifacts', { recursive: true });
  const shop = mkdtempSync(join('test-artifacts', 'linepay-shop-'));
  cpSync('examples/shop', shop, { recursive: true });
  writeFileSync(
    join(shop, 'kaiwa.yaml'),
    readFileSync(join(shop, 'kaiwa.yaml'), 'utf8').replace('currency: JPY', 'currency: THB'),
  );
  const catalog = readFileSync(join(shop, 'catalog.csv'), 'utf8')
    .replace(/^(tea-sencha-uji,.*?),1200,JPY,/m, '$1,12345,THB,')
    .replaceAll(',JPY,', ',THB,');
  writeFileSync(join(shop, 'catalog.csv'), catalog);
  return shop;
}

beforeAll(async () => {
  linepay = await startFakeLinePay(credentials);
  kaiwa = await createKaiwa({
    shopDir: (shopDir = thaiShop()),
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'https://shop.test',
      LINE_PAY_CHANNEL_ID: credentials.channelId,
      LINE_PAY_CHANNEL_SECRET: credentials.channelSecret,
      LINE_PAY_API_BASE: linepay.url,
    },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa.close();
  await linepay.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(shopDir, { recursive: true, force: true });
});

const shopper = shopSession(
  () => kaiwa,
  () => app,
);
const { confirmations, order } = shopper;
async function checkout(user: string, product: string, quantity = 1) {
  const link = await shopper.checkout(user, product, quantity);
  return { link, transactionId: (await kaiwa.store.orders.get(link.orderId))!.paymentReference! };
}
// LINE Pay sends the shopper's browser to confirmUrl with these two parameters added.
const comeBack = (orderId: string, transactionId: string) =>
  app.request(`/payments/linepay/return?order=${orderId}&transactionId=${transactionId}&orderId=${orderId}`);

describe('LINE Pay amounts', () => {
  it('converts minor units to LINE Pay decimals and back exactly, and refuses cents in TWD', () => {
    expect(toLinePayAmount({ amount: 12345, currency: 'THB' })).toBe('123.45');
    expect(toLinePayAmount({ amount: 5, currency: 'THB' })).toBe('0.05');
    expect(toLinePayAmount({ amount: 10000, currency: 'TWD' })).toBe('100');
    expect(toLinePayAmount({ amount: 1200, currency: 'JPY' })).toBe('1200');
    expect(() => toLinePayAmount({ amount: 10050, currency: 'TWD' })).toThrow(/whole TWD/);
    expect(fromLinePayAmount('123.45', 'THB')).toBe(12345);
    expect(fromLinePayAmount('0.1', 'THB')).toBe(10);
    expect(() => fromLinePayAmount('1.234', 'THB')).toThrow(/more decimals/);
  });
});

describe('LINE Pay (Online API v3)', () => {
  it('requests a payment signed as LINE Pay checks it, in baht decimals from the catalog, and keeps the 2^53+ transactionId exact', async () => {
    const { link, transactionId } = await checkout('linepay-a', 'tea-sencha-uji', 2);
    const request = linepay.requests.find((entry) => entry.path === '/v3/payments/request')!;
    // Two at ฿123.45 are over the example shop's free-shipping line (5000 minor units: ฿50.00 in
    // baht), so the shipping line is free and not itemised.
    expect(request.body).toContain('"amount":246.9,"currency":"THB"');
    expect(request.body).toContain('"price":123.45');
    expect(request.body).not.toContain('"id":"shipping"');
    expect(JSON.parse(request.body)).toMatchObject({
      orderId: link.orderId,
      redirectUrls: { confirmUrl: `https://shop.test/payments/linepay/return?order=${link.orderId}` },
      options: { payment: { capture: true } },
    });
    // The fake answered 0000, so the X-LINE-Authorization it recomputed matched; each call has its own UUID nonce.
    expect(request.nonce).toMatch(/^[0-9a-f-]{36}$/);
    expect(link.url).toBe(`https://sandbox-web-pay.line.me/web/payment/wait?transactionReserveId=r${transactionId}`);
    expect(link.total).toEqual({ amount: 24690, currency: 'THB' });
    // Beyond Number.MAX_SAFE_INTEGER, digit for digit: a float would have rounded it to …000.
    expect(BigInt(transactionId)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(linepay.transactions.has(transactionId)).toBe(true);
  });

  it('requests the total with tax-exclusive prices’ VAT added, the tax a product of its own that the package sums to', async () => {
    const provider = createLinePayPaymentProvider({
      ...credentials,
      environment: 'sandbox',
      apiBase: linepay.url,
      publicUrl: 'https://shop.test',
    });
    // ฿123.45 × 2 and ฿50.00 shipping before tax; 7 % of ฿296.90 is ฿20.783 → ฿20.78.
    const { order: taxed } = await exclusiveTaxCheckout(provider, {
      currency: 'THB',
      price: 12345,
      tax: { prices: 'exclusive', classes: { vat: 7 } },
      shipping: { zones: [{ id: 'thailand', countries: ['TH'], flat: '50.00' }] },
    });
    expect(taxed.total).toEqual({ amount: 31768, currency: 'THB' });
    const request = linepay.requests.find(
      (entry) => entry.path === '/v3/payments/request' && entry.body.includes(taxed.id),
    )!;
    expect(request.body).toContain('"amount":317.68,"currency":"THB"');
    expect(request.body).toContain('"name":"Sales tax (7%)","quantity":1,"price":20.78');
  });

  it('the shopper coming back confirms the payment and is told once, however often the page reloads or the poll runs', async () => {
    const { link, transactionId } = await checkout('linepay-b', 'tea-genmaicha');
    linepay.approve(transactionId);
    const pages = await Promise.all([comeBack(link.orderId, transactionId), comeBack(link.orderId, transactionId)]);
    expect(pages.map((page) => page.status)).toEqual([200, 200]);
    await comeBack(link.orderId, transactionId);
    await kaiwa.pollPayments();
    const confirmsSent = linepay.requests.filter((entry) => entry.path === `/v3/payments/${transactionId}/confirm`);
    expect(confirmsSent.length).toBeGreaterThanOrEqual(1);
    expect(confirmsSent[0]!.body).toMatch(/^\{"amount":\d+(\.\d+)?,"currency":"THB"\}$/);
    expect(await confirmations('linepay-b', link.orderId)).toBe(1);
    const history = (await order(link.orderId)).history;
    expect(history.filter((step) => step.to === 'paid')).toHaveLength(1);
    expect(history.find((step) => step.to === 'paid')?.cause).toBe(`payment:linepay:linepay:${transactionId}:paid`);
  });

  it('the poll confirms a payment the shopper approved but never came back from; an unapproved one waits', async () => {
    const approved = await checkout('linepay-c', 'tea-hojicha-kyoto');
    const waiting = await checkout('linepay-d', 'tea-mugicha');
    linepay.approve(approved.transactionId);
    const realNow = kaiwa.app.clock.now;
    const later = Date.now() + 20_000;
    kaiwa.app.clock.now = () => new Date(later);
    try {
      await kaiwa.pollPayments();
    } finally {
      kaiwa.app.clock.now = realNow;
    }
    expect((await order(approved.link.orderId)).status).toBe('paid');
    expect((await order(waiting.link.orderId)).status).toBe('awaiting_payment');
    expect(await confirmations('linepay-c', approved.link.orderId)).toBe(1);
  });

  it("refuses a return naming another order's transaction or a non-numeric id, and a cancel changes nothing", async () => {
    const mine = await checkout('linepay-e', 'ware-coaster');
    const theirs = await checkout('linepay-f', 'tea-genmaicha');
    linepay.approve(theirs.transactionId);
    expect((await comeBack(mine.link.orderId, theirs.transactionId)).status).toBe(400);
    expect((await comeBack(mine.link.orderId, '12e4')).status).toBe(400);
    expect((await app.request(`/payments/linepay/return?order=${mine.link.orderId}&outcome=cancel`)).status).toBe(200);
    expect((await order(mine.link.orderId)).status).toBe('awaiting_payment');
    expect((await order(theirs.link.orderId)).status).toBe('awaiting_payment');
  });

  it('a declined payment (1141) tells the shopper in the chat and leaves the order open; an unknown code is refused', async () => {
    const { link, transactionId } = await checkout('linepay-h', 'tea-hojicha-kyoto');
    linepay.approve(transactionId, '1141');
    expect((await comeBack(link.orderId, transactionId)).status).toBe(200);
    expect((await order(link.orderId)).status).toBe('awaiting_payment');
    await kaiwa.engine.drain();
    const conversation = (await (await app.request('/simulator/api/conversations/linepay-h')).json()) as {
      messages: { reply?: { text?: string } }[];
    };
    expect(conversation.messages.some((message) => message.reply?.text?.includes('お支払いが完了しませんでした'))).toBe(
      true,
    );

    const other = await checkout('linepay-i', 'tea-genmaicha');
    linepay.approve(other.transactionId, '9000');
    expect((await comeBack(other.link.orderId, other.transactionId)).status).toBe(400);
    expect((await order(other.link.orderId)).status).toBe('awaiting_payment');
  });

  it('refunds through the refund API once; a wrong secret is refused by LINE Pay (1106) and reported', async () => {
    const { link, transactionId } = await checkout('linepay-g', 'tea-sencha-uji');
    linepay.approve(transactionId);
    await comeBack(link.orderId, transactionId);
    const paid = (await kaiwa.store.orders.get(link.orderId))!;
    expect(paid.status).toBe('paid');
    const provider = kaiwa.app.payments.get('linepay')!;
    const refunded = await provider.refund!(paid);
    expect(refunded).toMatchObject({
      provider: 'linepay',
      status: 'refunded',
      amount: { amount: 12345, currency: 'THB' },
    });
    await receivePayments(kaiwa.app, [refunded!]);
    await receivePayments(kaiwa.app, [(await provider.refund!(paid))!]);
    expect((await order(link.orderId)).history.filter((step) => step.to === 'refunded')).toHaveLength(1);

    const { createLinePayPaymentProvider } = await import('../../src/payments/linepay/index.js');
    const wrong = createLinePayPaymentProvider({
      ...credentials,
      channelSecret: 'ffffffffffffffffffffffffffffffff',
      environment: 'sandbox',
      apiBase: linepay.url,
      publicUrl: 'https://shop.test',
    });
    await expect(
      wrong.createPayment(
        { ...paid, id: 'KW-WRONG-0001' },
        { publicUrl: 'https://shop.test', locale: 'en', address: paid.address },
      ),
    ).rejects.toThrow(/1106/);
  });
});
