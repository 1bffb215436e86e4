import {
  conversationKey,
  type ErasureReport,
  type PrivacyStore,
  type PurgeReport,
  type Store,
} from '../../core/index.js';
import {
  addCounts,
  changes,
  exportParts,
  keyParts,
  sparedSessions,
  type ErasureTarget,
  type StoreSlice,
} from '../slice.js';
import type { Queryable } from './queryable.js';

const { channel: keyChannel } = keyParts.postgres;
// The conversation's inbound event ids, as its transcript holds them (read before the transcript goes).
const inboundIds = "SELECT body->>'id' FROM transcript WHERE conversation = $1 AND direction = 'in'";

/** Erasure's statements for the engine's tables, each with the conversation's key as $1. */
const eraseSql = {
  delivery: `DELETE FROM inbox WHERE channel = ${keyChannel} AND event_id IN (${inboundIds})`,
  failures: `DELETE FROM inbound_failures WHERE channel = ${keyChannel} AND event_id IN (${inboundIds})`,
  sessions: 'DELETE FROM sessions WHERE key = $1',
  transcript: 'DELETE FROM transcript WHERE conversation = $1',
  outbox: 'DELETE FROM outbox WHERE conversation = $1',
};

/** Erasure for one conversation (docs/security.md): the engine's tables here, then each slice's part. */
async function eraseConversation(
  tx: Queryable,
  slices: readonly StoreSlice[],
  target: ErasureTarget,
): Promise<ErasureReport> {
  const parts: Record<string, number> = {};
  for (const slice of slices) if (slice.postgres.erase) addCounts(parts, await slice.postgres.erase(tx, target));
  const key = [target.key];
  const inbox = (await changes(tx, eraseSql.delivery, key)) + (await changes(tx, eraseSql.failures, key));
  return {
    sessions: await changes(tx, eraseSql.sessions, key),
    transcript: await changes(tx, eraseSql.transcript, key),
    outbox: await changes(tx, eraseSql.outbox, key),
    ...parts,
    inbox,
  };
}

async function purge(tx: Queryable, slices: readonly StoreSlice[], before: string): Promise<PurgeReport> {
  const parts: Record<string, number> = {};
  for (const slice of slices) if (slice.postgres.purge) addCounts(parts, await slice.postgres.purge(tx, before));
  const at = [before];
  return {
    transcript: await changes(tx, 'DELETE FROM transcript WHERE at < $1', at),
    sessions: await changes(
      tx,
      `DELETE FROM sessions WHERE updated_at < $1${sparedSessions(slices.map((slice) => slice.postgres))}`,
      at,
    ),
    outbox: await changes(tx, "DELETE FROM outbox WHERE created_at < $1 AND status IN ('sent', 'failed')", at),
    // Counted with the inbox: both are ids of inbound events.
    inbox:
      (await changes(tx, 'DELETE FROM inbox WHERE seen_at < $1', at)) +
      (await changes(tx, 'DELETE FROM inbound_failures WHERE last_at < $1', at)),
    ...parts,
  };
}

/** `store` is the whole store (read when a shopper's data is exported), for the slices' export parts. */
export function createPrivacyRepository(
  transactional: <T>(fn: (db: Queryable) => Promise<T>) => Promise<T>,
  slices: readonly StoreSlice[],
  store: () => Store,
): PrivacyStore {
  return {
    erase: (key, pseudonym) =>
      transactional((tx) =>
        eraseConversation(tx, slices, {
          key,
          pseudonym: JSON.stringify(pseudonym),
          pseudonymKey: conversationKey(pseudonym),
        }),
      ),
    purgeBefore: (before) => transactional((tx) => purge(tx, slices, before)),
    exportParts: (address) => exportParts(slices, store(), address),
  };
}
