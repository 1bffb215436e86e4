import type Stripe from 'stripe';
import {
  orderItems,
  ConfigError,
  InvalidPayloadError,
  SignatureError,
  UpstreamUnreachableError,
  type Order,
  type PaymentContext,
  type PaymentEvent,
  type PaymentProvider,
  type PaymentRequest,
  type RawRequest,
} from '../../core/index.js';
import { createStripeClient } from './client.js';
import { paymentEventsOf } from './events.js';

export interface StripePaymentOptions {
  secretKey: string;
  /** STRIPE_WEBHOOK_SECRET: whsec_… of the endpoint `POST /payments/stripe/webhook`. */
  webhookSecret: string;
  apiBase?: string;
  /** Base URL the shopper's browser reaches this server at, for the return pages. */
  publicUrl: string;
  /** Signed events older than this are refused (replay protection). Default 300 s, Stripe's own. */
  toleranceSeconds?: number;
  now?: () => Date;
}

// Stripe accepts a Checkout Session's expiry between 30 minutes and 24 hours from now.
const minExpiryMs = 30 * 60_000 + 60_000;
const maxExpiryMs = 24 * 3600_000 - 60_000;

/**
 * Stripe Checkout: one Checkout Session per order, priced line by line from the order (minor units:
 * JPY as-is), carrying the order id, expiring with the stock reservation (clamped to Stripe's 30 min –
 * 24 h). Payment lands through the signed webhook; refunds go through the Refunds API.
 */
export function createStripePaymentProvider(options: StripePaymentOptions): PaymentProvider {
  if (!/^whsec_\w{8,}$/.test(options.webhookSecret))
    throw new ConfigError(
      'STRIPE_WEBHOOK_SECRET must be the signing secret (whsec_…) of your /payments/stripe/webhook endpoint in the Stripe dashboard',
    );
  const stripe = createStripeClient({
    secretKey: options.secretKey,
    ...(options.apiBase ? { apiBase: options.apiBase } : {}),
  });
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());
  return {
    name: 'stripe',
    createPayment: (order, context) => createCheckoutSession(stripe, publicUrl, now, order, context),
    handleCallback: (request) => verifyWebhook(stripe, options, request),
    refund: (order: Order) => refundCheckout(stripe, order),
  };
}

/** A Stripe SDK call, its failures as UpstreamUnreachableError (network) or an Error naming what failed. */
async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const failure = error as { type?: string; message?: string; statusCode?: number };
    if (failure.type === 'StripeConnectionError')
      throw new UpstreamUnreachableError(`Stripe ${what}: ${failure.message ?? 'unreachable'}`, { cause: error });
    throw new Error(
      `Stripe ${what} failed${failure.statusCode ? ` (${failure.statusCode})` : ''}: ${failure.message ?? String(error)}`,
      { cause: error },
    );
  }
}

/** One Checkout Session per order (idempotent by order id), expiring with the order's stock reservation. */
async function createCheckoutSession(
  stripe: Stripe,
  publicUrl: string,
  now: () => Date,
  order: Order,
  context: PaymentContext,
): Promise<PaymentRequest> {
  const expiresIn = Math.min(maxExpiryMs, Math.max(minExpiryMs, Date.parse(order.expiresAt) - now().getTime()));
  const returnUrl = (outcome: string) =>
    `${publicUrl}/payments/stripe/return?order=${encodeURIComponent(order.id)}&outcome=${outcome}&session_id={CHECKOUT_SESSION_ID}`;
  const session = await call('Checkout Session', () =>
    stripe.checkout.sessions.create(
      {
        mode: 'payment',
        client_reference_id: order.id,
        metadata: { order_id: order.id },
        payment_intent_data: { metadata: { order_id: order.id } },
        // Our minor units are Stripe's smallest unit: ¥1,200 is 1200, $12.00 is 1200.
        line_items: orderItems(order).map((line) => ({
          quantity: line.quantity,
          price_data: {
            currency: line.unitPrice.currency.toLowerCase(),
            unit_amount: line.unitPrice.amount,
            product_data: { name: line.title, metadata: { product_id: line.id } },
          },
        })),
        // A shop that ships has Stripe collect the delivery address (and a phone for the carrier), in
        // the countries this order's shipping line is the price for (docs/orders.md, The delivery address).
        ...(context.shipping?.countries.length
          ? {
              shipping_address_collection: {
                allowed_countries: context.shipping
                  .countries as Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry[],
              },
              phone_number_collection: { enabled: true },
            }
          : {}),
        locale: context.locale === 'ja' ? 'ja' : context.locale === 'en' ? 'en' : 'auto',
        expires_at: Math.floor((now().getTime() + expiresIn) / 1000),
        success_url: returnUrl('success'),
        cancel_url: returnUrl('cancel'),
      },
      { idempotencyKey: `kaiwa-checkout-${order.id}` },
    ),
  );
  if (!session.url) throw new Error(`Stripe returned no URL for the Checkout Session of order ${order.id}`);
  return {
    kind: 'link',
    url: session.url,
    expiresAt: new Date((session.expires_at ?? 0) * 1000).toISOString(),
    reference: session.id,
  };
}

