import Stripe from 'stripe';
import { ConfigError } from '../../core/index.js';

export interface StripeClientOptions {
  /** STRIPE_SECRET_KEY: sk_live_… or sk_test_… (a restricted rk_… key with Checkout and Refunds write works too). */
  secretKey: string;
  /** STRIPE_API_BASE, default https://api.stripe.com: where the client sends requests (tests, proxies). */
  apiBase?: string;
}

/** The official client, pointed at STRIPE_API_BASE when set; retries once on network errors and 409s. */
export function createStripeClient(options: StripeClientOptions): Stripe {
  if (!/^(sk|rk)_(test|live)_\w{8,}$/.test(options.secretKey))
    throw new ConfigError(
      'STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_…, sk_live_… or a restricted rk_… key)',
    );
  let target: URL | undefined;
  if (options.apiBase) {
    try {
      target = new URL(options.apiBase);
    } catch {
      throw new ConfigError(`STRIPE_API_BASE must be a URL such as https://api.stripe.com, got "${options.apiBase}"`);
    }
  }
  const protocol = target?.protocol === 'http:' ? 'http' : 'https';
  return new Stripe(options.secretKey, {
    maxNetworkRetries: 1,
    timeout: 20_000,
    ...(target
      ? { host: target.hostname, port: Number(target.port || (protocol === 'http' ? 80 : 443)), protocol }
      : {}),
  });
}
