import type { Address, ChannelName, PaymentEvent } from '../message.js';
import type { Locale } from '../locale.js';
import type { RawRequest } from './channel-adapter.js';
import type { Order } from '../order.js';

export interface PaymentContext {
  /** Base URL the shopper's browser reaches this server at, e.g. http://localhost:3000. */
  publicUrl: string;
  locale: Locale;
  address: Address;
  /**
   * With kaiwa.yaml `shipping:`: the countries (ISO 3166-1 alpha-2) this order may be delivered to
   * at the shipping charge it was priced with. A provider that collects the delivery address
   * (Stripe Checkout) offers only these; absent when the shop does not ship.
   */
  shipping?: { countries: string[] };
}

export type PaymentRequest =
  | {
      kind: 'link';
      url: string;
      expiresAt?: string;
      /** The provider's id for the payment, kept on the order (`paymentReference`). */ reference?: string;
    }
  | {
      /** A native invoice one channel shows in the chat: sent by that channel's adapter as `method` with `payload`. */
      kind: 'invoice';
      channel: ChannelName;
      method: string;
      payload: Record<string, unknown>;
      /** A page for channels that cannot show the invoice. */ url?: string;
    };

export interface PaymentProvider {
  readonly name: string;
  /** Creates the payment for an order whose lines and total come from the catalog. */
  createPayment(order: Order, context: PaymentContext): Promise<PaymentRequest>;
  /** Verifies and parses a provider callback; unknown event types yield []. Idempotent by providerEventId downstream. */
  handleCallback(request: RawRequest): Promise<PaymentEvent[]>;
  /**
   * Optional: the shopper's browser coming back from the provider's page (`GET /payments/<name>/return`).
   * Providers that settle on the redirect (LINE Pay's confirm API) return their events here; the route
   * feeds them to the engine exactly like webhook events, so redirect and webhook cannot both pay.
   */
  handleReturn?(request: RawRequest, order: Order | undefined): Promise<PaymentEvent[]>;
  /**
   * Optional: asks the provider where an unpaid order's payment stands. Kaiwa polls it for orders
   * awaiting payment (PAYMENT_POLL_SECONDS), so a lost or unsigned webhook still pays the order;
   * the events go through the same idempotent path as webhooks.
   */
  status?(order: Order): Promise<PaymentEvent[]>;
  /**
   * Optional: refunds a paid order in full at the provider. Returns the `refunded` event to apply
   * (idempotent by its providerEventId), or undefined when the provider reports it by webhook later.
   */
  refund?(order: Order): Promise<PaymentEvent | undefined>;
}