/** The webhook's events, once its signature and timestamp (either side of the tolerance) check out. */
async function verifyWebhook(
  stripe: Stripe,
  options: StripePaymentOptions,
  request: RawRequest,
): Promise<PaymentEvent[]> {
  const signature = request.headers.get('stripe-signature');
  if (!signature) throw new SignatureError('missing Stripe-Signature header');
  let event: Stripe.Event;
  try {
    const tolerance = options.toleranceSeconds ?? 300;
    const nowMs = (options.now?.() ?? new Date()).getTime();
    const nowSeconds = Math.floor(nowMs / 1000);
    event = stripe.webhooks.constructEvent(
      Buffer.from(request.body),
      signature,
      options.webhookSecret,
      tolerance,
      undefined,
      nowMs,
    );
    // Stripe's check is one-sided (older than the tolerance); a timestamp as far in the future is refused too.
    const signedAt = Number(/(?:^|,)t=(\d+)/.exec(signature)?.[1]);
    if (signedAt - nowSeconds > tolerance)
      throw new Error(`timestamp outside the tolerance zone (${signedAt - nowSeconds} s in the future)`);
  } catch (error) {
    const message = (error as Error).message;
    if (/No signatures found|timestamp outside the tolerance|Unable to extract timestamp/i.test(message))
      throw new SignatureError(`Stripe signature refused: ${message.split('\n')[0]}`);
    if (/JSON|Unexpected token/i.test(message)) throw new InvalidPayloadError('the Stripe event is not JSON');
    throw new SignatureError(`Stripe signature refused: ${message.split('\n')[0]}`);
  }
  return paymentEventsOf(event);
}

/** A full refund of the payment behind the order's Checkout Session (idempotent by order id). */
async function refundCheckout(stripe: Stripe, order: Order): Promise<PaymentEvent | undefined> {
  // Orders from before payment references were kept carry the session id only in their URL.
  const sessionId = order.paymentReference ?? /\b(cs_(?:test|live)_[A-Za-z0-9]+)/.exec(order.paymentUrl ?? '')?.[1];
  if (!sessionId) throw new Error(`order ${order.id} has no Stripe Checkout Session to refund`);
  const session = await call('session lookup', () => stripe.checkout.sessions.retrieve(sessionId));
  const paymentIntent =
    typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
  if (!paymentIntent) throw new Error(`the Stripe session of order ${order.id} has no payment to refund`);
  const refund = await call('refund', () =>
    stripe.refunds.create(
      { payment_intent: paymentIntent, metadata: { order_id: order.id } },
      { idempotencyKey: `kaiwa-refund-${order.id}` },
    ),
  );
  return {
    providerEventId: `stripe:${refund.id}:refunded`,
    provider: 'stripe',
    orderId: order.id,
    status: 'refunded',
    amount: { amount: refund.amount, currency: refund.currency.toUpperCase() },
  };
}
