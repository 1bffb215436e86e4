import type { Address } from './message.js';
import type { Locale } from './locale.js';
import type { Money } from './money.js';

export type OrderStatus =
  'awaiting_payment' | 'paid' | 'fulfilled' | 'expired' | 'cancelled' | 'refunded' | 'payment_mismatch';

export interface OrderLine {
  productId: string;
  /** The title at the time of ordering, in the shopper's locale. */
  title: string;
  quantity: number;
  /** From the catalog at checkout, never from a shopper or a model. */
  unitPrice: Money;
}

/**
 * What an order charges besides its lines, priced by the shop's rules at checkout (never by a
 * shopper or a model) and frozen with the order: the shipping line today.
 */
export interface OrderCharge {
  kind: 'shipping';
  /** As the shopper reads it, in the order's language: `送料`, `Shipping (Japan)`. */
  label: string;
  amount: Money;
  /** The shipping zone's id (kaiwa.yaml `shipping.zones`). */
  zone?: string;
}

/** What a payment provider itemises: the lines, then each charge as a line of one (a free shipping line is left out). */
export function orderItems(
  order: Pick<Order, 'lines' | 'charges'>,
): { id: string; title: string; quantity: number; unitPrice: Money }[] {
  return [
    ...order.lines.map((line) => ({
      id: line.productId,
      title: line.title,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
    })),
    ...(order.charges ?? [])
      .filter((charge) => charge.amount.amount > 0)
      .map((charge) => ({ id: charge.kind, title: charge.label, quantity: 1, unitPrice: charge.amount })),
  ];
}

export interface Order {
  /** Human-readable order number, e.g. `KW-7Q3M-9XKD`. */
  id: string;
  address: Address;
  locale: Locale;
  status: OrderStatus;
  lines: OrderLine[];
  /** Shipping (and, to come, tax and discounts): absent when there are none. */
  charges?: OrderCharge[];
  /** The lines plus the charges: what the provider is asked for and must confirm. */
  total: Money;
  provider?: string;
  paymentUrl?: string;
  /** The provider's id for this order's payment (a Stripe session, a LINE Pay transactionId), always a string. */
  paymentReference?: string;
  createdAt: string;
  /** When the stock reservation (and the payment link) lapses. */
  expiresAt: string;
  updatedAt: string;
}
