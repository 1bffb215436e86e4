import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { createKaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';

const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `kaiwa_coupons_${Date.now().toString(36)}${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-coupons-'));
// The example shop with one more code: 20 % off, three uses in all.
const shopDir = join(dir, 'shop');
cpSync('examples/shop', shopDir, { recursive: true });
const yamlFile = join(shopDir, 'kaiwa.yaml');
writeFileSync(
  yamlFile,
  readFileSync(yamlFile, 'utf8').replace(
    'promotions:\n',
    'promotions:\n  - { code: LAST3, percent: 20, totalUses: 3 }\n',
  ),
);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

const product = 'tea-sencha-uji';
const texts = (replies: readonly Reply[]) => replies.map((reply) => ('text' in reply ? reply.text : '')).join('\n');

describe.each([
  ['SQLite', { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}` }],
  [
    'PostgreSQL',
    {
      DATABASE_URL: pgUrl,
      DATABASE_SCHEMA: schema,
      DEMO_PAYMENT_SECRET: 'coupon-test-secret-0123456789abcdef',
      DATABASE_POOL_SIZE: '10',
    },
  ],
])('the last uses of a coupon on %s', (_name, database) => {
  it('20 shoppers checking out at once with a code that has 3 uses left: exactly 3 discounted orders, 17 told it is used up', async () => {
    const kaiwa = await createKaiwa({ shopDir, env: { ...database, LOG_LEVEL: 'silent' }, log: () => undefined });
    try {
      const app = createApp(kaiwa.app);
      const press = async (user: string, payload: string) =>
        (
          (await (
            await app.request('/simulator/api/messages', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ user, payload }),
            })
          ).json()) as { replies: Reply[] }
        ).replies;
      const stockBefore = (await kaiwa.store.catalog.get(product))!.stock;
      const shoppers = Array.from({ length: 20 }, (_, index) => `coupon-${index}`);
      // Everyone has the tea in the cart and the code applied (3 uses are left for each of them)…
      for (const user of shoppers) {
        await press(user, `k1:do:addToCart:${product}`);
        expect(texts(await press(user, 'k1:do:applyCoupon:LAST3'))).toContain(
          'クーポン LAST3 を適用しました（-￥240）',
        );
      }
      // …then all check out at the same moment.
      const outcomes = await Promise.all(shoppers.map((user) => press(user, 'k1:do:checkout')));
      const links = outcomes.flatMap((replies) =>
        replies.filter((reply): reply is Extract<Reply, { type: 'paymentLink' }> => reply.type === 'paymentLink'),
      );
      expect(links).toHaveLength(3);
      // ¥1,200 less 20 % plus ¥500 shipping.
      expect(links.map((link) => link.total.amount)).toEqual([1460, 1460, 1460]);
      const refused = outcomes.filter((replies) => !replies.some((reply) => reply.type === 'paymentLink'));
      expect(refused).toHaveLength(17);
      for (const replies of refused) {
        expect(texts(replies)).toContain('クーポン LAST3 は利用上限に達しました');
        // The cart (the checkout's onError) drops the code and shows the full price.
        expect(texts(replies)).toContain('クーポン LAST3 はご利用いただけないため外しました');
        expect(texts(replies)).toContain('合計：￥1,700');
      }
      expect(await kaiwa.store.promotions.held('LAST3')).toBe(3);
      // Nothing of the refused checkouts is left: no order, no stock taken.
      expect((await kaiwa.store.catalog.get(product))!.stock).toBe(stockBefore - 3);
      const orders = await kaiwa.store.orders.list({ status: 'awaiting_payment', limit: 100 });
      const discounted = orders.filter((order) => order.charges?.some((charge) => charge.code === 'LAST3'));
      expect(discounted).toHaveLength(3);
      expect(orders).toHaveLength(3);
      // One of them checks out again, at the full price.
      const late = shoppers[outcomes.findIndex((replies) => !replies.some((reply) => reply.type === 'paymentLink'))]!;
      const again = await press(late, 'k1:do:checkout');
      expect(again.find((reply) => reply.type === 'paymentLink')).toMatchObject({ total: { amount: 1700 } });
    } finally {
      await kaiwa.close();
    }
  }, 90_000);
});
