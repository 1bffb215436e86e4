import type { Clock, Order, PaymentEvent, PaymentOutcome, Store } from '../../core/index.js';
import type { OrderStore } from './store.js';
import { outcomeOf, payableStatuses, planPayment } from './plan-payment.js';
import { releaseAll, reserveEach } from './stock.js';
import { confirmCoupon, releaseCoupon } from './coupon-uses.js';

/**
 * Applies a provider event to its order exactly once (docs/orders.md, "Idempotency"). The ledger
 * row is written before any order change, and a redelivery (record() → false) returns
 * `duplicate` having changed nothing.
 */
export async function applyPayment(tx: Store, event: PaymentEvent, clock: Clock): Promise<PaymentOutcome> {
  const at = clock.now().toISOString();
  const order = await tx.orders.get(event.orderId);
  const plan = planPayment(order, event, order ? await holdsStock(tx.orders, order) : true);

  // A late payment takes its stock back before the ledger row, so the row can say exactly what was short.
  const restock =
    order && plan.kind === 'pay' && plan.restock
      ? await reserveEach(tx.catalog, order.lines)
      : { reserved: [], short: [] };
  if (
    !(await tx.payments.record(
      event,
      outcomeOf(
        plan,
        restock.short.map((line) => line.productId),
      ),
      at,
    ))
  ) {
    await releaseAll(tx.catalog, restock.reserved);
    return { kind: 'duplicate' };
  }
  if (plan.kind === 'ignore') return { kind: 'ignored', reason: plan.reason };
  if (!order) return { kind: 'ignored', reason: `no order "${event.orderId}"` };

  const cause = `payment:${event.provider}:${event.providerEventId}`;
  switch (plan.kind) {
    case 'pay': {
      const updated = await tx.orders.transition(order.id, payableStatuses, 'paid', cause, at);
      if (updated) {
        // Counted once per paid order: a redelivered event is `duplicate` above, a second payment `already_paid`.
        await confirmCoupon(tx, order.id, at);
        return { kind: 'paid', order: await keepShipTo(tx.orders, updated, event) };
      }
      // Another event paid it between our read and write (another instance): give back what we took.
      await releaseAll(tx.catalog, restock.reserved);
      return { kind: 'ignored', reason: `order ${order.id} changed while the payment was applied` };
    }
    case 'mismatch': {
      const updated = await tx.orders.transition(
        order.id,
        ['awaiting_payment', 'expired'],
        'payment_mismatch',
        cause,
        at,
      );
      return { kind: 'mismatch', order: updated ? await keepShipTo(tx.orders, updated, event) : order };
    }
    case 'fail':
      return { kind: 'failed', order };
    case 'expire': {
      const updated = await tx.orders.transition(order.id, ['awaiting_payment'], 'expired', cause, at);
      if (updated) {
        await releaseAll(tx.catalog, order.lines);
        await releaseCoupon(tx, order.id, at);
      }
      return { kind: 'ignored', reason: `the payment session of order ${order.id} expired` };
    }
    case 'refund': {
      // The stock is not given back: the goods may have shipped. The merchant restocks by catalog import.
      const updated = await tx.orders.transition(order.id, ['paid', 'fulfilled'], 'refunded', cause, at);
      return {
        kind: 'ignored',
        reason: updated ? `order ${order.id} was refunded` : `order ${order.id} changed while the refund was applied`,
      };
    }
  }
}

/**
 * The delivery address the shopper gave the provider, kept with the order the payment moved
 * (docs/orders.md, The delivery address); an event without one leaves the order's as it is.
 */
async function keepShipTo(orders: OrderStore, order: Order, event: PaymentEvent): Promise<Order> {
  if (!event.shipTo) return order;
  await orders.setShipTo(order.id, event.shipTo);
  return { ...order, shipTo: event.shipTo };
}

/**
 * Whether the order's units are still reserved. Expiry gives them back; a `payment_mismatch`
 * reached from `expired` therefore holds none, one reached from `awaiting_payment` still does.
 */
export async function holdsStock(orders: OrderStore, order: Order): Promise<boolean> {
  if (order.status === 'expired' || order.status === 'cancelled') return false;
  if (order.status !== 'payment_mismatch') return true;
  const entered = (await orders.history(order.id)).findLast((step) => step.to === 'payment_mismatch');
  return entered?.from !== 'expired';
}
