import type Database from 'better-sqlite3';
import { conversationKey, type Order } from '../../core/index.js';
import { listLimit, orderFilterSql } from './order-filter.js';
import type { OrderStore, OrderTransition, PaymentLedger } from './store.js';

interface OrderRow {
  id: string;
  address: string;
  locale: string;
  status: Order['status'];
  lines: string;
  charges: string | null;
  tax: string | null;
  total_amount: number;
  currency: string;
  provider: string | null;
  payment_url: string | null;
  payment_reference: string | null;
  carrier: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  ship_to: string | null;
  created_at: string;
  expires_at: string;
  updated_at: string;
}

const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  address: JSON.parse(row.address),
  locale: row.locale,
  status: row.status,
  lines: JSON.parse(row.lines),
  ...(row.charges ? { charges: JSON.parse(row.charges) } : {}),
  ...(row.tax ? { tax: JSON.parse(row.tax) } : {}),
  total: { amount: row.total_amount, currency: row.currency },
  ...(row.provider ? { provider: row.provider } : {}),
  ...(row.payment_url ? { paymentUrl: row.payment_url } : {}),
  ...(row.payment_reference ? { paymentReference: row.payment_reference } : {}),
  ...(row.carrier
    ? {
        shipment: {
          carrier: row.carrier,
          trackingNumber: row.tracking_number ?? '',
          trackingUrl: row.tracking_url ?? '',
        },
      }
    : {}),
  ...(row.ship_to ? { shipTo: JSON.parse(row.ship_to) } : {}),
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  updatedAt: row.updated_at,
});

/** Orders and their status history; every status change is a compare-and-set that records its cause. */
export function createOrderRepository(db: Database.Database): OrderStore {
  const insert =
    db.prepare(`INSERT INTO orders (id, conversation, address, locale, status, lines, charges, tax, total_amount, currency, provider, payment_url, created_at, expires_at, updated_at)
    VALUES (@id, @conversation, @address, @locale, @status, @lines, @charges, @tax, @total_amount, @currency, @provider, @payment_url, @created_at, @expires_at, @updated_at)`);
  const record = db.prepare(
    'INSERT INTO order_transitions (order_id, from_status, to_status, cause, at) VALUES (?, ?, ?, ?, ?)',
  );
  const get = db.prepare('SELECT * FROM orders WHERE id = ?');
  const setStatus = db.prepare('UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status = ?');
  const setPayment = db.prepare('UPDATE orders SET provider = ?, payment_url = ?, payment_reference = ? WHERE id = ?');
  const setShipment = db.prepare('UPDATE orders SET carrier = ?, tracking_number = ?, tracking_url = ? WHERE id = ?');
  const setShipTo = db.prepare('UPDATE orders SET ship_to = ? WHERE id = ?');
  const history = db.prepare(
    'SELECT order_id, from_status, to_status, cause, at FROM order_transitions WHERE order_id = ? ORDER BY id',
  );
  const expired = db.prepare(
    "SELECT * FROM orders WHERE status = 'awaiting_payment' AND expires_at < ? ORDER BY expires_at LIMIT ?",
  );
  const byConversation = db.prepare('SELECT * FROM orders WHERE conversation = ? ORDER BY created_at, id');
  // The status and its history row change together, even when called outside a transaction.
  const apply = db.transaction(
    (id: string, from: Order['status'], to: Order['status'], cause: string, at: string): boolean => {
      if (setStatus.run(to, at, id, from).changes !== 1) return false;
      record.run(id, from, to, cause, at);
      return true;
    },
  );
  const insertWithHistory = db.transaction((order: Order, cause: string) => {
    insert.run({
      id: order.id,
      conversation: conversationKey(order.address),
      address: JSON.stringify(order.address),
      locale: order.locale,
      status: order.status,
      lines: JSON.stringify(order.lines),
      charges: order.charges?.length ? JSON.stringify(order.charges) : null,
      tax: order.tax ? JSON.stringify(order.tax) : null,
      total_amount: order.total.amount,
      currency: order.total.currency,
      provider: order.provider ?? null,
      payment_url: order.paymentUrl ?? null,
      created_at: order.createdAt,
      expires_at: order.expiresAt,
      updated_at: order.updatedAt,
    });
    record.run(order.id, null, order.status, cause, order.createdAt);
  });
  return {
    create: async (order, cause) => insertWithHistory(order, cause),
    get: async (id) => {
      const row = get.get(id) as OrderRow | undefined;
      return row && toOrder(row);
    },
    async transition(id, from, to, cause, at) {
      const current = get.get(id) as OrderRow | undefined;
      if (!current || !from.includes(current.status)) return undefined;
      // Compare-and-set on the status read above: another process that wrote in between makes this a no-op.
      if (!apply(id, current.status, to, cause, at)) return undefined;
      return toOrder(get.get(id) as OrderRow);
    },
    setPayment: async (id, payment) =>
      void setPayment.run(payment.provider, payment.url ?? null, payment.reference ?? null, id),
    setShipment: async (id, shipment) =>
      void setShipment.run(shipment.carrier, shipment.trackingNumber, shipment.trackingUrl, id),
    setShipTo: async (id, shipTo) => void setShipTo.run(JSON.stringify(shipTo), id),
    history: async (id) =>
      (
        history.all(id) as {
          order_id: string;
          from_status: OrderTransition['from'];
          to_status: OrderTransition['to'];
          cause: string;
          at: string;
        }[]
      ).map((row) => ({
        orderId: row.order_id,
        from: row.from_status,
        to: row.to_status,
        cause: row.cause,
        at: row.at,
      })),
    listExpired: async (now, limit) => (expired.all(now, limit) as OrderRow[]).map(toOrder),
    list: async (filter) => {
      const { where, values } = orderFilterSql(filter, () => '?');
      return (
        db
          .prepare(`SELECT * FROM orders ${where} ORDER BY created_at DESC, id DESC LIMIT ?`)
          .all(...values, listLimit(filter)) as OrderRow[]
      ).map(toOrder);
    },
    listByConversation: async (address) => (byConversation.all(conversationKey(address)) as OrderRow[]).map(toOrder),
  };
}

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
