import type { Address, ConversationKey, InboundEvent, Reply } from '../message.js';
import type { TurnTrace } from './turn-trace.js';
import type { CatalogStore } from './catalog-store.js';
import type { PrivacyStore } from './privacy-store.js';

export type { ConversationKey } from '../message.js';

export interface StoredSession {
  flowId: string;
  /** Hash of the compiled flow; a change means the snapshot may need migrating. */
  flowHash: string;
  /** XState's getPersistedSnapshot(), as JSON. */
  snapshot: unknown;
  /** Incremented on every save; optimistic concurrency. */
  version: number;
  updatedAt: string;
}

export interface SessionStore {
  load(key: ConversationKey): Promise<StoredSession | undefined>;
  /** Writes `session` if the stored version is `session.version - 1` (or absent for 1); else throws ConflictError. */
  save(key: ConversationKey, session: StoredSession): Promise<void>;
}

export interface InboxStore {
  /** Remembers `(channel, eventId)`; false if it was seen before (a redelivery). */
  markSeen(channel: string, eventId: string, at: string): Promise<boolean>;
  /** Whether `(channel, eventId)` was handled already: a plain read, to skip slow work for a redelivery before its turn. */
  seen(channel: string, eventId: string): Promise<boolean>;
  /**
   * Counts a failed attempt at an event's turn, outside any transaction (the turn rolled back), and
   * returns how many attempts have failed so far, this one included.
   */
  recordFailure(channel: string, eventId: string, error: string, at: string): Promise<number>;
}

export interface OutboxItem {
  id: number;
  address: Address;
  replies: Reply[];
  attempts: number;
  createdAt: string;
}

export interface OutboxStore {
  enqueue(address: Address, replies: readonly Reply[], at: string): Promise<number>;
  /**
   * Claims items due for sending, oldest first, at most one per conversation (its oldest unsent
   * one), so per-conversation order holds even when an earlier item waits for a retry. A claimed
   * item is leased until `leaseUntil`: no other drainer (in this or another instance) gets it
   * before then, and it comes back if its drainer died without marking it.
   *
   * With `only`, items of those channels alone: a process without the other channels' adapters (a
   * terminal chat beside a running server) leaves their replies to the instances that have them.
   */
  claimDue(now: string, limit: number, leaseUntil: string, only?: readonly string[]): Promise<OutboxItem[]>;
  /**
   * Marks claimed items sent and appends their replies to their conversations' transcripts, as one
   * atomic write (one statement on PostgreSQL, where each statement is a round trip).
   */
  markSent(items: readonly Pick<OutboxItem, 'id' | 'address' | 'replies'>[], at: string): Promise<void>;
  /** Keeps the item, to be tried again at `nextAttemptAt`. */
  markRetry(id: number, nextAttemptAt: string, error: string): Promise<void>;
  /** Gives up on the item (a permanent platform refusal); it stays stored for inspection. */
  markFailed(id: number, error: string): Promise<void>;
  pendingCount(): Promise<number>;
}

export interface TranscriptEntry {
  direction: 'in' | 'out';
  at: string;
  event?: InboundEvent;
  reply?: Reply;
  /** On inbound entries: what the turn did (simulator inspector). */
  trace?: TurnTrace;
}

/** Which conversations the console's list shows: a channel, words in the transcript's texts or the key, a page. */
export interface ConversationQuery {
  channel?: string;
  /** Found in a text the shopper or the shop wrote (any entry's `text`) or in the conversation key; case-insensitive for ASCII. */
  text?: string;
  /** Default 50, at most 1000. */
  limit?: number;
  offset?: number;
}

/** A conversation as the console's list shows it: its newest entry and how many it has. */
export interface ConversationSummary {
  key: ConversationKey;
  last: TranscriptEntry;
  entries: number;
}

export interface TranscriptStore {
  append(address: Address, entries: readonly TranscriptEntry[]): Promise<void>;
  list(key: ConversationKey, limit?: number): Promise<TranscriptEntry[]>;
  /** Conversations with a transcript, newest activity (latest entry) first. */
  conversations(query?: ConversationQuery): Promise<ConversationSummary[]>;
}

/**
 * The repositories feature modules add to the store. Each module declares its own with
 * `declare module` (as src/modules/handoff/store.ts does for `handoffs`) and brings their tables,
 * migrations and privacy parts as a `StoreSlice` (src/store/slice.ts) for both databases.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface StoreSlices {}

/**
 * Everything Kaiwa persists, one repository each: the engine's own (sessions, inbox, outbox,
 * transcript), the catalog, privacy (erasure and retention over every slice), and the modules'
 * slices. One implementation per database (`src/store/sqlite`, `src/store/postgres`); both pass
 * test/contract/store.contract.ts.
 */
export interface Store extends StoreSlices {
  readonly sessions: SessionStore;
  readonly inbox: InboxStore;
  readonly outbox: OutboxStore;
  readonly transcript: TranscriptStore;
  readonly catalog: CatalogStore;
  readonly privacy: PrivacyStore;
  /** Runs `fn` in one transaction: all of its writes commit together or none do. Nested calls join the outer one. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** Inside a transaction: no other turn of this conversation runs until it ends. */
  lockConversation(key: ConversationKey): Promise<void>;
  /**
   * Optional, for stores where each call is a network round trip: a turn's opening (lock the
   * conversation, mark the event seen, load the session) and closing writes (session, inbound
   * transcript line, outbox) in one statement each where it can. Same meaning as the separate
   * calls, which are used without it.
   */
  readonly turns?: TurnWrites;
  close(): Promise<void>;
}

export interface TurnWrites {
  /**
   * `lockConversation(key)`, `inbox.markSeen(...)`, then `sessions.load(key)` and the slices' turn
   * facts (a module's yes/no about the conversation, such as `handoff`: a person has it), read in
   * the same statement; undefined for a redelivery. A session read before another turn's commit
   * must make `close` fail with ConflictError (the turn is then retried).
   */
  open(
    key: ConversationKey,
    channel: string,
    eventId: string,
    at: string,
  ): Promise<{ session: StoredSession | undefined; facts: Readonly<Record<string, boolean>> } | undefined>;
  /** `sessions.save`, `transcript.append` of the inbound entry and, with replies, `outbox.enqueue` (its id). ConflictError as `save`. */
  close(
    key: ConversationKey,
    session: StoredSession,
    inbound: TranscriptEntry,
    outbox: { address: Address; replies: readonly Reply[] } | undefined,
  ): Promise<number | undefined>;
}
