import type { Address, PaymentEvent } from '../message.js';
import type { Locale } from '../locale.js';
import type { Money } from '../money.js';
import type { Order, OrderCharge, OrderLine, OrderTax } from '../order.js';
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
  /** Prices lines from the catalog, reserves stock and creates the payment. Throws OutOfStockError / NotInCatalogError. */
  checkout(
    tx: Store,
    input: { address: Address; lines: readonly CartLine[]; locale: Locale; country?: string; region?: string },
  ): Promise<{ order: Order; payment: PaymentRequest }>;
  /**
   * Prices a cart as checkout would, reserving nothing: lines, the shipping line (kaiwa.yaml
   * `shipping:`), tax (`tax:`: lines of exclusive tax among the charges, the breakdown per rate as
   * `tax`) and the total, for the cart the shopper is shown. Optional for services of one's own.
   */
  quote?(
    tx: Store,
    input: { address: Address; lines: readonly CartLine[]; locale: Locale; country?: string; region?: string },
  ): Promise<{ lines: OrderLine[]; subtotal: Money; charges: OrderCharge[]; tax?: OrderTax; total: Money }>;
  /** Applies a provider event once: amount and currency must equal the order's. */
  applyPayment(tx: Store, event: PaymentEvent): Promise<PaymentOutcome>;
  /** Expires unpaid orders past their time and gives their stock back. */
  expireDue(tx: Store): Promise<Order[]>;
}
