import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { SendRate } from '../../src/core/index.js';
import { createRedisRateLimiter } from '../../src/ratelimit/redis-rate-limiter.js';

// The pure reservation and the in-process limiter are in rate-limiter.unit.test.ts; this needs Redis.
const telegram: SendRate = { perSecond: 30, burst: 30, perChatPerSecond: 1, chatBurst: 3 };

describe('Redis limiter (real Redis at 127.0.0.1:6379)', () => {
  const prefix = `kaiwa-test-${randomUUID()}:`;
  const one = createRedisRateLimiter({ url: 'redis://127.0.0.1:6379', prefix });
  const two = createRedisRateLimiter({ url: 'redis://127.0.0.1:6379', prefix });
  afterAll(async () => {
    await one.close?.();
    await two.close?.();
  });

  it('shares one schedule between instances: a chat gets 3 at once, then one per second, whoever sends', async () => {
    const waits = [
      await one.reserve('telegram', 'c1', 1, telegram),
      await two.reserve('telegram', 'c1', 1, telegram),
      await one.reserve('telegram', 'c1', 1, telegram),
      await two.reserve('telegram', 'c1', 1, telegram),
      await one.reserve('telegram', 'c1', 1, telegram),
    ];
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    // Redis's clock moves on between calls, so allow a few milliseconds.
    expect(waits[3]).toBeGreaterThan(950);
    expect(waits[3]).toBeLessThanOrEqual(1000);
    expect(waits[4]).toBeGreaterThan(1950);
    expect(waits[4]).toBeLessThanOrEqual(2000);
  });

  it('does not stop sends when Redis is unreachable', async () => {
    const down = createRedisRateLimiter({ url: 'redis://127.0.0.1:1', prefix });
    expect(await down.reserve('telegram', 'c9', 1, telegram)).toBe(0);
    await down.close?.();
  });
});
