import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/index.js';
import { createKaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';

const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `kaiwa_units_${Date.now().toString(36)}${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-units-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

const product = 'ware-kyusu-tokoname';

describe.each([
  ['SQLite', { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}` }],
  [
    'PostgreSQL',
    {
      DATABASE_URL: pgUrl,
      DATABASE_SCHEMA: schema,
      DEMO_PAYMENT_SECRET: 'units-test-secret-0123456789abcdef',
      DATABASE_POOL_SIZE: '10',
    },
  ],
])('the last units on %s', (_name, database) => {
  it('20 shoppers checking out at once for the last 3 units: exactly 3 orders, 17 told it is gone, stock 0', async () => {
    const kaiwa = await createKaiwa({
      shopDir: 'examples/shop',
      env: { ...database, LOG_LEVEL: 'silent' },
      log: () => undefined,
    });
    try {
      const app = createApp(kaiwa.app);
      const stock = async () =>
        ((await (await app.request(`/api/products/${product}`)).json()) as { stock: number }).stock;
      expect(await kaiwa.store.catalog.reserve(product, (await stock()) - 3)).toBe(true);
      expect(await stock()).toBe(3);
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
      const shoppers = Array.from({ length: 20 }, (_, index) => `units-${index}`);
      // Everyone has it in the cart (3 units are there), then all check out at the same moment.
      for (const user of shoppers) await press(user, `k1:do:addToCart:${product}`);
      const outcomes = await Promise.all(shoppers.map((user) => press(user, 'k1:do:checkout')));
      const links = outcomes.flatMap((replies) =>
        replies.filter((reply): reply is Extract<Reply, { type: 'paymentLink' }> => reply.type === 'paymentLink'),
      );
      expect(links).toHaveLength(3);
      expect(new Set(links.map((link) => link.orderId)).size).toBe(3);
      const refused = outcomes.filter((replies) => !replies.some((reply) => reply.type === 'paymentLink'));
      expect(refused).toHaveLength(17);
      for (const replies of refused)
        expect(replies.map((reply) => ('text' in reply ? reply.text : '')).join('\n')).toMatch(/在庫|stock/);
      expect(await stock()).toBe(0);
      const orders = await kaiwa.store.orders.list({ status: 'awaiting_payment', limit: 100 });
      expect(orders.filter((order) => order.lines.some((line) => line.productId === product))).toHaveLength(3);
    } finally {
      await kaiwa.close();
    }
  }, 60_000);
});
