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

export interface Order {
  /** Human-readable order number, e.g. `KW-7Q3M-9XKD`. */
  id: string;
  address: Address;
  locale: Locale;
  status: OrderStatus;
  lines: OrderLine[];
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
