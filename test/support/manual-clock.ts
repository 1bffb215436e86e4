import { performance } from 'node:perf_hooks';
import { setTimeout as realSleep } from 'node:timers/promises';
import { vi } from 'vitest';
import type { Clock } from '../../src/core/index.js';

/**
 * A Clock that only moves when the test says so, with the timers the engine sleeps on (global
 * setTimeout/setInterval: src/core/engine/drain-outbox.ts paces sends with them, not through the
 * Clock) faked on the same time line, so a paced send fires exactly when the clock reaches it.
 * `Date` and the event loop stay real: sockets, SQLite and fetch go on as usual, only at frozen time.
 * Call `restore()` when done (in a finally or afterEach).
 */
export function useManualClock(start = new Date('2026-11-22T10:00:00Z')) {
  vi.useFakeTimers({ now: start, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  const at = () => vi.getMockedSystemTime() ?? start;
  const clock: Clock = { now: () => new Date(at().getTime()) };
  return {
    clock,
    /** Milliseconds of clock time since `start`. */
    elapsed: () => at().getTime() - start.getTime(),
    /** Moves the clock on by `ms`, firing the timers that fall due on the way, each at its own time. */
    advance: (ms: number) => vi.advanceTimersByTimeAsync(ms),
    restore: () => vi.useRealTimers(),
  };
}

/**
 * Waits in real time (the fake timers do not move) until `condition` holds: for I/O that goes on at
 * one clock instant. Fails after `timeoutMs` of real time, naming `what`.
 */
export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await realSleep(5);
  }
}
