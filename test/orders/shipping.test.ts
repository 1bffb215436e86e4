import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, type Address, type Product, type Store } from '../../src/core/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';
import { CannotShipError } from '../../src/modules/orders/errors.js';
import { createOrderService } from '../../src/modules/orders/order-service.js';
import { countriesAtCharge, shippingCharge, shippingRules } from '../../src/modules/orders/shipping.js';
import { createDemoPaymentProvider } from '../../src/payments/demo/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';

const japan = { id: 'japan', name: { ja: '日本国内', en: 'Japan' }, countries: ['JP'], flat: 500, freeFrom: 5000 };

describe('shipping rules (kaiwa.yaml shipping:)', () => {
  it('reads amounts as catalog prices do: minor units, or decimals where the currency has them', () => {
    expect(shippingRules({ zones: [japan] }, 'JPY')).toEqual({
      currency: 'JPY',
      defaultCountry: 'JP',
      zones: [
        {
          id: 'japan',
          name: { ja: '日本国内', en: 'Japan' },
          countries: ['JP'],
          flat: 500,
          perItem: 0,
          freeFrom: 5000,
        },
      ],
    });
    const us = shippingRules(
      { zones: [{ id: 'us', countries: ['US'], flat: '5.00', perItem: 150, freeFrom: '75' }], defaultCountry: 'US' },
      'USD',
    );
    expect(us.zones[0]).toMatchObject({ flat: 500, perItem: 150, freeFrom: 75 });
  });

  it('refuses an amount the currency cannot hold, a country in two zones and a default country in none', () => {
    expect(() => shippingRules({ zones: [{ ...japan, flat: '5.5' }] }, 'JPY')).toThrow(
      /shipping\.zones\[0\]\.flat: "5.5" has 1 decimals but JPY has 0/,
    );
    expect(() => shippingRules({ zones: [japan, { id: 'again', countries: ['JP'], flat: 1 }] }, 'JPY')).toThrow(
      'kaiwa.yaml shipping.zones[1]: JP is already in zone "japan"',
    );
    expect(() => shippingRules({ zones: [japan], defaultCountry: 'US' }, 'JPY')).toThrow(ConfigError);
  });

  it('charges the flat rate plus per item, nothing from freeFrom up (inclusive), and refuses a country no zone lists', () => {
    const rules = shippingRules(
      { zones: [japan, { id: 'asia', name: 'Asia', countries: ['TW', 'TH'], flat: 1500, perItem: 200 }] },
      'JPY',
    );
    const charge = (subtotal: number, items: number, country?: string, locale = 'ja') =>
      shippingCharge(rules, {
        subtotal: { amount: subtotal, currency: 'JPY' },
        items,
        locale,
        ...(country ? { country } : {}),
      });
    expect(charge(4999, 2)).toEqual({
      kind: 'shipping',
      label: '送料 (日本国内)',
      amount: { amount: 500, currency: 'JPY' },
      zone: 'japan',
    });
    expect(charge(5000, 2).amount.amount).toBe(0);
    expect(charge(5000, 3, 'TW', 'en')).toEqual({
      kind: 'shipping',
      label: 'Shipping (Asia)',
      amount: { amount: 2100, currency: 'JPY' },
      zone: 'asia',
    });
    expect(() => charge(1000, 1, 'DE')).toThrow(CannotShipError);
  });

  it('names the countries an order may be delivered to at the shipping it was charged (what Stripe may collect)', () => {
    const rules = shippingRules(
      {
        zones: [
          japan,
          { id: 'asia', countries: ['TW', 'TH'], flat: 1500 },
          { id: 'near', countries: ['KR'], flat: 500 },
          { id: 'us', countries: ['US'], flat: 3000, freeFrom: 4000 },
        ],
      },
      'JPY',
    );
    const at = (charged: number, subtotal: number, freeShipping = false) =>
      countriesAtCharge(rules, {
        charged: { amount: charged, currency: 'JPY' },
        subtotal: { amount: subtotal, currency: 'JPY' },
        items: 1,
        ...(freeShipping ? { freeShipping } : {}),
      });
    expect(at(500, 2400)).toEqual(['JP', 'KR']);
    // From ¥5,000 Japan ships free, and the US zone from ¥4,000.
    expect(at(0, 5000)).toEqual(['JP', 'US']);
    expect(at(1500, 2400)).toEqual(['TW', 'TH']);
    // A promotion's free shipping is free wherever the order goes.
    expect(at(0, 2400, true)).toEqual(['JP', 'TW', 'TH', 'KR', 'US']);
  });
});

describe('orders with shipping (real SQLite)', () => {
  const shopper: Address = { channel: 'simulator', conversationId: 's1', userId: 's1' };
  const tea = (id: string, amount: number): Product => ({
    id,
    title: { ja: `茶${id}`, en: `Tea ${id}` },
    description: {},
    price: { amount, currency: 'JPY' },
    stock: 10,
    tags: [],
    attributes: {},
  });
  let dir: string;
  let store: Store;
  const clock = { now: () => new Date('2026-12-04T09:00:00Z') };
  const demo = createDemoPaymentProvider({ secret: 'a-test-secret-of-32-characters!!', publicUrl: 'http://shop.test' });
  const orders = createOrderService({
    payments: () => demo,
    publicUrl: 'http://shop.test/',
    clock,
    shipping: shippingRules({ zones: [japan] }, 'JPY'),
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kaiwa-ship-'));
    store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'kaiwa.db'), clock });
    await store.catalog.upsertMany([tea('a', 1200), tea('b', 4000)]);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('quotes and charges the shipping line under ¥5,000 and none from it, the order keeping what it charged', async () => {
    const quoted = await store.transaction((tx) =>
      orders.quote!(tx, { address: shopper, lines: [{ productId: 'a', quantity: 1 }], locale: 'ja' }),
    );
    expect(quoted).toMatchObject({ subtotal: { amount: 1200 }, total: { amount: 1700 } });
    const small = await store.transaction((tx) =>
      orders.checkout(tx, { address: shopper, lines: [{ productId: 'a', quantity: 1 }], locale: 'ja' }),
    );
    expect(small.order.total).toEqual({ amount: 1700, currency: 'JPY' });
    expect((await store.orders.get(small.order.id))?.charges).toEqual([
      { kind: 'shipping', label: '送料', amount: { amount: 500, currency: 'JPY' }, zone: 'japan' },
    ]);
    const large = await store.transaction((tx) =>
      orders.checkout(tx, {
        address: shopper,
        lines: [
          { productId: 'a', quantity: 1 },
          { productId: 'b', quantity: 1 },
        ],
        locale: 'en',
      }),
    );
    expect(large.order.total).toEqual({ amount: 5200, currency: 'JPY' });
    expect(large.order.charges?.[0]?.amount.amount).toBe(0);
  });

  it('creates no order and reserves nothing for a country it cannot ship to', async () => {
    await expect(
      store.transaction((tx) =>
        orders.checkout(tx, {
          address: shopper,
          lines: [{ productId: 'a', quantity: 1 }],
          locale: 'ja',
          country: 'DE',
        }),
      ),
    ).rejects.toBeInstanceOf(CannotShipError);
    expect((await store.catalog.get('a'))?.stock).toBe(10);
    expect(await store.orders.listByConversation(shopper)).toEqual([]);
  });
});
