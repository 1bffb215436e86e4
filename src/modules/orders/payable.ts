import type { Clock, Order } from '../../core/index.js';

export type PayableVerdict = { ok: true } | { ok: false; message: string };

/**
 * Whether an order can still be paid at this amount (Telegram Payments asks before it takes the
 * money): still awaiting payment with at least 30 s of its reservation left, and the same total.
 */
export function payableCheck(getOrder: (id: string) => Promise<Order | undefined>, clock: Clock) {
  return async ({
    orderId,
    amount,
  }: {
    orderId: string;
    amount: { amount: number; currency: string };
  }): Promise<PayableVerdict> => {
    const order = await getOrder(orderId);
    if (!order || order.status !== 'awaiting_payment' || Date.parse(order.expiresAt) <= clock.now().getTime() + 30_000)
      return { ok: false, message: 'This order has expired or changed. Please check out again in the chat.' };
    if (order.total.amount !== amount.amount || order.total.currency !== amount.currency)
      return { ok: false, message: 'The total has changed. Please check out again in the chat.' };
    return { ok: true };
  };
}
