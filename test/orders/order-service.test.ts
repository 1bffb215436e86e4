import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NotInCatalogError,
  OutOfStockError,
  UpstreamUnreachableError,
  type Address,
  type CartLine,
  type PaymentEvent,
  type PaymentProvider,
  type Product,
  type Store,
} from '../../src/core/index.js';
import { EmptyCartError, InvalidQuantityError, MixedCurrencyError } from '../../src/modules/orders/errors.js';
import { createOrderService } from '../../src/modules/orders/order-service.js';
import { createDemoPaymentProvider } from '../../src/payments/demo/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';

const shopper: Address = { channel: 'simulator', conversationId: 'o1', userId: 'o1' };
const product = (id: string, amount: number, stock: number, currency = 'JPY'): Product => ({
  id,
  title: { ja: `茶${id}`, en: `Tea ${id}` },
  description: { ja: '', en: '' },
  price: { amount, currency },
  stock,
  tags: [],
  attributes: {},
});

let dir: string;
let store: Store;
let now: Date;
const clock = { now: () => now };
const demo = createDemoPaymentProvider({ secret: 'a-test-secret-of-32-characters!!', publicUrl: 'http://shop.test' });
const orders = createOrderService({
  payments: () => demo,
  publicUrl: 'http://shop.test/',
  reservationMinutes: 30,
  clock,
});
const paid = (
  orderId: string,
  amount: number,
  providerEventId = `demo:${orderId}`,
  currency = 'JPY',
): PaymentEvent => ({ providerEventId, provider: 'demo', orderId, status: 'paid', amount: { amount, currency } });

beforeEach(async () => {
  now = new Date('2026-11-22T09:00:00Z');
  dir = mkdtempSync(join(tmpdir(), 'kaiwa-'));
  store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'kaiwa.db'), clock });
  await store.catalog.upsertMany([
    product('a', 1200, 5),
    product('b', 800, 1),
    product('usd', 1999, 9, 'USD'),
    { ...product('ja-only', 500, 3), title: { ja: '抹茶' } },
  ]);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const stock = async (id: string) => (await store.catalog.get(id))?.stock;
const stocks = async () => [await stock('a'), await stock('b')];
const checkout = (lines: CartLine[], locale = 'ja') =>
  store.transaction((tx) => orders.checkout(tx, { address: shopper, lines, locale }));
const apply = (event: PaymentEvent) => store.transaction((tx) => orders.applyPayment(tx, event));
const steps = async (id: string) =>
  (await store.orders.history(id)).map((step) => `${step.from}->${step.to}:${step.cause}`);
/** The real store, observed: collects the outcome the service writes to the payments ledger. */
const applyObserved = (event: PaymentEvent, outcomes: string[]) =>
  store.transaction((tx) =>
    orders.applyPayment(
      {
        ...tx,
        transaction: tx.transaction,
        lockConversation: tx.lockConversation,
        close: tx.close,
        payments: { record: (e, outcome, at) => (outcomes.push(outcome), tx.payments.record(e, outcome, at)) },
      },
      event,
    ),
  );

