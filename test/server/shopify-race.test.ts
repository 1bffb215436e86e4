import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createKaiwa } from '../../src/app/index.js';
import type { Reply, StockFigure } from '../../src/core/index.js';
import { createApp } from '../../src/server/app.js';
import { editedProduct, shopifyDelivery, shopifyFixture } from '../fakes/shopify-webhooks.js';

// The machine's PostgreSQL (127.0.0.1:5432, trust auth, database `test`), as test/store/postgres-store.test.ts.
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `kaiwa_shopify_race_${Date.now().toString(36)}${process.pid}`;
const secret = 'shopify-webhook-secret-for-the-race';
const token = 'a-long-admin-token-for-the-race-0123';
afterAll(async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const name of [schema, `${schema}_b`]) await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  await client.end();
});

/** The mug fixture as another product, sold without options: `RACE-1`, Shopify's figure 20. */
const raceProduct = editedProduct(shopifyFixture('products-create-mug.json'), '2026-11-22T19:00:00+09:00', (body) => {
  body.id = '8012345678900000001';
  body.handle = 'race-mug';
  const [variant] = body.variants as Record<string, unknown>[];
  Object.assign(variant!, {
    id: '44000000000000777',
    sku: 'RACE-1',
    inventory_item_id: '46000000000000777',
    inventory_quantity: 20,
  });
});

