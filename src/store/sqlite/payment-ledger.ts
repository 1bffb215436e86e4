import type Database from 'better-sqlite3';
import type { PaymentLedger } from '../../core/index.js';

/** Provider events already applied, keyed by `providerEventId`: a redelivered webhook changes nothing. */
export function createPaymentLedger(db: Database.Database): PaymentLedger {
  const insert =
    db.prepare(`INSERT INTO payment_events (provider_event_id, provider, order_id, status, amount, currency, outcome, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider_event_id) DO NOTHING`);
  return {
    record: async (event, outcome, at) =>
      insert.run(
        event.providerEventId,
        event.provider,
        event.orderId,
        event.status,
        event.amount.amount,
        event.amount.currency,
        outcome,
        at,
      ).changes === 1,
  };
}
