import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  allocate,
  CouponError,
  discountedLines,
  orderItems,
  orderReceipt,
  type Address,
  type CartLine,
  type Order,
  type PaymentEvent,
  type Product,
  type Store,
} from '../../src/core/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';
import { cancelOrder } from '../../src/modules/orders/merchant-actions.js';
import { createOrderService } from '../../src/modules/orders/order-service.js';
import {
  couponInText,
  promotionRules,
  weekdayIn,
  zonedInstant,
  type PromotionConfig,
} from '../../src/modules/orders/promotions.js';
import { shippingRules } from '../../src/modules/orders/shipping.js';
import { taxRules } from '../../src/modules/orders/tax.js';
import { createDemoPaymentProvider } from '../../src/payments/demo/index.js';
import { renderDemoCheckoutPage } from '../../src/payments/demo/checkout-page.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';

const yen = (amount: number) => ({ amount, currency: 'JPY' });

describe('discount arithmetic (integer minor units)', () => {
  it('allocate shares exactly, rounding down and giving the units left to the largest remainders', () => {
    expect(allocate(770, [1200, 6500])).toEqual([120, 650]);
    expect(allocate(2, [5, 5, 5])).toEqual([1, 1, 0]); // ties: the earlier line first
    expect(allocate(10, [3, 3, 4])).toEqual([3, 3, 4]);
    expect(allocate(0, [5, 5])).toEqual([0, 0]);
    expect(allocate(7, [0, 10])).toEqual([0, 7]);
    for (let total = 0; total <= 1000; total += 37)
      expect(allocate(total, [333, 1000, 7, 1]).reduce((a, b) => a + b, 0)).toBe(total);
    expect(() => allocate(11, [5, 5])).toThrow(RangeError);
  });

  it('providers get the discount spread over the lines: no negative item, the same total to the unit', () => {
    const order: Pick<Order, 'lines' | 'charges'> = {
      lines: [
        { productId: 'tea', title: 'Tea', quantity: 3, unitPrice: yen(1200) },
        { productId: 'cup', title: 'Cup', quantity: 1, unitPrice: yen(999) },
      ],
      charges: [
        { kind: 'shipping', label: 'Shipping', amount: yen(500) },
        { kind: 'discount', label: 'Coupon X (10% off)', amount: yen(-459), code: 'X' },
      ],
    };
    const items = orderItems(order);
    expect(items.every((item) => item.unitPrice.amount >= 0 && Number.isInteger(item.unitPrice.amount))).toBe(true);
    expect(items.reduce((sum, item) => sum + item.unitPrice.amount * item.quantity, 0)).toBe(3600 + 999 + 500 - 459);
    // 459 shared as 3600 : 999 is 359.3 and 99.7: 359 and 100 (the larger remainder takes the unit left).
    // ¥3,241 over 3 teas is one at ¥1,081 and two at ¥1,080; the cup is ¥899.
    expect(items.map((item) => [item.id, item.quantity, item.unitPrice.amount])).toEqual([
      ['tea', 1, 1081],
      ['tea', 2, 1080],
      ['cup', 1, 899],
      ['shipping', 1, 500],
    ]);
    // A share that does not divide by the quantity: two lines a unit apart.
    const odd = discountedLines({
      lines: [{ productId: 'tea', title: 'Tea', quantity: 3, unitPrice: yen(1000) }],
      charges: [{ kind: 'discount', label: 'x', amount: yen(-100) }],
    });
    expect(odd.map((line) => [line.quantity, line.unitPrice.amount])).toEqual([
      [2, 967],
      [1, 966],
    ]);
    // Our own page shows the discount as a line of its own.
    expect(orderItems(order, { discounts: 'lines' }).at(-1)).toMatchObject({ id: 'discount', unitPrice: yen(-459) });
  });
});

