import { conversationKey, type Address } from '../../core/index.js';
import type { Queryable } from '../../store/slice.js';
import type { Handoff, HandoffStore } from './store.js';

interface HandoffRow {
  key: string;
  address: Address;
  reason: string;
  since: string;
  last_message: string | null;
  last_message_at: string | null;
  resume_at: string | null;
}

const toHandoff = (row: HandoffRow): Handoff => ({
  key: row.key,
  address: row.address,
  reason: row.reason,
  since: row.since,
  ...(row.last_message !== null ? { lastMessage: row.last_message } : {}),
  ...(row.last_message_at !== null ? { lastMessageAt: row.last_message_at } : {}),
  ...(row.resume_at !== null ? { resumesAt: row.resume_at } : {}),
});

/** Conversations a person has taken over (docs/console.md). */
export function createHandoffRepository(db: Queryable): HandoffStore {
  return {
    open: async (address, reason, at) =>
      void (await db.query(
        'INSERT INTO handoffs (key, address, reason, since) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET resume_at = NULL',
        [conversationKey(address), JSON.stringify(address), reason.slice(0, 500), at],
      )),
    pauseForOwner: async (address, reason, at, resumesAt) =>
      void (await db.query(
        `INSERT INTO handoffs (key, address, reason, since, resume_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO UPDATE SET resume_at = excluded.resume_at WHERE handoffs.resume_at IS NOT NULL`,
        [conversationKey(address), JSON.stringify(address), reason.slice(0, 500), at, resumesAt ?? null],
      )),
    get: async (key) => {
      const row = (await db.query<HandoffRow>('SELECT * FROM handoffs WHERE key = $1', [key])).rows[0];
      return row && toHandoff(row);
    },
    list: async (limit = 100) =>
      (await db.query<HandoffRow>('SELECT * FROM handoffs ORDER BY since, key LIMIT $1', [limit])).rows.map(toHandoff),
    touch: async (key, message, at) =>
      void (await db.query('UPDATE handoffs SET last_message = $1, last_message_at = $2 WHERE key = $3', [
        message.slice(0, 500),
        at,
        key,
      ])),
    release: async (key) => (await db.query('DELETE FROM handoffs WHERE key = $1', [key])).rowCount === 1,
    resumeIfQuiet: async (key, at) =>
      (await db.query('DELETE FROM handoffs WHERE key = $1 AND resume_at IS NOT NULL AND resume_at <= $2', [key, at]))
        .rowCount === 1,
  };
}
