import type { PaymentModule } from '../../core/index.js';

/** Stripe Checkout: a hosted payment page per order, settled by signed webhooks. */
export const stripePayments: PaymentModule = {
  name: 'stripe',
  label: 'Stripe',
  variables: ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_BASE'],
  async fromEnv(settings, { publicUrl }) {
    const apiBase = settings.url('STRIPE_API_BASE');
    const stripe = settings.group('Stripe', ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']);
    if (!stripe) return undefined;
    // The Stripe client loads only when Stripe is configured.
    const { createStripePaymentProvider } = await import('./index.js');
    return createStripePaymentProvider({
      secretKey: stripe.STRIPE_SECRET_KEY,
      webhookSecret: stripe.STRIPE_WEBHOOK_SECRET,
      publicUrl,
      ...(apiBase ? { apiBase } : {}),
    });
  },
};
