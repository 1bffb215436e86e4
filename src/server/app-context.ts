import type { ChannelLimits, Clock, Engine, Order, PaymentProvider, Reply, Store } from '../core/index.js';
import type { AdminAccess } from './admin-auth.js';
import type { PreviewChannel } from '../simulator/channel-limits.js';
import type { FlowDiagram } from '../simulator/flow-diagram.js';
import type { SimulatorChannel } from '../simulator/simulator-channel.js';

/** What the HTTP routes need, assembled by src/kaiwa.ts. */
export interface AppContext {
  store: Store;
  engine: Engine;
  simulator: SimulatorChannel;
  /** Each real channel's limits, from its adapter: the simulator previews exactly those. */
  previewLimits: Record<PreviewChannel, ChannelLimits>;
  /** Each real channel's renderer: the request bodies it would send, for the simulator's preview. */
  previewRenderers?: Record<PreviewChannel, (replies: readonly Reply[]) => unknown[]>;
  clock: Clock;
  shopName: string;
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
  /** Configured payment providers by name, for `/payments/<name>/webhook` and `/return`. */
  payments: ReadonlyMap<string, PaymentProvider>;
}

/** The demo provider as the checkout page uses it. */
export interface DemoCheckout {
  provider: PaymentProvider;
  verifyToken(orderId: string, token: string): boolean;
  renderPage(order: Order, token: string, state: 'open' | 'paid' | 'expired' | 'already-paid'): string;
}
