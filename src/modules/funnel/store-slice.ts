import { changes, type StoreSlice } from '../../store/slice.js';
import { createFunnelRepository as postgresFunnel } from './postgres.js';
import { createFunnelRepository as sqliteFunnel } from './sqlite.js';

/** The funnel's events, on both databases. Erasure keeps the counts (the shop's statistics), no longer tied to the person. */
export const funnelSlice: StoreSlice = {
  name: 'funnel',
  tables: { funnel_events: 'anonymised' },
  sqlite: {
    migrations: [
      {
        id: 1,
        sql: `CREATE TABLE funnel_events (id INTEGER PRIMARY KEY AUTOINCREMENT, step TEXT NOT NULL, channel TEXT NOT NULL, conversation TEXT NOT NULL,
            order_id TEXT, amount INTEGER, currency TEXT, at TEXT NOT NULL);
          CREATE INDEX funnel_events_by_at ON funnel_events (at);`,
      },
    ],
    create: (db) => ({ funnel: sqliteFunnel(db) }),
    erase: (db, target) => {
      db.prepare('UPDATE funnel_events SET conversation = @pseudonymKey WHERE conversation = @key').run({
        key: target.key,
        pseudonymKey: target.pseudonymKey,
      });
      return {};
    },
    purge: (db, before) => ({ funnel: db.prepare('DELETE FROM funnel_events WHERE at < ?').run(before).changes }),
  },
  postgres: {
    migrations: [
      {
        id: 1,
        sql: `CREATE TABLE funnel_events (id BIGSERIAL PRIMARY KEY, step TEXT NOT NULL, channel TEXT NOT NULL, conversation TEXT NOT NULL,
            order_id TEXT, amount BIGINT, currency TEXT, at TEXT NOT NULL);
          CREATE INDEX funnel_events_by_at ON funnel_events (at);`,
      },
    ],
    create: (db) => ({ funnel: postgresFunnel(db) }),
    erase: async (tx, target) => {
      await tx.query('UPDATE funnel_events SET conversation = $2 WHERE conversation = $1', [
        target.key,
        target.pseudonymKey,
      ]);
      return {};
    },
    purge: async (tx, before) => ({ funnel: await changes(tx, 'DELETE FROM funnel_events WHERE at < $1', [before]) }),
  },
};
