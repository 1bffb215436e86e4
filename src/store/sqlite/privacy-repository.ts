import type Database from 'better-sqlite3';
import { conversationKey, type ErasureReport, type PrivacyStore } from '../../core/index.js';

/** The SQLite privacy repository: the port, and what the store does on close. */
export interface SqlitePrivacyRepository extends PrivacyStore {
  /** Truncates the WAL if an erasure's checkpoint was kept from finishing by a reader (called on close). */
  finishErasure(): void;
}

// A one-to-one chat's key is `channel:userId` (conversationKey): the channel part, and the consent's user id.
const keyChannel = "substr(@key, 1, instr(@key, ':') - 1)";
const keyUser = "substr(@key, instr(@key, ':') + 1)";
// The conversation's inbound event ids, as its transcript holds them (read before the transcript goes).
const inboundIds = "SELECT json_extract(body, '$.id') FROM transcript WHERE conversation = @key AND direction = 'in'";

/**
 * Erasure for one conversation (docs/security.md): every table's part is in `shopperDataByTable`
 * (src/modules/privacy/shopper-data.ts); a new table keyed by the shopper adds its statement here.
 */
function eraseStatements(db: Database.Database) {
  const run = (sql: string) => {
    const statement = db.prepare(sql);
    return (params: { key: string; pseudonym: string; pseudonymKey: string }) => statement.run(params).changes;
  };
  const delivery = run(`DELETE FROM inbox WHERE channel = ${keyChannel} AND event_id IN (${inboundIds})`);
  const failures = run(`DELETE FROM inbound_failures WHERE channel = ${keyChannel} AND event_id IN (${inboundIds})`);
  const sessions = run('DELETE FROM sessions WHERE key = @key');
  const transcript = run('DELETE FROM transcript WHERE conversation = @key');
  const outbox = run('DELETE FROM outbox WHERE conversation = @key');
  const handoffs = run('DELETE FROM handoffs WHERE key = @key');
  const consents = run(`DELETE FROM consents WHERE channel = ${keyChannel} AND user_id = ${keyUser}`);
  const orders = run('UPDATE orders SET address = @pseudonym, conversation = @pseudonymKey WHERE conversation = @key');
  // Funnel counts stay (they are the shop's statistics), no longer tied to the person.
  const funnel = run('UPDATE funnel_events SET conversation = @pseudonymKey WHERE conversation = @key');
  return db.transaction((params: { key: string; pseudonym: string; pseudonymKey: string }): ErasureReport => {
    funnel(params);
    const inbox = delivery(params) + failures(params);
    return {
      sessions: sessions(params),
      transcript: transcript(params),
      outbox: outbox(params),
      handoffs: handoffs(params),
      ordersAnonymised: orders(params),
      consents: consents(params),
      inbox,
    };
  });
}

/**
 * Copies the WAL into the file and truncates it, so the erased rows' page images do not stay in
 * `kaiwa.db-wal` (secure_delete, set on open, zeroes them in the file). Another process's read
 * transaction keeps it from finishing (after busy_timeout): the old frames then stay until a later
 * checkpoint succeeds — the next erasure, closing the store, or SQLite's own on the last close.
 * Returns whether it finished.
 */
function truncateWal(db: Database.Database): boolean {
  if (db.memory) return true;
  // Inside a caller's transaction it cannot run: left for the next erasure or the close.
  if (db.inTransaction) return false;
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  return result?.busy === 0;
}

export function createPrivacyRepository(db: Database.Database): SqlitePrivacyRepository {
  const erase = eraseStatements(db);
  let walPending = false;
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
  return {
    erase: async (key, pseudonym) => {
      const report = erase({ key, pseudonym: JSON.stringify(pseudonym), pseudonymKey: conversationKey(pseudonym) });
      walPending = !truncateWal(db);
      return report;
    },
    purgeBefore: async (before) => purge(before),
    finishErasure: () => {
      if (walPending) walPending = !truncateWal(db);
    },
  };
}
