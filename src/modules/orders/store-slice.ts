import type { StoreSlice } from '../../store/slice.js';
import { createOrderRepository as postgresOrders, createPaymentLedger as postgresLedger } from './postgres.js';
import { createOrderRepository as sqliteOrders, createPaymentLedger as sqliteLedger } from './sqlite.js';

/** Orders, their status history and the payment events applied to them, on both databases. */
export const ordersSlice: StoreSlice = {
  name: 'orders',
  tables: {
    // Kept for the accounts; the address and conversation become a random pseudonym.
    orders: 'anonymised',
    order_transitions: "not personal: an order's status changes and their causes (checkout, a payment's event id)",
    payment_events: "not personal: the provider's event id, the order id, amount and outcome",
  },
  sqlite: {
    migrations: [
      {
        id: 1,
        sql: `
          CREATE TABLE orders (id TEXT PRIMARY KEY, conversation TEXT NOT NULL, address TEXT NOT NULL, locale TEXT NOT NULL, status TEXT NOT NULL,
            lines TEXT NOT NULL, total_amount INTEGER NOT NULL, currency TEXT NOT NULL, provider TEXT, payment_url TEXT,
            created_at TEXT NOT NULL, expires_at TEXT NOT NULL, updated_at TEXT NOT NULL);
          CREATE INDEX orders_by_conversation ON orders (conversation, created_at);
          CREATE INDEX orders_awaiting ON orders (status, expires_at);
          CREATE TABLE order_transitions (id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL REFERENCES orders (id), from_status TEXT, to_status TEXT NOT NULL, cause TEXT NOT NULL, at TEXT NOT NULL);
          CREATE INDEX order_transitions_by_order ON order_transitions (order_id, id);
          CREATE TABLE payment_events (provider_event_id TEXT PRIMARY KEY, provider TEXT NOT NULL, order_id TEXT NOT NULL, status TEXT NOT NULL,
            amount INTEGER NOT NULL, currency TEXT NOT NULL, outcome TEXT NOT NULL, at TEXT NOT NULL);
        `,
      },
      // The provider's own id for an order's payment (LINE Pay's transactionId, a string: it exceeds 2^53).
      { id: 2, sql: 'ALTER TABLE orders ADD COLUMN payment_reference TEXT;' },
    ],
    create: (db) => ({ orders: sqliteOrders(db), payments: sqliteLedger(db) }),
    erase: (db, target) => ({
      ordersAnonymised: db
        .prepare('UPDATE orders SET address = @pseudonym, conversation = @pseudonymKey WHERE conversation = @key')
        .run(target).changes,
    }),
  },
  postgres: {
    migrations: [
      {
        id: 1,
        sql: `
          CREATE TABLE orders (id TEXT PRIMARY KEY, conversation TEXT NOT NULL, address JSONB NOT NULL, locale TEXT NOT NULL, status TEXT NOT NULL,
            lines JSONB NOT NULL, total_amount BIGINT NOT NULL, currency TEXT NOT NULL, provider TEXT, payment_url TEXT,
            created_at TEXT NOT NULL, expires_at TEXT NOT NULL, updated_at TEXT NOT NULL);
          CREATE INDEX orders_by_conversation ON orders (conversation, created_at);
          CREATE INDEX orders_awaiting ON orders (expires_at) WHERE status = 'awaiting_payment';
          CREATE TABLE order_transitions (id BIGSERIAL PRIMARY KEY, order_id TEXT NOT NULL REFERENCES orders (id), from_status TEXT, to_status TEXT NOT NULL, cause TEXT NOT NULL, at TEXT NOT NULL);
          CREATE INDEX order_transitions_by_order ON order_transitions (order_id, id);
          CREATE TABLE payment_events (provider_event_id TEXT PRIMARY KEY, provider TEXT NOT NULL, order_id TEXT NOT NULL, status TEXT NOT NULL,
            amount BIGINT NOT NULL, currency TEXT NOT NULL, outcome TEXT NOT NULL, at TEXT NOT NULL);
        `,
      },
      { id: 2, sql: 'ALTER TABLE orders ADD COLUMN payment_reference TEXT;' },
    ],
    create: (db) => ({ orders: postgresOrders(db), payments: postgresLedger(db) }),
    erase: async (tx, target) => ({
      ordersAnonymised:
        (
          await tx.query('UPDATE orders SET address = $2, conversation = $3 WHERE conversation = $1', [
            target.key,
            target.pseudonym,
            target.pseudonymKey,
          ])
        ).rowCount ?? 0,
    }),
  },
  async exportShopper(store, address) {
    const orders = await store.orders.listByConversation(address);
    return {
      orders: await Promise.all(
        orders.map(async (order) => ({ ...order, history: await store.orders.history(order.id) })),
      ),
    };
  },
};
