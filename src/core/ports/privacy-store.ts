import type { Address, ConversationKey } from '../message.js';

/** What erasing one shopper's conversation removed or anonymised. */
export interface ErasureReport {
  sessions: number;
  transcript: number;
  outbox: number;
  handoffs: number;
  /** Orders kept for the accounts (lines, totals, status, dates, provider ids) with the address replaced. */
  ordersAnonymised: number;
  /** The shopper's marketing consent on the channel (its choice, time and source): 0 or 1. */
  consents: number;
  /**
   * Delivery ids of the conversation's inbound events, with any failed attempts at them (their error text
   * may quote the shopper): some channels' event ids contain the user's id.
   */
  inbox: number;
}

/** The right to erasure, per store: every table keyed by conversation contributes its part. */
export interface PrivacyStore {
  /**
   * Deletes the conversation's session, transcript, outbox, handoff, consent (the channel's user whose
   * one-to-one chat `key` is) and the delivery ids and failed attempts of its inbound events, and replaces
   * the address on its orders and funnel events with `pseudonym`. Every table's part:
   * `shopperDataByTable` (src/modules/privacy/shopper-data.ts). Idempotent: a second call reports zeros.
   */
  erase(key: ConversationKey, pseudonym: Address): Promise<ErasureReport>;
  /**
   * Retention: deletes conversation data older than `before` (ISO) — transcript lines, idle sessions,
   * sent or failed outbox rows, inbox ids, funnel events. Orders and open handoffs are kept.
   */
  purgeBefore(before: string): Promise<PurgeReport>;
}

export interface PurgeReport {
  transcript: number;
  sessions: number;
  outbox: number;
  inbox: number;
  funnel: number;
}
