import {
  ConflictError,
  conversationKey,
  type InboxStore,
  type OutboxItem,
  type OutboxStore,
  type SessionStore,
  type TranscriptEntry,
  type TranscriptStore,
} from '../../core/index.js';
import type { Queryable } from './queryable.js';

export function createSessionRepository(db: Queryable): SessionStore {
  return {
    async load(key) {
      const { rows } = await db.query<{
        flow_id: string;
        flow_hash: string;
        snapshot: unknown;
        version: number;
        updated_at: string;
      }>('SELECT flow_id, flow_hash, snapshot, version, updated_at FROM sessions WHERE key = $1', [key]);
      const row = rows[0];
      return (
        row && {
          flowId: row.flow_id,
          flowHash: row.flow_hash,
          snapshot: row.snapshot,
          version: row.version,
          updatedAt: row.updated_at,
        }
      );
    },
    async save(key, session) {
      const snapshot = JSON.stringify(session.snapshot);
      const result =
        session.version === 1
          ? await db.query(
              'INSERT INTO sessions (key, flow_id, flow_hash, snapshot, version, updated_at) VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT (key) DO NOTHING',
              [key, session.flowId, session.flowHash, snapshot, session.updatedAt],
            )
          : await db.query(
              'UPDATE sessions SET flow_id = $1, flow_hash = $2, snapshot = $3, version = $4, updated_at = $5 WHERE key = $6 AND version = $7',
              [
                session.flowId,
                session.flowHash,
                snapshot,
                session.version,
                session.updatedAt,
                key,
                session.version - 1,
              ],
            );
      if (result.rowCount !== 1)
        throw new ConflictError(
          `conversation ${key} was changed by someone else (expected version ${session.version - 1})`,
        );
    },
  };
}

export function createInboxRepository(db: Queryable): InboxStore {
  return {
    markSeen: async (channel, eventId, at) =>
      (
        await db.query('INSERT INTO inbox (channel, event_id, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          channel,
          eventId,
          at,
        ])
      ).rowCount === 1,
    seen: async (channel, eventId) =>
      (await db.query('SELECT 1 FROM inbox WHERE channel = $1 AND event_id = $2', [channel, eventId])).rowCount === 1,
    recordFailure: async (channel, eventId, error, at) =>
      (
        await db.query<{ attempts: number }>(
          `INSERT INTO inbound_failures (channel, event_id, attempts, last_error, first_at, last_at) VALUES ($1, $2, 1, $3, $4, $4)
           ON CONFLICT (channel, event_id) DO UPDATE SET attempts = inbound_failures.attempts + 1, last_error = EXCLUDED.last_error, last_at = EXCLUDED.last_at RETURNING attempts`,
          [channel, eventId, error.slice(0, 2000), at],
        )
      ).rows[0]!.attempts,
  };
}

interface OutboxRow {
  id: string;
  address: OutboxItem['address'];
  replies: OutboxItem['replies'];
  attempts: number;
  created_at: string;
}

