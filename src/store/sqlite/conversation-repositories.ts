import type Database from 'better-sqlite3';
import { ConflictError, conversationKey, type InboxStore, type OutboxItem, type OutboxStore, type SessionStore, type TranscriptEntry, type TranscriptStore } from '../../core/index.js';

export function createSessionRepository(db: Database.Database): SessionStore {
  const select = db.prepare('SELECT flow_id, flow_hash, snapshot, version, updated_at FROM sessions WHERE key = ?');
  const insert = db.prepare('INSERT INTO sessions (key, flow_id, flow_hash, snapshot, version, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING');
  const update = db.prepare('UPDATE sessions SET flow_id = ?, flow_hash = ?, snapshot = ?, version = ?, updated_at = ? WHERE key = ? AND version = ?');
  return {
    async load(key) {
      const row = select.get(key) as { flow_id: string; flow_hash: string; snapshot: string; version: number; updated_at: string } | undefined;
      return row && { flowId: row.flow_id, flowHash: row.flow_hash, snapshot: JSON.parse(row.snapshot), version: row.version, updatedAt: row.updated_at };
    },
    async save(key, session) {
      const snapshot = JSON.stringify(session.snapshot);
      const changes =
        session.version === 1
          ? insert.run(key, session.flowId, session.flowHash, snapshot, 1, session.updatedAt).changes
          : update.run(session.flowId, session.flowHash, snapshot, session.version, session.updatedAt, key, session.version - 1).changes;
      if (changes !== 1) throw new ConflictError(`conversation ${key} was changed by someone else (expected version ${session.version - 1})`);
    },
  };
}

export function createInboxRepository(db: Database.Database): InboxStore {
  const insert = db.prepare('INSERT INTO inbox (channel, event_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  return { markSeen: async (channel, eventId, at) => insert.run(channel, eventId, at).changes === 1 };
}

export function createOutboxRepository(db: Database.Database): OutboxStore {
  const insert = db.prepare('INSERT INTO outbox (conversation, address, replies, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)');
  // The oldest pending item of each conversation, if it is due: a later item never overtakes an earlier one.
  const due = db.prepare(`
    SELECT o.id, o.address, o.replies, o.attempts, o.created_at FROM outbox o
    JOIN (SELECT conversation, MIN(id) AS id FROM outbox WHERE status = 'pending' GROUP BY conversation) first ON first.id = o.id
    WHERE o.next_attempt_at <= ? AND (o.leased_until IS NULL OR o.leased_until <= ?) ORDER BY o.id LIMIT ?`);
  const lease = db.prepare('UPDATE outbox SET leased_until = ? WHERE id = ?');
  const sent = db.prepare("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?");
  const retry = db.prepare('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, leased_until = NULL, last_error = ? WHERE id = ?');
  const failed = db.prepare("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?");
  const pending = db.prepare("SELECT COUNT(*) AS count FROM outbox WHERE status = 'pending'");
  return {
    async enqueue(address, replies, at) {
      return Number(insert.run(conversationKey(address), JSON.stringify(address), JSON.stringify(replies), at, at).lastInsertRowid);
    },
    async claimDue(now, limit, leaseUntil) {
      // One synchronous statement pair: nothing else runs on this connection in between.
      const rows = due.all(now, now, limit) as { id: number }[];
      for (const row of rows) lease.run(leaseUntil, row.id);
      return (rows as { id: number; address: string; replies: string; attempts: number; created_at: string }[]).map(
        (row): OutboxItem => ({ id: row.id, address: JSON.parse(row.address), replies: JSON.parse(row.replies), attempts: row.attempts, createdAt: row.created_at }),
      );
    },
    markSent: async (id, at) => void sent.run(at, id),
    markRetry: async (id, nextAttemptAt, error) => void retry.run(nextAttemptAt, error.slice(0, 2000), id),
    markFailed: async (id, error) => void failed.run(error.slice(0, 2000), id),
    pendingCount: async () => (pending.get() as { count: number }).count,
  };
}

export function createTranscriptRepository(db: Database.Database): TranscriptStore {
  const insert = db.prepare('INSERT INTO transcript (conversation, direction, at, body) VALUES (?, ?, ?, ?)');
  const list = db.prepare('SELECT direction, at, body FROM (SELECT * FROM transcript WHERE conversation = ? ORDER BY id DESC LIMIT ?) ORDER BY id');
  return {
    async append(address, entries) {
      const key = conversationKey(address);
      for (const entry of entries) insert.run(key, entry.direction, entry.at, JSON.stringify(entry.event ?? entry.reply ?? null));
    },
    async list(key, limit = 1000) {
      return (list.all(key, limit) as { direction: 'in' | 'out'; at: string; body: string }[]).map(
        (row): TranscriptEntry => (row.direction === 'in' ? { direction: 'in', at: row.at, event: JSON.parse(row.body) } : { direction: 'out', at: row.at, reply: JSON.parse(row.body) }),
      );
    },
  };
}
