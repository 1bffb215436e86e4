import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import type { Product } from '../../src/core/index.js';
import { createApp } from '../../src/server/app.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-stock-route-'));
const token = 'a-long-admin-token-for-the-stock-route';
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;

const variant = (id: string, stock: number, extra: Partial<Product> = {}): Product => ({
  id,
  title: { ja: 'トレイル T シャツ', en: 'Trail Tee' },
  description: {},
  price: { amount: 3900, currency: 'JPY' },
  stock,
  tags: [],
  attributes: {},
  parent: 'trail-tee',
  options: { size: id.includes('/m-') ? 'M' : 'S' },
  ...extra,
});

beforeAll(async () => {
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: { DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`, ADMIN_TOKEN: token, LOG_LEVEL: 'silent' },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
  await kaiwa.store.catalog.upsertMany([
    variant('TEE-S', 5),
    variant('trail-tee/m-navy', 0, { continueSelling: true }),
  ]);
}, 60_000);
afterAll(async () => {
  await kaiwa?.close();
  rmSync(dir, { recursive: true, force: true });
});

const put = async (sku: string, body: string, headers: Record<string, string> = {}) => {
  const response = await app.request(`/admin/api/catalog/variants/${encodeURIComponent(sku)}/stock`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('PUT /admin/api/catalog/variants/:sku/stock', () => {
  it('sets stock from the figure less what orders awaiting payment hold, and answers the figures', async () => {
    await kaiwa.store.transaction(async (tx) => {
      expect(await tx.catalog.reserve('TEE-S', 2)).toBe(true);
      await tx.orders.create(
        {
          id: 'KW-ROUTE-1',
          address: { channel: 'simulator', conversationId: 'route', userId: 'route' },
          locale: 'ja',
          status: 'awaiting_payment',
          lines: [
            { productId: 'TEE-S', title: 'Trail Tee (S)', quantity: 2, unitPrice: { amount: 3900, currency: 'JPY' } },
          ],
          total: { amount: 7800, currency: 'JPY' },
          createdAt: '2026-11-22T10:00:00.000Z',
          expiresAt: '2026-11-22T10:30:00.000Z',
          updatedAt: '2026-11-22T10:00:00.000Z',
        },
        'checkout',
      );
    });
    expect(await put('TEE-S', '{ "available": 10 }')).toEqual({
      status: 200,
      body: { id: 'TEE-S', available: 10, reserved: 2, stock: 8 },
    });
    expect(await put('TEE-S', '{ "available": 1 }')).toEqual({
      status: 200,
      body: { id: 'TEE-S', available: 1, reserved: 2, stock: 0 },
    });
    expect((await kaiwa.store.catalog.get('TEE-S'))?.stock).toBe(0);
  });

  it('takes a variant named by handle and options (URL-encoded), and a product sold out of stock keeps selling', async () => {
    expect(await put('trail-tee/m-navy', '{"available":0}')).toEqual({
      status: 200,
      body: { id: 'trail-tee/m-navy', available: 0, reserved: 0, stock: 0 },
    });
    expect(await kaiwa.store.catalog.reserve('trail-tee/m-navy', 3)).toBe(true);
  });

  it('answers 404 for an unknown sku and 400 naming the field for a figure that is not a whole number ≥ 0', async () => {
    expect(await put('NOPE', '{ "available": 3 }')).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'no product or variant "NOPE" in the catalog' } },
    });
    const refused = async (body: string) => {
      const answer = await put('TEE-S', body);
      expect(answer.status).toBe(400);
      return (answer.body.error as { message: string }).message;
    };
    expect(await refused('{ "available": -1 }')).toBe('"available" must be a whole number ≥ 0, not -1');
    expect(await refused('{ "available": 2.5 }')).toBe('"available" must be a whole number ≥ 0, not 2.5');
    expect(await refused('{ "available": "3" }')).toBe('"available" must be a whole number ≥ 0, not "3"');
    expect(await refused('{ "available": null }')).toBe('"available" must be a whole number ≥ 0, not null');
    expect(await refused('{}')).toBe('send { "available": <whole number ≥ 0> }: "available" is missing');
    expect(await refused('[3]')).toBe('send { "available": <whole number ≥ 0> }: "available" is missing');
    expect(await refused('available=3')).toBe('the body must be JSON: { "available": <whole number ≥ 0> }');
    expect((await kaiwa.store.catalog.get('TEE-S'))?.stock).toBe(0);
  });

  it('is guarded like every admin route: the token, and JSON only', async () => {
    const response = await app.request('/admin/api/catalog/variants/TEE-S/stock', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{ "available": 99 }',
    });
    expect(response.status).toBe(401);
    expect((await put('TEE-S', '{ "available": 99 }', { 'content-type': 'text/plain' })).status).toBe(415);
    expect(
      (await put('TEE-S', '{ "available": 99 }', { authorization: 'Bearer wrong-token-wrong-token' })).status,
    ).toBe(401);
    expect((await kaiwa.store.catalog.get('TEE-S'))?.stock).toBe(0);
  });
});
