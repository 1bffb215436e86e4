import { equalMoney, type Order, type OrderStatus, type PaymentEvent } from '../../core/index.js';

/** Statuses a correct payment may move to `paid` (a wrong amount earlier can be followed by the right one). */
export const payableStatuses: readonly OrderStatus[] = ['awaiting_payment', 'expired', 'payment_mismatch'];

/** What to do with one provider event, decided before anything is written. */
export type PaymentPlan =
  | { kind: 'pay'; restock: boolean }
  | { kind: 'mismatch' }
  | { kind: 'fail' }
  | { kind: 'expire' }
  | { kind: 'refund' }
  | { kind: 'ignore'; outcome: string; reason: string };

/**
 * Decides how a provider event applies to its order. Pure. `stockHeld` says whether the order's
 * units are still reserved: false once it expired, so a late payment must reserve them again.
 */
export function planPayment(order: Order | undefined, event: PaymentEvent, stockHeld: boolean): PaymentPlan {
  if (!order) return { kind: 'ignore', outcome: 'unknown_order', reason: `no order "${event.orderId}"` };
  const paid = order.status === 'paid' || order.status === 'fulfilled';
  switch (event.status) {
    case 'paid':
      // Checked before the amount: a second payment of a paid order is the merchant's to refund, not a mismatch.
      if (paid) return { kind: 'ignore', outcome: 'already_paid', reason: `order ${order.id} is already paid` };
      if (!payableStatuses.includes(order.status)) return notApplicable(order, event);
      if (!equalMoney(event.amount, order.total)) return { kind: 'mismatch' };
      return { kind: 'pay', restock: !stockHeld };
    case 'failed':
      // A failed attempt after the order moved on (paid, expired…) would only confuse the shopper.
      return order.status === 'awaiting_payment' ? { kind: 'fail' } : notApplicable(order, event);
    case 'expired':
      return order.status === 'awaiting_payment' ? { kind: 'expire' } : notApplicable(order, event);
    case 'refunded':
      return paid ? { kind: 'refund' } : notApplicable(order, event);
  }
}

/** The ledger's outcome for a plan; `short` lists product ids a late payment could not reserve again. */
export function outcomeOf(plan: PaymentPlan, short: readonly string[] = []): string {
  switch (plan.kind) {
    case 'pay':
      return short.length > 0 ? `paid_stock_short:${short.join(',')}` : 'paid';
    case 'ignore':
      return plan.outcome;
    default:
      return plan.kind === 'fail' ? 'failed' : plan.kind;
  }
}

function notApplicable(order: Order, event: PaymentEvent): PaymentPlan {
  return {
    kind: 'ignore',
    outcome: `not_applicable:${order.status}`,
    reason: `a "${event.status}" event does not apply to an order that is ${order.status}`,
  };
}
