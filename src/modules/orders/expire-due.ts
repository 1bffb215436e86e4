import type { Clock, Order, Store } from '../../core/index.js';
import { releaseCoupon } from './coupon-uses.js';
import { releaseAll } from './stock.js';

const batchSize = 200;

/**
 * Expires every order still awaiting payment past its `expiresAt` and gives its stock back.
 * The compare-and-set transition makes a concurrent payment win cleanly: an order paid in the
 * meantime is skipped, and its stock stays sold.
 */
export async function expireDue(tx: Store, clock: Clock): Promise<Order[]> {
  const now = clock.now().toISOString();
  const expired: Order[] = [];
  for (;;) {
    const due = await tx.orders.listExpired(now, batchSize);
    for (const order of due) {
      const updated = await tx.orders.transition(order.id, ['awaiting_payment'], 'expired', 'expired', now);
      if (!updated) continue;
      await releaseAll(tx.catalog, order.lines);
      await releaseCoupon(tx, order.id, now);
      expired.push(updated);
    }
    // A short batch is the last; a full one may have more behind it (each pass moves them out of the list).
    if (due.length < batchSize) return expired;
  }
}
