import {
  ConfigError,
  readSettings,
  type Address,
  type EnvSource,
  type PaymentModule,
  type PaymentProvider,
} from '../core/index.js';
import { linepayPayments } from './linepay/module.js';
import { paypayPayments } from './paypay/module.js';
import { stripePayments } from './stripe/module.js';
import { telegramPayments } from './telegram/module.js';

export type { PaymentModule } from '../core/index.js';

/** The payment providers Kaiwa ships beside the demo checkout, one line each. */
export const paymentModules: readonly PaymentModule[] = [
  stripePayments,
  telegramPayments,
  paypayPayments,
  linepayPayments,
];

/** kaiwa.yaml's `payments:` (docs/payments.md): the default providers and the rules, first match wins. */
export interface PaymentChoice {
  default: readonly string[];
  rules: readonly { channel?: string | undefined; currency?: string | undefined; provider: readonly string[] }[];
}

export interface PaymentProviders {
  /** Every configured provider by name; the demo provider is always there. */
  byName: ReadonlyMap<string, PaymentProvider>;
  /** kaiwa.yaml's choice for a conversation and currency (docs/payments.md). */
  choose(address: Address, currency: string): PaymentProvider;
}

/**
 * Every provider whose variables are set, the demo checkout, and providers of one's own. Every
 * missing or malformed variable is reported at once, and so is a kaiwa.yaml name no provider has.
 */
export async function createPayments(
  env: EnvSource,
  config: PaymentChoice,
  options: {
    publicUrl: string;
    demo: PaymentProvider;
    providers?: readonly PaymentProvider[];
    modules?: readonly PaymentModule[];
  },
): Promise<PaymentProviders> {
  const modules = options.modules ?? paymentModules;
  const settings = readSettings(env, 'docs/payments.md');
  const byName = new Map<string, PaymentProvider>([[options.demo.name, options.demo]]);
  for (const module of modules) {
    try {
      const provider = await module.fromEnv(settings, { publicUrl: options.publicUrl });
      if (provider) byName.set(module.name, provider);
    } catch (error) {
      settings.failed(module.label, error);
    }
  }
  for (const provider of options.providers ?? []) byName.set(provider.name, provider);
  const known = [...new Set([options.demo.name, ...modules.map((module) => module.name), ...byName.keys()])];
  const named = [
    ...config.default.map((name, index) => ({ name, at: `payments.default[${index}]` })),
    ...config.rules.flatMap((rule, index) =>
      rule.provider.map((name, at) => ({ name, at: `payments.rules[${index}].provider[${at}]` })),
    ),
  ];
  for (const { name, at } of named)
    if (!known.includes(name))
      settings.problem(`kaiwa.yaml ${at}: unknown payment provider "${name}"; known: ${known.join(', ')}`);
  settings.done();

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
