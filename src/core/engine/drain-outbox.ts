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
}

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
 * ARCHITECTURE.md step 4: sends what turns stored, oldest first and one item per conversation per
 * round so per-chat order holds; 429/5xx are retried later, never dropped. Repeats until nothing is due.
 */
export async function drainOutbox(
  store: Store,
  channels: ReadonlyMap<ChannelName, ChannelAdapter>,
  options: DrainOptions,
): Promise<DrainReport> {
  const report: DrainReport = { sent: 0, retried: 0, failed: 0 };
  const maxAttempts = options.maxAttempts ?? 12;
  for (;;) {
    const now = options.clock.now();
    const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 60_000)).toISOString();
    const due = await store.outbox.claimDue(now.toISOString(), options.batchSize ?? 50, leaseUntil);
    if (due.length === 0) return report;
    const sent = (await Promise.all(due.map((item) => sendOne(store, channels, item, maxAttempts, options, report)))).filter((item): item is OutboxItem => item !== undefined);
    if (sent.length === 0) continue;
    // One commit for the round, not one per reply: commits are what a busy SQLite spends its time on.
    // A crash before it re-sends this round after the lease (at-least-once on the last hop, as before).
    const at = options.clock.now().toISOString();
    await store.outbox.markSent(sent, at);
    report.sent += sent.length;
  }
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
      const wait = await options.rateLimiter.reserve(channel.name, item.address.conversationId, Math.max(1, item.replies.length), rate);
      // Short waits are slept here (the claim's lease covers them); long ones go back to the outbox.
      if (wait > (options.leaseMs ?? 60_000) / 2) {
        await store.outbox.markRetry(item.id, new Date(options.clock.now().getTime() + wait).toISOString(), `paced: ${channel.name} send rate`);
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
    const retryable = error instanceof UpstreamUnreachableError || (error instanceof ChannelSendError && error.details.retryable);
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
