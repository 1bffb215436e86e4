import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  orderItems,
  orderReceipt,
  taxNote,
  type Address,
  type Product,
  type Store,
} from '../../src/core/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';
import { createOrderService } from '../../src/modules/orders/order-service.js';
import { shippingRules } from '../../src/modules/orders/shipping.js';
import {
  orderTax,
  parseRate,
  rateOf,
  taxClassOf,
  taxOf,
  taxRegion,
  taxRules,
  type TaxConfig,
} from '../../src/modules/orders/tax.js';
import { createDemoPaymentProvider } from '../../src/payments/demo/index.js';
import { renderDemoCheckoutPage } from '../../src/payments/demo/checkout-page.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';

const japan: TaxConfig = {
  prices: 'inclusive',
  classes: { standard: 10, reduced: 8 },
  default: 'standard',
  byTag: { tea: 'reduced' },
  shipping: 'standard',
};
const us: TaxConfig = {
  prices: 'exclusive',
  classes: { standard: 0, grocery: 0 },
  byTag: { grocery: 'grocery' },
  regions: { 'US-CA': 7.25, 'US-NY': { standard: 8.875 }, US: { grocery: 1.5 } },
  defaultRegion: 'US-CA',
};
const yen = (amount: number) => ({ amount, currency: 'JPY' });
const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('tax arithmetic (integer minor units, one rounding per rate per order)', () => {
  it('reads percent rates as thousandths of a percent from their digits, never through a float product', () => {
    expect([10, 8, 7.25, 8.875, 0, 99.999].map((rate) => parseRate(rate, 'x'))).toEqual([
      10_000, 8000, 7250, 8875, 0, 99_999,
    ]);
    expect(() => parseRate(8.8751, 'classes.x')).toThrow(ConfigError);
    expect(() => parseRate(100, 'classes.x')).toThrow(/from 0 to below 100/);
  });

  it('inclusive: floor(sum × r / (100 + r)); exclusive: sum × r / 100 rounded half up', () => {
    expect(taxOf(2400, 8000, 'inclusive')).toBe(177); // 177.77…
    expect(taxOf(7000, 10_000, 'inclusive')).toBe(636); // 636.36…
    expect(taxOf(1100, 10_000, 'inclusive')).toBe(100); // exact
    expect(taxOf(4500, 7250, 'exclusive')).toBe(326); // $3.2625 → $3.26
    expect(taxOf(200, 7250, 'exclusive')).toBe(15); // 14.5 ¢ → 15 ¢ (half up)
    expect(taxOf(1000, 8875, 'exclusive')).toBe(89); // 88.75 ¢ → 89 ¢
    expect(taxOf(0, 10_000, 'inclusive')).toBe(0);
    // Far beyond 2^53 as a product of amount and rate: BigInt keeps it exact.
    expect(taxOf(9_007_199_254_740, 8875, 'exclusive')).toBe(799_388_933_858);
    expect(() => taxOf(-1, 8000, 'exclusive')).toThrow(RangeError);
    expect(() => taxOf(1.5, 8000, 'exclusive')).toThrow(RangeError);
  });

  it('Japan, tax included: ¥1,200 tea × 2 + ¥6,500 kyusu + ¥500 shipping is 8 % on ¥2,400 = ¥177 and 10 % on ¥7,000 = ¥636', () => {
    const rules = taxRules(japan);
    const tea = taxClassOf(rules, { tags: ['tea', 'green-tea'] });
    const kyusu = taxClassOf(rules, { tags: ['teaware', 'kyusu'] });
    expect([tea, kyusu]).toEqual(['reduced', 'standard']);
    const { tax, charges } = orderTax(rules, {
      lines: [
        { taxClass: tea, amount: yen(2400) },
        { taxClass: kyusu, amount: yen(6500) },
      ],
      shipping: yen(500),
      currency: 'JPY',
      locale: 'ja',
    });
    expect(charges).toEqual([]);
    expect(tax).toEqual({
      prices: 'inclusive',
      lines: [
        { classes: ['standard'], rate: 10, base: yen(7000), tax: yen(636) },
        { classes: ['reduced'], rate: 8, base: yen(2400), tax: yen(177) },
      ],
      total: yen(813),
    });
    // Rounded once per rate, not per line: two teas of ¥1,200 are floor(2400 × 8 / 108) = 177, not 2 × 88.
    const perLine = orderTax(rules, {
      lines: [
        { taxClass: 'reduced', amount: yen(1200) },
        { taxClass: 'reduced', amount: yen(1200) },
      ],
      currency: 'JPY',
      locale: 'ja',
    });
    expect(perLine.tax.total).toEqual(yen(177));
  });

  it('US, tax added: the state rate (or the country’s, or the class’s), one charge per rate labelled with the state', () => {
    const rules = taxRules(us);
    expect(taxRegion(rules, {})).toBe('US-CA');
    expect(taxRegion(rules, { country: 'US' })).toBe('US-CA');
    expect(taxRegion(rules, { country: 'CA' })).toBe('CA');
    expect(taxRegion(rules, { region: 'US-NY', country: 'US' })).toBe('US-NY');
    expect(rateOf(rules, 'standard', 'US-CA')).toBe(7250);
    expect(rateOf(rules, 'standard', 'US-NY')).toBe(8875);
    expect(rateOf(rules, 'grocery', 'US-NY')).toBe(1500); // NY names no grocery rate: the country's
    expect(rateOf(rules, 'standard', 'US-TX')).toBe(0); // neither TX nor US names one: tax.classes
    const { tax, charges } = orderTax(rules, {
      lines: [{ taxClass: 'standard', amount: usd(4000) }],
      shipping: usd(500),
      region: 'US-CA',
      currency: 'USD',
      locale: 'en',
    });
    expect(tax).toEqual({
      prices: 'exclusive',
      region: 'US-CA',
      lines: [{ classes: ['standard'], rate: 7.25, base: usd(4500), tax: usd(326) }],
      total: usd(326),
    });
    expect(charges).toEqual([{ kind: 'tax', label: 'Sales tax (CA 7.25%)', amount: usd(326), rate: 7.25 }]);
    // Two rates, two charges; a rate of 0 is in the breakdown but charges nothing.
    const ny = orderTax(rules, {
      lines: [
        { taxClass: 'standard', amount: usd(1000) },
        { taxClass: 'grocery', amount: usd(999) },
      ],
      region: 'US-NY',
      currency: 'USD',
      locale: 'en',
    });
    expect(ny.charges.map((charge) => [charge.label, charge.amount.amount])).toEqual([
      ['Sales tax (NY 8.875%)', 89],
      ['Sales tax (NY 1.5%)', 15],
    ]);
    const tx = orderTax(rules, {
      lines: [{ taxClass: 'standard', amount: usd(1000) }],
      region: 'US-TX',
      currency: 'USD',
      locale: 'en',
    });
    expect(tx.charges).toEqual([]);
    expect(tx.tax.lines).toEqual([{ classes: ['standard'], rate: 0, base: usd(1000), tax: usd(0) }]);
  });

  it('the first byTag entry whose tag a product has wins; classes sharing a rate share one line and one rounding', () => {
    const rules = taxRules({
      prices: 'inclusive',
      classes: { standard: 10, food: 8, drink: 8 },
      byTag: { gift: 'standard', tea: 'drink', snack: 'food' },
    });
    expect(taxClassOf(rules, { tags: ['tea', 'gift'] })).toBe('standard');
    expect(taxClassOf(rules, { tags: ['other'] })).toBe('standard');
    const { tax } = orderTax(rules, {
      lines: [
        { taxClass: 'drink', amount: yen(1000) },
        { taxClass: 'food', amount: yen(1000) },
      ],
      currency: 'JPY',
      locale: 'ja',
    });
    expect(tax.lines).toEqual([{ classes: ['food', 'drink'], rate: 8, base: yen(2000), tax: yen(148) }]);
  });

  it('refuses a class kaiwa.yaml does not list, naming where', () => {
    expect(() => taxRules({ ...japan, byTag: { tea: 'food' } })).toThrow(
      'kaiwa.yaml tax.byTag.tea: "food" is not a tax class; the classes are standard, reduced',
    );
    expect(() => taxRules({ ...japan, shipping: 'ship' })).toThrow(ConfigError);
  });
});

