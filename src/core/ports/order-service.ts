import type { Address, PaymentEvent } from '../message.js';
import type { Locale } from '../locale.js';
import type { Money } from '../money.js';
import type { Order, OrderCharge, OrderLine, OrderTax } from '../order.js';
import type { CouponRefusal } from '../promotion.js';
import type { PaymentRequest } from './payment-provider.js';
import type { Store } from './store.js';

export interface CartLine {
  productId: string;
  quantity: number;
}

export type PaymentOutcome =
  | { kind: 'paid'; order: Order }
  | { kind: 'duplicate' }
  | { kind: 'mismatch'; order: Order }
  | { kind: 'failed'; order: Order }
  | { kind: 'ignored'; reason: string };

/** Orders as the conversation sees them; implemented in src/modules/orders. */
export interface OrderService {
  /**
   * Prices lines from the catalog, reserves stock (and a use of the `coupon` code) and creates the
   * payment. Throws OutOfStockError / NotInCatalogError, CouponError for a code that does not apply.
   */
  checkout(
    tx: Store,
    input: {
      address: Address;
      lines: readonly CartLine[];
      locale: Locale;
      country?: string;
      region?: string;
      coupon?: string;
    },
  ): Promise<{ order: Order; payment: PaymentRequest }>;
  /**
   * Prices a cart as checkout would, reserving nothing: lines, the shipping line (kaiwa.yaml
   * `shipping:`), tax (`tax:`: lines of exclusive tax among the charges, the breakdown per rate as
   * `tax`) and the total, for the cart the shopper is shown. Optional for services of one's own.
   */
  quote?(
    tx: Store,
    input: {
      address: Address;
      lines: readonly CartLine[];
      locale: Locale;
      country?: string;
      region?: string;
      coupon?: string;
    },
  ): Promise<{
    lines: OrderLine[];
    subtotal: Money;
    charges: OrderCharge[];
    tax?: OrderTax;
    total: Money;
    /** The coupon asked for: applied (a `discount` charge with its code), or refused and why, priced without it. */
    coupon?: { code: string; refused?: CouponRefusal; minSpend?: Money };
  }>;
  /**
   * The coupon code a message gives (kaiwa.yaml `promotions`), in capitals: a known code alone
   * (`SAWA10`) or any code after a coupon word (`クーポン SAWA10`, `/coupon SAWA10`). Optional.
   */
  couponCode?(text: string): string | undefined;
  /** Applies a provider event once: amount and currency must equal the order's. */
  applyPayment(tx: Store, event: PaymentEvent): Promise<PaymentOutcome>;
  /** Expires unpaid orders past their time and gives their stock back. */
  expireDue(tx: Store): Promise<Order[]>;
}