describe('stock set from Shopify while shoppers check out, on PostgreSQL', () => {
  it('stock set to 3 while 10 checkouts race for 1 unit each: exactly 3 sell, stock ends at 0, never below', async () => {
    let now = new Date('2026-11-22T11:00:00Z');
    const kaiwa = await createKaiwa({
      shopDir: 'examples/shop',
      clock: { now: () => now },
      env: {
        DATABASE_URL: url,
        DATABASE_SCHEMA: schema,
        DATABASE_POOL_SIZE: '12',
        DEMO_PAYMENT_SECRET: 'shopify-race-demo-secret-0123456789',
        SHOPIFY_WEBHOOK_SECRET: secret,
        ADMIN_TOKEN: token,
        LOG_LEVEL: 'silent',
      },
      log: () => undefined,
    });
    try {
      const app = createApp(kaiwa.app);
      const webhook = async (topic: string, body: string) =>
        (await (await app.request('/webhooks/shopify', shopifyDelivery(secret, topic, body))).json()) as {
          outcome: string;
          stock?: StockFigure[];
        };
      const setByHand = async (available: number) =>
        (await (
          await app.request('/admin/api/catalog/variants/RACE-1/stock', {
            method: 'PUT',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ available }),
          })
        ).json()) as StockFigure;
      const press = async (user: string, payload: string) =>
        (
          (await (
            await app.request('/simulator/api/messages', {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ user, payload }),
            })
          ).json()) as { replies: Reply[] }
        ).replies;
      const stock = async () => (await kaiwa.store.catalog.get('RACE-1'))!.stock;

      expect((await webhook('products/create', raceProduct)).outcome).toBe('applied');
      expect(await stock()).toBe(20);
      const shoppers = Array.from({ length: 10 }, (_, index) => `racer-${index}`);
      for (const user of shoppers) await press(user, 'k1:do:addToCart:RACE-1');
      // The merchant sells 17 in the shop: Shopify now has 3.
      const level = (minute: number) =>
        `{"inventory_item_id":46000000000000777,"location_id":71000000000000001,"available":3,"updated_at":"2026-11-22T19:${String(minute).padStart(2, '0')}:00+09:00"}`;
      expect((await webhook('inventory_levels/update', level(10))).stock).toEqual([
        { id: 'RACE-1', available: 3, reserved: 0, stock: 3 },
      ]);
      // All ten check out at once while Shopify keeps reporting its 3 (inventory level webhooks) and the
      // merchant types 3 in by hand: every figure set meanwhile must count the units already held.
      const figures: StockFigure[] = [];
      // Shopify's levels come one after another (each newer than the last); the merchant's figures beside them.
      const levels = async () => {
        for (let minute = 11; minute <= 15; minute++)
          figures.push(...((await webhook('inventory_levels/update', level(minute))).stock ?? []));
        return [] as Reply[];
      };
      const byHand = async () => {
        for (let time = 0; time < 5; time++) figures.push(await setByHand(3));
        return [] as Reply[];
      };
      const outcomes = await Promise.all([
        ...shoppers.map((user) => press(user, 'k1:do:checkout')),
        levels(),
        byHand(),
      ]);
      const links = outcomes.flatMap((replies) => replies.filter((reply) => reply.type === 'paymentLink'));
      expect(links).toHaveLength(3);
      expect(figures).toHaveLength(10);
      for (const figure of figures) {
        expect(figure.stock).toBeGreaterThanOrEqual(0);
        expect(figure.reserved + figure.stock).toBe(3);
      }
      expect(await stock()).toBe(0);
      const held = await kaiwa.store.orders.list({ status: 'awaiting_payment', limit: 100 });
      expect(held.filter((order) => order.lines.some((line) => line.productId === 'RACE-1'))).toHaveLength(3);
      // Shopify's product webhook says 3 too: still nothing more to sell.
      const product = editedProduct(raceProduct, '2026-11-22T19:30:00+09:00', (body) => {
        (body.variants as Record<string, unknown>[])[0]!.inventory_quantity = 3;
      });
      expect((await webhook('products/update', product)).stock).toEqual([
        { id: 'RACE-1', available: 3, reserved: 3, stock: 0 },
      ]);
      // The three orders lapse unpaid: their units come back, and stock is Shopify's 3 again.
      now = new Date(now.getTime() + 31 * 60_000);
      expect(await kaiwa.expireOrders()).toBe(3);
      expect(await stock()).toBe(3);
      expect(await setByHand(3)).toEqual({ id: 'RACE-1', available: 3, reserved: 0, stock: 3 });
    } finally {
      await kaiwa.close();
    }
  }, 60_000);

  it('applies the newest of ten updates of one product delivered at the same moment, whatever order they commit in', async () => {
    const kaiwa = await createKaiwa({
      shopDir: 'examples/shop',
      env: {
        DATABASE_URL: url,
        DATABASE_SCHEMA: `${schema}_b`,
        DATABASE_POOL_SIZE: '12',
        DEMO_PAYMENT_SECRET: 'shopify-race-demo-secret-0123456789',
        SHOPIFY_WEBHOOK_SECRET: secret,
        LOG_LEVEL: 'silent',
      },
      log: () => undefined,
    });
    try {
      const app = createApp(kaiwa.app);
      const priced = (minute: number) =>
        editedProduct(raceProduct, `2026-11-22T20:${String(minute).padStart(2, '0')}:00+09:00`, (body) => {
          Object.assign((body.variants as Record<string, unknown>[])[0]!, {
            price: String(1000 + minute),
            inventory_quantity: minute,
          });
        });
      // Newest first, so the oldest are the likeliest to commit last.
      const minutes = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
      const answers = await Promise.all(
        minutes.map(async (minute) => {
          const response = await app.request(
            '/webhooks/shopify',
            shopifyDelivery(secret, 'products/update', priced(minute)),
          );
          return ((await response.json()) as { outcome: string }).outcome;
        }),
      );
      // Each is applied or found stale, never applied after a newer one.
      expect(answers.filter((outcome) => outcome === 'applied').length).toBeGreaterThanOrEqual(1);
      expect(answers.filter((outcome) => outcome !== 'applied' && outcome !== 'ignored')).toEqual([]);
      const product = await kaiwa.store.catalog.get('RACE-1');
      expect(product?.price.amount).toBe(1010);
      expect(product?.stock).toBe(10);
      expect(await kaiwa.store.shopify.product('8012345678900000001')).toMatchObject({
        updatedAt: '2026-11-22T11:10:00.000Z',
      });
    } finally {
      await kaiwa.close();
    }
  }, 60_000);
});