describe('checkout', () => {
  it('prices lines from the catalog, merges duplicates, reserves stock and creates the payment link', async () => {
    // A price smuggled into a cart line is ignored: the cart carries ids and quantities only.
    const smuggled = { productId: 'a', quantity: 1, unitPrice: { amount: 1, currency: 'JPY' } } as CartLine;
    const { order, payment } = await checkout([
      smuggled,
      { productId: 'b', quantity: 1 },
      { productId: 'a', quantity: 1 },
    ]);
    expect(order.lines).toEqual([
      { productId: 'a', title: '茶a', quantity: 2, unitPrice: { amount: 1200, currency: 'JPY' } },
      { productId: 'b', title: '茶b', quantity: 1, unitPrice: { amount: 800, currency: 'JPY' } },
    ]);
    expect(order.total).toEqual({ amount: 3200, currency: 'JPY' });
    expect(order).toMatchObject({
      status: 'awaiting_payment',
      provider: 'demo',
      locale: 'ja',
      expiresAt: '2026-11-22T09:30:00.000Z',
      address: shopper,
    });
    expect(order.id).toMatch(/^KW-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(payment).toEqual({
      kind: 'link',
      url: expect.stringMatching(new RegExp(`^http://shop.test/checkout/demo/${order.id}\\?token=[\\w-]+$`)),
      expiresAt: order.expiresAt,
    });
    expect(order.paymentUrl).toBe(payment.kind === 'link' ? payment.url : undefined);
    expect(await stocks()).toEqual([3, 0]);
    expect(await steps(order.id)).toEqual(['null->awaiting_payment:checkout']);
  });

  it('titles lines in the shopper locale, falling back to any title the product has', async () => {
    const { order } = await checkout(
      [
        { productId: 'a', quantity: 1 },
        { productId: 'ja-only', quantity: 1 },
      ],
      'en',
    );
    expect(order.lines.map((line) => line.title)).toEqual(['Tea a', '抹茶']);
  });

  it('names a variant by its options, and reserves that variant only', async () => {
    const tee = (id: string, size: string, stock: number): Product => ({
      ...product(id, 3900, stock, 'JPY'),
      title: { ja: 'トレイルTシャツ', en: 'Trail Tee' },
      parent: 'trail-tee',
      options: { size, color: 'Black' },
    });
    await store.catalog.upsertMany([tee('tee-m', 'M', 2), tee('tee-l', 'L', 4)]);
    const { order } = await checkout([{ productId: 'tee-m', quantity: 2 }], 'en');
    expect(order.lines.map((line) => line.title)).toEqual(['Trail Tee (M / Black)']);
    expect([await stock('tee-m'), await stock('tee-l')]).toEqual([0, 4]);
    await expect(checkout([{ productId: 'tee-m', quantity: 1 }])).rejects.toBeInstanceOf(OutOfStockError);
  });

  it('refuses empty carts, unknown products, bad quantities and mixed currencies without touching stock', async () => {
    await expect(checkout([])).rejects.toBeInstanceOf(EmptyCartError);
    await expect(
      checkout([
        { productId: 'a', quantity: 1 },
        { productId: 'ghost', quantity: 1 },
      ]),
    ).rejects.toBeInstanceOf(NotInCatalogError);
    await expect(checkout([{ productId: 'a', quantity: 0 }])).rejects.toBeInstanceOf(InvalidQuantityError);
    await expect(checkout([{ productId: 'a', quantity: 1.5 }])).rejects.toThrow(/1 to 99/);
    await expect(
      checkout([
        { productId: 'a', quantity: 50 },
        { productId: 'a', quantity: 50 },
      ]),
    ).rejects.toThrow(/got 100/);
    await expect(
      checkout([
        { productId: 'a', quantity: 1 },
        { productId: 'usd', quantity: 1 },
      ]),
    ).rejects.toBeInstanceOf(MixedCurrencyError);
    expect(await stocks()).toEqual([5, 1]);
    expect(await store.orders.listByConversation(shopper)).toEqual([]);
  });

  it('rolls back earlier reservations when a line is out of stock, even if the caller commits', async () => {
    const error = await store.transaction(async (tx) => {
      try {
        await orders.checkout(tx, {
          address: shopper,
          lines: [
            { productId: 'a', quantity: 2 },
            { productId: 'b', quantity: 2 },
          ],
          locale: 'ja',
        });
      } catch (caught) {
        return caught; // the flow action turns this into a message and commits the turn
      }
      return undefined;
    });
    expect(error).toBeInstanceOf(OutOfStockError);
    expect(error).toMatchObject({ productId: 'b', available: 1 });
    expect(await stocks()).toEqual([5, 1]);
  });

  it('cancels the order and gives the stock back when the provider fails', async () => {
    const failing: PaymentProvider = {
      name: 'demo',
      createPayment: async () => Promise.reject(new UpstreamUnreachableError('provider down')),
      handleCallback: async () => [],
    };
    const service = createOrderService({
      payments: () => failing,
      publicUrl: 'http://shop.test',
      clock,
      newOrderId: () => 'KW-FAIL-0001',
    });
    const caught = await store.transaction((tx) =>
      service
        .checkout(tx, { address: shopper, lines: [{ productId: 'a', quantity: 2 }], locale: 'ja' })
        .catch((error: unknown) => error),
    );
    expect(caught).toBeInstanceOf(UpstreamUnreachableError);
    expect(await stock('a')).toBe(5);
    expect(await steps('KW-FAIL-0001')).toEqual([
      'null->awaiting_payment:checkout',
      'awaiting_payment->cancelled:checkout_failed',
    ]);
    now = new Date('2026-11-22T10:00:00Z');
    await store.transaction((tx) => service.expireDue(tx));
    expect(await stock('a')).toBe(5);
  });
});

describe('applyPayment', () => {
  it('pays an order whose amount and currency match, recording the provider event as the cause', async () => {
    const { order } = await checkout([{ productId: 'a', quantity: 1 }]);
    now = new Date('2026-11-22T09:05:00Z');
    expect(await apply(paid(order.id, 1200))).toMatchObject({ kind: 'paid', order: { id: order.id, status: 'paid' } });
    expect(await store.orders.history(order.id)).toEqual([
      { orderId: order.id, from: null, to: 'awaiting_payment', cause: 'checkout', at: '2026-11-22T09:00:00.000Z' },
      {
        orderId: order.id,
        from: 'awaiting_payment',
        to: 'paid',
        cause: `payment:demo:demo:${order.id}`,
        at: '2026-11-22T09:05:00.000Z',
      },
    ]);
    expect(await stock('a')).toBe(4);
  });

  it('answers a redelivered event with duplicate and changes nothing', async () => {
    const { order } = await checkout([{ productId: 'a', quantity: 1 }]);
    await apply(paid(order.id, 1200));
    const before = [await store.orders.get(order.id), await store.orders.history(order.id), await stocks()];
    expect(await apply(paid(order.id, 1200))).toEqual({ kind: 'duplicate' });
    expect(await apply({ ...paid(order.id, 1200), status: 'refunded' })).toEqual({ kind: 'duplicate' });
    expect([await store.orders.get(order.id), await store.orders.history(order.id), await stocks()]).toEqual(before);
  });

  it('never pays an order twice: another provider event for a paid order is ignored', async () => {
    const { order } = await checkout([{ productId: 'a', quantity: 1 }]);
    await apply(paid(order.id, 1200));
    const outcomes: string[] = [];
    expect(await applyObserved(paid(order.id, 1200, 'stripe:evt_2'), outcomes)).toMatchObject({
      kind: 'ignored',
      reason: expect.stringMatching(/already paid/),
    });
    expect(await applyObserved(paid(order.id, 999, 'stripe:evt_3'), outcomes)).toMatchObject({ kind: 'ignored' });
    expect(outcomes).toEqual(['already_paid', 'already_paid']);
    expect((await store.orders.history(order.id)).filter((step) => step.to === 'paid')).toHaveLength(1);
  });

  it('sends a wrong amount or currency to payment_mismatch; the right amount afterwards still pays', async () => {
    const { order } = await checkout([{ productId: 'a', quantity: 1 }]);
    expect(await apply(paid(order.id, 1199))).toMatchObject({
      kind: 'mismatch',
      order: { status: 'payment_mismatch' },
    });
    const { order: second } = await checkout([{ productId: 'a', quantity: 1 }]);
    expect(await apply(paid(second.id, 1200, 'usd-event', 'USD'))).toMatchObject({
      kind: 'mismatch',
      order: { status: 'payment_mismatch' },
    });
    expect(await apply(paid(order.id, 1200, 'retry'))).toMatchObject({ kind: 'paid' });
    expect(await steps(order.id)).toEqual([
      'null->awaiting_payment:checkout',
      `awaiting_payment->payment_mismatch:payment:demo:demo:${order.id}`,
      'payment_mismatch->paid:payment:demo:retry',
    ]);
    expect(await stock('a')).toBe(3); // held since checkout, never taken twice
  });

  it('reports a failed payment without changing the order', async () => {
    const { order } = await checkout([{ productId: 'a', quantity: 1 }]);
    expect(await apply({ ...paid(order.id, 1200), status: 'failed' })).toMatchObject({
      kind: 'failed',
      order: { status: 'awaiting_payment' },
    });
    expect(await steps(order.id)).toEqual(['null->awaiting_payment:checkout']);
    expect(await apply(paid(order.id, 1200, 'second-try'))).toMatchObject({ kind: 'paid' });
  });

  it('applies provider expiry and refunds where the state machine allows them', async () => {
    const { order } = await checkout([{ productId: 'a', quantity: 2 }]);
    expect(await apply({ ...paid(order.id, 2400, 'session-expired'), status: 'expired' })).toMatchObject({
      kind: 'ignored',
    });
    expect((await store.orders.get(order.id))?.status).toBe('expired');
    expect(await stock('a')).toBe(5);
    expect(await apply({ ...paid(order.id, 2400, 'refund-1'), status: 'refunded' })).toMatchObject({
      kind: 'ignored',
      reason: expect.stringMatching(/does not apply/),
    });
    const { order: other } = await checkout([{ productId: 'b', quantity: 1 }]);
    await apply(paid(other.id, 800));
    await apply({ ...paid(other.id, 800, 'refund-2'), status: 'refunded' });
    expect((await store.orders.get(other.id))?.status).toBe('refunded');
  });

  it('ignores events for unknown orders, once', async () => {
    expect(await apply(paid('KW-NONE-0000', 1200))).toMatchObject({
      kind: 'ignored',
      reason: expect.stringMatching(/no order/),
    });
    expect(await apply(paid('KW-NONE-0000', 1200))).toEqual({ kind: 'duplicate' });
  });

  it('accepts a late payment for an expired order and reserves its stock again', async () => {
    const { order } = await checkout([{ productId: 'a', quantity: 2 }]);
    now = new Date('2026-11-22T09:31:00Z');
    await store.transaction((tx) => orders.expireDue(tx));
    expect(await stock('a')).toBe(5);
    const outcomes: string[] = [];
    expect(await applyObserved(paid(order.id, 2400), outcomes)).toMatchObject({
      kind: 'paid',
      order: { status: 'paid' },
    });
    expect(outcomes).toEqual(['paid']);
    expect(await stock('a')).toBe(3);
    expect(await apply(paid(order.id, 2400))).toEqual({ kind: 'duplicate' });
    expect(await stock('a')).toBe(3);
  });

  it('keeps a late payment whose stock is gone as paid, noting the shortfall in the ledger', async () => {
    const { order } = await checkout([
      { productId: 'a', quantity: 1 },
      { productId: 'b', quantity: 1 },
    ]);
    now = new Date('2026-11-22T09:31:00Z');
    await store.transaction((tx) => orders.expireDue(tx));
    await checkout([{ productId: 'b', quantity: 1 }]); // someone else buys the last b meanwhile
    const outcomes: string[] = [];
    expect(await applyObserved(paid(order.id, 2000), outcomes)).toMatchObject({ kind: 'paid' });
    expect(outcomes).toEqual(['paid_stock_short:b']);
    expect(await stocks()).toEqual([4, 0]);
    // The redelivery finds the ledger row and gives back what it had just taken again.
    expect(await applyObserved(paid(order.id, 2000), outcomes)).toEqual({ kind: 'duplicate' });
    expect(await stocks()).toEqual([4, 0]);
  });

  it('re-reserves for a correct payment after a mismatch on an expired order', async () => {
    const { order } = await checkout([{ productId: 'a', quantity: 2 }]);
    now = new Date('2026-11-22T09:31:00Z');
    await store.transaction((tx) => orders.expireDue(tx));
    expect(await apply(paid(order.id, 1, 'wrong'))).toMatchObject({ kind: 'mismatch' });
    expect(await stock('a')).toBe(5);
    expect(await apply(paid(order.id, 2400, 'right'))).toMatchObject({ kind: 'paid' });
    expect(await stock('a')).toBe(3);
  });
});

describe('expireDue', () => {
  it('expires unpaid orders past their window and gives their stock back, once', async () => {
    const { order } = await checkout([
      { productId: 'a', quantity: 2 },
      { productId: 'b', quantity: 1 },
    ]);
    const { order: settled } = await checkout([{ productId: 'a', quantity: 1 }]);
    await apply(paid(settled.id, 1200));
    now = new Date('2026-11-22T09:29:59Z');
    expect(await store.transaction((tx) => orders.expireDue(tx))).toEqual([]);
    now = new Date('2026-11-22T09:30:01Z');
    const expired = await store.transaction((tx) => orders.expireDue(tx));
    expect(expired.map((item) => [item.id, item.status])).toEqual([[order.id, 'expired']]);
    expect(await stocks()).toEqual([4, 1]);
    expect(await steps(order.id)).toEqual(['null->awaiting_payment:checkout', 'awaiting_payment->expired:expired']);
    expect(await store.transaction((tx) => orders.expireDue(tx))).toEqual([]);
    expect(await stocks()).toEqual([4, 1]);
  });

  it('refuses a reservation window that is not a positive number of minutes', () => {
    expect(() =>
      createOrderService({ payments: () => demo, publicUrl: 'http://shop.test', reservationMinutes: 0 }),
    ).toThrow(/reservationMinutes/);
  });
});
