import type Database from 'better-sqlite3';
import { conversationKey, type PrivacyStore } from '../../core/index.js';

/** Erasure for one conversation (docs/security.md): a new table keyed by conversation adds its DELETE here. */
export function createPrivacyRepository(db: Database.Database): PrivacyStore {
  const statements = {
    sessions: db.prepare('DELETE FROM sessions WHERE key = ?'),
    transcript: db.prepare('DELETE FROM transcript WHERE conversation = ?'),
    outbox: db.prepare('DELETE FROM outbox WHERE conversation = ?'),
    handoffs: db.prepare('DELETE FROM handoffs WHERE key = ?'),
    orders: db.prepare('UPDATE orders SET address = ?, conversation = ? WHERE conversation = ?'),
    funnel: db.prepare('UPDATE funnel_events SET conversation = ? WHERE conversation = ?'),
  };
  const erase = db.transaction((key: string, pseudonym: string, pseudonymKey: string) => {
    // Funnel counts stay (they are the shop's statistics), no longer tied to the person.
    statements.funnel.run(pseudonymKey, key);
    return {
    sessions: statements.sessions.run(key).changes,
    transcript: statements.transcript.run(key).changes,
    outbox: statements.outbox.run(key).changes,
    handoffs: statements.handoffs.run(key).changes,
    ordersAnonymised: statements.orders.run(pseudonym, pseudonymKey, key).changes,
    };
  });
  const purges = {
    transcript: db.prepare('DELETE FROM transcript WHERE at < ?'),
    sessions: db.prepare('DELETE FROM sessions WHERE updated_at < ? AND key NOT IN (SELECT key FROM handoffs)'),
    outbox: db.prepare("DELETE FROM outbox WHERE created_at < ? AND status IN ('sent', 'failed')"),
    inbox: db.prepare('DELETE FROM inbox WHERE seen_at < ?'),
    failures: db.prepare('DELETE FROM inbound_failures WHERE last_at < ?'),
    funnel: db.prepare('DELETE FROM funnel_events WHERE at < ?'),
  };
  const purge = db.transaction((before: string) => ({
    transcript: purges.transcript.run(before).changes,
    sessions: purges.sessions.run(before).changes,
    outbox: purges.outbox.run(before).changes,
    // Counted with the inbox: both are ids of inbound events.
    inbox: purges.inbox.run(before).changes + purges.failures.run(before).changes,
    funnel: purges.funnel.run(before).changes,
  }));
  return { erase: async (key, pseudonym) => erase(key, JSON.stringify(pseudonym), conversationKey(pseudonym)), purgeBefore: async (before) => purge(before) };
}
