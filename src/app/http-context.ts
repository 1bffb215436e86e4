import {
  pickText,
  type ChannelPreview,
  type Clock,
  type Engine,
  type PaymentProvider,
  type Store,
} from '../core/index.js';
import type { Env } from '../config/schema.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { DemoPaymentProvider } from '../payments/demo/index.js';
import { renderDemoCheckoutPage } from '../payments/demo/checkout-page.js';
import type { AppContext } from '../server/app-context.js';
import { shopIdentity } from '../server/shop-identity.js';
import type { SimulatorChannel } from '../simulator/simulator-channel.js';
import type { LiveShop } from './live-shop.js';
import type { Log } from './log.js';

export interface HttpContextDeps {
  env: Env;
  config: LoadedConfig;
  store: Store;
  engine: Engine;
  simulator: SimulatorChannel;
  previews: ReadonlyMap<string, ChannelPreview>;
  /** The names of every channel module, configured or not. */
  channelNames: readonly string[];
  clock: Clock;
  log: Log;
  publicUrl: string;
  demo: DemoPaymentProvider;
  payments: ReadonlyMap<string, PaymentProvider>;
  live: LiveShop;
}

/** What the HTTP routes see of the shop (src/server/app-context.ts). */
export function httpContext(deps: HttpContextDeps): AppContext {
  const { env, demo, publicUrl } = deps;
  const shop = deps.config.shop.shop;
  return {
    store: deps.store,
    engine: deps.engine,
    simulator: deps.simulator,
    previews: deps.previews,
    channelNames: [...new Set([...deps.channelNames, ...deps.engine.channels.keys()])],
    clock: deps.clock,
    shopName: pickText(shop.name, shop.defaultLocale, shop.defaultLocale),
    shopId: shopIdentity(shop).id,
    defaultLocale: shop.defaultLocale,
    publicUrl,
    log: deps.log,
    admin: { token: env.ADMIN_TOKEN, host: env.HOST, publicUrl },
    payments: deps.payments,
    reloadStatus: () => deps.live.lastReload,
    diagram: () => deps.live.diagram(),
    demoCheckout: {
      provider: demo,
      verifyToken: (orderId, token) => demo.verifyToken(orderId, token),
      renderPage: (order, token, state) =>
        renderDemoCheckoutPage(order, token, {
          shopName: pickText(shop.name, order.locale, shop.defaultLocale),
          state,
        }),
    },
  };
}
