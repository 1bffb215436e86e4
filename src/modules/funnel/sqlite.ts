import type Database from 'better-sqlite3';
import { conversationKey } from '../../core/index.js';
import type { FunnelStore } from './store.js';
import { toFunnelDays, type FunnelRow } from './summary.js';

/** Funnel events, counted per day and channel (a conversation once per step per day; revenue per currency). */
export function createFunnelRepository(db: Database.Database): FunnelStore {
  const insert = db.prepare(
    'INSERT INTO funnel_events (step, channel, conversation, order_id, amount, currency, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const summary =
    db.prepare(`SELECT substr(at, 1, 10) AS day, channel, step, COUNT(DISTINCT conversation) AS conversations, currency, SUM(amount) AS amount
    FROM funnel_events WHERE at >= ? AND at < ? GROUP BY day, channel, step, currency ORDER BY day, channel`);
  return {
    record: async (address, events, at) => {
      for (const event of events)
        insert.run(
          event.step,
          address.channel,
          conversationKey(address),
          event.orderId ?? null,
          event.amount?.amount ?? null,
          event.amount?.currency ?? null,
          at,
        );
    },
    summary: async (from, to) => toFunnelDays(summary.all(from, to) as FunnelRow[]),
  };
}
