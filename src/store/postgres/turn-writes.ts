import { ConflictError, type TurnWrites } from '../../core/index.js';
import type { Queryable } from './queryable.js';

interface OpenRow {
  flow_id: string | null;
  flow_hash: string;
  snapshot: unknown;
  version: number;
  updated_at: string;
  facts: Record<string, boolean> | null;
}

const loaded = (row: OpenRow) => ({
  facts: row.facts ?? {},
  session:
    row.flow_id === null
      ? undefined
      : {
          flowId: row.flow_id,
          flowHash: row.flow_hash,
          snapshot: row.snapshot,
          version: row.version,
          updatedAt: row.updated_at,
        },
});

// The session and the slices' facts about the conversation (a person has it…), as one row.
const sessionColumns = (facts: Readonly<Record<string, string>>) => {
  const pairs = Object.entries(facts).map(([name, sql]) => `'${name.replace(/'/g, "''")}', ${sql}`);
  return `s.flow_id, s.flow_hash, s.snapshot, s.version, s.updated_at, ${pairs.length > 0 ? `jsonb_build_object(${pairs.join(', ')})` : 'NULL::jsonb'} AS facts`;
};

/**
 * A turn's writes in two statements instead of eight round trips (docs/deploy.md): on
 * PostgreSQL a turn waits on round trips far more than on either CPU.
 * - open: when no other turn holds the conversation, one statement takes its advisory lock
 *   without waiting, inserts the inbox row and reads the session. When one does, the lock is
 *   waited for and the session read in a statement of its own, so that it sees that turn's commit.
 *   (Even on the fast path a turn that committed between this statement's snapshot and its lock
 *   makes the read stale; the version check in close catches that and the turn is retried.)
 * - close: the session (compare-and-set on its version), the inbound transcript line and the outbox item, in one statement.
 */
export function createTurnWrites(db: Queryable, facts: Readonly<Record<string, string>>): TurnWrites {
  const columns = sessionColumns(facts);
  return {
    async open(key, channel, eventId, at) {
      const { rows } = await db.query<OpenRow & { got: boolean; fresh: boolean }>(
        `WITH locked AS (SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS got),
         seen AS (INSERT INTO inbox (channel, event_id, seen_at) SELECT $2, $3, $4 FROM locked WHERE got ON CONFLICT DO NOTHING RETURNING 1)
         SELECT l.got, EXISTS (SELECT 1 FROM seen) AS fresh, ${columns} FROM locked l LEFT JOIN sessions s ON s.key = $1`,
        [key, channel, eventId, at],
      );
      const first = rows[0]!;
      if (first.got) return first.fresh ? loaded(first) : undefined;
      const seen = await db.query(
        `WITH locked AS (SELECT pg_advisory_xact_lock(hashtextextended($1, 0)))
         INSERT INTO inbox (channel, event_id, seen_at) SELECT $2, $3, $4 FROM locked ON CONFLICT DO NOTHING`,
        [key, channel, eventId, at],
      );
      if (seen.rowCount !== 1) return undefined;
      const { rows: after } = await db.query<OpenRow>(
        `SELECT ${columns} FROM (SELECT 1) AS one LEFT JOIN sessions s ON s.key = $1`,
        [key],
      );
      return loaded(after[0]!);
    },
    async close(key, session, inbound, outbox) {
      const params: unknown[] = [
        key,
        session.flowId,
        session.flowHash,
        JSON.stringify(session.snapshot),
        session.version,
        session.updatedAt,
        inbound.at,
        JSON.stringify(inbound.event ?? null),
        inbound.trace ? JSON.stringify(inbound.trace) : null,
      ];
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
      if (Number(rows[0]!.saved) !== 1)
        throw new ConflictError(
          `conversation ${key} was changed by someone else (expected version ${session.version - 1})`,
        );
      return rows[0]!.outbox_id === null ? undefined : Number(rows[0]!.outbox_id);
    },
  };
}
