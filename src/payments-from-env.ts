import type { Env } from './config/schema.js';
import type { ShopConfig } from './config/schema.js';
import { ConfigError, type Address, type PaymentProvider } from './core/index.js';
import type { DemoPaymentProvider } from './payments/demo/index.js';
import { createTelegramPaymentProvider } from './payments/telegram/index.js';

export interface PaymentProviders {
  /** Every configured provider by name; the demo provider is always there. */
  byName: ReadonlyMap<string, PaymentProvider>;
  /** kaiwa.yaml's choice for a conversation and currency (docs/payments.md). */
  choose(address: Address, currency: string): PaymentProvider;
}

/** All of a provider's variables, or none: half-set credentials are a boot error naming what is missing. */
function credentials<K extends keyof Env>(
  env: Env,
  provider: string,
  names: readonly K[],
): Record<K, string> | undefined {
  const set = names.filter((name) => env[name]);
  if (set.length === 0) return undefined;
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0)
    throw new ConfigError(`${provider} needs ${missing.join(', ')} as well (see .env.example and docs/payments.md)`);
  return Object.fromEntries(names.map((name) => [name, String(env[name])])) as Record<K, string>;
}

/** A provider is configured when its credentials are set; the demo provider always is. */
export async function paymentsFromEnv(
  env: Env,
  config: ShopConfig['payments'],
  options: { publicUrl: string; demo: DemoPaymentProvider },
): Promise<PaymentProviders> {
  const byName = new Map<string, PaymentProvider>([['demo', options.demo]]);
  const stripe = credentials(env, 'Stripe', ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']);
  // The Stripe client loads only when Stripe is configured.
  if (stripe)
    byName.set(
      'stripe',
      (await import('./payments/stripe/index.js')).createStripePaymentProvider({
        secretKey: stripe.STRIPE_SECRET_KEY,
        webhookSecret: stripe.STRIPE_WEBHOOK_SECRET,
        publicUrl: options.publicUrl,
        ...(env.STRIPE_API_BASE ? { apiBase: env.STRIPE_API_BASE } : {}),
      }),
    );

  const paypay = credentials(env, 'PayPay', ['PAYPAY_API_KEY', 'PAYPAY_API_SECRET', 'PAYPAY_MERCHANT_ID']);
  if (paypay) {
    const { createPayPayPaymentProvider } = await import('./payments/paypay/index.js');
    byName.set(
      'paypay',
      await createPayPayPaymentProvider({
        apiKey: paypay.PAYPAY_API_KEY,
        apiSecret: paypay.PAYPAY_API_SECRET,
        merchantId: paypay.PAYPAY_MERCHANT_ID,
        environment: env.PAYPAY_ENV,
        publicUrl: options.publicUrl,
        ...(env.PAYPAY_API_BASE ? { apiBase: env.PAYPAY_API_BASE } : {}),
      }),
    );
  }

  const linepay = credentials(env, 'LINE Pay', ['LINE_PAY_CHANNEL_ID', 'LINE_PAY_CHANNEL_SECRET']);
  if (linepay) {
    const { createLinePayPaymentProvider } = await import('./payments/linepay/index.js');
    byName.set(
      'linepay',
      createLinePayPaymentProvider({
        channelId: linepay.LINE_PAY_CHANNEL_ID,
        channelSecret: linepay.LINE_PAY_CHANNEL_SECRET,
        environment: env.LINE_PAY_ENV,
        publicUrl: options.publicUrl,
        ...(env.LINE_PAY_API_BASE ? { apiBase: env.LINE_PAY_API_BASE } : {}),
      }),
    );
  }

  if (env.TELEGRAM_PAYMENT_PROVIDER_TOKEN)
    byName.set(
      'telegram',
      createTelegramPaymentProvider({
        providerToken: env.TELEGRAM_PAYMENT_PROVIDER_TOKEN,
        publicUrl: options.publicUrl,
      }),
    );

  const first = (names: readonly string[]) =>
    names.map((name) => byName.get(name)).find((provider) => provider !== undefined);
  const fallback = first(config.default);
  if (!fallback)
    throw new ConfigError(
      `kaiwa.yaml payments.default: none of ${config.default.join(', ')} is configured; add demo, or set the provider's variables (docs/payments.md)`,
    );
  return {
    byName,
    choose(address, currency) {
      for (const rule of config.rules) {
        if (rule.channel !== undefined && rule.channel !== address.channel) continue;
        if (rule.currency !== undefined && rule.currency !== currency) continue;
        const provider = first(rule.provider);
        if (provider) return provider;
      }
      return fallback;
    },
  };
}
