import type Database from 'better-sqlite3';
import { conversationKey } from '../../core/index.js';
import type { Handoff, HandoffStore } from './store.js';

interface HandoffRow {
  key: string;
  address: string;
  reason: string;
  since: string;
  last_message: string | null;
  last_message_at: string | null;
  resume_at: string | null;
}

const toHandoff = (row: HandoffRow): Handoff => ({
  key: row.key,
  address: JSON.parse(row.address),
  reason: row.reason,
  since: row.since,
  ...(row.last_message !== null ? { lastMessage: row.last_message } : {}),
  ...(row.last_message_at !== null ? { lastMessageAt: row.last_message_at } : {}),
  ...(row.resume_at !== null ? { resumesAt: row.resume_at } : {}),
});

/** Conversations a person has taken over (docs/console.md). */
export function createHandoffRepository(db: Database.Database): HandoffStore {
  const open = db.prepare(
    'INSERT INTO handoffs (key, address, reason, since) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET resume_at = NULL',
  );
  const pause = db.prepare(
    `INSERT INTO handoffs (key, address, reason, since, resume_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET resume_at = excluded.resume_at WHERE handoffs.resume_at IS NOT NULL`,
  );
  const resume = db.prepare('DELETE FROM handoffs WHERE key = ? AND resume_at IS NOT NULL AND resume_at <= ?');
  const get = db.prepare('SELECT * FROM handoffs WHERE key = ?');
  const list = db.prepare('SELECT * FROM handoffs ORDER BY since, key LIMIT ?');
  const touch = db.prepare('UPDATE handoffs SET last_message = ?, last_message_at = ? WHERE key = ?');
  const release = db.prepare('DELETE FROM handoffs WHERE key = ?');
  return {
    open: async (address, reason, at) =>
      void open.run(conversationKey(address), JSON.stringify(address), reason.slice(0, 500), at),
    get: async (key) => {
      const row = get.get(key) as HandoffRow | undefined;
      return row && toHandoff(row);
    },
    list: async (limit = 100) => (list.all(limit) as HandoffRow[]).map(toHandoff),
    touch: async (key, message, at) => void touch.run(message.slice(0, 500), at, key),
    pauseForOwner: async (address, reason, at, resumesAt) =>
      void pause.run(conversationKey(address), JSON.stringify(address), reason.slice(0, 500), at, resumesAt ?? null),
    release: async (key) => release.run(key).changes === 1,
    resumeIfQuiet: async (key, at) => resume.run(key, at).changes === 1,
  };
}
