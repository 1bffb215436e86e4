import type Database from 'better-sqlite3';

/** Ordered schema changes. Append only: a shipped migration never changes. */
const migrations: { id: number; sql: string }[] = [
  {
    id: 1,
    sql: `
      CREATE TABLE sessions (key TEXT PRIMARY KEY, flow_id TEXT NOT NULL, flow_hash TEXT NOT NULL, snapshot TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE inbox (channel TEXT NOT NULL, event_id TEXT NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (channel, event_id));
      CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation TEXT NOT NULL, address TEXT NOT NULL, replies TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL, created_at TEXT NOT NULL,
        sent_at TEXT, last_error TEXT);
      CREATE INDEX outbox_pending ON outbox (status, conversation, id);
      CREATE TABLE transcript (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation TEXT NOT NULL, direction TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL);
      CREATE INDEX transcript_by_conversation ON transcript (conversation, id);
      CREATE TABLE products (id TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL, price_amount INTEGER NOT NULL, currency TEXT NOT NULL,
        stock INTEGER NOT NULL CHECK (stock >= 0), source_stock INTEGER NOT NULL, image_url TEXT, tags TEXT NOT NULL, attributes TEXT NOT NULL, updated_at TEXT NOT NULL);
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
  { id: 2, sql: 'ALTER TABLE outbox ADD COLUMN leased_until TEXT;' },
  {
    id: 3,
    sql: `CREATE TABLE handoffs (key TEXT PRIMARY KEY, address TEXT NOT NULL, reason TEXT NOT NULL, since TEXT NOT NULL, last_message TEXT, last_message_at TEXT);
      CREATE INDEX handoffs_by_since ON handoffs (since);`,
  },
  {
    id: 4,
    sql: `CREATE TABLE funnel_events (id INTEGER PRIMARY KEY AUTOINCREMENT, step TEXT NOT NULL, channel TEXT NOT NULL, conversation TEXT NOT NULL,
        order_id TEXT, amount INTEGER, currency TEXT, at TEXT NOT NULL);
      CREATE INDEX funnel_events_by_at ON funnel_events (at);`,
  },
  {
    id: 5,
    sql: 'CREATE TABLE consents (channel TEXT NOT NULL, user_id TEXT NOT NULL, opted_in INTEGER NOT NULL, at TEXT NOT NULL, source TEXT NOT NULL, PRIMARY KEY (channel, user_id));',
  },
  // The provider's own id for an order's payment (LINE Pay's transactionId, a string: it exceeds 2^53).
  { id: 6, sql: 'ALTER TABLE orders ADD COLUMN payment_reference TEXT;' },
  // What each turn did (states, actions, model calls), beside its inbound entry: the simulator's event log.
  { id: 7, sql: 'ALTER TABLE transcript ADD COLUMN trace TEXT;' },
  // Failed attempts at an inbound event's turn: after a few the engine gives up on it (poison events).
  {
    id: 8,
    sql: 'CREATE TABLE inbound_failures (channel TEXT NOT NULL, event_id TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT NOT NULL, first_at TEXT NOT NULL, last_at TEXT NOT NULL, PRIMARY KEY (channel, event_id));',
  },
];

/** Applies what is missing, each migration in its own transaction; safe on every open. */
export function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT id FROM schema_migrations').all() as { id: number }[]).map((row) => row.id),
  );
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(
        migration.id,
        new Date().toISOString(),
      );
    })();
  }
}
