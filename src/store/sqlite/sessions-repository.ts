import type Database from 'better-sqlite3';
import { ConflictError, type SessionStore } from '../../core/index.js';

interface SessionRow {
  flow_id: string;
  flow_hash: string;
  snapshot: string;
  version: number;
  updated_at: string;
}

/** Conversation snapshots with optimistic versions: version 1 inserts, version n updates n - 1. */
export function createSessionRepository(db: Database.Database): SessionStore {
  const select = db.prepare('SELECT flow_id, flow_hash, snapshot, version, updated_at FROM sessions WHERE key = ?');
  const insert = db.prepare(
    'INSERT INTO sessions (key, flow_id, flow_hash, snapshot, version, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
  );
  const update = db.prepare(
    'UPDATE sessions SET flow_id = ?, flow_hash = ?, snapshot = ?, version = ?, updated_at = ? WHERE key = ? AND version = ?',
  );
  return {
    async load(key) {
      const row = select.get(key) as SessionRow | undefined;
      return (
        row && {
          flowId: row.flow_id,
          flowHash: row.flow_hash,
          snapshot: JSON.parse(row.snapshot),
          version: row.version,
          updatedAt: row.updated_at,
        }
      );
    },
    async save(key, session) {
      const snapshot = JSON.stringify(session.snapshot);
      const changes =
        session.version === 1
          ? insert.run(key, session.flowId, session.flowHash, snapshot, 1, session.updatedAt).changes
          : update.run(
              session.flowId,
              session.flowHash,
              snapshot,
              session.version,
              session.updatedAt,
              key,
              session.version - 1,
            ).changes;
      if (changes !== 1)
        throw new ConflictError(
          `conversation ${key} was changed by someone else (expected version ${session.version - 1})`,
        );
    },
  };
}
