import { ChannelSendError, UpstreamUnreachableError } from '../errors.js';
import type { ChannelName } from '../message.js';
import type { ChannelAdapter } from '../ports/channel-adapter.js';
import type { Clock } from '../ports/clock.js';
import type { RateLimiter } from '../ports/rate-limiter.js';
import type { OutboxItem, Store } from '../ports/store.js';
import { retryDelayMs } from './backoff.js';

export interface DrainReport {
  sent: number;
  retried: number;
  failed: number;
}

export interface DrainOptions {
  clock: Clock;
  /** Give up after this many attempts (a message that never gets through is kept as failed). */
  maxAttempts?: number;
  batchSize?: number;
  /** How long a claimed item is reserved for this drainer (a crashed drainer's items come back after it). */
  leaseMs?: number;
  onError?: (item: OutboxItem, error: unknown) => void;
  /** Paces sends to each channel's `limits.sendRate`; without one, sends go as fast as they come. */
  rateLimiter?: RateLimiter;
  /**
   * A send the platform has not answered after this long is given up on and retried later
   * (default 30 s): one hanging request must not hold every other reply behind it.
   */
  sendTimeoutMs?: number;
  /** Only these channels' replies (all when absent); see OutboxStore.claimDue. */
  only?: readonly ChannelName[];
  /** Each outbox item this drain has dealt with (sent and marked, or put back for a retry, or failed), by id. */
  onSettled?: (ids: readonly number[]) => void;
  /**
   * Resolves when more may have become due (a turn queued replies). While a send is in flight the
   * drain waits for it or for this, so new replies to other chats do not wait behind a slow platform.
   */
  moreDue?: () => Promise<void>;
  /**
   * How long new replies wait for the sends under way before the drain claims them alongside
   * (default 250 ms). Quick sends end sooner, and their replies and the new ones then share one
   * claim and one sent mark; only a slow platform is overtaken.
   */
  patienceMs?: number;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref?.();
  });

/** `promise`, or an UpstreamUnreachableError once `ms` have passed (the promise itself runs on, unheard). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UpstreamUnreachableError(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * ARCHITECTURE.md step 4: sends what turns stored, oldest first and one item per conversation at a
 * time so per-chat order holds; 429/5xx are retried later, never dropped. Repeats until nothing is
 * due and nothing is in flight.
 */
export async function drainOutbox(
  store: Store,
  channels: ReadonlyMap<ChannelName, ChannelAdapter>,
  options: DrainOptions,
): Promise<DrainReport> {
  const report: DrainReport = { sent: 0, retried: 0, failed: 0 };
  const maxAttempts = options.maxAttempts ?? 12;
  const batchSize = options.batchSize ?? 50;
  // Sends under way, by channel part of a claim, and how many items they carry. A conversation whose
  // oldest pending item is claimed (leased) is not claimed again, so per-chat order holds while the
  // drain goes on claiming for the others.
  const inFlight = new Map<Promise<void>, number>();
  const busy = () => [...inFlight.values()].reduce((sum, count) => sum + count, 0);
  for (;;) {
    // Asked before claiming, so that replies queued after this claim's query wake the wait below.
    const more = options.moreDue?.();
    const room = batchSize - busy();
    const now = options.clock.now();
    const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 60_000)).toISOString();
    const due = room > 0 ? await store.outbox.claimDue(now.toISOString(), room, leaseUntil, options.only) : [];
    if (due.length === 0 && inFlight.size === 0) return report;
    // Each channel's part is marked sent when its own sends are done: a slow platform holds neither
    // the other channels' sent marks nor their next replies.
    const byChannel = new Map<ChannelName, OutboxItem[]>();
    for (const item of due) {
      const items = byChannel.get(item.address.channel);
      if (items) items.push(item);
      else byChannel.set(item.address.channel, [item]);
    }
    for (const items of byChannel.values()) {
      const sending: Promise<void> = sendAndMark(store, channels, items, maxAttempts, options, report).finally(() =>
        inFlight.delete(sending),
      );
      sending.catch(() => undefined); // the race below reports a failure; a later one must not go unheard
      inFlight.set(sending, items.length);
    }
    // Until a send ends (its chat may have more due), or new replies have waited `patienceMs`.
    const patience = options.patienceMs ?? 250;
    await Promise.race([...inFlight.keys(), ...(more && room > 0 ? [more.then(() => sleep(patience))] : [])]);
  }
}

/** Sends one channel's items of a round at once, then marks the ones that went in one write. */
async function sendAndMark(
  store: Store,
  channels: ReadonlyMap<ChannelName, ChannelAdapter>,
  items: readonly OutboxItem[],
  maxAttempts: number,
  options: DrainOptions,
  report: DrainReport,
): Promise<void> {
  const results = await Promise.all(items.map((item) => sendOne(store, channels, item, maxAttempts, options, report)));
  const sent = results.filter((item): item is OutboxItem => item !== undefined);
  if (sent.length > 0) {
    // One commit for these, not one per reply: commits are what a busy SQLite spends its time on.
    // A crash before it re-sends them after the lease (at-least-once on the last hop, as before).
    await store.outbox.markSent(sent, options.clock.now().toISOString());
    report.sent += sent.length;
  }
  options.onSettled?.(items.map((item) => item.id));
}

async function sendOne(
  store: Store,
  channels: ReadonlyMap<ChannelName, ChannelAdapter>,
  item: OutboxItem,
  maxAttempts: number,
  options: DrainOptions,
  report: DrainReport,
): Promise<OutboxItem | undefined> {
  const channel = channels.get(item.address.channel);
  if (!channel) {
    await store.outbox.markFailed(item.id, `no channel adapter "${item.address.channel}" is configured`);
    report.failed++;
    return undefined;
  }
  try {
    const rate = channel.limits.sendRate;
    if (rate && options.rateLimiter) {
      const wait = await options.rateLimiter.reserve(
        channel.name,
        item.address.conversationId,
        Math.max(1, item.replies.length),
        rate,
      );
      // Short waits are slept here (the claim's lease covers them); long ones go back to the outbox.
      if (wait > (options.leaseMs ?? 60_000) / 2) {
        await store.outbox.markRetry(
          item.id,
          new Date(options.clock.now().getTime() + wait).toISOString(),
          `paced: ${channel.name} send rate`,
        );
        report.retried++;
        return undefined;
      }
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    // A late answer to a send given up on is ignored; the retry may then repeat it on platforms
    // without an idempotency key (LINE has one), as after a crash.
    const sending = channel.send(item.address, item.replies);
    sending.catch(() => undefined);
    await within(sending, options.sendTimeoutMs ?? 30_000, channel.name);
    return item;
  } catch (error) {
    options.onError?.(item, error);
    const retryable =
      error instanceof UpstreamUnreachableError || (error instanceof ChannelSendError && error.details.retryable);
    const message = error instanceof Error ? error.message : String(error);
    if (retryable && item.attempts + 1 < maxAttempts) {
      const retryAfter = error instanceof ChannelSendError ? error.details.retryAfterMs : undefined;
      const next = new Date(options.clock.now().getTime() + retryDelayMs(item.attempts + 1, retryAfter));
      await store.outbox.markRetry(item.id, next.toISOString(), message);
      report.retried++;
    } else {
      await store.outbox.markFailed(item.id, message);
      report.failed++;
    }
    return undefined;
  }
}
