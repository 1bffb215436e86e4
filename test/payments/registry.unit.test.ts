import { describe, expect, it } from 'vitest';
import { ConfigError, type PaymentProvider } from '../../src/core/index.js';
import { createDemoPaymentProvider } from '../../src/payments/demo/index.js';
import { createPayments, paymentModules, type PaymentChoice } from '../../src/payments/registry.js';

const publicUrl = 'http://shop.test';
const demo = createDemoPaymentProvider({ secret: 'a-test-secret-of-32-characters!!', publicUrl });
const choice = (rules: PaymentChoice['rules'] = [], defaults: string[] = ['demo']): PaymentChoice => ({
  default: defaults,
  rules,
});
const address = (channel: string) => ({ channel, conversationId: 'c', userId: 'u' });

/** A provider of one's own: bank transfer instructions, settled by the merchant. */
const bankTransfer: PaymentProvider = {
  name: 'bank-transfer',
  async createPayment(order) {
    return { kind: 'link' as const, url: `${publicUrl}/bank/${order.id}`, reference: `BT-${order.id}` };
  },
  async handleCallback() {
    return [];
  },
};

async function problemOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('payments registry', () => {
  it('has the demo checkout alone without variables, and each provider whose variables are set', async () => {
    expect([...(await createPayments({}, choice(), { publicUrl, demo })).byName.keys()]).toEqual(['demo']);
    const payments = await createPayments(
      {
        TELEGRAM_PAYMENT_PROVIDER_TOKEN: '284685063:TEST:abc',
        STRIPE_SECRET_KEY: 'sk_test_0123456789abcdef',
        STRIPE_WEBHOOK_SECRET: 'whsec_0123456789',
      },
      choice(),
      { publicUrl, demo },
    );
    expect([...payments.byName.keys()].sort()).toEqual(['demo', 'stripe', 'telegram']);
  });

  it('reports every missing and malformed variable of every provider in one error, each by name', async () => {
    const message = await problemOf(() =>
      createPayments(
        { STRIPE_SECRET_KEY: 'sk_test_1', PAYPAY_API_KEY: 'k', PAYPAY_ENV: 'live', LINE_PAY_API_BASE: 'nope' },
        choice(),
        { publicUrl, demo },
      ),
    );
    expect(message.split('\n')).toEqual([
      'Stripe needs STRIPE_WEBHOOK_SECRET as well (see .env.example and docs/payments.md)',
      'PAYPAY_ENV: use sandbox or production, not "live" (see .env.example and docs/payments.md)',
      'PayPay needs PAYPAY_API_SECRET, PAYPAY_MERCHANT_ID as well (see .env.example and docs/payments.md)',
      'LINE_PAY_API_BASE: not an http(s) URL: "nope" (see .env.example and docs/payments.md)',
    ]);
  });

  it('names a kaiwa.yaml provider nobody has, with the known ones', async () => {
    const message = await problemOf(() => createPayments({}, choice([{ provider: ['strpe'] }]), { publicUrl, demo }));
    expect(message).toBe(
      `kaiwa.yaml payments.rules[0].provider[0]: unknown payment provider "strpe"; known: demo, ${paymentModules.map((module) => module.name).join(', ')}`,
    );
  });

  it('chooses by rule (channel, currency; the first configured provider of a rule) and falls back to the default', async () => {
    const payments = await createPayments(
      { TELEGRAM_PAYMENT_PROVIDER_TOKEN: '284685063:TEST:abc' },
      choice([
        { channel: 'telegram', provider: ['stripe', 'telegram'] },
        { currency: 'USD', provider: ['bank-transfer'] },
      ]),
      { publicUrl, demo, providers: [bankTransfer] },
    );
    expect(payments.choose(address('telegram'), 'JPY').name).toBe('telegram');
    expect(payments.choose(address('line'), 'USD').name).toBe('bank-transfer');
    expect(payments.choose(address('line'), 'JPY').name).toBe('demo');
  });

  it('refuses a default none of whose providers is configured, word for word as before', async () => {
    expect(await problemOf(() => createPayments({}, choice([], ['stripe']), { publicUrl, demo }))).toBe(
      "kaiwa.yaml payments.default: none of stripe is configured; add demo, or set the provider's variables (docs/payments.md)",
    );
  });
});