describe('orders with tax (real SQLite)', () => {
  const shopper: Address = { channel: 'simulator', conversationId: 't1', userId: 't1' };
  const product = (id: string, amount: number, currency: string, tags: string[], title: string): Product => ({
    id,
    title: { ja: title, en: title },
    description: {},
    price: { amount, currency },
    stock: 10,
    tags,
    attributes: {},
  });
  let dir: string;
  let store: Store;
  const clock = { now: () => new Date('2026-12-04T09:00:00Z') };
  const demo = createDemoPaymentProvider({ secret: 'a-test-secret-of-32-characters!!', publicUrl: 'http://shop.test' });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kaiwa-tax-'));
    store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'kaiwa.db'), clock });
    await store.catalog.upsertMany([
      product('sencha', 1200, 'JPY', ['tea'], '煎茶'),
      product('kyusu', 6500, 'JPY', ['teaware'], '急須'),
      product('tee', 2000, 'USD', ['apparel'], 'Trail Tee'),
    ]);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Japan: the total stays what the prices say; the order keeps the breakdown, each line its class, and the receipt lists it', async () => {
    const orders = createOrderService({
      payments: () => demo,
      publicUrl: 'http://shop.test/',
      clock,
      shipping: shippingRules({ zones: [{ id: 'japan', countries: ['JP'], flat: 500 }] }, 'JPY'),
      tax: taxRules(japan),
    });
    const lines = [
      { productId: 'sencha', quantity: 2 },
      { productId: 'kyusu', quantity: 1 },
    ];
    const quoted = await store.transaction((tx) => orders.quote!(tx, { address: shopper, lines, locale: 'ja' }));
    expect(quoted.total).toEqual(yen(9400));
    expect(quoted.tax?.total).toEqual(yen(813));
    const { order } = await store.transaction((tx) => orders.checkout(tx, { address: shopper, lines, locale: 'ja' }));
    expect(order.total).toEqual(yen(9400));
    const stored = (await store.orders.get(order.id))!;
    expect(stored.lines.map((line) => line.taxClass)).toEqual(['reduced', 'standard']);
    expect(stored.charges).toEqual([{ kind: 'shipping', label: '送料', amount: yen(500), zone: 'japan' }]);
    expect(stored.tax).toEqual({
      prices: 'inclusive',
      lines: [
        { classes: ['standard'], rate: 10, base: yen(7000), tax: yen(636) },
        { classes: ['reduced'], rate: 8, base: yen(2400), tax: yen(177) },
      ],
      total: yen(813),
    });
    expect(taxNote(stored.tax, 'ja')).toBe('（内消費税 ￥813）');
    expect(orderReceipt(stored, 'ja')).toBe(
      [
        `ご注文 ${order.id}`,
        '・煎茶 × 2  ￥2,400 ※',
        '・急須 × 1  ￥6,500',
        '・送料  ￥500',
        '合計 ￥9,400',
        '10%対象 ￥7,000（内消費税 ￥636）',
        '8%対象 ￥2,400（内消費税 ￥177）',
        '※は軽減税率対象',
      ].join('\n'),
    );
    expect(orderReceipt(stored, 'en')).toContain('8% on ¥2,400: tax ¥177 (included)');
    // Providers itemise what they always did: the tax is inside the prices.
    expect(orderItems(stored).reduce((sum, item) => sum + item.unitPrice.amount * item.quantity, 0)).toBe(9400);
    const page = renderDemoCheckoutPage(stored, 'token', { shopName: 'Sawa' });
    expect(page).toContain('10%対象 ￥7,000（内消費税 ￥636）');
    expect(page).toContain('8%対象 ￥2,400（内消費税 ￥177）');
  });

  it('US: the state’s tax is a charge the total includes and every provider is asked for', async () => {
    const orders = createOrderService({
      payments: () => demo,
      publicUrl: 'http://shop.test/',
      clock,
      shipping: shippingRules({ zones: [{ id: 'us', countries: ['US'], flat: '5.00' }] }, 'USD'),
      tax: taxRules(us),
    });
    const lines = [{ productId: 'tee', quantity: 2 }];
    const { order } = await store.transaction((tx) => orders.checkout(tx, { address: shopper, lines, locale: 'en' }));
    // $40.00 + $5.00 shipping, 7.25 % on $45.00 = $3.2625 → $3.26.
    expect(order.total).toEqual(usd(4826));
    const stored = (await store.orders.get(order.id))!;
    expect(stored.charges).toEqual([
      { kind: 'shipping', label: 'Shipping', amount: usd(500), zone: 'us' },
      { kind: 'tax', label: 'Sales tax (CA 7.25%)', amount: usd(326), rate: 7.25 },
    ]);
    expect(stored.tax).toMatchObject({ prices: 'exclusive', region: 'US-CA', total: usd(326) });
    expect(orderItems(stored).map((item) => [item.title, item.unitPrice.amount * item.quantity])).toEqual([
      ['Trail Tee', 4000],
      ['Shipping', 500],
      ['Sales tax (CA 7.25%)', 326],
    ]);
    expect(orderReceipt(stored, 'en')).toBe(
      [
        `Order ${order.id}`,
        '・Trail Tee × 2  $40.00',
        '・Shipping  $5.00',
        '・Sales tax (CA 7.25%)  $3.26',
        'Total $48.26',
      ].join('\n'),
    );
    // A state with its own rate, once the chat knows the address.
    const ny = await store.transaction((tx) =>
      orders.quote!(tx, { address: shopper, lines, locale: 'en', country: 'US', region: 'US-NY' }),
    );
    expect(ny.total).toEqual(usd(4500 + 399)); // 8.875 % of $45.00 = $3.99375 → $3.99
    expect(renderDemoCheckoutPage(stored, 'token', { shopName: 'Trail' })).toContain('Sales tax (CA 7.25%)');
  });
});
