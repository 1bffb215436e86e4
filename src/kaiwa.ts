import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseQueryFilters } from './catalog/query-filters.js';
import { createProductSearch } from './catalog/search.js';
import { createFaqRanker, createOfflineFaqAnswerer, defaultFaqThreshold } from './catalog/faq-answerer.js';
import type { LlmSettings } from './catalog/llm/index.js';
import { createOfflineRecommender } from './catalog/offline-recommender.js';
import { loadEnv, loadShopConfig, type LoadedConfig } from './config/load-config.js';
import type { Env } from './config/schema.js';
import {
  ConfigError,
  createEngine,
  SourceValidationError,
  type ChannelAdapter,
  type ConversationLogic,
  type PrepareInput,
  type PurgeReport,
  type SourceIssue,
  pickText,
  systemClock,
  type Clock,
  type Engine,
  type Store,
} from './core/index.js';
import { builtInActions, builtInGuards, createFlowRuntime, type FlowRuntime } from './flows/index.js';
import { createOrderService } from './orders/order-service.js';
import { createDemoPaymentProvider } from './payments/demo/index.js';
import { renderDemoCheckoutPage } from './payments/demo/checkout-page.js';
import type { AppContext } from './server/app-context.js';
import { pollPayments } from './server/payment-events.js';
import { channelsFromEnv, previewLimits, previewRenderers } from './channels-from-env.js';
import { paymentsFromEnv } from './payments-from-env.js';
import { loadCustomCode, loadShopFiles, type CustomCode, type ShopFiles } from './shop-files.js';
import { flowDiagram, type FlowDiagram } from './simulator/flow-diagram.js';
import { createSimulatorChannel, type SimulatorChannel } from './simulator/simulator-channel.js';
import { parseDatabaseUrl } from './store/database-url.js';
import { openStore } from './store/open-store.js';
import { fileProblem } from './store/sqlite/open-database.js';
import { createLogger, secretsOf } from './logging/logger.js';

export interface KaiwaOptions {
  shopDir: string;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Custom actions and guards, in addition to the shop's `actions:` module. */
  custom?: Partial<CustomCode>;
  log?: (message: string, details: Record<string, unknown>) => void;
  /** Channels of your own (any ChannelAdapter), beside those enabled from the environment. */
  channels?: ChannelAdapter[];
}

export type ReloadResult = { ok: true; at: string } | { ok: false; at: string; issues: SourceIssue[] };

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
 * The composition root: the only file that knows every adapter. Validates config and shop files
 * at boot (nothing starts on a broken file), syncs the catalog, and wires the engine.
 */
