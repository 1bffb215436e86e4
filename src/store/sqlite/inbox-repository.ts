import type Database from 'better-sqlite3';
import type { InboxStore } from '../../core/index.js';

/** Inbound event ids already handled, so a platform's redelivery does nothing. */
export function createInboxRepository(db: Database.Database): InboxStore {
  const insert = db.prepare('INSERT INTO inbox (channel, event_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const handled = db.prepare('SELECT 1 FROM inbox WHERE channel = ? AND event_id = ?').pluck();
  const failure =
    db.prepare(`INSERT INTO inbound_failures (channel, event_id, attempts, last_error, first_at, last_at) VALUES (?, ?, 1, ?, ?, ?)
    ON CONFLICT (channel, event_id) DO UPDATE SET attempts = attempts + 1, last_error = excluded.last_error, last_at = excluded.last_at RETURNING attempts`);
  return {
    markSeen: async (channel, eventId, at) => insert.run(channel, eventId, at).changes === 1,
    seen: async (channel, eventId) => handled.get(channel, eventId) !== undefined,
    recordFailure: async (channel, eventId, error, at) =>
      (failure.get(channel, eventId, error.slice(0, 2000), at, at) as { attempts: number }).attempts,
  };
}
