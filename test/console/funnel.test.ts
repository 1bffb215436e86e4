import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { openShop, removeDir, type TestShop } from '../e2e/helpers.js';

let shop: TestShop;
beforeAll(async () => {
  shop = await openShop();
});
afterAll(async () => {
  await shop.close();
  removeDir(shop.dataDir);
});

const today = () => new Date().toISOString().slice(0, 10);

describe('funnel analytics', () => {
  it('counts conversations → products shown → cart → checkout → paid, with conversion and average order value, once per redelivery', async () => {
    await shop.say('f-browse', 'こんにちは');
    await shop.say('f-cart', 'こんにちは');
    await shop.say('f-cart', 'おすすめの緑茶');
    await shop.press('f-cart', 'k1:do:addToCart:tea-sencha-uji');
    await shop.say('f-buy', 'hello');
    await shop.press('f-buy', 'k1:do:addToCart:tea-mugicha');
    await shop.press('f-buy', 'k1:do:addToCart:tea-mugicha');
    const link = (await shop.press('f-buy', 'k1:do:checkout')).find(
      (reply): reply is Extract<Reply, { type: 'paymentLink' }> => reply.type === 'paymentLink',
    )!;
    const url = new URL(link.url);
    const form = new URLSearchParams({
      token: url.searchParams.get('token')!,
      amount: String(link.total.amount),
      currency: link.total.currency,
    }).toString();
    for (let i = 0; i < 2; i++)
      await shop.app.request(url.pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });

    const report = (await (await shop.app.request(`/admin/api/funnel?from=${today()}&to=${today()}`)).json()) as {
      totals: {
        counts: Record<string, number>;
        conversion: number;
        averageOrderValue: Record<string, number>;
        revenue: Record<string, number>;
      };
    };
    expect(report.totals.counts).toEqual({
      conversation_started: 3,
      recommendations_shown: 1,
      added_to_cart: 2,
      checkout_started: 1,
      paid: 1,
    });
    expect(report.totals.conversion).toBeCloseTo(1 / 3, 10);
    expect(report.totals.revenue).toEqual({ JPY: link.total.amount });
    expect(report.totals.averageOrderValue).toEqual({ JPY: link.total.amount });
  });

  it('exports CSV per day and channel and draws the funnel as a chart', async () => {
    const csv = await (await shop.app.request(`/admin/api/funnel.csv?from=${today()}&to=${today()}`)).text();
    expect(csv.split('\n')[0]).toBe(
      'day,channel,conversation_started,recommendations_shown,added_to_cart,checkout_started,paid,revenue',
    );
    // ¥1,200 of tea and the example shop's ¥500 shipping: revenue is what was paid.
    expect(csv.split('\n')[1]).toBe(`${today()},simulator,3,1,2,1,1,JPY:1700`);
    const page = await (await shop.app.request('/console/funnel?lang=en')).text();
    expect(page).toContain('<svg role="img" aria-label="sales funnel"');
    expect(page).toContain('33.3 %');
    expect((await shop.app.request('/admin/api/funnel?from=2026-13-01')).status).toBe(400);
  });
});
