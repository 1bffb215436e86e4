import type Database from 'better-sqlite3';
import { conversationKey, type TranscriptEntry, type TranscriptStore } from '../../core/index.js';

/** What each conversation said and was told, in order. */
export function createTranscriptRepository(db: Database.Database): TranscriptStore {
  const insert = db.prepare('INSERT INTO transcript (conversation, direction, at, body, trace) VALUES (?, ?, ?, ?, ?)');
  // The latest `limit` entries, oldest first.
  const list = db.prepare(
    'SELECT direction, at, body, trace FROM (SELECT * FROM transcript WHERE conversation = ? ORDER BY id DESC LIMIT ?) ORDER BY id',
  );
  return {
    async append(address, entries) {
      const key = conversationKey(address);
      for (const entry of entries)
        insert.run(
          key,
          entry.direction,
          entry.at,
          JSON.stringify(entry.event ?? entry.reply ?? null),
          entry.trace ? JSON.stringify(entry.trace) : null,
        );
    },
    async list(key, limit = 1000) {
      return (
        list.all(key, limit) as { direction: 'in' | 'out'; at: string; body: string; trace: string | null }[]
      ).map((row): TranscriptEntry =>
        row.direction === 'in'
          ? {
              direction: 'in',
              at: row.at,
              event: JSON.parse(row.body),
              ...(row.trace ? { trace: JSON.parse(row.trace) } : {}),
            }
          : { direction: 'out', at: row.at, reply: JSON.parse(row.body) },
      );
    },
  };
}
