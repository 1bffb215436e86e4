import type Database from 'better-sqlite3';
import { conversationKey, type TranscriptEntry, type TranscriptStore } from '../../core/index.js';

/** What each conversation said and was told, in order. */
export function createTranscriptRepository(db: Database.Database): TranscriptStore {
  const insert = db.prepare('INSERT INTO transcript (conversation, direction, at, body, trace) VALUES (?, ?, ?, ?, ?)');
  // The latest `limit` entries, oldest first.
  const list = db.prepare(
    'SELECT direction, at, body, trace FROM (SELECT * FROM transcript WHERE conversation = ? ORDER BY id DESC LIMIT ?) ORDER BY id',
  );
  // Each conversation's newest entry (the highest id is the latest activity), filtered, newest first.
  const conversations = db.prepare(
    `SELECT t.conversation, t.direction, t.at, t.body, c.n FROM (
       SELECT conversation, MAX(id) AS last_id, COUNT(*) AS n FROM transcript
       WHERE @channel IS NULL OR substr(conversation, 1, length(@channel) + 1) = @channel || ':'
       GROUP BY conversation
       HAVING @pattern IS NULL OR conversation LIKE @pattern ESCAPE '\\'
         OR MAX(json_extract(body, '$.text') LIKE @pattern ESCAPE '\\') = 1
     ) c JOIN transcript t ON t.id = c.last_id ORDER BY c.last_id DESC LIMIT @limit OFFSET @offset`,
  );
  return {
    async conversations(query = {}) {
      const rows = conversations.all({
        channel: query.channel || null,
        pattern: query.text ? `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
        limit: Math.min(Math.max(query.limit ?? 50, 1), 1000),
        offset: Math.max(query.offset ?? 0, 0),
      }) as { conversation: string; direction: 'in' | 'out'; at: string; body: string; n: number }[];
      return rows.map((row) => ({
        key: row.conversation,
        last: toEntry({ ...row, trace: null }),
        entries: row.n,
      }));
    },
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
      ).map(toEntry);
    },
  };
}

function toEntry(row: { direction: 'in' | 'out'; at: string; body: string; trace: string | null }): TranscriptEntry {
  return row.direction === 'in'
    ? {
        direction: 'in',
        at: row.at,
        event: JSON.parse(row.body),
        ...(row.trace ? { trace: JSON.parse(row.trace) } : {}),
      }
    : { direction: 'out', at: row.at, reply: JSON.parse(row.body) };
}
