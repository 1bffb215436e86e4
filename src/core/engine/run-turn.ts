import { ConflictError } from '../errors.js';
import { conversationKey, type InboundEvent, type Reply } from '../message.js';
import type { Clock } from '../ports/clock.js';
import type { ConversationLogic } from '../ports/conversation.js';
import type { Store, TurnWrites } from '../ports/store.js';
import type { TurnHook } from '../ports/turn-hook.js';
import { collectCalls } from './turn-trace.js';

export type TurnOutcome =
  | {
      kind: 'handled';
      replies: Reply[];
      outboxId?: number;
      /** Every attempt failed; the event was given up on. */ gaveUp?: boolean;
    }
  | { kind: 'duplicate' };

export interface TurnOptions {
  /** Failed attempts at one event (counting the platform's redeliveries) before the engine gives up on it. Default 3. */
  maxAttempts?: number;
  /** Each failed attempt; `gaveUp` on the last, when the event is acknowledged and the shopper told. */
  onFailure?: (event: InboundEvent, error: unknown, attempts: number, gaveUp: boolean) => void;
  /** The feature modules taking part in every turn (handoff, funnel, …), in order. */
  hooks?: readonly TurnHook[];
}

const maxConflictRetries = 5;
const describe = (error: unknown) =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);

/**
 * One turn, ARCHITECTURE.md steps 2–3: deduplicate by (channel, event id), then in one
 * transaction serialised per conversation: load the snapshot, step, persist snapshot, outbox
 * and transcript. Nothing is sent here: the caller drains the outbox after the commit.
 */
export async function runTurn(
  store: Store,
  logic: ConversationLogic,
  event: InboundEvent,
  clock: Clock,
  options: TurnOptions = {},
): Promise<TurnOutcome> {
  const hooks = options.hooks ?? [];
  const prepared = logic.prepare ? await prepareTurn(store, logic, event, clock, hooks) : undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.transaction((tx) => turnInTransaction(tx, logic, event, clock, prepared, hooks));
    } catch (error) {
      // Another instance wrote this conversation first; the dedup row rolled back with us, so retry.
      if (error instanceof ConflictError) {
        if (attempt < maxConflictRetries) continue;
        throw error;
      }
      // The turn rolled back and the platform will redeliver. An event that fails every time (a
      // bug in a custom action, say) must not be retried forever with the shopper left in silence:
      // failures are counted across redeliveries, and after the last one the event is given up on.
      let attempts: number;
      try {
        attempts = await store.inbox.recordFailure(
          event.address.channel,
          event.id,
          describe(error),
          clock.now().toISOString(),
        );
      } catch {
        throw error; // The database itself is failing: let the platform retry later.
      }
      const gaveUp = attempts >= (options.maxAttempts ?? 3);
      options.onFailure?.(event, error, attempts, gaveUp);
      if (!gaveUp) throw error;
      return store.transaction((tx) => giveUp(tx, logic, event, clock, error, attempts));
    }
  }
}

/** Acknowledges an event every attempt failed on: stored as seen, the shopper told, the session left as it was. */
async function giveUp(
  tx: Store,
  logic: ConversationLogic,
  event: InboundEvent,
  clock: Clock,
  error: unknown,
  attempts: number,
): Promise<TurnOutcome> {
  const now = clock.now();
  const at = now.toISOString();
  const key = conversationKey(event.address);
  await tx.lockConversation(key);
  if (!(await tx.inbox.markSeen(event.address.channel, event.id, at))) return { kind: 'duplicate' };
  const session = await tx.sessions.load(key);
  const told = logic.failed
    ? await logic.failed({ tx, event, session, now, error, attempts }).catch(() => undefined)
    : undefined;
  const replies = told?.replies ?? [];
  const trace = {
    from: told?.trace?.from ?? null,
    to: told?.trace?.to ?? '(unchanged)',
    actions: [],
    calls: [],
    ms: 0,
    failed: { attempts, error: describe(error) },
  };
  await tx.transcript.append(event.address, [{ direction: 'in', at, event: { ...event, raw: undefined }, trace }]);
  if (replies.length === 0) return { kind: 'handled', replies, gaveUp: true };
  const outboxId = await tx.outbox.enqueue(event.address, replies, at);
  return { kind: 'handled', replies, outboxId, gaveUp: true };
}

