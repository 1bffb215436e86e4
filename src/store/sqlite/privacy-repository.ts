import type Database from 'better-sqlite3';
import {
  conversationKey,
  type ErasureReport,
  type PrivacyStore,
  type PurgeReport,
  type Store,
} from '../../core/index.js';
import { addCounts, exportParts, keyParts, sparedSessions, type ErasureTarget, type StoreSlice } from '../slice.js';

/** The SQLite privacy repository: the port, and what the store does on close. */
export interface SqlitePrivacyRepository extends PrivacyStore {
  /** Truncates the WAL if an erasure's checkpoint was kept from finishing by a reader (called on close). */
  finishErasure(): void;
}

const { channel: keyChannel } = keyParts.sqlite;
// The conversation's inbound event ids, as its transcript holds them (read before the transcript goes).
const inboundIds = "SELECT json_extract(body, '$.id') FROM transcript WHERE conversation = @key AND direction = 'in'";

/**
 * Erasure for one conversation (docs/security.md): the engine's tables here, then each slice's
 * part (`StoreSlice.sqlite.erase`), in one transaction.
 */
function eraseStatements(db: Database.Database, slices: readonly StoreSlice[]) {
  const run = (sql: string) => {
    const statement = db.prepare(sql);
    return (target: ErasureTarget) => statement.run({ key: target.key }).changes;
  };
  const delivery = run(`DELETE FROM inbox WHERE channel = ${keyChannel} AND event_id IN (${inboundIds})`);
  const failures = run(`DELETE FROM inbound_failures WHERE channel = ${keyChannel} AND event_id IN (${inboundIds})`);
  const sessions = run('DELETE FROM sessions WHERE key = @key');
  const transcript = run('DELETE FROM transcript WHERE conversation = @key');
  const outbox = run('DELETE FROM outbox WHERE conversation = @key');
  return db.transaction((target: ErasureTarget): ErasureReport => {
    const parts: Record<string, number> = {};
    for (const slice of slices) if (slice.sqlite.erase) addCounts(parts, slice.sqlite.erase(db, target));
    const inbox = delivery(target) + failures(target);
    return {
      sessions: sessions(target),
      transcript: transcript(target),
      outbox: outbox(target),
      ...parts,
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

function purgeStatements(db: Database.Database, slices: readonly StoreSlice[]) {
  const purges = {
    transcript: db.prepare('DELETE FROM transcript WHERE at < ?'),
    sessions: db.prepare(
      `DELETE FROM sessions WHERE updated_at < ?${sparedSessions(slices.map((slice) => slice.sqlite))}`,
    ),
    outbox: db.prepare("DELETE FROM outbox WHERE created_at < ? AND status IN ('sent', 'failed')"),
    inbox: db.prepare('DELETE FROM inbox WHERE seen_at < ?'),
    failures: db.prepare('DELETE FROM inbound_failures WHERE last_at < ?'),
  };
  return db.transaction((before: string): PurgeReport => {
    const parts: Record<string, number> = {};
    for (const slice of slices) if (slice.sqlite.purge) addCounts(parts, slice.sqlite.purge(db, before));
    return {
      transcript: purges.transcript.run(before).changes,
      sessions: purges.sessions.run(before).changes,
      outbox: purges.outbox.run(before).changes,
      // Counted with the inbox: both are ids of inbound events.
      inbox: purges.inbox.run(before).changes + purges.failures.run(before).changes,
      ...parts,
    };
  });
}

/** `store` is the whole store (read when a shopper's data is exported), for the slices' export parts. */
export function createPrivacyRepository(
  db: Database.Database,
  slices: readonly StoreSlice[],
  store: () => Store,
): SqlitePrivacyRepository {
  const erase = eraseStatements(db, slices);
  const purge = purgeStatements(db, slices);
  let walPending = false;
  return {
    erase: async (key, pseudonym) => {
      const report = erase({ key, pseudonym: JSON.stringify(pseudonym), pseudonymKey: conversationKey(pseudonym) });
      walPending = !truncateWal(db);
      return report;
    },
    purgeBefore: async (before) => purge(before),
    exportParts: (address) => exportParts(slices, store(), address),
    finishErasure: () => {
      if (walPending) walPending = !truncateWal(db);
    },
  };
}
