import type { ChannelPreview, Clock, Engine, Order, PaymentProvider, Store } from '../core/index.js';
import type { FulfilOptions } from '../modules/orders/merchant-actions.js';
import type { AdminAccess } from './admin-auth.js';
import type { FlowDiagram } from '../simulator/flow-diagram.js';
import type { SimulatorChannel } from '../simulator/simulator-channel.js';

/** What the HTTP routes need, assembled by src/app/http-context.ts. */
export interface AppContext {
  store: Store;
  engine: Engine;
  simulator: SimulatorChannel;
  /**
   * The channels the simulator can preview, by name: each adapter's own limits and the request
   * bodies it would send (src/channels/registry.ts), so what ops see is what the shopper gets.
   */
  previews: ReadonlyMap<string, ChannelPreview>;
  /**
   * Every channel this shop knows (the built-in ones, those of its own, the simulator), configured
   * here or not: a shopper's data can be exported or erased after a channel is switched off.
   */
  channelNames: readonly string[];
  clock: Clock;
  shopName: string;
  /**
   * What identifies this shop's kaiwa.yaml across processes (src/server/shop-identity.ts), served by
   * `GET /api/shop`; undefined where whoever assembled the context did not set it.
   */
  shopId?: string;
  defaultLocale: string;
  publicUrl: string;
  demoCheckout: DemoCheckout;
  log: (message: string, details: Record<string, unknown>) => void;
  /** ADMIN_TOKEN and the bind host: decide whether console, simulator and admin routes need the token. */
  admin: AdminAccess;
  /** The latest hot reload of the shop's files, for the simulator's banner (undefined: none yet). */
  reloadStatus?: () =>
    | {
        ok: boolean;
        at: string;
        issues?: readonly { pos: { file: string; line: number; column: number }; message: string }[];
      }
    | undefined;
  /** The current flow as a state diagram (changes on hot reload), for the simulator's inspector. */
  diagram?: () => FlowDiagram;
  /**
   * Writes a conversation test into the shop's tests folder (kaiwa.yaml's `tests`, created if missing),
   * for the simulator's *Save as test*: `fileName` is a bare file name (`buys-tea.yaml`). Answers the
   * file as the shop folder names it (`tests/buys-tea.yaml`), and `created: false`, writing nothing,
   * when that file already exists. Undefined where there is no shop folder to write to.
   */
  saveTest?: (fileName: string, text: string) => Promise<{ file: string; created: boolean }>;
  /**
   * The shop's carriers (built-in and kaiwa.yaml `carriers`) and WhatsApp shipping template, for the
   * console's Fulfil button; undefined: the built-in carriers, no template.
   */
  fulfilment?: FulfilOptions;
  /** kaiwa.yaml `shop.timeZone`: the console shows times in it (default UTC). */
  timeZone?: string;
  /** Configured payment providers by name, for `/payments/<name>/webhook` and `/return`. */
  payments: ReadonlyMap<string, PaymentProvider>;
  /**
   * Shopify inventory sync (SHOPIFY_WEBHOOK_SECRET): `POST /webhooks/shopify` verifies with the secret and
   * prices products in the shop's currency, titled in its default locale. Undefined: the route answers 404.
   */
  shopify?: { webhookSecret: string; currency: string; locale: string };
}

/** The demo provider as the checkout page uses it. */
export interface DemoCheckout {
  provider: PaymentProvider;
  verifyToken(orderId: string, token: string): boolean;
  renderPage(order: Order, token: string, state: 'open' | 'paid' | 'expired' | 'already-paid'): string;
}