export function createOutboxRepository(db: Queryable): OutboxStore {
  return {
    async enqueue(address, replies, at) {
      const { rows } = await db.query<{ id: string }>(
        'INSERT INTO outbox (conversation, address, replies, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $4) RETURNING id',
        [conversationKey(address), JSON.stringify(address), JSON.stringify(replies), at],
      );
      return Number(rows[0]!.id);
    },
    async claimDue(now, limit, leaseUntil, only) {
      // Only each conversation's oldest pending item is eligible, so order holds across instances;
      // SKIP LOCKED lets several drainers claim different conversations without waiting on each other.
      const { rows } = await db.query<OutboxRow>(
        `WITH firsts AS (
           SELECT DISTINCT ON (conversation) id FROM outbox WHERE status = 'pending' ORDER BY conversation, id
         ), claimable AS (
           SELECT o.id FROM outbox o JOIN firsts f ON f.id = o.id
           WHERE o.next_attempt_at <= $1 AND (o.leased_until IS NULL OR o.leased_until <= $1)
             AND ($4::text[] IS NULL OR split_part(o.conversation, ':', 1) = ANY ($4::text[]))
           ORDER BY o.id LIMIT $2 FOR UPDATE OF o SKIP LOCKED
         )
         UPDATE outbox SET leased_until = $3 FROM claimable WHERE outbox.id = claimable.id
         RETURNING outbox.id, outbox.address, outbox.replies, outbox.attempts, outbox.created_at`,
        [now, limit, leaseUntil, only ? [...only] : null],
      );
      return rows
        .map((row): OutboxItem => ({
          id: Number(row.id),
          address: row.address,
          replies: row.replies,
          attempts: row.attempts,
          createdAt: row.created_at,
        }))
        .sort((a, b) => a.id - b.id);
    },
    async markSent(items, at) {
      if (items.length === 0) return;
      const lines = items.flatMap((item) =>
        item.replies.map((body) => ({ conversation: conversationKey(item.address), body })),
      );
      await db.query(
        `WITH sent AS (UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1 WHERE id = ANY($2::bigint[]))
         INSERT INTO transcript (conversation, direction, at, body)
         SELECT line.value->>'conversation', 'out', $1, line.value->'body' FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS line(value, n) ORDER BY line.n`,
        [at, items.map((item) => item.id), JSON.stringify(lines)],
      );
    },
    markRetry: async (id, nextAttemptAt, error) =>
      void (await db.query(
        'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, leased_until = NULL, last_error = $2 WHERE id = $3',
        [nextAttemptAt, error.slice(0, 2000), id],
      )),
    markFailed: async (id, error) =>
      void (await db.query(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $1 WHERE id = $2",
        [error.slice(0, 2000), id],
      )),
    pendingCount: async () =>
      Number(
        (await db.query<{ count: string }>("SELECT COUNT(*) AS count FROM outbox WHERE status = 'pending'")).rows[0]!
          .count,
      ),
  };
}

export function createTranscriptRepository(db: Queryable): TranscriptStore {
  return {
    async conversations(query = {}) {
      // Each conversation's newest entry (the highest id is the latest activity), filtered, newest first.
      const { rows } = await db.query<{
        conversation: string;
        direction: 'in' | 'out';
        at: string;
        body: never;
        n: string;
      }>(
        `SELECT t.conversation, t.direction, t.at, t.body, c.n FROM (
           SELECT conversation, MAX(id) AS last_id, COUNT(*) AS n FROM transcript
           WHERE $1::text IS NULL OR left(conversation, length($1::text) + 1) = $1::text || ':'
           GROUP BY conversation
           HAVING $2::text IS NULL OR conversation ILIKE $2::text OR bool_or(body->>'text' ILIKE $2::text)
         ) c JOIN transcript t ON t.id = c.last_id ORDER BY c.last_id DESC LIMIT $3 OFFSET $4`,
        [
          query.channel || null,
          query.text ? `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
          Math.min(Math.max(query.limit ?? 50, 1), 1000),
          Math.max(query.offset ?? 0, 0),
        ],
      );
      return rows.map((row) => ({
        key: row.conversation,
        last:
          row.direction === 'in'
            ? { direction: 'in' as const, at: row.at, event: row.body }
            : { direction: 'out' as const, at: row.at, reply: row.body },
        entries: Number(row.n),
      }));
    },
    async append(address, entries) {
      const key = conversationKey(address);
      for (const entry of entries) {
        await db.query(
          'INSERT INTO transcript (conversation, direction, at, body, trace) VALUES ($1, $2, $3, $4, $5)',
          [
            key,
            entry.direction,
            entry.at,
            JSON.stringify(entry.event ?? entry.reply ?? null),
            entry.trace ? JSON.stringify(entry.trace) : null,
          ],
        );
      }
    },
    async list(key, limit = 1000) {
      const { rows } = await db.query<{
        direction: 'in' | 'out';
        at: string;
        body: never;
        trace: TranscriptEntry['trace'] | null;
      }>(
        'SELECT direction, at, body, trace FROM (SELECT * FROM transcript WHERE conversation = $1 ORDER BY id DESC LIMIT $2) recent ORDER BY id',
        [key, limit],
      );
      return rows.map((row): TranscriptEntry =>
        row.direction === 'in'
          ? { direction: 'in', at: row.at, event: row.body, ...(row.trace ? { trace: row.trace } : {}) }
          : { direction: 'out', at: row.at, reply: row.body },
      );
    },
  };
}
