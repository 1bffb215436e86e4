import {
  ConfigError,
  systemClock,
  type Address,
  type Clock,
  type OrderService,
  type PaymentProvider,
} from '../../core/index.js';
import { applyPayment } from './apply-payment.js';
import { checkout, quote } from './checkout.js';
import { expireDue } from './expire-due.js';
import { newOrderId } from './order-id.js';
import { couponInText, type PromotionRules } from './promotions.js';
import type { ShippingRules } from './shipping.js';
import type { TaxRules } from './tax.js';

export interface OrderServiceOptions {
  /** The provider for a conversation and currency (kaiwa.yaml chooses; the demo provider by default). */
  payments: (address: Address, currency: string) => PaymentProvider;
  /** Base URL the shopper's browser reaches this server at; passed to providers for their links. */
  publicUrl: string;
  /** How long stock stays reserved for an unpaid order (and its payment link lives). Default 30. */
  reservationMinutes?: number;
  clock?: Clock;
  /** Order numbers; default {@link newOrderId} (`KW-7Q3M-9XKD`). */
  newOrderId?: () => string;
  /** kaiwa.yaml `shipping:` read by shippingRules; without it orders have no shipping line. */
  shipping?: ShippingRules;
  /** kaiwa.yaml `tax:` read by taxRules; without it orders carry no tax. */
  tax?: TaxRules;
  /** kaiwa.yaml `promotions:` read by promotionRules; without it no offer applies and every code is unknown. */
  promotions?: PromotionRules;
}

/**
 * The order service of docs/orders.md: prices from the catalog, stock reserved at checkout and
 * given back at expiry, each provider event applied once. Every method runs inside the caller's
 * transaction (`tx`), so its writes commit or roll back with the turn.
 * @example
 * const orders = createOrderService({ payments: () => demo, publicUrl: 'http://localhost:3000' });
 * const { order, payment } = await store.transaction((tx) => orders.checkout(tx, { address, lines: cart, locale: 'ja' }));
 */
export function createOrderService(options: OrderServiceOptions): OrderService {
  const reservationMinutes = options.reservationMinutes ?? 30;
  if (!(reservationMinutes > 0 && Number.isFinite(reservationMinutes))) {
    throw new ConfigError(`orders.reservationMinutes must be a positive number of minutes, got ${reservationMinutes}`);
  }
  const clock = options.clock ?? systemClock;
  const settings = {
    payments: options.payments,
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    reservationMs: reservationMinutes * 60_000,
    clock,
    newOrderId: options.newOrderId ?? newOrderId,
    ...(options.shipping ? { shipping: options.shipping } : {}),
    ...(options.tax ? { tax: options.tax } : {}),
    ...(options.promotions ? { promotions: options.promotions } : {}),
  };
  return {
    checkout: (tx, input) => checkout(tx, input, settings),
    quote: (tx, input) => quote(tx, input, settings),
    applyPayment: (tx, event) => applyPayment(tx, event, clock),
    expireDue: (tx) => expireDue(tx, clock),
    couponCode: (text) => couponInText(options.promotions, text),
  };
}
