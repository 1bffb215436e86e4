import type Database from 'better-sqlite3';
import { conversationKey, type OutboxItem, type OutboxStore } from '../../core/index.js';

interface OutboxRow {
  id: number;
  address: string;
  replies: string;
  attempts: number;
  created_at: string;
}

/** Replies stored by turns, waiting to be sent; kept after sending or failing for inspection. */
export function createOutboxRepository(db: Database.Database): OutboxStore {
  const insert = db.prepare(
    'INSERT INTO outbox (conversation, address, replies, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  // The oldest pending item of each conversation, if it is due: a later item never overtakes an earlier one.
  const dueItems = `FROM outbox o
    JOIN (SELECT conversation, MIN(id) AS id FROM outbox WHERE status = 'pending' GROUP BY conversation) first ON first.id = o.id
    WHERE o.next_attempt_at <= ? AND (o.leased_until IS NULL OR o.leased_until <= ?)
    AND (? IS NULL OR instr(?, ',' || substr(o.conversation, 1, instr(o.conversation, ':') - 1) || ',') > 0)`;
  const due = db.prepare(
    `SELECT o.id, o.address, o.replies, o.attempts, o.created_at ${dueItems} ORDER BY o.id LIMIT ?`,
  );
  const anyDue = db.prepare(`SELECT 1 ${dueItems} LIMIT 1`);
  const lease = db.prepare('UPDATE outbox SET leased_until = ? WHERE id = ?');
  const sent = db.prepare("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?");
  const retry = db.prepare(
    'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, leased_until = NULL, last_error = ? WHERE id = ?',
  );
  const failed = db.prepare(
    "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?",
  );
  const pending = db.prepare("SELECT COUNT(*) AS count FROM outbox WHERE status = 'pending'");
  const said = db.prepare("INSERT INTO transcript (conversation, direction, at, body) VALUES (?, 'out', ?, ?)");
  const markSent = db.transaction((items: readonly Pick<OutboxItem, 'id' | 'address' | 'replies'>[], at: string) => {
    for (const item of items) {
      sent.run(at, item.id);
      const key = conversationKey(item.address);
      for (const reply of item.replies) said.run(key, at, JSON.stringify(reply));
    }
  });
  // Read and lease in one write transaction: another process on the same file cannot claim in between.
  const claim = db.transaction((now: string, limit: number, leaseUntil: string, only: string | null) => {
    const rows = due.all(now, now, only, only, limit) as OutboxRow[];
    for (const row of rows) lease.run(leaseUntil, row.id);
    return rows;
  });
  return {
    async enqueue(address, replies, at) {
      return Number(
        insert.run(conversationKey(address), JSON.stringify(address), JSON.stringify(replies), at, at).lastInsertRowid,
      );
    },
    async claimDue(now, limit, leaseUntil, only) {
      // Channel names hold no comma (channelNamePattern): `,simulator,line,` lists them for instr().
      const channels = only ? `,${only.join(',')},` : null;
      // Most calls find nothing due (every webhook asks): look first without taking the write lock.
      if (!db.inTransaction && !anyDue.get(now, now, channels, channels)) return [];
      return claim.immediate(now, limit, leaseUntil, channels).map((row): OutboxItem => ({
        id: row.id,
        address: JSON.parse(row.address),
        replies: JSON.parse(row.replies),
        attempts: row.attempts,
        createdAt: row.created_at,
      }));
    },
    markSent: async (items, at) => void markSent.immediate(items, at),
    markRetry: async (id, nextAttemptAt, error) => void retry.run(nextAttemptAt, error.slice(0, 2000), id),
    markFailed: async (id, error) => void failed.run(error.slice(0, 2000), id),
    pendingCount: async () => (pending.get() as { count: number }).count,
  };
}
