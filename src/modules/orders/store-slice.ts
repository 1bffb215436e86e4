import type { StoreSlice } from '../../store/slice.js';
import { createOrderRepository as postgresOrders, createPaymentLedger as postgresLedger } from './postgres.js';
import { createOrderRepository as sqliteOrders, createPaymentLedger as sqliteLedger } from './sqlite.js';

/**
 * The units of orders that may still be paid, as rows `(product_id, quantity)` (holdsStock in
 * apply-payment.ts): awaiting payment, or given a wrong amount before they expired. Paid units are sold
 * (the merchant's backend counts them once the sale is recorded there); expired and cancelled orders
 * gave theirs back.
 */
const stillPayable = (lines: string) =>
  `${lines} WHERE orders.status = 'awaiting_payment' UNION ALL ${lines} WHERE orders.status = 'payment_mismatch'
   AND COALESCE((SELECT t.from_status FROM order_transitions t WHERE t.order_id = orders.id AND t.to_status = 'payment_mismatch'
   ORDER BY t.id DESC LIMIT 1), '') <> 'expired'`;

/** Orders, their status history and the payment events applied to them, on both databases. */
export const ordersSlice: StoreSlice = {
  name: 'orders',
  tables: {
    // Kept for the accounts; the address and conversation become a random pseudonym, the delivery address is removed.
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
      // Shipping (and later tax and discounts), frozen with the order: JSON [{ kind, label, amount, zone }].
      { id: 3, sql: 'ALTER TABLE orders ADD COLUMN charges TEXT;' },
      // The tax breakdown per rate (kaiwa.yaml tax:), frozen with the order: JSON { prices, region?, lines, total }.
      { id: 4, sql: 'ALTER TABLE orders ADD COLUMN tax TEXT;' },
      // How a fulfilled order travels (kaiwa orders fulfil --carrier --tracking): carrier id, tracking number and page.
      {
        id: 5,
        sql: 'ALTER TABLE orders ADD COLUMN carrier TEXT; ALTER TABLE orders ADD COLUMN tracking_number TEXT; ALTER TABLE orders ADD COLUMN tracking_url TEXT;',
      },
      // The delivery address (docs/orders.md, The delivery address): JSON { name, postalCode, country, … }; erasure clears it.
      { id: 6, sql: 'ALTER TABLE orders ADD COLUMN ship_to TEXT;' },
    ],
    heldStock: stillPayable(
      "SELECT json_extract(line.value, '$.productId') AS product_id, json_extract(line.value, '$.quantity') AS quantity FROM orders, json_each(orders.lines) AS line",
    ),
    create: (db) => ({ orders: sqliteOrders(db), payments: sqliteLedger(db) }),
    erase: (db, target) => ({
      ordersAnonymised: db
        .prepare(
          'UPDATE orders SET address = @pseudonym, conversation = @pseudonymKey, ship_to = NULL WHERE conversation = @key',
        )
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
      // Orders whose wrong amount came in, found without reading every order: they may still hold stock (heldStock).
      { id: 3, sql: "CREATE INDEX orders_mismatched ON orders (id) WHERE status = 'payment_mismatch';" },
      { id: 4, sql: 'ALTER TABLE orders ADD COLUMN charges JSONB;' },
      { id: 5, sql: 'ALTER TABLE orders ADD COLUMN tax JSONB;' },
      {
        id: 6,
        sql: 'ALTER TABLE orders ADD COLUMN carrier TEXT, ADD COLUMN tracking_number TEXT, ADD COLUMN tracking_url TEXT;',
      },
      { id: 7, sql: 'ALTER TABLE orders ADD COLUMN ship_to JSONB;' },
    ],
    heldStock: stillPayable(
      "SELECT line->>'productId' AS product_id, (line->>'quantity')::int AS quantity FROM orders CROSS JOIN LATERAL jsonb_array_elements(orders.lines) AS line",
    ),
    create: (db) => ({ orders: postgresOrders(db), payments: postgresLedger(db) }),
    erase: async (tx, target) => ({
      ordersAnonymised:
        (
          await tx.query('UPDATE orders SET address = $2, conversation = $3, ship_to = NULL WHERE conversation = $1', [
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