/**
 * The logic's slow work for this event (its model calls), done before the transaction: other turns
 * commit meanwhile. Nothing is prepared for a redelivery, nor where a hook says not to (a
 * conversation a person has taken over), and a preparation that fails is dropped: the turn does the work itself.
 */
async function prepareTurn(
  store: Store,
  logic: ConversationLogic,
  event: InboundEvent,
  clock: Clock,
  hooks: readonly TurnHook[],
): Promise<unknown> {
  try {
    const key = conversationKey(event.address);
    if (await store.inbox.seen(event.address.channel, event.id)) return undefined;
    for (const hook of hooks)
      if (hook.shouldPrepare && !(await hook.shouldPrepare({ store, event, key }))) return undefined;
    return await logic.prepare!({ store, event, session: await store.sessions.load(key), now: clock.now() });
  } catch {
    return undefined;
  }
}

async function turnInTransaction(
  tx: Store,
  logic: ConversationLogic,
  event: InboundEvent,
  clock: Clock,
  prepared: unknown,
  hooks: readonly TurnHook[],
): Promise<TurnOutcome> {
  const now = clock.now();
  const at = now.toISOString();
  const key = conversationKey(event.address);
  // Stores where every call is a round trip (PostgreSQL) do the same in two statements: tx.turns.
  const writes = tx.turns;
  let loaded: Awaited<ReturnType<TurnWrites['open']>> = undefined;
  if (writes) {
    loaded = await writes.open(key, event.address.channel, event.id, at);
    if (!loaded) return { kind: 'duplicate' };
  } else {
    await tx.lockConversation(key);
    if (!(await tx.inbox.markSeen(event.address.channel, event.id, at))) return { kind: 'duplicate' };
  }
  // A hook may take the event from the flow (a person has taken over): it is kept, the bot stays quiet.
  const input = { tx, event, key, at };
  for (const hook of hooks)
    if (hook.intercept && (await hook.intercept({ ...input, ...(loaded ? { opened: loaded.facts } : {}) }))) {
      await tx.transcript.append(event.address, [{ direction: 'in', at, event: { ...event, raw: undefined } }]);
      return { kind: 'handled', replies: [] };
    }
  const session = loaded ? loaded.session : await tx.sessions.load(key);
  const started = performance.now();
  const { result, calls } = await collectCalls(() =>
    logic.step({ tx, event, session, now, ...(prepared === undefined ? {} : { prepared }) }),
  );
  const saved = { ...result.session, version: (session?.version ?? 0) + 1, updatedAt: at };
  const trace = result.trace
    ? { ...result.trace, calls, ms: Math.round((performance.now() - started) * 10) / 10 }
    : undefined;
  const inbound = { direction: 'in' as const, at, event: { ...event, raw: undefined }, ...(trace ? { trace } : {}) };
  const replies = hooks.reduce((shaped, hook) => (hook.replies ? hook.replies(event, shaped) : shaped), result.replies);
  let outboxId: number | undefined;
  if (writes) {
    outboxId = await writes.close(
      key,
      saved,
      inbound,
      replies.length > 0 ? { address: event.address, replies } : undefined,
    );
  } else {
    await tx.sessions.save(key, saved);
    await tx.transcript.append(event.address, [inbound]);
    if (replies.length > 0) outboxId = await tx.outbox.enqueue(event.address, replies, at);
  }
  for (const hook of hooks) await hook.after?.({ ...input, result });
  return outboxId === undefined ? { kind: 'handled', replies: [] } : { kind: 'handled', replies, outboxId };
}
