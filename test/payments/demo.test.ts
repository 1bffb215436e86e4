import { describe, expect, it } from 'vitest';
import { InvalidPayloadError, SignatureError, type Order, type RawRequest } from '../../src/core/index.js';
import { renderDemoCheckoutPage } from '../../src/payments/demo/checkout-page.js';
import { createDemoPaymentProvider } from '../../src/payments/demo/index.js';

const demo = createDemoPaymentProvider({ secret: 'a-test-secret-of-32-characters!!', publicUrl: 'http://shop.test/' });
const order: Order = {
  id: 'KW-TEST-0001',
  address: { channel: 'simulator', conversationId: 'u', userId: 'u' },
  locale: 'ja',
  status: 'awaiting_payment',
  lines: [{ productId: 'a', title: '<script>alert(1)</script>煎茶', quantity: 2, unitPrice: { amount: 1200, currency: 'JPY' } }],
  total: { amount: 2400, currency: 'JPY' },
  createdAt: '2026-11-22T09:00:00Z',
  expiresAt: '2026-11-22T09:30:00Z',
  updatedAt: '2026-11-22T09:00:00Z',
};
const post = (path: string, body: string): RawRequest => ({ method: 'POST', url: `http://shop.test${path}`, headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }), body: new TextEncoder().encode(body) });

describe('demo payment provider', () => {
  it('signs links per order and turns a POST into one payment event', async () => {
    const link = await demo.createPayment(order, { publicUrl: 'http://shop.test', locale: 'ja', address: order.address });
    if (link.kind !== 'link') throw new Error('expected a link');
    const token = new URL(link.url).searchParams.get('token')!;
    expect(demo.verifyToken(order.id, token)).toBe(true);
    expect(demo.verifyToken('KW-OTHER-0001', token)).toBe(false);
    const events = await demo.handleCallback(post(`/checkout/demo/${order.id}`, `token=${token}&amount=2400&currency=JPY`));
    expect(events).toEqual([{ providerEventId: `demo:${order.id}`, provider: 'demo', orderId: order.id, status: 'paid', amount: { amount: 2400, currency: 'JPY' } }]);
  });

  it('rejects a wrong token and a malformed form', async () => {
    await expect(demo.handleCallback(post(`/checkout/demo/${order.id}`, 'token=nope&amount=2400&currency=JPY'))).rejects.toBeInstanceOf(SignatureError);
    const link = await demo.createPayment(order, { publicUrl: '', locale: 'ja', address: order.address });
    const token = link.kind === 'link' ? new URL(link.url).searchParams.get('token')! : '';
    await expect(demo.handleCallback(post(`/checkout/demo/${order.id}`, `token=${token}&amount=12.5&currency=JPY`))).rejects.toBeInstanceOf(InvalidPayloadError);
    await expect(demo.handleCallback(post(`/checkout/demo/${order.id}`, `token=${token}&amount=2400&currency=yen`))).rejects.toBeInstanceOf(InvalidPayloadError);
  });

  it('renders the page in the order language, escaped, with JPY shown without decimals', () => {
    const html = renderDemoCheckoutPage(order, 'tok', { shopName: '茶話 & Co', state: 'open' });
    expect(html).toContain('lang="ja"');
    expect(html).toContain('&#60;script&#62;');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('茶話 &#38; Co');
    expect(html).toMatch(/￥2,400/);
    expect(html).toContain('name="amount" value="2400"');
    const english = renderDemoCheckoutPage({ ...order, locale: 'en' }, 'tok', { shopName: 'Sawa', state: 'already-paid' });
    expect(english).toContain('Payment received');
    expect(english).not.toContain('<form');
  });
});