export async function createKaiwa(options: KaiwaOptions): Promise<Kaiwa> {
  const env = loadEnv(options.env ?? process.env);
  // Telegram Payments asks before taking money: is the order still awaiting payment, reserved, same total?
  let preCheckout: (query: {
    orderId: string;
    amount: { amount: number; currency: string };
  }) => Promise<{ ok: true } | { ok: false; message: string }> = async () => ({
    ok: false,
    message: 'The shop is starting; please try again in a moment.',
  });
  const channels = [
    ...channelsFromEnv(env, { telegramPreCheckout: (query) => preCheckout(query) }),
    ...(options.channels ?? []),
  ];
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger({ level: env.LOG_LEVEL, secrets: secretsOf(env) });
  const config = await loadShopConfig(resolve(options.shopDir));
  const custom = await loadCustomCode(config, options.custom);
  const initialFiles = await loadShopFiles(config, custom);
  const shop = config.shop.shop;

  // Checked before the database opens, so a config error leaves no connection behind.
  const target = parseDatabaseUrl(env.DATABASE_URL);
  if (!env.DEMO_PAYMENT_SECRET && target.kind === 'postgres') demoSecretRequired();
  const database = await openStore({
    url: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    schema: env.DATABASE_SCHEMA,
    clock,
  });
  const store = database.store;
  // Kept beside the SQLite file once it opened, so nothing is written next to a path that is no database.
  let demoPaymentSecret: string;
  try {
    demoPaymentSecret =
      env.DEMO_PAYMENT_SECRET ?? (target.kind === 'sqlite' ? demoSecretBeside(target.path) : demoSecretRequired());
  } catch (error) {
    await store.close();
    throw error;
  }

  // LLM mode (docs/catalog.md): on when a key or an endpoint is set; the offline answers stay as fallbacks.
  const settings = llmSettings(env);
  // Optional parts load only when configured: a shop without them starts faster.
  const llm = settings ? await import('./catalog/llm/index.js') : undefined;
  const chat = settings && llm ? llm.createJsonChat(settings, (entry) => log('llm call', { ...entry })) : undefined;
  const classifyIntent = chat && llm ? llm.createLlmIntentClassifier(chat) : undefined;
  // In LLM mode model calls are made before each turn's transaction, so turns do not wait for each other's (src/flows/rehearsal.ts).
  const rehearse = chat !== undefined;
  if (env.OPENAI_EMBEDDING_MODEL && !settings)
    throw new ConfigError(
      'OPENAI_EMBEDDING_MODEL needs LLM mode: set OPENAI_API_KEY or OPENAI_BASE_URL (and OPENAI_MODEL) too',
    );
  const semantic =
    settings && llm && env.OPENAI_EMBEDDING_MODEL
      ? llm.createSemanticIndex(
          settings,
          {
            model: env.OPENAI_EMBEDDING_MODEL,
            ...(env.OPENAI_EMBEDDING_DIMENSIONS ? { dimensions: env.OPENAI_EMBEDDING_DIMENSIONS } : {}),
          },
          log,
        )
      : undefined;
  // The catalog is embedded in the background (boot and every reload); lexical search serves meanwhile.
  let embedded: Promise<void> = Promise.resolve();
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  const demo = createDemoPaymentProvider({ secret: demoPaymentSecret, publicUrl });
  const payments = await paymentsFromEnv(env, config.shop.payments, { publicUrl, demo });
  const orders = createOrderService({
    payments: (address, currency) => payments.choose(address, currency),
    publicUrl,
    reservationMinutes: config.shop.orders.reservationMinutes,
    clock,
  });
  const shopName = pickText(shop.name, shop.defaultLocale, shop.defaultLocale);

  /** Everything built from the shop's files: run at boot and again on every reload (src/shop-watch.ts). */
  async function assemble(from: ShopFiles): Promise<FlowRuntime> {
    await store.catalog.upsertMany(from.products);
    const products = await store.catalog.all();
    const search = createProductSearch(products);
    if (semantic) embedded = semantic.build(products);
    const offlineRecommender = createOfflineRecommender({
      search,
      catalog: store.catalog,
      currency: shop.currency,
      ...(semantic ? { semantic } : {}),
    });
    const faqThreshold = from.faq.threshold ?? defaultFaqThreshold;
    const offlineFaq = createOfflineFaqAnswerer(from.faq.entries, {
      threshold: faqThreshold,
      fallbackLocale: shop.defaultLocale,
    });
    const recommender =
      chat && llm
        ? llm.createLlmRecommender({ chat, catalog: store.catalog, offline: offlineRecommender })
        : offlineRecommender;
    const faq =
      chat && llm
        ? llm.createLlmFaqAnswerer({
            chat,
            rank: createFaqRanker(from.faq.entries),
            offline: offlineFaq,
            floor: faqThreshold * 0.6,
            fallbackLocale: shop.defaultLocale,
          })
        : offlineFaq;
    return createFlowRuntime({
      definition: from.flows,
      idleTimeoutMs: config.shop.session.idleTimeoutMinutes * 60_000,
      rehearse,
      implementations: {
        actions: { ...builtInActions, ...custom.actions },
        guards: { ...builtInGuards, ...custom.guards },
        services: {
          shop: {
            name: typeof shop.name === 'string' ? { [shop.defaultLocale]: shop.name } : shop.name,
            currency: shop.currency,
            defaultLocale: shop.defaultLocale,
            locales: shop.locales,
            timeZone: shop.timeZone,
          },
          recommender,
          faq,
          productQuery: (text, locale) => {
            const parsed = parseQueryFilters(text, shop.currency);
            if (Object.keys(parsed.filters).length > 0) return 'filtered';
            return search.hasSearchWords(text) &&
              search.search({ text, locale, limit: 3 }).some((hit) => hit.matched.length > 0)
              ? 'matched'
              : undefined;
          },
          orders,
          ...(classifyIntent ? { classifyIntent } : {}),
          alert: (message, details) => log(`ALERT ${message}`, details),
        },
      },
    });
  }
  let files = initialFiles;
  let runtime = await assemble(files);
  // The engine keeps this one object; a reload swaps what it delegates to, between turns.
  const logic: ConversationLogic = {
    step: (input) => runtime.step(input),
    failed: (input) => runtime.failed(input),
    ...(rehearse ? { prepare: (input: PrepareInput) => runtime.prepare?.(input) ?? Promise.resolve(undefined) } : {}),
  };
  const simulator = createSimulatorChannel();
  // Platform send rates (docs/channels.md): shared through Redis when several instances run.
  const rateLimiter = !env.SEND_RATE_LIMITS
    ? false
    : env.REDIS_URL
      ? (await import('./ratelimit/redis-rate-limiter.js')).createRedisRateLimiter({
          url: env.REDIS_URL,
          prefix: env.REDIS_KEY_PREFIX,
        })
      : undefined;
  const engine = createEngine({
    store,
    logic,
    channels: [simulator, ...channels],
    clock,
    leaseMs: env.OUTBOX_LEASE_SECONDS * 1000,
    sendTimeoutMs: Math.round(env.SEND_TIMEOUT_SECONDS * 1000),
    ...(rateLimiter !== undefined ? { rateLimiter } : {}),
    onSendError: (item, error) => log('send failed', { outboxId: item.id, error: String(error) }),
    onListenError: (channel, error) => log('channel session failed', { channel, error: String(error) }),
    turns: {
      onFailure: (event, error, attempts, gaveUp) =>
        log(gaveUp ? 'turn failed; giving up on the event' : 'turn failed; the platform will redeliver', {
          channel: event.address.channel,
          eventId: event.id,
          attempts,
          error: String(error),
        }),
    },
  });
  preCheckout = async ({ orderId, amount }) => {
    const order = await store.orders.get(orderId);
    if (!order || order.status !== 'awaiting_payment' || Date.parse(order.expiresAt) <= clock.now().getTime() + 30_000)
      return { ok: false, message: 'This order has expired or changed. Please check out again in the chat.' };
    if (order.total.amount !== amount.amount || order.total.currency !== amount.currency)
      return { ok: false, message: 'The total has changed. Please check out again in the chat.' };
    return { ok: true };
  };
  let lastReload: ReloadResult | undefined;
  let diagramOf: { runtime: FlowRuntime; diagram: FlowDiagram } | undefined;
  const app: AppContext = {
    store,
    engine,
    simulator,
    previewLimits,
    previewRenderers,
    clock,
    shopName,
    defaultLocale: shop.defaultLocale,
    publicUrl,
    log,
    admin: { token: env.ADMIN_TOKEN, host: env.HOST, publicUrl },
    payments: payments.byName,
    reloadStatus: () => lastReload,
    diagram: () => {
      if (diagramOf?.runtime !== runtime)
        diagramOf = { runtime, diagram: flowDiagram(runtime.machine, runtime.definition) };
      return diagramOf.diagram;
    },
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

  let expiryTimer: ReturnType<typeof setInterval> | undefined;
  let retentionTimer: ReturnType<typeof setInterval> | undefined;
  let paymentPollTimer: ReturnType<typeof setInterval> | undefined;
  const purgeExpiredData = async (days = config.shop.retention.days) => {
    if (days === undefined) return undefined;
    const report = await store.privacy.purgeBefore(new Date(clock.now().getTime() - days * 86_400_000).toISOString());
    log('retention purge', { days, ...report });
    return report;
  };
  const expireOrders = async () => (await store.transaction((tx) => orders.expireDue(tx))).length;
  let reloads: Promise<unknown> = Promise.resolve();
  const reload = async (): Promise<ReloadResult> => {
    const at = clock.now().toISOString();
    try {
      const next = await loadShopFiles(config, custom);
      runtime = await assemble(next);
      files = next;
      lastReload = { ok: true, at };
      log('shop reloaded', { flows: next.flows.id, products: next.products.length, faq: next.faq.entries.length });
    } catch (error) {
      const issues: SourceIssue[] =
        error instanceof SourceValidationError
          ? [...error.issues]
          : [
              {
                pos: { file: config.dir, line: 1, column: 1 },
                message: error instanceof Error ? error.message : String(error),
              },
            ];
      lastReload = { ok: false, at, issues };
      log('shop reload failed; the last good version keeps serving', {
        issues: issues.map((issue) => `${issue.pos.file}:${issue.pos.line}:${issue.pos.column}: ${issue.message}`),
      });
    }
    return lastReload;
  };
  return {
    config,
    env,
    get files() {
      return files;
    },
    store,
    engine,
    get runtime() {
      return runtime;
    },
    simulator,
    app,
    expireOrders,
    pollPayments: () => pollPayments(app),
    get embedded() {
      return embedded;
    },
    purgeExpiredData,
    // One reload at a time, in order.
    reload() {
      const run = reloads.then(reload);
      reloads = run.catch(() => undefined);
      return run;
    },
    get lastReload() {
      return lastReload;
    },
    start() {
      engine.start();
      expiryTimer ??= setInterval(
        () => void expireOrders().catch((error: unknown) => log('order expiry failed', { error: String(error) })),
        60_000,
      );
      expiryTimer.unref?.();
      if (env.PAYMENT_POLL_SECONDS > 0 && [...payments.byName.values()].some((provider) => provider.status)) {
        paymentPollTimer ??= setInterval(
          () =>
            void pollPayments(app).catch((error: unknown) =>
              log('payment status poll failed', { error: String(error) }),
            ),
          env.PAYMENT_POLL_SECONDS * 1000,
        );
        paymentPollTimer.unref?.();
      }
      if (config.shop.retention.days !== undefined) {
        void purgeExpiredData().catch((error: unknown) => log('retention purge failed', { error: String(error) }));
        retentionTimer ??= setInterval(
          () =>
            void purgeExpiredData().catch((error: unknown) => log('retention purge failed', { error: String(error) })),
          3_600_000,
        );
        retentionTimer.unref?.();
      }
    },
    async close() {
      if (expiryTimer) clearInterval(expiryTimer);
      if (retentionTimer) clearInterval(retentionTimer);
      if (paymentPollTimer) clearInterval(paymentPollTimer);
      await engine.stop();
      if (rateLimiter) await rateLimiter.close?.();
      await store.close();
    },
  };
}

/** Several instances on PostgreSQL must sign demo payment links alike, so there the secret is required. */
function demoSecretRequired(): never {
  throw new ConfigError(
    'DEMO_PAYMENT_SECRET is required with PostgreSQL (every instance must sign demo payment links alike); see .env.example',
  );
}

/**
 * Without DEMO_PAYMENT_SECRET, the demo checkout signs its links with a random secret kept
 * beside the SQLite file, so links survive restarts.
 */
function demoSecretBeside(databasePath: string): string {
  if (databasePath === ':memory:') return randomBytes(32).toString('hex');
  const file = join(dirname(resolve(databasePath)), '.demo-payment-secret');
  try {
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('hex');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  } catch (error) {
    throw new ConfigError(
      `cannot keep the demo checkout's secret in ${file}, beside the SQLite database: ${fileProblem(error, file)} (set DEMO_PAYMENT_SECRET, or another DATABASE_URL)`,
      { cause: error },
    );
  }
}

/** LLM mode's settings, or undefined when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set. */
function llmSettings(env: Env): LlmSettings | undefined {
  if (!env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) return undefined;
  if (!env.OPENAI_MODEL)
    throw new ConfigError(
      'LLM mode (OPENAI_API_KEY or OPENAI_BASE_URL set) needs OPENAI_MODEL too, e.g. gpt-4o-mini or llama3.1 (see .env.example)',
    );
  return {
    // Ollama and vLLM need no key, but the client wants one.
    apiKey: env.OPENAI_API_KEY ?? 'not-needed',
    ...(env.OPENAI_BASE_URL ? { baseUrl: env.OPENAI_BASE_URL } : {}),
    model: env.OPENAI_MODEL,
    timeoutMs: env.OPENAI_TIMEOUT_MS,
    pricePerMillion: { input: env.OPENAI_PRICE_INPUT, output: env.OPENAI_PRICE_OUTPUT },
  };
}
