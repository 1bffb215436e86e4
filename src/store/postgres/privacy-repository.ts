import { conversationKey, type PrivacyStore } from '../../core/index.js';
import type { Queryable } from './queryable.js';

/** Erasure for one conversation (docs/security.md): a new table keyed by conversation adds its DELETE here. */
export function createPrivacyRepository(db: Queryable, transactional: <T>(fn: (db: Queryable) => Promise<T>) => Promise<T>): PrivacyStore {
  return {
    erase: (key, pseudonym) =>
      transactional(async (tx) => {
        // Funnel counts stay (they are the shop's statistics), no longer tied to the person.
        await tx.query('UPDATE funnel_events SET conversation = $1 WHERE conversation = $2', [conversationKey(pseudonym), key]);
        return {
        sessions: (await tx.query('DELETE FROM sessions WHERE key = $1', [key])).rowCount ?? 0,
        transcript: (await tx.query('DELETE FROM transcript WHERE conversation = $1', [key])).rowCount ?? 0,
        outbox: (await tx.query('DELETE FROM outbox WHERE conversation = $1', [key])).rowCount ?? 0,
        handoffs: (await tx.query('DELETE FROM handoffs WHERE key = $1', [key])).rowCount ?? 0,
        ordersAnonymised: (await tx.query('UPDATE orders SET address = $1, conversation = $2 WHERE conversation = $3', [JSON.stringify(pseudonym), conversationKey(pseudonym), key])).rowCount ?? 0,
        };
      }),
      purgeBefore: (before) =>
      transactional(async (tx) => ({
        transcript: (await tx.query('DELETE FROM transcript WHERE at < $1', [before])).rowCount ?? 0,
        sessions: (await tx.query('DELETE FROM sessions WHERE updated_at < $1 AND key NOT IN (SELECT key FROM handoffs)', [before])).rowCount ?? 0,
        outbox: (await tx.query("DELETE FROM outbox WHERE created_at < $1 AND status IN ('sent', 'failed')", [before])).rowCount ?? 0,
        // Counted with the inbox: both are ids of inbound events.
        inbox: ((await tx.query('DELETE FROM inbox WHERE seen_at < $1', [before])).rowCount ?? 0) + ((await tx.query('DELETE FROM inbound_failures WHERE last_at < $1', [before])).rowCount ?? 0),
        funnel: (await tx.query('DELETE FROM funnel_events WHERE at < $1', [before])).rowCount ?? 0,
      })),
  };
}
