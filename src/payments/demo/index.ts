import { hmacSha256, InvalidPayloadError, safeEqual, SignatureError, type PaymentEvent, type PaymentProvider } from '../../core/index.js';

export interface DemoPaymentOptions {
  /** Signs payment links so only the shopper who got the link can pay that order. */
  secret: string;
  publicUrl: string;
}

export interface DemoPaymentProvider extends PaymentProvider {
  verifyToken(orderId: string, token: string): boolean;
}

/**
 * The built-in demo checkout: a page on this server with a Pay button. No money moves, but it
 * goes through exactly the path a real provider's webhook does, so a shop can rehearse everything.
 */
export function createDemoPaymentProvider(options: DemoPaymentOptions): DemoPaymentProvider {
  if (options.secret.length < 16) throw new RangeError('the demo payment secret needs at least 16 characters');
  const token = (orderId: string) => hmacSha256(options.secret, `demo-checkout:${orderId}`, 'base64url');
  return {
    name: 'demo',
    async createPayment(order) {
      const url = `${options.publicUrl.replace(/\/$/, '')}/checkout/demo/${encodeURIComponent(order.id)}?token=${token(order.id)}`;
      return { kind: 'link', url, expiresAt: order.expiresAt };
    },
    verifyToken: (orderId, candidate) => safeEqual(token(orderId), candidate),
    async handleCallback(request): Promise<PaymentEvent[]> {
      const orderId = decodeURIComponent(/\/checkout\/demo\/([^/?#]+)/.exec(new URL(request.url).pathname)?.[1] ?? '');
      if (!orderId) throw new InvalidPayloadError('the URL names no order', 'orderId');
      const form = new URLSearchParams(new TextDecoder().decode(request.body));
      if (!safeEqual(token(orderId), form.get('token') ?? '')) throw new SignatureError('the demo checkout token does not match this order');
      const amount = form.get('amount') ?? '';
      const currency = form.get('currency') ?? '';
      if (!/^\d{1,15}$/.test(amount)) throw new InvalidPayloadError('"amount" must be an integer of minor units', 'amount');
      if (!/^[A-Z]{3}$/.test(currency)) throw new InvalidPayloadError('"currency" must be an ISO 4217 code', 'currency');
      return [{ providerEventId: `demo:${orderId}`, provider: 'demo', orderId, status: 'paid', amount: { amount: Number(amount), currency } }];
    },
  };
}
