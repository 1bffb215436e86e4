import type { ChannelName } from '../message.js';
import type { Clock } from '../ports/clock.js';
import type { RateLimiter, SendRate } from '../ports/rate-limiter.js';

/**
 * GCRA ("virtual scheduling"): each key keeps the theoretical time its next message may go. A
 * reservation starts at that time (or now), minus the burst allowance, and moves it on by
 * `count` intervals. Used by both limiters so they pace alike.
 */
export function reserveSlot(
  tat: number | undefined,
  now: number,
  count: number,
  perSecond: number,
  burst: number,
): { wait: number; tat: number } {
  const interval = 1000 / perSecond;
  const start = Math.max(tat ?? now, now);
  const wait = Math.max(0, start - now - (burst - 1) * interval);
  return { wait: Math.ceil(wait), tat: start + count * interval };
}

/** One process's limiter: enough for a single instance; several instances use the Redis one. */
export function createMemoryRateLimiter(clock: Clock): RateLimiter {
  const tats = new Map<string, number>();
  const take = (key: string, count: number, perSecond: number, burst: number, now: number) => {
    const slot = reserveSlot(tats.get(key), now, count, perSecond, burst);
    tats.set(key, slot.tat);
    if (tats.size > 100_000) for (const [stale, time] of tats) if (time < now) tats.delete(stale);
    return slot.wait;
  };
  return {
    async reserve(channel: ChannelName, chatId: string, count: number, rate: SendRate) {
      const now = clock.now().getTime();
      const overall = take(channel, count, rate.perSecond, rate.burst ?? 1, now);
      const chat = rate.perChatPerSecond
        ? take(`${channel}\u0000${chatId}`, count, rate.perChatPerSecond, rate.chatBurst ?? 1, now)
        : 0;
      return Math.max(overall, chat);
    },
  };
}
