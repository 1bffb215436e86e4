import { ConfigError, SignatureError, type PaymentEvent, type PaymentProvider } from '../../core/index.js';
import { parsePostedAmount, readDemoCheckoutPost } from './parse.js';
import { signOrderToken, verifyOrderToken } from './token.js';

export interface DemoPaymentOptions {
  /** Signs payment links so only the shopper who got the link can pay that order. At least 16 characters. */
  secret: string;
  /** Base URL the shopper's browser reaches this server at, e.g. http://localhost:3000. */
  publicUrl: string;
}

/** The demo provider plus the token check the checkout page's GET route needs. */
export interface DemoPaymentProvider extends PaymentProvider {
  /** Constant-time: whether `token` is this server's signature for `orderId`. */
  verifyToken(orderId: string, token: string): boolean;
}

/**
 * The built-in demo checkout, the default provider: a page on this server with a Pay button.
 * No keys, no network, no money, but a payment travels exactly the path a real provider's
 * webhook does (a verified callback → a PaymentEvent → the order service), so a shop can
 * rehearse everything before it plugs in Stripe.
 * @example
 * const demo = createDemoPaymentProvider({ secret: process.env.DEMO_PAYMENT_SECRET!, publicUrl: 'http://localhost:3000' });
 * await demo.createPayment(order, context); // { kind: 'link', url: 'http://localhost:3000/checkout/demo/KW-7Q3M-9XKD?token=…' }
 */
export function createDemoPaymentProvider(options: DemoPaymentOptions): DemoPaymentProvider {
  if (options.secret.length < 16)
    throw new ConfigError(
      'the demo payment secret needs at least 16 characters: set DEMO_PAYMENT_SECRET to a long random string',
    );
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  return {
    name: 'demo',
    async createPayment(order) {
      const url = `${publicUrl}/checkout/demo/${encodeURIComponent(order.id)}?token=${signOrderToken(options.secret, order.id)}`;
      return { kind: 'link', url, expiresAt: order.expiresAt };
    },
    verifyToken: (orderId, token) => verifyOrderToken(options.secret, orderId, token),
    async handleCallback(request): Promise<PaymentEvent[]> {
      const post = readDemoCheckoutPost(request);
      // Verified before the amount is read: an unsigned request learns nothing about what we accept.
      if (!verifyOrderToken(options.secret, post.orderId, post.token))
        throw new SignatureError(
          'the demo checkout token does not match this order; open the payment link from the chat again',
        );
      // The amount is what the page showed; the order service pays the order only if it equals the total.
      const amount = parsePostedAmount(post.form);
      // Keyed by what was paid: a wrong amount (payment_mismatch) must not block the right one, which
      // then lands exactly once; the same amount posted again is the same payment.
      const providerEventId = `demo:${post.orderId}:${amount.amount}:${amount.currency}`;
      return [{ providerEventId, provider: 'demo', orderId: post.orderId, status: 'paid', amount }];
    },
  };
}
