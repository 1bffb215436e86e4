import { AsyncLocalStorage } from 'node:async_hooks';

import type { TraceCall } from '../ports/turn-trace.js';

export type { TraceCall, TurnTrace } from '../ports/turn-trace.js';

const current = new AsyncLocalStorage<{ calls: TraceCall[] }>();

/** Runs `fn` collecting the calls made inside it through `noteCall`. */
export function collectCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: TraceCall[] }> {
  const calls: TraceCall[] = [];
  return current.run({ calls }, async () => ({ result: await fn(), calls }));
}

/** Records a call in the running turn's trace; outside a turn it does nothing. */
export function noteCall(call: TraceCall): void {
  current.getStore()?.calls.push(call);
}
