import type { Address } from '../message.js';
import type { ConversationKey } from './store.js';

/** What erasing one shopper's conversation removed or anonymised. */
export interface ErasureReport {
  sessions: number;
  transcript: number;
  outbox: number;
  handoffs: number;
  /** Orders kept for the accounts (lines, totals, status, dates, provider ids) with the address replaced. */
  ordersAnonymised: number;
}

/** The right to erasure, per store: every table keyed by conversation contributes its part. */
export interface PrivacyStore {
  /**
   * Deletes the conversation's session, transcript, outbox and handoff, and replaces the address
   * on its orders with `pseudonym`. Idempotent: a second call finds nothing and reports zeros.
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