describe('promotion rules', () => {
  it('reads from/until in the shop’s time zone: until a day is through its end', () => {
    expect(new Date(zonedInstant('2026-12-01', 'Asia/Tokyo')).toISOString()).toBe('2026-11-30T15:00:00.000Z');
    expect(new Date(zonedInstant('2026-12-31', 'Asia/Tokyo', true)).toISOString()).toBe('2026-12-31T15:00:00.000Z');
    expect(new Date(zonedInstant('2026-07-01T10:00', 'America/New_York')).toISOString()).toBe(
      '2026-07-01T14:00:00.000Z',
    );
    expect(new Date(zonedInstant('2026-12-01 10:00', 'America/New_York')).toISOString()).toBe(
      '2026-12-01T15:00:00.000Z',
    );
    // Tuesday 23:30 UTC is Wednesday 08:30 in Tokyo.
    expect(weekdayIn(Date.parse('2026-12-01T23:30:00Z'), 'Asia/Tokyo')).toBe(3);
    expect(weekdayIn(Date.parse('2026-12-01T23:30:00Z'), 'UTC')).toBe(2);
  });

  it('finds a code in what the shopper writes: a known code alone, any code-like word after a coupon word', () => {
    const rules = promotionRules(
      [
        { code: 'SAWA10', percent: 10 },
        { code: 'welcome', amount: 500 },
      ],
      'JPY',
      'UTC',
    );
    expect(couponInText(rules, 'SAWA10')).toBe('SAWA10');
    expect(couponInText(rules, 'ｓａｗａ１０')).toBe('SAWA10');
    expect(couponInText(rules, 'クーポン SAWA10')).toBe('SAWA10');
    expect(couponInText(rules, 'クーポンSAWA10を使います')).toBe('SAWA10');
    expect(couponInText(rules, 'coupon: welcome')).toBe('WELCOME');
    expect(couponInText(rules, '/coupon sawa10')).toBe('SAWA10');
    expect(couponInText(rules, 'promo code XMAS24')).toBe('XMAS24'); // unknown, said so by applyCoupon
    expect(couponInText(rules, 'coupon please')).toBeUndefined();
    expect(couponInText(rules, 'do you have coupons?')).toBeUndefined();
    expect(couponInText(rules, 'クーポンはありますか')).toBeUndefined();
    expect(couponInText(rules, 'welcome to the shop')).toBeUndefined();
    expect(couponInText(undefined, 'SAWA10')).toBeUndefined();
  });
});

