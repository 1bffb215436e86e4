import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { parseShopifyCsv } from '../../src/catalog/shopify-csv.js';
import type { Order, Reply } from '../../src/core/index.js';
import { createApp } from '../../src/server/app.js';
import { editedProduct, shopifyDelivery, shopifyFixture } from '../fakes/shopify-webhooks.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-shopify-'));
const secret = 'shopify-webhook-secret-for-tests-0123';
const tee = shopifyFixture('products-create-tee.json');
const mug = shopifyFixture('products-create-mug.json');
const level = (item: string, location: string, available: number | null, updatedAt: string) =>
  `{"inventory_item_id":${item},"location_id":${location},"available":${available},"updated_at":"${updatedAt}"}`;

let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;
const logs: { message: string; details: Record<string, unknown> }[] = [];
const now = new Date('2026-11-22T11:00:00Z');

beforeAll(async () => {
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    clock: { now: () => now },
    env: { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`, SHOPIFY_WEBHOOK_SECRET: secret, LOG_LEVEL: 'silent' },
    log: (message, details) => logs.push({ message, details }),
  });
  app = createApp(kaiwa.app);
}, 60_000);
afterAll(async () => {
  await kaiwa?.close();
  rmSync(dir, { recursive: true, force: true });
});

const deliver = async (topic: string, body: string, options: Parameters<typeof shopifyDelivery>[3] = {}) => {
  const response = await app.request('/webhooks/shopify', shopifyDelivery(secret, topic, body, options));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const product = (id: string) => kaiwa.store.catalog.get(id);
const lastIgnored = () => logs.filter((entry) => entry.message === 'shopify webhook ignored').at(-1);
const stock = async (id: string) => (await product(id))?.stock;

/** An order awaiting payment holding `quantity` of `productId`, as checkout leaves it. */
async function unpaidOrder(id: string, productId: string, quantity: number): Promise<void> {
  const at = now.toISOString();
  const order: Order = {
    id,
    address: { channel: 'simulator', conversationId: id, userId: id },
    locale: 'ja',
    status: 'awaiting_payment',
    lines: [{ productId, title: productId, quantity, unitPrice: { amount: 3900, currency: 'JPY' } }],
    total: { amount: 3900 * quantity, currency: 'JPY' },
    createdAt: at,
    expiresAt: new Date(now.getTime() + 30 * 60_000).toISOString(),
    updatedAt: at,
  };
  await kaiwa.store.transaction(async (tx) => {
    expect(await tx.catalog.reserve(productId, quantity)).toBe(true);
    await tx.orders.create(order, 'checkout');
  });
}

describe('POST /webhooks/shopify', () => {
  it('answers 404 while SHOPIFY_WEBHOOK_SECRET is unset, like a channel that is not enabled', async () => {
    const off = await createKaiwa({
      shopDir: 'examples/shop',
      env: { DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' },
      log: () => undefined,
    });
    try {
      expect(off.app.shopify).toBeUndefined();
      const response = await createApp(off.app).request(
        '/webhooks/shopify',
        shopifyDelivery(secret, 'products/create', tee),
      );
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: {
          code: 'not_found',
          message: 'Shopify inventory sync is not enabled (set SHOPIFY_WEBHOOK_SECRET; see docs/catalog.md)',
        },
      });
    } finally {
      await off.close();
    }
  });

  it('refuses a missing, forged or stale signature with 401 and stores nothing, not even the webhook id', async () => {
    const signed = shopifyDelivery(secret, 'products/create', tee, { webhookId: 'wh-create-tee' });
    const forged = shopifyDelivery('not-the-secret', 'products/create', tee, { webhookId: 'wh-create-tee' });
    for (const request of [
      { ...signed, headers: { ...signed.headers, 'x-shopify-hmac-sha256': forged.headers['x-shopify-hmac-sha256']! } },
      shopifyDelivery(secret, 'products/create', tee, { webhookId: 'wh-create-tee', hmac: null }),
      // Signed for one body, sent with another: the price changed on the way.
      { ...signed, body: signed.body.replace('"price": "3900"', '"price": "1"') },
    ]) {
      const response = await app.request('/webhooks/shopify', request);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('signature_invalid');
    }
    expect(await product('TEE-S-BLK')).toBeUndefined();
    // The genuine delivery with that id is then applied: nothing of the refused ones was recorded.
    expect((await app.request('/webhooks/shopify', signed)).status).toBe(200);
    expect(await stock('TEE-S-BLK')).toBe(5);
  });

  it('creates products exactly as the product CSV import does, stock from Shopify', async () => {
    const created = await deliver('products/create', mug, { webhookId: 'wh-create-mug' });
    expect(created).toEqual({
      status: 200,
      body: {
        ok: true,
        outcome: 'applied',
        stock: [{ id: 'MUG-001', available: 12, reserved: 0, stock: 12 }],
        unsellable: [],
      },
    });
    const fromCsv = parseShopifyCsv('products_export.csv', shopifyFixture('products_export.csv'), {
      currency: 'JPY',
      locale: 'ja',
    }).products.map((entry) => entry.product!);
    expect(await kaiwa.store.catalog.getMany(fromCsv.map((item) => item.id))).toEqual(fromCsv);
    expect((await kaiwa.store.catalog.variants('trail-tee')).map((item) => item.id)).toEqual([
      'TEE-S-BLK',
      'TEE-M-BLK',
      'trail-tee/m-navy',
    ]);
  });

  it('changes nothing twice for a redelivery, and still answers 200', async () => {
    // A shopper checks a mug out in the chat: one unit is held while the order awaits payment.
    const press = async (payload: string) =>
      (
        (await (
          await app.request('/simulator/api/messages', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ user: 'mug-buyer', payload }),
          })
        ).json()) as { replies: Reply[] }
      ).replies;
    await press('k1:do:addToCart:MUG-001');
    expect((await press('k1:do:checkout')).some((reply) => reply.type === 'paymentLink')).toBe(true);
    expect(await stock('MUG-001')).toBe(11);
    // Shopify says 12 again (the sale here is not recorded there): 12 less the unit held.
    const update = editedProduct(mug, '2026-11-22T19:10:00+09:00');
    expect((await deliver('products/update', update, { webhookId: 'wh-mug-1' })).body).toMatchObject({
      outcome: 'applied',
      stock: [{ id: 'MUG-001', available: 12, reserved: 1, stock: 11 }],
    });
    // The merchant sets 20 by hand; the same webhook delivered again must not undo it.
    await kaiwa.store.catalog.setAvailable('MUG-001', 20);
    const again = await deliver('products/update', update, { webhookId: 'wh-mug-1' });
    expect(again).toEqual({ status: 200, body: { ok: true, outcome: 'duplicate' } });
    expect(await stock('MUG-001')).toBe(19);
    expect(lastIgnored()).toEqual({
      message: 'shopify webhook ignored',
      details: { topic: 'products/update', webhookId: 'wh-mug-1', reason: 'a redelivery' },
    });
  });

  it('ignores a product update or an inventory level older than the last one applied (deliveries come in any order)', async () => {
    const priced = (amount: string, updatedAt: string) =>
      editedProduct(tee, updatedAt, (body) => {
        (body.variants as Record<string, unknown>[])[0]!.price = amount;
      });
    expect((await deliver('products/update', priced('4500', '2026-11-22T19:20:00+09:00'))).body.outcome).toBe(
      'applied',
    );
    const late = await deliver('products/update', priced('3000', '2026-11-22T19:15:00+09:00'));
    expect(late.body).toEqual({
      ok: true,
      outcome: 'ignored',
      reason: 'stale: updated_at 2026-11-22T10:15:00.000Z is older than 2026-11-22T10:20:00.000Z, already applied',
    });
    expect((await product('TEE-S-BLK'))?.price.amount).toBe(4500);

    expect(
      (await deliver('inventory_levels/update', level('46000000000000001', '71', 4, '2026-11-22T19:40:00+09:00'))).body,
    ).toMatchObject({ outcome: 'applied', stock: [{ id: 'TEE-S-BLK', available: 4, reserved: 0, stock: 4 }] });
    const older = await deliver(
      'inventory_levels/update',
      level('46000000000000001', '71', 50, '2026-11-22T19:35:00+09:00'),
    );
    expect(older.body.outcome).toBe('ignored');
    expect(await stock('TEE-S-BLK')).toBe(4);
  });

  it('sums inventory levels over locations less what unpaid orders hold; unknown and untracked items change nothing', async () => {
    await unpaidOrder('KW-SHOP-1', 'TEE-M-BLK', 2);
    const item = '46000000000000002';
    expect(
      (await deliver('inventory_levels/update', level(item, '71', 5, '2026-11-22T19:40:00+09:00'))).body.stock,
    ).toEqual([{ id: 'TEE-M-BLK', available: 5, reserved: 2, stock: 3 }]);
    expect(
      (await deliver('inventory_levels/update', level(item, '72', 4, '2026-11-22T19:41:00+09:00'))).body.stock,
    ).toEqual([{ id: 'TEE-M-BLK', available: 9, reserved: 2, stock: 7 }]);
    // A product update's total does not override the locations' own figures once they are known.
    await deliver('products/update', editedProduct(tee, '2026-11-22T19:45:00+09:00'));
    expect(await stock('TEE-M-BLK')).toBe(7);
    const unknown = await deliver('inventory_levels/update', level('999', '71', 100, '2026-11-22T19:50:00+09:00'));
    expect(unknown.body).toEqual({
      ok: true,
      outcome: 'ignored',
      reason:
        'inventory item 999 is not linked to a product on sale: no products/create or products/update has named it',
    });
    expect(
      (await deliver('inventory_levels/update', level(item, '71', null, '2026-11-22T19:51:00+09:00'))).body.outcome,
    ).toBe('ignored');
    expect(await stock('TEE-M-BLK')).toBe(7);
  });

  it('makes removed variants, draft products and deleted products unsellable (stock 0), and a deleted one stays so', async () => {
    const withoutNavy = editedProduct(tee, '2026-11-22T20:00:00+09:00', (body) => {
      body.variants = (body.variants as { sku: string }[]).filter((variant) => variant.sku !== '');
    });
    expect((await deliver('products/update', withoutNavy)).body.unsellable).toEqual(['trail-tee/m-navy']);
    expect(await product('trail-tee/m-navy')).toMatchObject({ stock: 0 });
    expect((await product('trail-tee/m-navy'))?.continueSelling).toBeUndefined();
    expect(await kaiwa.store.catalog.reserve('trail-tee/m-navy', 1)).toBe(false);

    const draft = editedProduct(tee, '2026-11-22T20:05:00+09:00', (body) => (body.status = 'draft'));
    expect((await deliver('products/update', draft)).body.unsellable).toEqual([
      'TEE-S-BLK',
      'TEE-M-BLK',
      'trail-tee/m-navy',
    ]);
    expect(await Promise.all(['TEE-S-BLK', 'TEE-M-BLK'].map(stock))).toEqual([0, 0]);
    // Active again: on sale with Shopify's figures (the locations heard of before are no longer followed).
    await deliver('products/update', editedProduct(tee, '2026-11-22T20:10:00+09:00'));
    expect(await Promise.all(['TEE-S-BLK', 'TEE-M-BLK', 'trail-tee/m-navy'].map(stock))).toEqual([5, 0, 0]);

    const deleted = await deliver('products/delete', '{"id":8012345678901234567}', { webhookId: 'wh-delete-tee' });
    expect(deleted.body).toMatchObject({
      outcome: 'applied',
      unsellable: ['TEE-S-BLK', 'TEE-M-BLK', 'trail-tee/m-navy'],
    });
    expect(await Promise.all(['TEE-S-BLK', 'TEE-M-BLK', 'trail-tee/m-navy'].map(stock))).toEqual([0, 0, 0]);
    // A late update (sent before the deletion) and a level for one of its items: nothing comes back.
    expect((await deliver('products/update', editedProduct(tee, '2026-11-22T20:20:00+09:00'))).body.outcome).toBe(
      'ignored',
    );
    expect(
      (await deliver('inventory_levels/update', level('46000000000000001', '71', 9, '2026-11-22T20:21:00+09:00'))).body
        .outcome,
    ).toBe('ignored');
    expect(await stock('TEE-S-BLK')).toBe(0);
  });

  it('acknowledges an unknown topic and changes nothing; refuses bad JSON and missing headers with 400, storing nothing', async () => {
    const before = await kaiwa.store.catalog.all();
    expect(await deliver('orders/create', '{"id": 450789469}', { webhookId: 'wh-order' })).toEqual({
      status: 200,
      body: { ok: true, outcome: 'ignored', reason: 'topic orders/create is not applied' },
    });
    expect(lastIgnored()).toEqual({
      message: 'shopify webhook ignored',
      details: { topic: 'orders/create', webhookId: 'wh-order', reason: 'a topic Kaiwa does not apply' },
    });
    const badJson = await deliver('products/update', '{"id": 1, "handle": ', { webhookId: 'wh-bad' });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toMatchObject({
      error: { code: 'payload_invalid', message: expect.stringMatching(/^the body is not JSON: /) },
    });
    const badPrice = editedProduct(mug, '2026-11-22T21:00:00+09:00', (body) => {
      (body.variants as Record<string, unknown>[])[0]!.price = 'free';
    });
    expect((await deliver('products/update', badPrice, { webhookId: 'wh-bad' })).body).toEqual({
      error: {
        code: 'payload_invalid',
        message: 'variants[0].price "free" is not an amount in JPY, the shop\'s currency',
        field: 'variants[0].price',
      },
    });
    const noId = shopifyDelivery(secret, 'products/update', mug);
    delete noId.headers['x-shopify-webhook-id'];
    const missing = await app.request('/webhooks/shopify', noId);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { message: 'missing X-Shopify-Webhook-Id header' } });
    expect(await kaiwa.store.catalog.all()).toEqual(before);
    // The id of a refused delivery was not recorded: Shopify's retry with a good body is applied.
    const fixed = editedProduct(mug, '2026-11-22T21:00:00+09:00', (body) => {
      (body.variants as Record<string, unknown>[])[0]!.price = '2000';
    });
    expect((await deliver('products/update', fixed, { webhookId: 'wh-bad' })).body.outcome).toBe('applied');
    expect((await product('MUG-001'))?.price.amount).toBe(2000);
  });
});
