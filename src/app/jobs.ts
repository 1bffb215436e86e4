import type { LoadedConfig } from '../config/load-config.js';
import type { Clock, OrderService, PaymentProvider, PurgeReport, Store } from '../core/index.js';
import { purgeOlderThan } from '../modules/privacy/retention.js';
import type { Log } from './log.js';

export interface JobDeps {
  config: LoadedConfig;
  store: Store;
  orders: OrderService;
  clock: Clock;
  log: Log;
  payments: ReadonlyMap<string, PaymentProvider>;
  /** PAYMENT_POLL_SECONDS; 0 turns polling off. */
  pollSeconds: number;
  /** Asks providers that can tell where unpaid orders stand (src/modules/orders/payment-intake.ts). */
  pollPayments(): Promise<number>;
}

/** The shop's background work: order expiry (every minute), payment polling, retention (hourly). */
export interface Jobs {
  expireOrders(): Promise<number>;
  purgeExpiredData(days?: number): Promise<PurgeReport | undefined>;
  pollPayments(): Promise<number>;
  start(): void;
  stop(): void;
}

export function createJobs(deps: JobDeps): Jobs {
  const { store, clock, log, config } = deps;
  const timers: ReturnType<typeof setInterval>[] = [];
  const every = (ms: number, what: string, run: () => Promise<unknown>) => {
    const timer = setInterval(() => void run().catch((error: unknown) => log(what, { error: String(error) })), ms);
    timer.unref?.();
    timers.push(timer);
  };
  const jobs: Jobs = {
    expireOrders: async () => (await store.transaction((tx) => deps.orders.expireDue(tx))).length,
    async purgeExpiredData(days = config.shop.retention.days) {
      if (days === undefined) return undefined;
      const report = await purgeOlderThan(store, clock, days);
      log('retention purge', { days, ...report });
      return report;
    },
    pollPayments: () => deps.pollPayments(),
    start() {
      if (timers.length > 0) return;
      every(60_000, 'order expiry failed', jobs.expireOrders);
      if (deps.pollSeconds > 0 && [...deps.payments.values()].some((provider) => provider.status))
        every(deps.pollSeconds * 1000, 'payment status poll failed', jobs.pollPayments);
      if (config.shop.retention.days !== undefined) {
        void jobs.purgeExpiredData().catch((error: unknown) => log('retention purge failed', { error: String(error) }));
        every(3_600_000, 'retention purge failed', () => jobs.purgeExpiredData());
      }
    },
    stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
    },
  };
  return jobs;
}
