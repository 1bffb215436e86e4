import type { Queryable } from '../../store/slice.js';
import type { ConsentStore } from './store.js';

/** Marketing consent per shopper and channel: the latest choice with its time and source. */
export function createConsentRepository(db: Queryable): ConsentStore {
  return {
    set: async (address, optedIn, source, at) =>
      void (await db.query(
        'INSERT INTO consents (channel, user_id, opted_in, at, source) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (channel, user_id) DO UPDATE SET opted_in = excluded.opted_in, at = excluded.at, source = excluded.source',
        [address.channel, address.userId, optedIn, at, source],
      )),
    get: async (channel, userId) => {
      const row = (
        await db.query<{ channel: string; user_id: string; opted_in: boolean; at: string; source: string }>(
          'SELECT channel, user_id, opted_in, at, source FROM consents WHERE channel = $1 AND user_id = $2',
          [channel, userId],
        )
      ).rows[0];
      return (
        row && { channel: row.channel, userId: row.user_id, optedIn: row.opted_in, at: row.at, source: row.source }
      );
    },
  };
}
