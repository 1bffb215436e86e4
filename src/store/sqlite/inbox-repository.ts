import type Database from 'better-sqlite3';
import type { InboxStore } from '../../core/index.js';

/** Inbound event ids already handled, so a platform's redelivery does nothing. */
export function createInboxRepository(db: Database.Database): InboxStore {
  const insert = db.prepare('INSERT INTO inbox (channel, event_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  return { markSeen: async (channel, eventId, at) => insert.run(channel, eventId, at).changes === 1 };
}
