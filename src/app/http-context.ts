import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
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
import { fulfilOptions } from './fulfilment.js';
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
    fulfilment: fulfilOptions(deps.config),
    timeZone: shop.timeZone,
    ...(env.SHOPIFY_WEBHOOK_SECRET
      ? {
          shopify: { webhookSecret: env.SHOPIFY_WEBHOOK_SECRET, currency: shop.currency, locale: shop.defaultLocale },
        }
      : {}),
    reloadStatus: () => deps.live.lastReload,
    diagram: () => deps.live.diagram(),
    // Save as test writes into the shop folder: a development tool, never offered by a production server.
    ...(process.env.NODE_ENV === 'production'
      ? {}
      : { saveTest: (fileName: string, text: string) => saveTest(deps.config, fileName, text) }),
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

/** Writes `<shop>/<tests>/<fileName>` unless it exists (kaiwa.yaml's `tests` folder, created if missing). */
async function saveTest(
  config: LoadedConfig,
  fileName: string,
  text: string,
): Promise<{ file: string; created: boolean }> {
  const dir = resolve(config.dir, config.shop.tests);
  const path = join(dir, basename(fileName));
  const file = relative(config.dir, path).split(sep).join('/');
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(path, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { file, created: false };
    throw error;
  }
  return { file, created: true };
}
