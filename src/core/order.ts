import type { Address, OrderShipTo } from './message.js';
import type { Locale } from './locale.js';
import type { Money } from './money.js';
import { allocate } from './promotion.js';

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
  kind: 'shipping' | 'tax' | 'discount';
  /** As the shopper reads it, in the order's language: `送料`, `Shipping (Japan)`, `Sales tax (CA 7.25%)`, `クーポン SAWA10（10%オフ）`. */
  label: string;
  /** Negative for a discount. */
  amount: Money;
  /** The shipping zone's id (kaiwa.yaml `shipping.zones`). */
  zone?: string;
  /** A tax line's rate in percent (`7.25`). */
  rate?: number;
  /** A discount's coupon code (`SAWA10`), or an automatic offer's id (kaiwa.yaml `promotions`). */
  code?: string;
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

/**
 * What a payment provider itemises: the lines, then each charge as a line of one (a free shipping
 * line is left out). Discounts (negative charges, which Stripe, PayPay and LINE Pay cannot take as
 * items) are spread over the lines they discount (discountedLines): the items stay non-negative
 * integers and still add up to the order total exactly. `{ discounts: 'lines' }` keeps each
 * discount as a negative line of its own instead, for a page of our own that shows it.
 */
export function orderItems(
  order: Pick<Order, 'lines' | 'charges'>,
  options: { discounts?: 'spread' | 'lines' } = {},
): { id: string; title: string; quantity: number; unitPrice: Money; charge?: OrderCharge['kind'] }[] {
  const spread = options.discounts !== 'lines';
  return [
    ...(spread ? discountedLines(order) : order.lines).map((line) => ({
      id: line.productId,
      title: line.title,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
    })),
    ...(order.charges ?? [])
      .filter((charge) => (charge.kind === 'discount' ? !spread && charge.amount.amount < 0 : charge.amount.amount > 0))
      .map((charge) => ({
        id: charge.kind,
        title: charge.label,
        quantity: 1,
        unitPrice: charge.amount,
        charge: charge.kind,
      })),
  ];
}

/**
 * The lines with the order's discounts taken off, as providers are asked for them: the discount is
 * shared among the lines by their totals (allocate: rounded down, the units left over to the
 * largest remainders), and a line whose share does not divide by its quantity becomes two lines of
 * the same product whose unit prices differ by one minor unit (¥1,080 × 2 and ¥1,079 × 1). A line
 * discounted to nothing is left out. Without discounts, the lines as they are.
 */
export function discountedLines(order: Pick<Order, 'lines' | 'charges'>): OrderLine[] {
  const discount = -(order.charges ?? [])
    .filter((charge) => charge.kind === 'discount')
    .reduce((sum, charge) => sum + charge.amount.amount, 0);
  if (discount <= 0) return order.lines;
  const totals = order.lines.map((line) => line.unitPrice.amount * line.quantity);
  const shares = allocate(discount, totals);
  return order.lines.flatMap((line, index) => {
    const left = totals[index]! - shares[index]!;
    const unit = Math.floor(left / line.quantity);
    const over = left - unit * line.quantity;
    const price = (amount: number) => ({ amount, currency: line.unitPrice.currency });
    return [
      ...(over > 0 ? [{ ...line, quantity: over, unitPrice: price(unit + 1) }] : []),
      ...(line.quantity - over > 0 && unit > 0
        ? [{ ...line, quantity: line.quantity - over, unitPrice: price(unit) }]
        : []),
    ];
  });
}

/** How a fulfilled order travels: the carrier's id (kaiwa.yaml `carriers`, or a built-in one), its tracking number and page. */
export interface OrderShipment {
  /** `yamato`, `sagawa`, `japanpost`, `ups`, `usps`, `fedex`, `dhl`, or one of kaiwa.yaml `carriers`. */
  carrier: string;
  trackingNumber: string;
  /** The carrier's public tracking page for this number, in the order's language. */
  trackingUrl: string;
}

export interface Order {
  /** Human-readable order number, e.g. `KW-7Q3M-9XKD`. */
  id: string;
  address: Address;
  locale: Locale;
  status: OrderStatus;
  lines: OrderLine[];
  /** Shipping, discounts (negative) and exclusive tax: absent when there are none. */
  charges?: OrderCharge[];
  /** The tax breakdown per rate, when the shop has kaiwa.yaml `tax:` (with inclusive prices it changes no total). */
  tax?: OrderTax;
  /** The lines plus the charges: what the provider is asked for and must confirm. */
  total: Money;
  provider?: string;
  paymentUrl?: string;
  /** The provider's id for this order's payment (a Stripe session, a LINE Pay transactionId), always a string. */
  paymentReference?: string;
  /** Set when the merchant fulfils the order with a carrier and tracking number (docs/orders.md, Fulfilment). */
  shipment?: OrderShipment;
  /** The delivery address, once the shopper gave it (docs/orders.md, The delivery address). */
  shipTo?: OrderShipTo;
  createdAt: string;
  /** When the stock reservation (and the payment link) lapses. */
  expiresAt: string;
  updatedAt: string;
}
