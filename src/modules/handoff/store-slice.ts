import { conversationKey } from '../../core/index.js';
import { changes, type StoreSlice } from '../../store/slice.js';
import { createHandoffRepository as postgresHandoffs } from './postgres.js';
import { createHandoffRepository as sqliteHandoffs } from './sqlite.js';

/** Conversations a person has taken over, on both databases. */
export const handoffSlice: StoreSlice = {
  name: 'handoff',
  tables: { handoffs: 'erased' },
  sqlite: {
    migrations: [
      {
        id: 1,
        sql: `CREATE TABLE handoffs (key TEXT PRIMARY KEY, address TEXT NOT NULL, reason TEXT NOT NULL, since TEXT NOT NULL, last_message TEXT, last_message_at TEXT);
          CREATE INDEX handoffs_by_since ON handoffs (since);`,
      },
      // When an owner reply's pause ends (src/modules/handoff/turn-hook.ts); NULL: a person returns it.
      { id: 2, sql: 'ALTER TABLE handoffs ADD COLUMN resume_at TEXT' },
    ],
    create: (db) => ({ handoffs: sqliteHandoffs(db) }),
    erase: (db, target) => ({ handoffs: db.prepare('DELETE FROM handoffs WHERE key = ?').run(target.key).changes }),
    // A conversation a person holds keeps its session however long it waits.
    keepsSessions: 'SELECT key FROM handoffs',
  },
  postgres: {
    migrations: [
      {
        id: 1,
        sql: `CREATE TABLE handoffs (key TEXT PRIMARY KEY, address JSONB NOT NULL, reason TEXT NOT NULL, since TEXT NOT NULL, last_message TEXT, last_message_at TEXT);
          CREATE INDEX handoffs_by_since ON handoffs (since);`,
      },
      { id: 2, sql: 'ALTER TABLE handoffs ADD COLUMN resume_at TEXT' },
    ],
    create: (db) => ({ handoffs: postgresHandoffs(db) }),
    erase: async (tx, target) => ({ handoffs: await changes(tx, 'DELETE FROM handoffs WHERE key = $1', [target.key]) }),
    keepsSessions: 'SELECT key FROM handoffs',
    turnFacts: { handoff: 'EXISTS (SELECT 1 FROM handoffs WHERE key = $1)' },
  },
  exportShopper: async (store, address) => ({ handoff: (await store.handoffs.get(conversationKey(address))) ?? null }),
};
