import { Redis } from 'ioredis';
import type { ChannelName, RateLimiter, SendRate } from '../core/index.js';

/**
 * The same GCRA as the in-process limiter (src/core/engine/memory-rate-limiter.ts), run atomically
 * in Redis on Redis's own clock, so every instance books from one schedule per channel and chat.
 */
const script = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local count = tonumber(ARGV[1])
local function take(key, rate, burst)
  local interval = 1000 / rate
  local tat = tonumber(redis.call('GET', key)) or now
  local start = math.max(tat, now)
  local wait = math.max(0, start - now - (burst - 1) * interval)
  local next = start + count * interval
  redis.call('SET', key, tostring(next), 'PX', math.ceil(next - now) + 1000)
  return wait
end
local wait = take(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
if KEYS[2] ~= nil and KEYS[2] ~= '' then wait = math.max(wait, take(KEYS[2], tonumber(ARGV[4]), tonumber(ARGV[5]))) end
return math.ceil(wait)
`;

export interface RedisRateLimiterOptions {
  /** REDIS_URL, e.g. redis://127.0.0.1:6379/0. */
  url: string;
  /** Prefix of every key (REDIS_KEY_PREFIX), so several shops can share one Redis. */
  prefix?: string;
}

/** A RateLimiter shared by every instance through Redis. */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const redis = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  // Without this listener a Redis outage would crash the process; sends then go unpaced (see reserve).
  redis.on('error', () => undefined);
  const prefix = `${options.prefix ?? 'kaiwa:'}rate:`;
  return {
    async reserve(channel: ChannelName, chatId: string, count: number, rate: SendRate) {
      const keys = [`${prefix}${channel}`, rate.perChatPerSecond ? `${prefix}${channel}:${chatId}` : ''];
      try {
        const wait = await redis.eval(
          script,
          2,
          ...keys,
          count,
          rate.perSecond,
          rate.burst ?? 1,
          rate.perChatPerSecond ?? 1,
          rate.chatBurst ?? 1,
        );
        return Number(wait);
      } catch {
        // Redis is down: pace nothing rather than stop selling; the platform's 429s still back off.
        return 0;
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
