import type Stripe from 'stripe';
import type { OrderShipTo, PaymentEvent } from '../../core/index.js';

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
  const shipTo = shipToOf(session);
  const payment = (status: PaymentEvent['status']): PaymentEvent[] => [
    {
      providerEventId: `stripe:${session.id}:${status}`,
      provider: 'stripe',
      orderId,
      status,
      amount,
      ...(shipTo && status === 'paid' ? { shipTo } : {}),
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

/** Stripe's shipping details as they may arrive (`shipping_details` before API version 2025-03-31). */
interface StripeShipping {
  name?: string | null;
  phone?: string | null;
  address?: Partial<Record<'line1' | 'line2' | 'city' | 'state' | 'postal_code' | 'country', string | null>> | null;
}

/**
 * The delivery address a completed session collected (shipping_address_collection). The API
 * version the Stripe SDK in use sends (2026-10-28, as every version from 2025-03-31 on) puts it in
 * `collected_information.shipping_details`; a webhook endpoint set to an older version still gets
 * `shipping_details`, so both are read. The phone is the customer's (`customer_details.phone`,
 * phone_number_collection). Undefined when there is none or it lacks a name, line, postal code or country.
 */
export function shipToOf(session: Session): OrderShipTo | undefined {
  const legacy = (session as unknown as { shipping_details?: StripeShipping | null }).shipping_details;
  const details: StripeShipping | null | undefined = session.collected_information?.shipping_details ?? legacy;
  const address = details?.address;
  const text = (value: string | null | undefined) =>
    typeof value === 'string' && value.trim() ? value.trim() : undefined;
  const name = text(details?.name);
  const line1 = text(address?.line1);
  const postalCode = text(address?.postal_code);
  const country = text(address?.country)?.toUpperCase();
  if (!name || !line1 || !postalCode || !country) return undefined;
  const optional = (key: 'region' | 'city' | 'line2' | 'phone', value: string | null | undefined) => {
    const kept = text(value);
    return kept ? { [key]: kept } : {};
  };
  return {
    name,
    postalCode,
    country,
    ...optional('region', address?.state),
    ...optional('city', address?.city),
    line1,
    ...optional('line2', address?.line2),
    ...optional('phone', session.customer_details?.phone ?? details?.phone),
  };
}
