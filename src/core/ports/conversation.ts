import type { InboundEvent, Reply } from '../message.js';
import type { TurnTrace } from './turn-trace.js';
import type { Money } from '../money.js';
import type { Store, StoredSession } from './store.js';

export interface StepInput {
  /** The store inside the turn's transaction: every write joins it. */
  tx: Store;
  event: InboundEvent;
  /** undefined for a conversation's first event. */
  session: StoredSession | undefined;
  now: Date;
  /** What `prepare` returned for this event, if the logic has one; a hint only (see `prepare`). */
  prepared?: unknown;
}

export interface PrepareInput {
  /** The store outside any transaction: read only, and what it reads may be stale by the turn. */
  store: Store;
  event: InboundEvent;
  /** The session as last committed, read without the conversation's lock. */
  session: StoredSession | undefined;
  now: Date;
}

/**
 * Something a turn did: `conversation_started`, `recommendations_shown`, `added_to_cart`,
 * `checkout_started` (with the order and its total), `paid` (likewise). Modules read the names
 * they know (src/modules/funnel) in their `after` hook.
 */
export interface TurnSignal {
  name: string;
  orderId?: string;
  amount?: Money;
}

export interface StepResult {
  session: Pick<StoredSession, 'flowId' | 'flowHash' | 'snapshot'>;
  replies: Reply[];
  /** What the turn did, by name, for the modules that count it (the funnel: conversation started, cart, checkout, paid…). */
  signals?: TurnSignal[];
  /** What the turn did (states, actions), for the simulator's event log; the engine adds calls and time. */
  trace?: Omit<TurnTrace, 'calls' | 'ms'>;
}

/**
 * What decides the bot's answer to one event: implemented by src/flows (an XState machine
 * compiled from flow files). Pure with respect to the outside world: it may read and write the
 * store through `tx`, but it sends nothing — the engine does, after the transaction commits.
 */
export interface ConversationLogic {
  step(input: StepInput): Promise<StepResult>;
  /**
   * Optional: slow work for an event done before its turn, outside the transaction and the
   * conversation's lock (model calls: a shop with one writer, SQLite, would otherwise wait for every
   * model call queued ahead). It writes nothing; its result reaches `step` as `prepared`, which
   * must treat it as a cache that may not match (the conversation may have moved on meanwhile).
   * A failure here is ignored: the turn runs without it.
   */
  prepare?(input: PrepareInput): Promise<unknown>;
  /**
   * Optional: what to tell the shopper when an event's turn has failed every attempt (a bug in a
   * custom action, say) and the engine gives up on it. The session is left as it was.
   */
  failed?(input: StepInput & { error: unknown; attempts: number }): Promise<Pick<StepResult, 'replies' | 'trace'>>;
}
