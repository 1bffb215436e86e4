import { ConflictError, type TurnWrites } from '../../core/index.js';
import type { Queryable } from './queryable.js';

/**
 * A turn's writes in three statements instead of eight round trips (docs/deploy.md): on
 * PostgreSQL a turn waits on round trips far more than on either CPU.
 * - open: the conversation's advisory lock, then the inbox row (the insert reads from the lock's row, so it runs after it);
 * - load: the session and whether a person has the conversation, in a statement of its own so its snapshot follows the lock;
 * - close: the session (compare-and-set on its version), the inbound transcript line and the outbox item, in one statement.
 */
export function createTurnWrites(db: Queryable): TurnWrites {
  return {
    open: async (key, channel, eventId, at) =>
      (
        await db.query(
          `WITH locked AS (SELECT pg_advisory_xact_lock(hashtextextended($1, 0)))
           INSERT INTO inbox (channel, event_id, seen_at) SELECT $2, $3, $4 FROM locked ON CONFLICT DO NOTHING`,
          [key, channel, eventId, at],
        )
      ).rowCount === 1,
    async load(key) {
      const { rows } = await db.query<{ flow_id: string | null; flow_hash: string; snapshot: unknown; version: number; updated_at: string; handoff: boolean }>(
        `SELECT s.flow_id, s.flow_hash, s.snapshot, s.version, s.updated_at, EXISTS (SELECT 1 FROM handoffs WHERE key = $1) AS handoff
         FROM (SELECT 1) AS one LEFT JOIN sessions s ON s.key = $1`,
        [key],
      );
      const row = rows[0]!;
      return { handoff: row.handoff, session: row.flow_id === null ? undefined : { flowId: row.flow_id, flowHash: row.flow_hash, snapshot: row.snapshot, version: row.version, updatedAt: row.updated_at } };
    },
    async close(key, session, inbound, outbox) {
      const params: unknown[] = [key, session.flowId, session.flowHash, JSON.stringify(session.snapshot), session.version, session.updatedAt, inbound.at, JSON.stringify(inbound.event ?? null), inbound.trace ? JSON.stringify(inbound.trace) : null];
      const saved =
        session.version === 1
          ? 'INSERT INTO sessions (key, flow_id, flow_hash, snapshot, version, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6) ON CONFLICT (key) DO NOTHING RETURNING 1'
          : 'UPDATE sessions SET flow_id = $2, flow_hash = $3, snapshot = $4::jsonb, version = $5, updated_at = $6 WHERE key = $1 AND version = $5 - 1 RETURNING 1';
      if (outbox) params.push(JSON.stringify(outbox.address), JSON.stringify(outbox.replies));
      const { rows } = await db.query<{ saved: string; outbox_id: string | null }>(
        `WITH saved AS (${saved}),
         line AS (INSERT INTO transcript (conversation, direction, at, body, trace) VALUES ($1, 'in', $7, $8::jsonb, $9::jsonb))
         ${outbox ? `, queued AS (INSERT INTO outbox (conversation, address, replies, next_attempt_at, created_at) VALUES ($1, $10::jsonb, $11::jsonb, $7, $7) RETURNING id)` : ''}
         SELECT (SELECT count(*) FROM saved) AS saved, ${outbox ? '(SELECT id FROM queued)' : 'NULL::bigint'} AS outbox_id`,
        params,
      );
      // Not saved: another instance moved this conversation on; the whole transaction rolls back and the turn is retried.
      if (Number(rows[0]!.saved) !== 1) throw new ConflictError(`conversation ${key} was changed by someone else (expected version ${session.version - 1})`);
      return rows[0]!.outbox_id === null ? undefined : Number(rows[0]!.outbox_id);
    },
  };
}