describe('coupons and promotions at checkout (real SQLite)', () => {
  const ann: Address = { channel: 'simulator', conversationId: 'ann', userId: 'ann' };
  const bob: Address = { channel: 'simulator', conversationId: 'bob', userId: 'bob' };
  const product = (id: string, amount: number, tags: string[]): Product => ({
    id,
    title: { ja: id, en: id },
    description: {},
    price: yen(amount),
    stock: 10,
    tags,
    attributes: {},
  });
  const config: PromotionConfig[] = [
    { code: 'SAWA10', percent: 10, minSpend: 3000, perShopper: 1 },
    { code: 'LAST2', amount: 300, totalUses: 2 },
    { code: 'WELCOME', amount: 500, firstOrderOnly: true },
    { code: 'SHIPFREE', freeShipping: true },
    { code: 'XMAS', percent: 20, from: '2026-12-20', until: '2026-12-25' },
    { id: 'wednesday', auto: true, days: ['wed'], percent: 5, name: { ja: '水曜割', en: 'Wednesday deal' } },
  ];
  let dir: string;
  let store: Store;
  let now: Date;
  const clock = { now: () => now };
  const demo = createDemoPaymentProvider({ secret: 'a-test-secret-of-32-characters!!', publicUrl: 'http://shop.test' });
  const orders = createOrderService({
    payments: () => demo,
    publicUrl: 'http://shop.test',
    clock,
    shipping: shippingRules({ zones: [{ id: 'japan', countries: ['JP'], flat: 500, freeFrom: 5000 }] }, 'JPY'),
    tax: taxRules({ prices: 'inclusive', classes: { standard: 10, reduced: 8 }, byTag: { tea: 'reduced' } }),
    promotions: promotionRules(config, 'JPY', 'Asia/Tokyo'),
  });
  const tea = [{ productId: 'tea', quantity: 1 }];
  const both = [
    { productId: 'tea', quantity: 1 },
    { productId: 'kyusu', quantity: 1 },
  ];
  const checkout = (address: Address, lines: CartLine[], coupon?: string) =>
    store.transaction((tx) =>
      orders.checkout(tx, { address, lines, locale: 'ja', ...(coupon !== undefined ? { coupon } : {}) }),
    );
  const quote = (address: Address, lines: CartLine[], coupon?: string) =>
    store.transaction((tx) =>
      orders.quote!(tx, { address, lines, locale: 'ja', ...(coupon !== undefined ? { coupon } : {}) }),
    );
  const pay = (order: Order, id = `demo:${order.id}`): Promise<unknown> =>
    store.transaction((tx) =>
      orders.applyPayment(tx, {
        providerEventId: id,
        provider: 'demo',
        orderId: order.id,
        status: 'paid',
        amount: order.total,
      } satisfies PaymentEvent),
    );
  const refusal = async (address: Address, lines: CartLine[], code: string) => {
    const before = [(await store.catalog.get('tea'))!.stock, (await store.catalog.get('kyusu'))!.stock];
    const count = (await store.orders.list({ limit: 1000 })).length;
    const error = await checkout(address, lines, code).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CouponError);
    // Nothing changes: no order, no stock taken, no use held.
    expect([(await store.catalog.get('tea'))!.stock, (await store.catalog.get('kyusu'))!.stock]).toEqual(before);
    expect((await store.orders.list({ limit: 1000 })).length).toBe(count);
    expect((await quote(address, lines, code)).coupon?.refused).toBe((error as CouponError).reason);
    return (error as CouponError).reason;
  };

  beforeEach(async () => {
    now = new Date('2026-12-01T01:00:00Z'); // a Tuesday in Tokyo
    dir = mkdtempSync(join(tmpdir(), 'kaiwa-promotions-'));
    store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'kaiwa.db'), clock });
    await store.catalog.upsertMany([product('tea', 1200, ['tea']), product('kyusu', 6500, ['teaware'])]);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SAWA10: 10 % off the goods as a discount line with its code; tax on the discounted amounts, per rate summing exactly', async () => {
    const { order } = await checkout(ann, both, 'sawa10');
    // ¥7,700 of goods, 10 % off is ¥770: ¥120 of it off the tea, ¥650 off the kyusu; ¥6,930 ships free.
    expect(order.charges).toEqual([
      { kind: 'shipping', label: '送料', amount: yen(0), zone: 'japan' },
      { kind: 'discount', label: 'クーポン SAWA10（10%オフ）', amount: yen(-770), code: 'SAWA10' },
    ]);
    expect(order.total).toEqual(yen(6930));
    expect(order.tax?.lines).toEqual([
      { classes: ['standard'], rate: 10, base: yen(5850), tax: yen(531) },
      { classes: ['reduced'], rate: 8, base: yen(1080), tax: yen(80) },
    ]);
    expect(order.tax!.lines.reduce((sum, line) => sum + line.base.amount, 0)).toBe(order.total.amount);
    const stored = (await store.orders.get(order.id))!;
    expect(stored.charges).toEqual(order.charges);
    expect(orderReceipt(stored, 'ja')).toContain('・クーポン SAWA10（10%オフ）  -￥770');
    expect(orderReceipt(stored, 'en')).toContain('・クーポン SAWA10（10%オフ）  -¥770'); // the label is frozen in the order's language
    expect(orderItems(stored).reduce((sum, item) => sum + item.unitPrice.amount * item.quantity, 0)).toBe(6930);
    expect(renderDemoCheckoutPage(stored, 'token', { shopName: 'Sawa' })).toContain('クーポン SAWA10（10%オフ）');
    expect(await store.promotions.held('SAWA10')).toBe(1);
    expect(await store.promotions.listByConversation(ann)).toMatchObject([
      { orderId: order.id, code: 'SAWA10', status: 'reserved' },
    ]);
  });

  it('bad codes are refused with their reason, and nothing changes', async () => {
    expect(await refusal(ann, both, 'NOPE')).toBe('unknown');
    expect(await refusal(ann, tea, 'SAWA10')).toBe('min_spend');
    expect((await quote(ann, tea, 'SAWA10')).coupon).toEqual({
      code: 'SAWA10',
      refused: 'min_spend',
      minSpend: yen(3000),
    });
    expect(await refusal(ann, both, 'XMAS')).toBe('not_yet_valid');
    now = new Date('2026-12-25T14:59:00Z'); // 23:59 on the 25th in Tokyo: still valid
    expect((await quote(ann, both, 'XMAS')).coupon).toEqual({ code: 'XMAS' });
    now = new Date('2026-12-25T15:00:00Z'); // midnight in Tokyo
    expect(await refusal(ann, both, 'XMAS')).toBe('expired');
    now = new Date('2026-12-01T01:00:00Z');
    // Per shopper: once SAWA10 is held by ann's order, ann cannot use it again; bob can.
    await checkout(ann, both, 'SAWA10');
    expect(await refusal(ann, both, 'SAWA10')).toBe('already_used');
    expect((await quote(bob, both, 'SAWA10')).coupon).toEqual({ code: 'SAWA10', perShopper: 1 });
    // First order only: bob has paid for an order, so he is a returning shopper.
    const { order } = await checkout(bob, tea);
    await pay(order);
    expect(await refusal(bob, both, 'WELCOME')).toBe('first_order_only');
    expect((await quote(ann, both, 'WELCOME')).coupon?.refused).toBeUndefined();
    // A quote with a refused code is priced without it.
    expect((await quote(ann, both, 'NOPE')).total).toEqual(yen(7700));
  });

  it('a use is reserved at checkout, confirmed once at payment, given back at expiry or cancel, and counted again for a late payment', async () => {
    const first = (await checkout(ann, tea, 'LAST2')).order;
    const second = (await checkout(bob, tea, 'LAST2')).order;
    expect(first.total).toEqual(yen(1200 - 300 + 500));
    expect(await refusal({ ...ann, conversationId: 'cy', userId: 'cy' }, tea, 'LAST2')).toBe('used_up');
    await pay(first);
    await pay(first); // the webhook, delivered again
    await pay(first, 'demo:another-event'); // another event for a paid order: already paid
    expect(await store.promotions.held('LAST2')).toBe(2);
    expect((await store.promotions.listByConversation(ann))[0]?.status).toBe('confirmed');
    // The unpaid one expires: its use comes back (once), and someone else gets it.
    now = new Date(now.getTime() + 31 * 60_000);
    await store.transaction((tx) => orders.expireDue(tx));
    await store.transaction((tx) => orders.expireDue(tx));
    expect(await store.promotions.held('LAST2')).toBe(1);
    const third = (await checkout({ ...ann, conversationId: 'cy', userId: 'cy' }, tea, 'LAST2')).order;
    expect(await store.promotions.held('LAST2')).toBe(2);
    // The expired order is paid after all: the shopper paid the discounted total, so it counts again.
    await pay(second);
    expect((await store.orders.get(second.id))?.status).toBe('paid');
    expect(await store.promotions.held('LAST2')).toBe(3);
    // Cancelled by the merchant: given back.
    await store.transaction((tx) => cancelOrder(tx, third.id, 'cli:cancel', clock));
    expect(await store.promotions.held('LAST2')).toBe(2);
    expect((await store.promotions.listByConversation({ ...ann, conversationId: 'cy', userId: 'cy' }))[0]?.status).toBe(
      'released',
    );
  });

  it('automatic offers: a weekday discount in the shop’s time zone, and free shipping by code', async () => {
    expect((await quote(ann, tea)).charges.filter((charge) => charge.kind === 'discount')).toEqual([]);
    now = new Date('2026-12-01T15:30:00Z'); // Wednesday 00:30 in Tokyo (still Tuesday in UTC)
    const wednesday = await quote(ann, tea);
    expect(wednesday.charges).toContainEqual({
      kind: 'discount',
      label: '水曜割（5%オフ）',
      amount: yen(-60),
      code: 'wednesday',
    });
    expect(wednesday.total).toEqual(yen(1200 - 60 + 500));
    // With a code too: both apply, each a percentage of the goods before discounts.
    const stacked = await checkout(ann, both, 'SAWA10');
    expect(stacked.order.charges?.filter((charge) => charge.kind === 'discount').map((c) => c.amount.amount)).toEqual([
      -385, -770,
    ]);
    expect(stacked.order.total).toEqual(yen(7700 - 385 - 770));
    now = new Date('2026-12-01T01:00:00Z');
    const free = await checkout(bob, tea, 'SHIPFREE');
    expect(free.order.charges).toEqual([
      { kind: 'shipping', label: '送料', amount: yen(0), zone: 'japan' },
      { kind: 'discount', label: 'クーポン SHIPFREE（送料無料）', amount: yen(0), code: 'SHIPFREE' },
    ]);
    expect(free.order.total).toEqual(yen(1200));
  });
});
