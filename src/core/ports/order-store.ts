import type { Address, PaymentEvent } from '../message.js';
import type { Locale } from '../locale.js';
import type { Money } from '../money.js';

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

export interface OrderTransition {
  orderId: string;
  from: OrderStatus | null;
  to: OrderStatus;
  /** Why: `checkout`, `payment:demo:…`, `expired`, … */
  cause: string;
  at: string;
}

export interface OrderStore {
  create(order: Order, cause: string): Promise<void>;
  get(id: string): Promise<Order | undefined>;
  /**
   * Compare-and-set: moves the order to `to` only if its status is one of `from`, records the
   * transition with its cause, and returns the updated order; undefined when the status did not match.
   */
  transition(
    id: string,
    from: readonly OrderStatus[],
    to: OrderStatus,
    cause: string,
    at: string,
  ): Promise<Order | undefined>;
  setPayment(id: string, payment: { provider: string; url?: string; reference?: string }): Promise<void>;
  history(id: string): Promise<OrderTransition[]>;
  /** Orders still awaiting payment whose `expiresAt` is before `now`. */
  listExpired(now: string, limit: number): Promise<Order[]>;
  listByConversation(address: Address): Promise<Order[]>;
  /** Newest first, for the merchant: by status, channel and creation time (`from` inclusive, `to` exclusive, ISO). */
  list(filter: OrderFilter): Promise<Order[]>;
}

export interface OrderFilter {
  status?: OrderStatus;
  channel?: string;
  from?: string;
  to?: string;
  /** Default 50, at most 1000. */
  limit?: number;
}

export interface PaymentLedger {
  /** Records a provider event once; false if that `providerEventId` was recorded before. */
  record(event: PaymentEvent, outcome: string, at: string): Promise<boolean>;
}
