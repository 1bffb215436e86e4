import { resolve } from 'node:path';
import { channelModules, channelsFromEnv, previewsOf, type ChannelModule } from '../channels/registry.js';
import { loadEnv, loadShopConfig, type LoadedConfig } from '../config/load-config.js';
import type { Env } from '../config/schema.js';
import {
  systemClock,
  type ChannelAdapter,
  type Clock,
  type Engine,
  type PaymentProvider,
  type PurgeReport,
  type Store,
} from '../core/index.js';
import type { FlowRuntime } from '../flows/index.js';
import { createLogger, secretsOf } from '../logging/logger.js';
import { builtInStoreSlices, builtInTurnHooksFor } from '../modules/index.js';
import { createOrderService } from '../modules/orders/order-service.js';
import { payableCheck } from '../modules/orders/payable.js';
import { createDemoPaymentProvider } from '../payments/demo/index.js';
import { createPayments } from '../payments/registry.js';
import type { AppContext } from '../server/app-context.js';
import { pollPayments } from '../modules/orders/payment-intake.js';
import { shippingRules } from '../modules/orders/shipping.js';
import { promotionRules } from '../modules/orders/promotions.js';
import { taxRules } from '../modules/orders/tax.js';
import { loadCustomCode, loadShopFiles, type CustomCode, type ReloadResult, type ShopFiles } from '../shop/files.js';
import { createSimulatorChannel, type SimulatorChannel } from '../simulator/simulator-channel.js';
import { withSimulatedChannels } from '../simulator/simulated-channels.js';
import { parseDatabaseUrl } from '../store/database-url.js';
import { openStore } from '../store/open-store.js';
import { demoSecret, requireDemoSecret } from './demo-secret.js';
import { engineFromEnv } from './engine.js';
import { httpContext } from './http-context.js';
import { createJobs, type Jobs } from './jobs.js';
import { createLiveShop, type LiveShop } from './live-shop.js';
import { llmFromEnv } from './llm.js';
import type { Log } from './log.js';

export type { ReloadResult } from '../shop/files.js';

export interface KaiwaOptions {
  shopDir: string;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Custom actions and guards, in addition to the shop's `actions:` module. */
  custom?: Partial<CustomCode>;
  log?: Log;
  /** Channels of your own (any ChannelAdapter, any name), beside those enabled from the environment. */
  channels?: ChannelAdapter[];
  /** Channel modules read from the environment; default: the built-in ones (src/channels/registry.ts). */
  channelModules?: readonly ChannelModule[];
  /** Payment providers of your own (any name kaiwa.yaml's `payments:` can choose), beside the built-in ones. */
  payments?: PaymentProvider[];
  /**
   * Send only these channels' replies and leave the rest queued for the instances that have their
   * adapters: `kaiwa chat` runs the shop beside a possibly running server on the same database and
   * sends the simulator's alone (`['simulator']`). Default: every channel's.
   */
  drainOnly?: readonly string[];
}

export interface Kaiwa {
  config: LoadedConfig;
  env: Env;
  files: ShopFiles;
  store: Store;
  engine: Engine;
  runtime: FlowRuntime;
  simulator: SimulatorChannel;
  app: AppContext;
  /** Expires unpaid orders and gives their stock back; runs every minute once started. */
  expireOrders(): Promise<number>;
  /** The latest embedding of the catalog (OPENAI_EMBEDDING_MODEL), resolved when done; at once without embeddings. */
  readonly embedded: Promise<void>;
  /** Asks providers that can tell (PayPay, LINE Pay) where unpaid orders stand; runs every PAYMENT_POLL_SECONDS after start(). */
  pollPayments(): Promise<number>;
  /** Deletes conversation data older than kaiwa.yaml's `retention.days` (orders kept); hourly once started. */
  purgeExpiredData(days?: number): Promise<PurgeReport | undefined>;
  /**
   * Reads flows, catalog and FAQ again and serves them from the next turn on. On any problem the
   * last good version keeps serving and the issues come back (file:line:col), nothing is thrown.
   */
  reload(): Promise<ReloadResult>;
  /** The latest reload's outcome (the simulator shows it). */
  readonly lastReload: ReloadResult | undefined;
  start(): void;
  close(): Promise<void>;
}

/**
 * The composition root: validates the environment and the shop's files at boot (nothing starts on
 * a broken file), opens the store, and wires channels, payments, the flow runtime and the engine.
 */
