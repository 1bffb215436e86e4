import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Order, PaymentProvider, PaymentRequest } from '../../src/core/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';
import { createOrderService } from '../../src/modules/orders/order-service.js';
import { shippingRules, type ShippingConfig } from '../../src/modules/orders/shipping.js';
import { taxRules, type TaxConfig } from '../../src/modules/orders/tax.js';
import { fixtureShop } from '../support/fixture-shop.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';

/**
 * A checkout through the real order service and SQLite store with tax-exclusive rates, paid by
 * `provider` (one pointed at its fake): two of a product at `price`, the shop's shipping, the tax.
 */
export async function exclusiveTaxCheckout(
  provider: PaymentProvider,
  options: { currency: string; price: number; tax: TaxConfig; shipping: ShippingConfig; locale?: string },
): Promise<{ order: Order; payment: PaymentRequest }> {
  const dir = mkdtempSync(join(tmpdir(), 'kaiwa-exclusive-tax-'));
  const clock = { now: () => new Date('2026-12-04T09:00:00Z') };
  const store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'kaiwa.db'), clock });
  try {
    await store.catalog.upsertMany([
      {
        id: 'item',
        title: { en: 'Trail Tee', ja: 'トレイルTシャツ' },
        description: {},
        price: { amount: options.price, currency: options.currency },
        stock: 10,
        tags: ['apparel'],
        attributes: {},
      },
    ]);
    const orders = createOrderService({
      payments: () => provider,
      publicUrl: 'https://shop.test',
      clock,
      shipping: shippingRules(options.shipping, options.currency),
      tax: taxRules(options.tax),
    });
    return await store.transaction((tx) =>
      orders.checkout(tx, {
        address: { channel: 'telegram', conversationId: '4321', userId: '4321' },
        lines: [{ productId: 'item', quantity: 2 }],
        locale: options.locale ?? 'en',
      }),
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A US merchant's shop folder on the example shop's flow: prices in USD before tax, California's
 * 7.25 % added (New York's 8.875 % for an address there), $5.00 shipping in the US.
 */
export function usShop(dir: string): string {
  return fixtureShop(dir, {
    catalog: [
      'id,title_en,title_ja,price,currency,stock,tags',
      'trail-tee,Trail Tee,トレイルTシャツ,20.00,USD,10,apparel',
    ],
    kaiwaYaml: (text) =>
      text
        .replace(/^shipping:\n(?:[ #].*\n)+/m, 'shipping:\n  zones: [{ id: us, countries: [US], flat: "5.00" }]\n')
        .replace(
          /^tax:\n(?:[ #].*\n)+/m,
          [
            'tax:',
            '  prices: exclusive',
            '  classes: { standard: 0 }',
            '  regions: { US-CA: 7.25, US-NY: 8.875 }',
            '  defaultRegion: US-CA',
            '',
          ].join('\n'),
        ),
  });
}
