import { conversationKey, type ErasureReport, type PrivacyStore } from '../../core/index.js';
import type { Queryable } from './queryable.js';

const changes = async (tx: Queryable, sql: string, values: unknown[]) => (await tx.query(sql, values)).rowCount ?? 0;

// A one-to-one chat's key is `channel:userId` (conversationKey): the channel part, and the consent's user id.
const keyChannel = "split_part($1, ':', 1)";
const keyUser = "substr($1, strpos($1, ':') + 1)";
// The conversation's inbound event ids, as its transcript holds them (read before the transcript goes).
const inboundIds = "SELECT body->>'id' FROM transcript WHERE conversation = $1 AND direction = 'in'";

/** Erasure's statements, each with the conversation's key as $1. */
const eraseSql = {
  delivery: `DELETE FROM inbox WHERE channel = ${keyChannel} AND event_id IN (${inboundIds})`,
  failures: `DELETE FROM inbound_failures WHERE channel = ${keyChannel} AND event_id IN (${inboundIds})`,
  sessions: 'DELETE FROM sessions WHERE key = $1',
  transcript: 'DELETE FROM transcript WHERE conversation = $1',
  outbox: 'DELETE FROM outbox WHERE conversation = $1',
  handoffs: 'DELETE FROM handoffs WHERE key = $1',
  consents: `DELETE FROM consents WHERE channel = ${keyChannel} AND user_id = ${keyUser}`,
  orders: 'UPDATE orders SET address = $2, conversation = $3 WHERE conversation = $1',
  // Funnel counts stay (they are the shop's statistics), no longer tied to the person.
  funnel: 'UPDATE funnel_events SET conversation = $2 WHERE conversation = $1',
};

/**
 * Erasure for one conversation (docs/security.md): every table's part is in `shopperDataByTable`
 * (src/modules/privacy/shopper-data.ts); a new table keyed by the shopper adds its statement here.
 */
async function eraseConversation(
  tx: Queryable,
  key: string,
  pseudonym: string,
  pseudonymKey: string,
): Promise<ErasureReport> {
  await tx.query(eraseSql.funnel, [key, pseudonymKey]);
  const inbox = (await changes(tx, eraseSql.delivery, [key])) + (await changes(tx, eraseSql.failures, [key]));
  return {
    sessions: await changes(tx, eraseSql.sessions, [key]),
    transcript: await changes(tx, eraseSql.transcript, [key]),
    outbox: await changes(tx, eraseSql.outbox, [key]),
    handoffs: await changes(tx, eraseSql.handoffs, [key]),
    ordersAnonymised: await changes(tx, eraseSql.orders, [key, pseudonym, pseudonymKey]),
    consents: await changes(tx, eraseSql.consents, [key]),
    inbox,
  };
}

const purgeSql = {
  transcript: 'DELETE FROM transcript WHERE at < $1',
  sessions: 'DELETE FROM sessions WHERE updated_at < $1 AND key NOT IN (SELECT key FROM handoffs)',
  outbox: "DELETE FROM outbox WHERE created_at < $1 AND status IN ('sent', 'failed')",
  inbox: 'DELETE FROM inbox WHERE seen_at < $1',
  failures: 'DELETE FROM inbound_failures WHERE last_at < $1',
  funnel: 'DELETE FROM funnel_events WHERE at < $1',
};

export function createPrivacyRepository(
  db: Queryable,
  transactional: <T>(fn: (db: Queryable) => Promise<T>) => Promise<T>,
): PrivacyStore {
  return {
    erase: (key, pseudonym) =>
      transactional((tx) => eraseConversation(tx, key, JSON.stringify(pseudonym), conversationKey(pseudonym))),
    purgeBefore: (before) =>
      transactional(async (tx) => ({
        transcript: await changes(tx, purgeSql.transcript, [before]),
        sessions: await changes(tx, purgeSql.sessions, [before]),
        outbox: await changes(tx, purgeSql.outbox, [before]),
        // Counted with the inbox: both are ids of inbound events.
        inbox: (await changes(tx, purgeSql.inbox, [before])) + (await changes(tx, purgeSql.failures, [before])),
        funnel: await changes(tx, purgeSql.funnel, [before]),
      })),
  };
}
