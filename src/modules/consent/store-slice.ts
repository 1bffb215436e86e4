import { changes, keyParts, type StoreSlice } from '../../store/slice.js';
import { createConsentRepository as postgresConsents } from './postgres.js';
import { createConsentRepository as sqliteConsents } from './sqlite.js';

/** Marketing consent per shopper and channel, on both databases. */
export const consentSlice: StoreSlice = {
  name: 'consent',
  tables: { consents: 'erased' },
  sqlite: {
    migrations: [
      {
        id: 1,
        sql: 'CREATE TABLE consents (channel TEXT NOT NULL, user_id TEXT NOT NULL, opted_in INTEGER NOT NULL, at TEXT NOT NULL, source TEXT NOT NULL, PRIMARY KEY (channel, user_id));',
      },
    ],
    create: (db) => ({ consents: sqliteConsents(db) }),
    // The channel's user whose one-to-one chat the conversation is.
    erase: (db, target) => ({
      consents: db
        .prepare(
          `DELETE FROM consents WHERE channel = ${keyParts.sqlite.channel} AND user_id = ${keyParts.sqlite.user}`,
        )
        .run({ key: target.key }).changes,
    }),
  },
  postgres: {
    migrations: [
      {
        id: 1,
        sql: 'CREATE TABLE consents (channel TEXT NOT NULL, user_id TEXT NOT NULL, opted_in BOOLEAN NOT NULL, at TEXT NOT NULL, source TEXT NOT NULL, PRIMARY KEY (channel, user_id));',
      },
    ],
    create: (db) => ({ consents: postgresConsents(db) }),
    erase: async (tx, target) => ({
      consents: await changes(
        tx,
        `DELETE FROM consents WHERE channel = ${keyParts.postgres.channel} AND user_id = ${keyParts.postgres.user}`,
        [target.key],
      ),
    }),
  },
  exportShopper: async (store, address) => ({
    consent: (await store.consents.get(address.channel, address.userId)) ?? null,
  }),
};
