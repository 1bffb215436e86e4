import { conversationKey, type Order } from '../../core/index.js';
import type { Queryable } from '../../store/slice.js';
import { listLimit, orderFilterSql } from './order-filter.js';
import type { OrderStore, OrderTransition, PaymentLedger } from './store.js';

interface OrderRow {
  id: string;
  address: Order['address'];
  locale: string;
  status: Order['status'];
  lines: Order['lines'];
  charges: Order['charges'] | null;
  tax: Order['tax'] | null;
  total_amount: string;
  currency: string;
  provider: string | null;
  payment_url: string | null;
  payment_reference: string | null;
  carrier: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  ship_to: Order['shipTo'] | null;
  created_at: string;
  expires_at: string;
  updated_at: string;
}

const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  address: row.address,
  locale: row.locale,
  status: row.status,
  lines: row.lines,
  ...(row.charges ? { charges: row.charges } : {}),
  ...(row.tax ? { tax: row.tax } : {}),
  total: { amount: Number(row.total_amount), currency: row.currency },
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
  ...(row.ship_to ? { shipTo: row.ship_to } : {}),
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  updatedAt: row.updated_at,
});

export function createOrderRepository(db: Queryable): OrderStore {
  const record = (id: string, from: string | null, to: string, cause: string, at: string) =>
    db.query(
      'INSERT INTO order_transitions (order_id, from_status, to_status, cause, at) VALUES ($1, $2, $3, $4, $5)',
      [id, from, to, cause, at],
    );
  const get = async (id: string) => (await db.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [id])).rows[0];
  return {
    async create(order, cause) {
      await db.query(
        `INSERT INTO orders (id, conversation, address, locale, status, lines, charges, tax, total_amount, currency, provider, payment_url, created_at, expires_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          order.id,
          conversationKey(order.address),
          JSON.stringify(order.address),
          order.locale,
          order.status,
          JSON.stringify(order.lines),
          order.charges?.length ? JSON.stringify(order.charges) : null,
          order.tax ? JSON.stringify(order.tax) : null,
          order.total.amount,
          order.total.currency,
          order.provider ?? null,
          order.paymentUrl ?? null,
          order.createdAt,
          order.expiresAt,
          order.updatedAt,
        ],
      );
      await record(order.id, null, order.status, cause, order.createdAt);
    },
    get: async (id) => {
      const row = await get(id);
      return row && toOrder(row);
    },
    async transition(id, from, to, cause, at) {
      // Compare-and-set in one statement: concurrent transitions cannot both win.
      const { rows } = await db.query<OrderRow & { previous: Order['status'] }>(
        `UPDATE orders o SET status = $1, updated_at = $2 FROM (SELECT id, status AS previous FROM orders WHERE id = $3 FOR UPDATE) p
         WHERE o.id = p.id AND p.previous = ANY($4) RETURNING o.*, p.previous`,
        [to, at, id, [...from]],
      );
      const row = rows[0];
      if (!row) return undefined;
      await record(id, row.previous, to, cause, at);
      return toOrder(row);
    },
    setPayment: async (id, payment) =>
      void (await db.query('UPDATE orders SET provider = $1, payment_url = $2, payment_reference = $3 WHERE id = $4', [
        payment.provider,
        payment.url ?? null,
        payment.reference ?? null,
        id,
      ])),
    setShipment: async (id, shipment) =>
      void (await db.query('UPDATE orders SET carrier = $1, tracking_number = $2, tracking_url = $3 WHERE id = $4', [
        shipment.carrier,
        shipment.trackingNumber,
        shipment.trackingUrl,
        id,
      ])),
    setShipTo: async (id, shipTo) =>
      void (await db.query('UPDATE orders SET ship_to = $1 WHERE id = $2', [JSON.stringify(shipTo), id])),
    history: async (id) =>
      (
        await db.query<{
          order_id: string;
          from_status: OrderTransition['from'];
          to_status: OrderTransition['to'];
          cause: string;
          at: string;
        }>(
          'SELECT order_id, from_status, to_status, cause, at FROM order_transitions WHERE order_id = $1 ORDER BY id',
          [id],
        )
      ).rows.map((row) => ({
        orderId: row.order_id,
        from: row.from_status,
        to: row.to_status,
        cause: row.cause,
        at: row.at,
      })),
    listExpired: async (now, limit) =>
      (
        await db.query<OrderRow>(
          "SELECT * FROM orders WHERE status = 'awaiting_payment' AND expires_at < $1 ORDER BY expires_at LIMIT $2",
          [now, limit],
        )
      ).rows.map(toOrder),
    list: async (filter) => {
      let index = 0;
      const { where, values } = orderFilterSql(filter, () => `$${++index}`);
      return (
        await db.query<OrderRow>(`SELECT * FROM orders ${where} ORDER BY created_at DESC, id DESC LIMIT $${++index}`, [
          ...values,
          listLimit(filter),
        ])
      ).rows.map(toOrder);
    },
    listByConversation: async (address) =>
      (
        await db.query<OrderRow>('SELECT * FROM orders WHERE conversation = $1 ORDER BY created_at, id', [
          conversationKey(address),
        ])
      ).rows.map(toOrder),
  };
}

export function createPaymentLedger(db: Queryable): PaymentLedger {
  return {
    record: async (event, outcome, at) =>
      (
        await db.query(
          `INSERT INTO payment_events (provider_event_id, provider, order_id, status, amount, currency, outcome, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (provider_event_id) DO NOTHING`,
          [
            event.providerEventId,
            event.provider,
            event.orderId,
            event.status,
            event.amount.amount,
            event.amount.currency,
            outcome,
            at,
          ],
        )
      ).rowCount === 1,
  };
}
