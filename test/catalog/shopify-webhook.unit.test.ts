import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseShopifyCsv } from '../../src/catalog/shopify-csv.js';
import { parseShopifyInventoryCsv } from '../../src/catalog/shopify-inventory-csv.js';
import {
  parseShopifyDeletion,
  parseShopifyInventoryLevel,
  parseShopifyProduct,
  readShopifyJson,
  verifyShopifyHmac,
} from '../../src/catalog/shopify-webhook.js';
import { InvalidPayloadError, SignatureError } from '../../src/core/index.js';
import { editedProduct, shopifyFixture } from '../fakes/shopify-webhooks.js';

const shop = { currency: 'JPY', locale: 'ja' };
const bytes = (text: string) => new TextEncoder().encode(text);
const product = (text: string) => parseShopifyProduct(readShopifyJson(bytes(text)), shop);

describe('a Shopify product webhook', () => {
  it('becomes the very products the product export CSV of the same products gives (ids, parent, options, prices, policy)', () => {
    const fromCsv = parseShopifyCsv('products_export.csv', shopifyFixture('products_export.csv'), shop);
    expect(fromCsv.issues).toEqual([]);
    const fromWebhooks = [
      ...product(shopifyFixture('products-create-tee.json')).variants,
      ...product(shopifyFixture('products-create-mug.json')).variants,
    ].map((variant) => variant.product);
    expect(fromWebhooks).toEqual(fromCsv.products.map((entry) => entry.product));
    expect(fromWebhooks.map((item) => item?.id)).toEqual(['TEE-S-BLK', 'TEE-M-BLK', 'trail-tee/m-navy', 'MUG-001']);
    expect(fromWebhooks[0]).toMatchObject({
      parent: 'trail-tee',
      options: { size: 'S', color: 'Black' },
      price: { amount: 3900, currency: 'JPY' },
      compareAtPrice: { amount: 4900, currency: 'JPY' },
      title: { ja: 'Trail Tee' },
      description: { ja: 'Soft organic cotton , cut for long walks.' },
      tags: ['summer', 'cotton', 'shirts'],
      attributes: { vendor: 'Kaiwa Outdoors' },
    });
    expect(fromWebhooks[2]).toMatchObject({
      continueSelling: true,
      imageUrl: 'https://cdn.example.com/trail-tee-navy.jpg',
    });
    expect(fromWebhooks[3]?.parent).toBeUndefined();
  });

  it("keeps Shopify's ids digit for digit (they outgrow JavaScript numbers) and the variants' candidate ids", () => {
    const tee = product(shopifyFixture('products-create-tee.json'));
    expect(tee).toMatchObject({
      shopifyId: '8012345678901234567',
      handle: 'trail-tee',
      updatedAt: '2026-11-22T10:00:00.000Z',
    });
    expect(
      tee.variants.map((variant) => [variant.variantId, variant.inventoryItemId, variant.ids, variant.available]),
    ).toEqual([
      ['44000000000000001', '46000000000000001', ['TEE-S-BLK', 'trail-tee/s-black'], 5],
      ['44000000000000002', '46000000000000002', ['TEE-M-BLK', 'trail-tee/m-black'], 2],
      ['44000000000000003', '46000000000000003', ['trail-tee/m-navy'], 0],
    ]);
    // A SKU two variants share names neither: both go by their option values, as in the CSV import.
    const shared = product(
      editedProduct(shopifyFixture('products-create-tee.json'), '2026-11-22T19:00:00+09:00', (body) => {
        for (const variant of body.variants as { sku: string }[]) variant.sku = 'TEE';
      }),
    );
    expect(shared.variants.map((variant) => variant.ids)).toEqual([
      ['trail-tee/s-black'],
      ['trail-tee/m-black'],
      ['trail-tee/m-navy'],
    ]);
  });

  it('marks variants of a draft product, and priced 0, as not for sale; an untracked variant has no stock', () => {
    const draft = product(
      editedProduct(shopifyFixture('products-create-tee.json'), '2026-11-22T19:00:00+09:00', (body) => {
        body.status = 'draft';
      }),
    );
    expect(draft.variants.map((variant) => [variant.product, variant.notForSale])).toEqual([
      [undefined, 'status draft'],
      [undefined, 'status draft'],
      [undefined, 'status draft'],
    ]);
    const mug = product(
      editedProduct(shopifyFixture('products-create-mug.json'), '2026-11-22T19:00:00+09:00', (body) => {
        (body.variants as Record<string, unknown>[])[0]!.inventory_management = null;
      }),
    );
    expect(mug.variants[0]).toMatchObject({ available: 0, product: { stock: 0 } });
    const free = product(
      editedProduct(shopifyFixture('products-create-mug.json'), '2026-11-22T19:00:00+09:00', (body) => {
        (body.variants as Record<string, unknown>[])[0]!.price = '0.00';
      }),
    );
    expect(free.variants[0]?.notForSale).toBe('price 0: not sold through chat');
  });

  it('refuses what it cannot read, naming the field: nothing is applied', () => {
    const tee = shopifyFixture('products-create-tee.json');
    const refused = (text: string) => {
      try {
        product(text);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidPayloadError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refused('{"handle": "x", ')).toMatch(/^the body is not JSON: /);
    expect(refused('[]')).toBe('the product must be a JSON object');
    expect(refused(editedProduct(tee, 'yesterday'))).toBe(
      '"updated_at" must be a date and time, such as 2026-12-01T10:00:00-05:00',
    );
    expect(
      refused(
        editedProduct(tee, '2026-11-22T19:00:00+09:00', (body) => {
          (body.variants as Record<string, unknown>[])[1]!.price = '39.5';
        }),
      ),
    ).toBe('variants[1].price "39.5" is not an amount in JPY, the shop\'s currency');
    expect(refused(editedProduct(tee, '2026-11-22T19:00:00+09:00', (body) => delete body.handle))).toBe(
      '"handle" is missing',
    );
    expect(
      refused(
        editedProduct(tee, '2026-11-22T19:00:00+09:00', (body) => {
          (body.variants as Record<string, unknown>[])[0]!.inventory_quantity = 'lots';
        }),
      ),
    ).toBe('"variants[0].inventory_quantity" must be a whole number, not "lots"');
  });

  it('reads deletions and inventory levels, and checks the HMAC over the raw bytes', () => {
    expect(parseShopifyDeletion(readShopifyJson(bytes('{"id":8012345678901234567}')))).toEqual({
      shopifyId: '8012345678901234567',
    });
    expect(parseShopifyInventoryLevel(readShopifyJson(bytes(shopifyFixture('inventory-levels-update.json'))))).toEqual({
      inventoryItemId: '46000000000000001',
      locationId: '71000000000000001',
      available: 9,
      updatedAt: '2026-11-22T10:30:00.000Z',
    });
    const body = bytes(shopifyFixture('inventory-levels-update.json'));
    const secret = 'shopify-secret-for-tests';
    const good = createHmac('sha256', secret).update(body).digest('base64');
    expect(() => verifyShopifyHmac(secret, body, good)).not.toThrow();
    expect(() => verifyShopifyHmac('another-secret', body, good)).toThrow(SignatureError);
    expect(() => verifyShopifyHmac(secret, bytes(' ' + shopifyFixture('inventory-levels-update.json')), good)).toThrow(
      SignatureError,
    );
    expect(() => verifyShopifyHmac(secret, body, null)).toThrow('missing X-Shopify-Hmac-Sha256 header');
  });
});

describe('a Shopify inventory export', () => {
  it('with a column per location ("Only Available quantities"): sums the locations, "not stocked" counting none', () => {
    const file = parseShopifyInventoryCsv('inventory.csv', shopifyFixture('inventory_export_available.csv'));
    expect(file.issues).toEqual([]);
    expect(file.layout).toBe('location columns');
    expect(file.variants.map((variant) => [variant.line, variant.ids, variant.available])).toEqual([
      [2, ['TEE-S-BLK', 'trail-tee/s-black'], 7],
      [3, ['TEE-M-BLK', 'trail-tee/m-black'], 1],
      [4, ['trail-tee/m-navy'], 2],
      [5, ['MUG-001', 'kaiwa-mug'], 12],
      [6, ['HAT-9', 'ghost-hat'], 10],
    ]);
  });

  it('with a row per location ("All quantity types"): sums the Available column of each variant’s rows', () => {
    const file = parseShopifyInventoryCsv('inventory.csv', shopifyFixture('inventory_export_all_quantities.csv'));
    expect(file.issues).toEqual([]);
    expect(file.layout).toBe('location rows');
    expect(file.variants.map((variant) => [variant.lines, variant.ids[0], variant.available])).toEqual([
      [[2, 3], 'TEE-S-BLK', 8],
      [[4, 5], 'TEE-M-BLK', 4],
      [[6], 'trail-tee/m-navy', 1],
      [[7], 'MUG-001', 12],
      [[8, 9], 'HAT-9', 6],
    ]);
    // Without an Available column: on hand (the new figure when given) less committed and unavailable.
    const onHand = shopifyFixture('inventory_export_all_quantities.csv')
      .split('\n')
      .map((line) =>
        line
          .split(',')
          .filter((_, index) => index !== 16)
          .join(','),
      )
      .join('\n');
    expect(parseShopifyInventoryCsv('inventory.csv', onHand).variants.map((variant) => variant.available)).toEqual([
      3 - 1 + 7 - 1,
      4,
      1,
      14 - 2,
      6,
    ]);
  });

  it('reports every bad cell as file:line:col, and a file that is not an inventory export', () => {
    const broken = shopifyFixture('inventory_export_available.csv')
      .replace(',,,3,4', ',,,3,four')
      .replace(',,,12,', ',,,1.5,');
    expect(
      parseShopifyInventoryCsv('inventory.csv', broken).issues.map(
        (issue) => `${issue.pos.file}:${issue.pos.line}:${issue.pos.column}: ${issue.message}`,
      ),
    ).toEqual([
      'inventory.csv:2:56: Osaka Warehouse "four" is not a whole number (or "not stocked")',
      'inventory.csv:5:55: Tokyo Shop "1.5" is not a whole number (or "not stocked")',
    ]);
    expect(
      parseShopifyInventoryCsv('x.csv', 'Handle,SKU,Option1 Value\nmug,MUG,Default Title\n').issues[0]?.message,
    ).toBe(
      'the header has no location columns after SKU (export with "Only Available quantities" or "All quantity types")',
    );
    expect(parseShopifyInventoryCsv('x.csv', 'id,title\n').issues[0]?.message).toBe(
      'not a Shopify inventory export: the header needs Handle, Option1 Value and SKU',
    );
  });
});
