import type { Store } from '../../core/index.js';

// A store opened without the promotions slice holds no coupon uses.
const usesOf = (tx: Store) => (tx as Partial<Store>).promotions;

/**
 * Gives back the coupon use an order holds, if it holds a reserved one: called after the order's
 * move to `expired` or `cancelled` and after its stock, so every path takes the code's counter last
 * (checkout too), and no two transactions wait on each other's locks.
 */
export async function releaseCoupon(tx: Store, orderId: string, at: string): Promise<void> {
  await usesOf(tx)?.release(orderId, at);
}

/** The order was paid: its coupon use, if it has one, counts for good (once: the payment is applied once). */
export async function confirmCoupon(tx: Store, orderId: string, at: string): Promise<void> {
  await usesOf(tx)?.confirm(orderId, at);
}