export async function createKaiwa(options: KaiwaOptions): Promise<Kaiwa> {
  const raw = options.env ?? process.env;
  const env = loadEnv(raw);
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger({ level: env.LOG_LEVEL, secrets: secretsOf(raw) });
  // Each channel and provider reads its own variables; the store answers Telegram's pre-checkout once open.
  const opening: { store?: Store } = {};
  const checkPayable = payableCheck(async (id) => opening.store?.orders.get(id), clock);
  const channels = [
    ...channelsFromEnv(raw, { checkPayable, log }, options.channelModules),
    ...(options.channels ?? []),
  ];
  const config = await loadShopConfig(resolve(options.shopDir));
  const custom = await loadCustomCode(config, options.custom);
  const files = await loadShopFiles(config, custom);
  const llm = await llmFromEnv(env, log);
  // Checked before the database opens, so a config error leaves no connection behind.
  const target = parseDatabaseUrl(env.DATABASE_URL);
  requireDemoSecret(env.DEMO_PAYMENT_SECRET, target);
  const opened = await openStore({
    url: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    schema: env.DATABASE_SCHEMA,
    clock,
    slices: builtInStoreSlices,
  });
  const store = (opening.store = opened.store);
  try {
    const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
    const demo = createDemoPaymentProvider({ secret: demoSecret(env.DEMO_PAYMENT_SECRET, target), publicUrl });
    const payments = await createPayments(raw, config.shop.payments, {
      publicUrl,
      demo,
      providers: options.payments ?? [],
    });
    const { reservationMinutes } = config.shop.orders;
    const orders = createOrderService({
      payments: (to, currency) => payments.choose(to, currency),
      publicUrl,
      reservationMinutes,
      clock,
      ...(config.shop.shipping ? { shipping: shippingRules(config.shop.shipping, config.shop.shop.currency) } : {}),
      ...(config.shop.tax ? { tax: taxRules(config.shop.tax) } : {}),
      ...(config.shop.promotions.length > 0
        ? {
            promotions: promotionRules(config.shop.promotions, config.shop.shop.currency, config.shop.shop.timeZone),
          }
        : {}),
    });
    const loadCustom = (generation: number) => loadCustomCode(config, options.custom, generation);
    const live = await createLiveShop({ config, store, orders, custom, llm, log, clock, loadCustom }, files);
    const previews = previewsOf(options.channelModules);
    const simulator = createSimulatorChannel([...previews.keys()]);
    const { engine, rateLimiter } = await engineFromEnv(env, {
      store,
      logic: live.logic,
      channels: [simulator, ...withSimulatedChannels(simulator, channels, previews)],
      clock,
      log,
      ...(options.drainOnly ? { drainOnly: options.drainOnly } : {}),
      hooks: builtInTurnHooksFor(config.shop.handoff),
    });
    const deps = { env, config, store, engine, simulator, previews, clock, log, publicUrl, demo, live };
    const channelNames = (options.channelModules ?? channelModules).map((module) => module.name);
    const app = httpContext({ ...deps, channelNames, payments: payments.byName });
    const jobs = createJobs({
      ...deps,
      orders,
      payments: payments.byName,
      pollSeconds: env.PAYMENT_POLL_SECONDS,
      pollPayments: () => pollPayments(app),
    });
    const close = async () => {
      await engine.stop();
      if (rateLimiter) await rateLimiter.close?.();
      await opened.store.close();
    };
    return kaiwaHandle({ config, env, store, engine, simulator, app, live, jobs, close });
  } catch (error) {
    await opened.store.close();
    throw error;
  }
}

/** What createKaiwa hands out: the parts, live views of the shop's files, and the jobs. */
function kaiwaHandle(parts: {
  config: LoadedConfig;
  env: Env;
  store: Store;
  engine: Engine;
  simulator: SimulatorChannel;
  app: AppContext;
  live: LiveShop;
  jobs: Jobs;
  close(): Promise<void>;
}): Kaiwa {
  const { live, jobs } = parts;
  return {
    config: parts.config,
    env: parts.env,
    store: parts.store,
    engine: parts.engine,
    simulator: parts.simulator,
    app: parts.app,
    get files() {
      return live.files;
    },
    get runtime() {
      return live.runtime;
    },
    get embedded() {
      return live.embedded;
    },
    get lastReload() {
      return live.lastReload;
    },
    reload: () => live.reload(),
    expireOrders: jobs.expireOrders,
    pollPayments: jobs.pollPayments,
    purgeExpiredData: jobs.purgeExpiredData,
    start() {
      parts.engine.start();
      jobs.start();
    },
    async close() {
      jobs.stop();
      await parts.close();
    },
  };
}
