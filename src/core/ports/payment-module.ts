import type { SettingsReader } from '../settings.js';
import type { PaymentProvider } from './payment-provider.js';

/**
 * A payment provider as Kaiwa wires it: its name (what kaiwa.yaml's `payments:` names), the
 * environment variables it reads and validates itself, and how to build it. A built-in one is a
 * folder under src/payments/ with a `module.ts` plus one line in src/payments/registry.ts.
 */
export interface PaymentModule {
  /** kaiwa.yaml's name for it, and its routes: `/payments/<name>/webhook`, `/payments/<name>/return`. */
  readonly name: string;
  /** For messages: "LINE Pay". */
  readonly label: string;
  /** Every environment variable it reads (documented in .env.example). */
  readonly variables: readonly string[];
  /** The provider when its variables are set, undefined when none are; problems go to `settings`. */
  fromEnv(settings: SettingsReader, context: { publicUrl: string }): Promise<PaymentProvider | undefined>;
}
