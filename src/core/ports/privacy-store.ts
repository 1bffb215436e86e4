import type { Address, ConversationKey } from '../message.js';

/**
 * What erasing one shopper's conversation removed or anonymised, counted per part: the engine's
 * `sessions`, `transcript`, `outbox` and `inbox` (delivery ids of the conversation's inbound
 * events, with any failed attempts at them: some channels' event ids contain the user's id), and
 * each store slice's own (the built-in ones: `handoffs`, `ordersAnonymised`, `consents`).
 */
export interface ErasureReport {
  readonly sessions: number;
  readonly transcript: number;
  readonly outbox: number;
  readonly inbox: number;
  readonly [part: string]: number;
}

/** The right to erasure, per store: every table keyed by conversation contributes its part. */
export interface PrivacyStore {
  /**
   * Deletes the conversation's session, transcript, outbox and the delivery ids and failed attempts
   * of its inbound events, and runs every store slice's part (each slice lists its tables and what
   * erasure does to them: `StoreSlice.tables`), all in one transaction. Rows kept for the accounts get
   * `pseudonym` instead of the shopper's address. Idempotent: a second call reports zeros.
   */
  erase(key: ConversationKey, pseudonym: Address): Promise<ErasureReport>;
  /**
   * Retention: deletes conversation data older than `before` (ISO) — transcript lines, idle sessions
   * (not those a slice keeps, such as an open handoff's), sent or failed outbox rows, inbox ids — and
   * each slice's own old rows (the funnel's events). Orders are kept.
   */
  purgeBefore(before: string): Promise<PurgeReport>;
  /** Each slice's part of a shopper's data export, by key (the built-in ones: `orders`, `handoff`, `consent`). */
  exportParts(address: Address): Promise<Record<string, unknown>>;
}

export interface PurgeReport {
  readonly transcript: number;
  readonly sessions: number;
  readonly outbox: number;
  readonly inbox: number;
  readonly [part: string]: number;
}
