import { describe, expect, it } from 'vitest';
import {
  createMemoryRateLimiter,
  reserveSlot,
  type Clock,
  type RateLimiter,
  type SendRate,
} from '../../src/core/index.js';

const telegram: SendRate = { perSecond: 30, burst: 30, perChatPerSecond: 1, chatBurst: 3 };

describe('GCRA reservation', () => {
  it('lets a burst through, then spaces messages by the interval', () => {
    let tat: number | undefined;
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const slot = reserveSlot(tat, 0, 1, 1, 3);
      tat = slot.tat;
      waits.push(slot.wait);
    }
    expect(waits).toEqual([0, 0, 0, 1000, 2000]);
  });

  it('counts a turn of several messages as several sends', () => {
    const first = reserveSlot(undefined, 0, 4, 2, 1);
    expect(first).toEqual({ wait: 0, tat: 2000 });
    expect(reserveSlot(first.tat, 500, 1, 2, 1).wait).toBe(1500);
  });
});

function paced(limiter: RateLimiter) {
  return async (chat: string) => limiter.reserve('telegram', chat, 1, telegram);
}

describe('in-process limiter', () => {
  it('holds one chat to 1 message/s after a burst of 3, without slowing other chats', async () => {
    const now = new Date('2026-11-22T10:00:00Z');
    const clock: Clock = { now: () => now };
    const reserve = paced(createMemoryRateLimiter(clock));
    const waits = [await reserve('a'), await reserve('a'), await reserve('a'), await reserve('a'), await reserve('a')];
    expect(waits).toEqual([0, 0, 0, 1000, 2000]);
    expect(await reserve('b')).toBe(0);
  });

  it('holds the whole bot to 30 messages/s across chats', async () => {
    const clock: Clock = { now: () => new Date('2026-11-22T10:00:00Z') };
    const reserve = paced(createMemoryRateLimiter(clock));
    const waits: number[] = [];
    for (let i = 0; i < 60; i++) waits.push(await reserve(`chat-${i}`));
    expect(waits.slice(0, 30).every((wait) => wait === 0)).toBe(true);
    expect(waits[30]).toBe(34); // one interval (1000/30 ms), rounded up
    expect(waits[59]).toBe(Math.ceil((30 * 1000) / 30));
  });
});
