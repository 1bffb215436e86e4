import { isChannelName, type Address, type ChannelName, type InboundEvent, type Reply } from '../message.js';
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
  /**
   * Sends only these channels' replies, leaving the others' in the outbox for instances that have
   * their adapters (`kaiwa chat` beside a running server drains the simulator's alone). Default: all.
   */
  drainOnly?: readonly ChannelName[];
  /** A session channel (ChannelAdapter.listen) failed to start. */
  onListenError?: (channel: ChannelName, error: unknown) => void;
  /**
   * Failed turns (how many attempts per event before giving up on it, who hears of each failure), and
   * the feature modules' hooks into every turn and proactive send (src/modules; src/app wires them).
   */
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
  const unnamed = options.drainOnly?.filter((name) => !isChannelName(name)) ?? [];
  if (unnamed.length > 0)
    throw new RangeError(
      `drainOnly: ${unnamed.map((name) => `"${name}"`).join(', ')} is not a channel name (such as line)`,
    );
  const clock = options.clock ?? systemClock;
  const channels = new Map(options.channels.map((channel) => [channel.name, channel] as const));
  const rateLimiter =
    options.rateLimiter === false ? undefined : (options.rateLimiter ?? createMemoryRateLimiter(clock));
  const sending: Sending = { options, channels, clock, rateLimiter };
  const drains = createDrainRuns();
  const listening: Listening = { timer: undefined, sessions: [] };
  const engine: Engine = {
    channels,
    receive: (events) => receiveEvents(options, clock, events),
    sendProactive: (address, replies, proactive) =>
      sendProactive({ options, clock, drain: () => engine.drain() }, address, replies, proactive),
    delivered: (outboxId) => waitDelivered(drains.waiting, outboxId, () => engine.drain()),
    drain: () => joinDrain(drains, () => drainLoop(drains, sending)),
    start: () => startEngine(engine, options, listening),
    stop: () => stopEngine(listening, drains),
  };
  return engine;
}

/** Runs one turn per event, in order. */
async function receiveEvents(
  options: EngineOptions,
  clock: Clock,
  events: readonly InboundEvent[],
): Promise<TurnOutcome[]> {
  const outcomes: TurnOutcome[] = [];
  for (const event of events)
    outcomes.push(await runTurn(options.store, options.logic, sanitizeEvent(event), clock, options.turns));
  return outcomes;
}

/** Queues a proactive message in a transaction the send hooks (consent) may veto, then drains. */
async function sendProactive(
  { options, clock, drain }: { options: EngineOptions; clock: Clock; drain: () => Promise<DrainReport> },
  address: Address,
  replies: readonly Reply[],
  { purpose }: { purpose: 'marketing' | 'transactional' },
): Promise<number> {
  const id = await options.store.transaction(async (tx) => {
    for (const hook of options.turns?.hooks ?? []) await hook.beforeSend?.({ tx, address, purpose });
    return tx.outbox.enqueue(address, replies, clock.now().toISOString());
  });
  void drain().catch(() => undefined);
  return id;
}

/** What a drain sends with. */
interface Sending {
  options: EngineOptions;
  channels: ReadonlyMap<ChannelName, ChannelAdapter>;
  clock: Clock;
  rateLimiter: RateLimiter | undefined;
}

/** Callers of delivered(), by outbox id. */
type Waiting = Map<number, Set<() => void>>;

/** The drain under way, if any, and who waits on what it sends. */
interface DrainRuns {
  running: Promise<DrainReport> | undefined;
  /** drain() was asked again during the run: it looks once more before it ends. */
  again: boolean;
  /** Resolves `poked`: wakes a drain that waits on a slow send. */
  poke: () => void;
  poked: Promise<void>;
  waiting: Waiting;
}

function createDrainRuns(): DrainRuns {
  const runs: DrainRuns = {
    running: undefined,
    again: false,
    poke: () => undefined,
    poked: Promise.resolve(),
    waiting: new Map(),
  };
  rearmPoke(runs);
  return runs;
}

function rearmPoke(runs: DrainRuns): void {
  runs.poked = new Promise<void>((resolve) => (runs.poke = resolve));
}

/** Concurrent calls share one run, so nothing is sent twice. */
function joinDrain(runs: DrainRuns, loop: () => Promise<DrainReport>): Promise<DrainReport> {
  if (runs.running) {
    // A drain is under way: ask it to look once more, now if it waits on a slow send, and wait for it.
    runs.again = true;
    runs.poke();
    rearmPoke(runs);
    return runs.running;
  }
  runs.running = loop().finally(() => {
    runs.running = undefined;
  });
  return runs.running;
}

/** Drains the outbox until no drain() was asked for during the last pass. */
async function drainLoop(runs: DrainRuns, { options, channels, clock, rateLimiter }: Sending): Promise<DrainReport> {
  const total: DrainReport = { sent: 0, retried: 0, failed: 0 };
  do {
    runs.again = false;
    const report = await drainOutbox(options.store, channels, {
      clock,
      ...(rateLimiter ? { rateLimiter } : {}),
      onError: options.onSendError,
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
      ...(options.sendTimeoutMs ? { sendTimeoutMs: options.sendTimeoutMs } : {}),
      ...(options.drainOnly ? { only: options.drainOnly } : {}),
      onSettled: (ids) => settled(runs.waiting, ids),
      moreDue: () => runs.poked,
    });
    total.sent += report.sent;
    total.retried += report.retried;
    total.failed += report.failed;
  } while (runs.again);
  return total;
}

function settled(waiting: Waiting, ids: readonly number[]): void {
  for (const id of ids) {
    for (const resolve of waiting.get(id) ?? []) resolve();
    waiting.delete(id);
  }
}

async function waitDelivered(waiting: Waiting, outboxId: number, drain: () => Promise<DrainReport>): Promise<void> {
  let resolve!: () => void;
  const done = new Promise<void>((settle) => (resolve = settle));
  const callers = waiting.get(outboxId) ?? new Set();
  waiting.set(outboxId, callers.add(resolve));
  try {
    await Promise.race([done, drain()]);
  } finally {
    callers.delete(resolve);
    if (callers.size === 0 && waiting.get(outboxId) === callers) waiting.delete(outboxId);
  }
}

/** The periodic drain and the session channels' listeners (each resolves to its stop function). */
interface Listening {
  timer: ReturnType<typeof setInterval> | undefined;
  sessions: Promise<(() => Promise<void>) | undefined>[];
}

function startEngine(engine: Engine, options: EngineOptions, listening: Listening): void {
  listening.timer ??= setInterval(() => void engine.drain().catch(() => undefined), options.drainIntervalMs ?? 1_000);
  listening.timer.unref?.();
  void engine.drain().catch(() => undefined);
  if (listening.sessions.length === 0) {
    const deliver = async (events: readonly InboundEvent[]) => {
      await engine.receive(events);
      void engine.drain().catch(() => undefined);
    };
    listening.sessions = options.channels.flatMap((channel) =>
      channel.listen
        ? [channel.listen(deliver).catch((error: unknown) => void options.onListenError?.(channel.name, error))]
        : [],
    );
  }
}

async function stopEngine(listening: Listening, runs: DrainRuns): Promise<void> {
  if (listening.timer) clearInterval(listening.timer);
  listening.timer = undefined;
  const stops = await Promise.all(listening.sessions);
  listening.sessions = [];
  await Promise.all(stops.map((stop) => stop?.().catch(() => undefined)));
  await runs.running?.catch(() => undefined);
}
