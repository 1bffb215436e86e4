import type { ChannelAdapter, ChannelPreview } from './channel-adapter.js';
import type { SettingsReader } from '../settings.js';

/** What the shop tells a channel at boot: the few decisions a platform asks for outside a turn. */
export interface ChannelContext {
  /**
   * Whether an order can still be paid at this amount right now (Telegram Payments asks before it
   * takes the money): still awaiting payment, its stock reserved, the same total.
   */
  checkPayable(query: {
    orderId: string;
    amount: { amount: number; currency: string };
  }): Promise<{ ok: true } | { ok: false; message: string }>;
  /** Operational messages of a session channel (a QR code to scan, a lost connection). */
  log(message: string, details: Record<string, unknown>): void;
}

/**
 * A channel as Kaiwa wires it: its name, the environment variables it reads (and validates itself),
 * and optionally a preview for the simulator. Adding a channel is one folder with a `module.ts`
 * plus one line in `channelModules` (src/channels/registry.ts) (docs/channels.md, "Write your own channel").
 */
export interface ChannelModule {
  /** The adapter's name: `/webhooks/<name>`, kaiwa.yaml's `payments.rules[].channel`, transcripts. */
  readonly name: string;
  /** For messages: "Telegram". */
  readonly label: string;
  /** Every environment variable it reads (documented in .env.example). */
  readonly variables: readonly string[];
  /** The adapter when its variables are set, undefined when none are; problems go to `settings`. */
  fromEnv(settings: SettingsReader, context: ChannelContext): ChannelAdapter | undefined;
  readonly preview?: ChannelPreview;
  /**
   * Optional: registers `<baseUrl>/webhooks/<name>` with the platform (`kaiwa webhook set <name>`).
   * Resolves to the line to print ("ok: …"); missing settings are a ConfigError naming them.
   */
  setWebhook?(settings: SettingsReader, baseUrl: string): Promise<string>;
}
