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
  /** The line's tax class (kaiwa.yaml `tax.classes`) at checkout, when the shop has `tax:`. */
  taxClass?: string;
}

/**
 * What an order charges besides its lines, priced by the shop's rules at checkout (never by a
 * shopper or a model) and frozen with the order: the shipping line, and with tax-exclusive prices
 * one tax line per rate.
 */
export interface OrderCharge {
  kind: 'shipping' | 'tax';
  /** As the shopper reads it, in the order's language: `送料`, `Shipping (Japan)`, `Sales tax (CA 7.25%)`. */
  label: string;
  amount: Money;
  /** The shipping zone's id (kaiwa.yaml `shipping.zones`). */
  zone?: string;
  /** A tax line's rate in percent (`7.25`). */
  rate?: number;
}

/** One rate of an order's tax: what was taxed at it and the tax, rounded once for the order. */
export interface OrderTaxLine {
  /** The tax classes at this rate (kaiwa.yaml `tax.classes`), e.g. `[reduced]`; classes sharing a rate share a line. */
  classes: string[];
  /** In percent, e.g. `8` or `8.875`. */
  rate: number;
  /** What is taxed at this rate: the tax-inclusive sum with inclusive prices, the sum before tax with exclusive ones. */
  base: Money;
  /** The tax contained in `base` (inclusive) or added to it (exclusive). */
  tax: Money;
}

/** An order's tax, computed at checkout from kaiwa.yaml `tax:` and frozen with the order (docs/orders.md, Tax). */
export interface OrderTax {
  /** `inclusive`: prices include tax and the total is unchanged; `exclusive`: the tax lines are added charges. */
  prices: 'inclusive' | 'exclusive';
  /** Where the order was taxed (`US-CA`, `JP`), when the shop names regions or a country. */
  region?: string;
  /** Highest rate first. */
  lines: OrderTaxLine[];
  /** The tax of every line together. */
  total: Money;
}

/** What a payment provider itemises: the lines, then each charge as a line of one (a free shipping line is left out). */
export function orderItems(
  order: Pick<Order, 'lines' | 'charges'>,
): { id: string; title: string; quantity: number; unitPrice: Money; charge?: OrderCharge['kind'] }[] {
  return [
    ...order.lines.map((line) => ({
      id: line.productId,
      title: line.title,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
    })),
    ...(order.charges ?? [])
      .filter((charge) => charge.amount.amount > 0)
      .map((charge) => ({
        id: charge.kind,
        title: charge.label,
        quantity: 1,
        unitPrice: charge.amount,
        charge: charge.kind,
      })),
  ];
}

export interface Order {
  /** Human-readable order number, e.g. `KW-7Q3M-9XKD`. */
  id: string;
  address: Address;
  locale: Locale;
  status: OrderStatus;
  lines: OrderLine[];
  /** Shipping and exclusive tax (and, to come, discounts): absent when there are none. */
  charges?: OrderCharge[];
  /** The tax breakdown per rate, when the shop has kaiwa.yaml `tax:` (with inclusive prices it changes no total). */
  tax?: OrderTax;
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
