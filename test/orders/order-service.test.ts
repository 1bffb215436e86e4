import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotInCatalogError, OutOfStockError, type Address, type PaymentEvent, type Product, type Store } from '../../src/core/index.js';
import { EmptyCartError } from '../../src/orders/errors.js';
import { newOrderId } from '../../src/orders/order-id.js';
import { createOrderService } from '../../src/orders/order-service.js';
import { createDemoPaymentProvider } from '../../src/payments/demo/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';

const shopper: Address = { channel: 'simulator', conversationId: 'o1', userId: 'o1' };
const product = (id: string, amount: number, stock: number): Product => ({ id, title: { ja: `茶${id}`, en: `Tea ${id}` }, description: { ja: '', en: '' }, price: { amount, currency: 'JPY' }, stock, tags: [], attributes: {} });

let dir: string;
let store: Store;
let now = new Date('2026-11-22T09:00:00Z');
const clock = { now: () => now };
const demo = createDemoPaymentProvider({ secret: 'a-test-secret-of-32-characters!!', publicUrl: 'http://shop.test' });
const orders = createOrderService({ payments: () => demo, publicUrl: 'http://shop.test', reservationMinutes: 30, clock });
const paid = (orderId: string, amount: number, id = `demo:${orderId}`): PaymentEvent => ({ providerEventId: id, provider: 'demo', orderId, status: 'paid', amount: { amount, currency: 'JPY' } });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kaiwa-orders-'));
  store = createSqliteStore({ path: join(dir, 'kaiwa.db'), clock });
  await store.catalog.upsertMany([product('a', 1200, 5), product('b', 800, 1)]);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const stock = async (id: string) => (await store.catalog.get(id))?.stock;
const checkout = (lines: { productId: string; quantity: number }[]) => store.transaction((tx) => orders.checkout(tx, { address: shopper, lines, locale: 'ja' }));

describe('order service', () => {
  it('prices lines from the catalog, merges duplicates, reserves stock and creates the payment link', async () => {
    const { order, payment } = await checkout([{ productId: 'a', quantity: 1 }, { productId: 'b', quantity: 1 }, { productId: 'a', quantity: 1 }]);
    expect(order.lines).toEqual([
      { productId: 'a', title: '茶a', quantity: 2, unitPrice: { amount: 1200, currency: 'JPY' } },
      { productId: 'b', title: '茶b', quantity: 1, unitPrice: { amount: 800, currency: 'JPY' } },
    ]);
    expect(order.total).toEqual({ amount: 3200, currency: 'JPY' });
    expect(order).toMatchObject({ status: 'awaiting_payment', provider: 'demo', expiresAt: '2026-11-22T09:30:00.000Z' });
    expect(payment).toMatchObject({ kind: 'link', url: expect.stringMatching(new RegExp(`^http://shop.test/checkout/demo/${order.id}\\?token=`)) });
    expect([await stock('a'), await stock('b')]).toEqual([3, 0]);
  });

  it('refuses empty carts, unknown products and bad quantities', async () => {
    await expect(checkout([])).rejects.toBeInstanceOf(EmptyCartError);
    await expect(checkout([{ productId: 'ghost', quantity: 1 }])).rejects.toBeInstanceOf(NotInCatalogError);
    await expect(checkout([{ productId: 'a', quantity: 0 }])).rejects.toThrow(/1 to 99/);
    await expect(checkout([{ productId: 'a', quantity: 1.5 }])).rejects.toThrow(/1 to 99/);
  });

  it('rolls back every reservation when one line is out of stock', async () => {
    await expect(checkout([{ productId: 'a', quantity: 2 }, { productId: 'b', quantity: 2 }])).rejects.toBeInstanceOf(OutOfStockError);
    expect([await stock('a'), await stock('b')]).toEqual([5, 1]);
  });

  it('applies a payment once; a redelivery changes nothing', async () => {
    const { order } = await checkout([{ productId: 'a', quantity: 1 }]);
    const first = await store.transaction((tx) => orders.applyPayment(tx, paid(order.id, 1200)));
    expect(first).toMatchObject({ kind: 'paid', order: { status: 'paid' } });
    expect(await store.transaction((tx) => orders.applyPayment(tx, paid(order.id, 1200)))).toEqual({ kind: 'duplicate' });
    // Another provider event for the same order never pays it twice.
    expect(await store.transaction((tx) => orders.applyPayment(tx, paid(order.id, 1200, 'stripe:evt_2')))).toMatchObject({ kind: 'ignored' });
    expect((await store.orders.history(order.id)).filter((step) => step.to === 'paid')).toHaveLength(1);
  });

  it('sends a payment of the wrong amount or currency to payment_mismatch', async () => {
    const { order } = await checkout([{ productId: 'a', quantity: 1 }]);
    const outcome = await store.transaction((tx) => orders.applyPayment(tx, paid(order.id, 1199)));
    expect(outcome).toMatchObject({ kind: 'mismatch', order: { status: 'payment_mismatch' } });
    const { order: second } = await checkout([{ productId: 'a', quantity: 1 }]);
    const usd = { ...paid(second.id, 1200), amount: { amount: 1200, currency: 'USD' } };
    expect(await store.transaction((tx) => orders.applyPayment(tx, usd))).toMatchObject({ kind: 'mismatch' });
  });

  it('expires unpaid orders after the reservation window and gives their stock back; a late payment still lands', async () => {
    const { order } = await checkout([{ productId: 'a', quantity: 2 }]);
    now = new Date('2026-11-22T09:31:00Z');
    const expired = await store.transaction((tx) => orders.expireDue(tx));
    expect(expired.map((item) => item.id)).toEqual([order.id]);
    expect(await stock('a')).toBe(5);
    expect(await store.transaction((tx) => orders.expireDue(tx))).toEqual([]);
    const late = await store.transaction((tx) => orders.applyPayment(tx, paid(order.id, 2400)));
    expect(late).toMatchObject({ kind: 'paid' });
    expect(await stock('a')).toBe(3);
  });

  it('makes readable, unique order numbers', () => {
    const ids = new Set(Array.from({ length: 2000 }, newOrderId));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^KW-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });
});
