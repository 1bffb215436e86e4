import { conversationKey } from '../../core/index.js';
import type { Queryable } from '../../store/slice.js';
import type { FunnelStore } from './store.js';
import { toFunnelDays, type FunnelRow } from './summary.js';

/** Funnel events, counted per day and channel (a conversation once per step per day; revenue per currency). */
export function createFunnelRepository(db: Queryable): FunnelStore {
  return {
    record: async (address, events, at) => {
      for (const event of events) {
        await db.query(
          'INSERT INTO funnel_events (step, channel, conversation, order_id, amount, currency, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [
            event.step,
            address.channel,
            conversationKey(address),
            event.orderId ?? null,
            event.amount?.amount ?? null,
            event.amount?.currency ?? null,
            at,
          ],
        );
      }
    },
    summary: async (from, to) =>
      toFunnelDays(
        (
          await db.query<FunnelRow>(
            `SELECT substr(at, 1, 10) AS day, channel, step, COUNT(DISTINCT conversation) AS conversations, currency, SUM(amount) AS amount
           FROM funnel_events WHERE at >= $1 AND at < $2 GROUP BY day, channel, step, currency ORDER BY day, channel`,
            [from, to],
          )
        ).rows,
      ),
  };
}
