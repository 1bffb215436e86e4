import { ConsentRequiredError } from '../errors.js';
import type { Address, ChannelName, InboundEvent, Reply } from '../message.js';
import type { ChannelAdapter } from '../ports/channel-adapter.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { ConversationLogic } from '../ports/conversation.js';
import type { RateLimiter } from '../ports/rate-limiter.js';
import { sanitizeEvent } from '../sanitize.js';
import type { OutboxItem, Store } from '../ports/store.js';
import { createMemoryRateLimiter } from './memory-rate-limiter.js';
import { drainOutbox, type DrainReport } from './drain-outbox.js';
import { runTurn, type TurnOptions, type TurnOutcome } from './run-turn.js';

export interface EngineOptions {
  store: Store;
  logic: ConversationLogic;
  channels: readonly ChannelAdapter[];
  clock?: Clock;
  /** How often the outbox is checked for retries that became due (ms). */
  drainIntervalMs?: number;
  /** How long a drainer holds claimed outbox items; a crashed instance's items return after it. */
  leaseMs?: number;
  /** How long a platform may take to answer a send before it is retried later (default 30 s). */
  sendTimeoutMs?: number;
  onSendError?: (item: OutboxItem, error: unknown) => void;
  /** Paces sends to channels' `limits.sendRate`; default: this process's own limiter; false: no pacing. */
  rateLimiter?: RateLimiter | false;
  /** A session channel (ChannelAdapter.listen) failed to start. */
  onListenError?: (channel: ChannelName, error: unknown) => void;
  /** Failed turns: how many attempts per event before giving up on it, and who hears of each failure. */
  turns?: TurnOptions;
}

export interface Engine {
  /** Runs one turn per event, in order; resolves once every turn is committed (safe to acknowledge). */
  receive(events: readonly InboundEvent[]): Promise<TurnOutcome[]>;
  /** Sends what is due now. Concurrent calls share one run, so nothing is sent twice. */
  drain(): Promise<DrainReport>;
  /**
   * Drains, and resolves once this instance has dealt with outbox item `outboxId` (sent it, or put
   * it back for a retry) or has nothing more due: a caller waiting for its own reply (the simulator)
   * does not wait for the whole drain, which under steady traffic goes on as long as webhooks come.
   */
  delivered(outboxId: number): Promise<void>;
  /**
   * A message the shopper did not ask for right now. `marketing` needs their opt-in on that channel
   * (ConsentRequiredError otherwise); `transactional` (order news, an agent) does not. Queued in the
   * outbox like every reply; resolves to its outbox id.
   */
  sendProactive(
    address: Address,
    replies: readonly Reply[],
    options: { purpose: 'marketing' | 'transactional' },
  ): Promise<number>;
  /** Starts the periodic drain (retries, and anything left by a crash) and session channels' listeners. */
  start(): void;
  stop(): Promise<void>;
  readonly channels: ReadonlyMap<ChannelName, ChannelAdapter>;
}

export function createEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? systemClock;
  const channels = new Map(options.channels.map((channel) => [channel.name, channel] as const));
  const rateLimiter =
    options.rateLimiter === false ? undefined : (options.rateLimiter ?? createMemoryRateLimiter(clock));
  let running: Promise<DrainReport> | undefined;
  let again = false;
  // Resolved when drain() is asked again during a run: wakes a drain that waits on a slow send.
  let poke = () => undefined as void;
  let poked = new Promise<void>((resolve) => (poke = resolve));
  const moreDue = () => poked;
  let timer: ReturnType<typeof setInterval> | undefined;
  let sessions: Promise<(() => Promise<void>) | undefined>[] = [];
  // Callers of delivered(), by outbox id.
  const waiting = new Map<number, Set<() => void>>();
  const settled = (ids: readonly number[]) => {
    for (const id of ids) {
      for (const resolve of waiting.get(id) ?? []) resolve();
      waiting.delete(id);
    }
  };

  async function drainLoop(): Promise<DrainReport> {
    const total: DrainReport = { sent: 0, retried: 0, failed: 0 };
    do {
      again = false;
      const report = await drainOutbox(options.store, channels, {
        clock,
        ...(rateLimiter ? { rateLimiter } : {}),
        onError: options.onSendError,
        ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
        ...(options.sendTimeoutMs ? { sendTimeoutMs: options.sendTimeoutMs } : {}),
        onSettled: settled,
        moreDue,
      });
      total.sent += report.sent;
      total.retried += report.retried;
      total.failed += report.failed;
    } while (again);
    return total;
  }

  const engine: Engine = {
    channels,
    async receive(events) {
      const outcomes: TurnOutcome[] = [];
      for (const event of events)
        outcomes.push(await runTurn(options.store, options.logic, sanitizeEvent(event), clock, options.turns));
      return outcomes;
    },
    async sendProactive(address, replies, { purpose }) {
      const id = await options.store.transaction(async (tx) => {
        if (purpose === 'marketing') {
          const consent = await tx.consents.get(address.channel, address.userId);
          if (!consent?.optedIn)
            throw new ConsentRequiredError(
              `${address.channel}:${address.userId} has ${consent ? `opted out (${consent.at})` : 'not opted in'} to marketing messages`,
            );
        }
        return tx.outbox.enqueue(address, replies, clock.now().toISOString());
      });
      void engine.drain().catch(() => undefined);
      return id;
    },
    async delivered(outboxId) {
      let resolve!: () => void;
      const done = new Promise<void>((settle) => (resolve = settle));
      const callers = waiting.get(outboxId) ?? new Set();
      waiting.set(outboxId, callers.add(resolve));
      try {
        await Promise.race([done, engine.drain()]);
      } finally {
        callers.delete(resolve);
        if (callers.size === 0 && waiting.get(outboxId) === callers) waiting.delete(outboxId);
      }
    },
    drain() {
      if (running) {
        // A drain is under way: ask it to look once more, now if it waits on a slow send, and wait for it.
        again = true;
        poke();
        poked = new Promise<void>((resolve) => (poke = resolve));
        return running;
      }
      running = drainLoop().finally(() => {
        running = undefined;
      });
      return running;
    },
    start() {
      timer ??= setInterval(() => void engine.drain().catch(() => undefined), options.drainIntervalMs ?? 1_000);
      timer.unref?.();
      void engine.drain().catch(() => undefined);
      if (sessions.length === 0) {
        const deliver = async (events: readonly InboundEvent[]) => {
          await engine.receive(events);
          void engine.drain().catch(() => undefined);
        };
        sessions = options.channels.flatMap((channel) =>
          channel.listen
            ? [channel.listen(deliver).catch((error: unknown) => void options.onListenError?.(channel.name, error))]
            : [],
        );
      }
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      const stops = await Promise.all(sessions);
      sessions = [];
      await Promise.all(stops.map((stop) => stop?.().catch(() => undefined)));
      await running?.catch(() => undefined);
    },
  };
  return engine;
}
