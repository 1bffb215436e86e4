import type Database from 'better-sqlite3';
import type { Consent, ConsentStore } from './store.js';

/** Marketing consent per shopper and channel: the latest choice with its time and source. */
export function createConsentRepository(db: Database.Database): ConsentStore {
  const upsert = db.prepare(
    'INSERT INTO consents (channel, user_id, opted_in, at, source) VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, user_id) DO UPDATE SET opted_in = excluded.opted_in, at = excluded.at, source = excluded.source',
  );
  const get = db.prepare(
    'SELECT channel, user_id, opted_in, at, source FROM consents WHERE channel = ? AND user_id = ?',
  );
  return {
    set: async (address, optedIn, source, at) =>
      void upsert.run(address.channel, address.userId, optedIn ? 1 : 0, at, source),
    get: async (channel, userId) => {
      const row = get.get(channel, userId) as
        { channel: string; user_id: string; opted_in: number; at: string; source: string } | undefined;
      return (
        row &&
        ({
          channel: row.channel,
          userId: row.user_id,
          optedIn: row.opted_in === 1,
          at: row.at,
          source: row.source,
        } satisfies Consent)
      );
    },
  };
}
