import type { Clock, Order, OrderStatus, Store } from '../../core/index.js';
import { holdsStock } from './apply-payment.js';
import { OrderStateError } from './errors.js';
import { releaseAll } from './stock.js';

async function load(tx: Store, id: string): Promise<Order> {
  const order = await tx.orders.get(id);
  if (!order) throw new OrderStateError(id, 'missing', `no order "${id}" (kaiwa orders list shows the order numbers)`);
  return order;
}

async function move(
  tx: Store,
  order: Order,
  from: readonly OrderStatus[],
  to: OrderStatus,
  cause: string,
  clock: Clock,
): Promise<Order> {
  const updated = await tx.orders.transition(order.id, from, to, cause, clock.now().toISOString());
  if (!updated)
    throw new OrderStateError(
      order.id,
      order.status,
      `order ${order.id} changed while it was being moved to ${to}; look at it again`,
    );
  return updated;
}

/**
 * Cancels an unpaid order (awaiting payment, or stopped at a mismatched payment) and gives its
 * reserved stock back. A paid order is refunded instead.
 */
export async function cancelOrder(tx: Store, id: string, cause: string, clock: Clock): Promise<Order> {
  const order = await load(tx, id);
  if (order.status !== 'awaiting_payment' && order.status !== 'payment_mismatch') {
    throw new OrderStateError(
      id,
      order.status,
      `order ${id} is ${order.status}: only orders awaiting payment (or with a mismatched payment) can be cancelled${order.status === 'paid' ? '; refund it instead' : ''}`,
    );
  }
  const held = await holdsStock(tx.orders, order);
  const updated = await move(tx, order, [order.status], 'cancelled', cause, clock);
  if (held) await releaseAll(tx.catalog, order.lines);
  return updated;
}

/** Marks a paid order as shipped or handed over. */
export async function fulfilOrder(tx: Store, id: string, cause: string, clock: Clock): Promise<Order> {
  const order = await load(tx, id);
  if (order.status !== 'paid')
    throw new OrderStateError(id, order.status, `order ${id} is ${order.status}: only paid orders can be fulfilled`);
  return move(tx, order, ['paid'], 'fulfilled', cause, clock);
}
