import type Stripe from 'stripe';
import type { PaymentEvent } from '../../core/index.js';

type Session = Stripe.Checkout.Session;

/**
 * A verified Stripe event → what it means for the order (docs/payments.md). The idempotency key is
 * the session and outcome, not Stripe's event id: `checkout.session.completed` (paid at once) and
 * `…async_payment_succeeded` (paid later) are the same payment and must not count twice.
 */
export function paymentEventsOf(event: Stripe.Event): PaymentEvent[] {
  const session = (event.data?.object ?? {}) as Session;
  const orderId = session.metadata?.order_id ?? session.client_reference_id ?? undefined;
  if (!orderId || session.object !== 'checkout.session') return [];
  const amount = { amount: session.amount_total ?? 0, currency: (session.currency ?? '').toUpperCase() };
  const payment = (status: PaymentEvent['status']): PaymentEvent[] => [
    {
      providerEventId: `stripe:${session.id}:${status}`,
      provider: 'stripe',
      orderId,
      status,
      amount,
      raw: { eventId: event.id, type: event.type },
    },
  ];
  switch (event.type) {
    case 'checkout.session.completed':
      // Card payments are paid now; bank debits and konbini complete later (async_payment_succeeded).
      return session.payment_status === 'paid' || session.payment_status === 'no_payment_required'
        ? payment('paid')
        : [];
    case 'checkout.session.async_payment_succeeded':
      return payment('paid');
    case 'checkout.session.async_payment_failed':
      return payment('failed');
    case 'checkout.session.expired':
      return payment('expired');
    default:
      return [];
  }
}
