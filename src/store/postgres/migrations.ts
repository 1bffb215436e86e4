import type { Pool } from 'pg';

/** Ordered schema changes. Append only: a shipped migration never changes. Times are ISO-8601 UTC text, as in SQLite. */
const migrations: { id: number; sql: string }[] = [
  {
    id: 1,
    sql: `
      CREATE TABLE sessions (key TEXT PRIMARY KEY, flow_id TEXT NOT NULL, flow_hash TEXT NOT NULL, snapshot JSONB NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE inbox (channel TEXT NOT NULL, event_id TEXT NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (channel, event_id));
      CREATE TABLE outbox (id BIGSERIAL PRIMARY KEY, conversation TEXT NOT NULL, address JSONB NOT NULL, replies JSONB NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL, leased_until TEXT,
        created_at TEXT NOT NULL, sent_at TEXT, last_error TEXT);
      CREATE INDEX outbox_pending ON outbox (conversation, id) WHERE status = 'pending';
      CREATE TABLE transcript (id BIGSERIAL PRIMARY KEY, conversation TEXT NOT NULL, direction TEXT NOT NULL, at TEXT NOT NULL, body JSONB);
      CREATE INDEX transcript_by_conversation ON transcript (conversation, id);
      CREATE TABLE products (id TEXT PRIMARY KEY, title JSONB NOT NULL, description JSONB NOT NULL, price_amount BIGINT NOT NULL, currency TEXT NOT NULL,
        stock INTEGER NOT NULL CHECK (stock >= 0), source_stock INTEGER NOT NULL, image_url TEXT, tags JSONB NOT NULL, attributes JSONB NOT NULL, updated_at TEXT NOT NULL);
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
  {
    id: 2,
    sql: `CREATE TABLE handoffs (key TEXT PRIMARY KEY, address JSONB NOT NULL, reason TEXT NOT NULL, since TEXT NOT NULL, last_message TEXT, last_message_at TEXT);
      CREATE INDEX handoffs_by_since ON handoffs (since);`,
  },
  {
    id: 3,
    sql: `CREATE TABLE funnel_events (id BIGSERIAL PRIMARY KEY, step TEXT NOT NULL, channel TEXT NOT NULL, conversation TEXT NOT NULL,
        order_id TEXT, amount BIGINT, currency TEXT, at TEXT NOT NULL);
      CREATE INDEX funnel_events_by_at ON funnel_events (at);`,
  },
  {
    id: 4,
    sql: 'CREATE TABLE consents (channel TEXT NOT NULL, user_id TEXT NOT NULL, opted_in BOOLEAN NOT NULL, at TEXT NOT NULL, source TEXT NOT NULL, PRIMARY KEY (channel, user_id));',
  },
  // The provider's own id for an order's payment (LINE Pay's transactionId, a string: it exceeds 2^53).
  { id: 5, sql: 'ALTER TABLE orders ADD COLUMN payment_reference TEXT;' },
  // What each turn did (states, actions, model calls), beside its inbound entry: the simulator's event log.
  { id: 6, sql: 'ALTER TABLE transcript ADD COLUMN trace JSONB;' },
  // Failed attempts at an inbound event's turn: after a few the engine gives up on it (poison events).
  {
    id: 7,
    sql: 'CREATE TABLE inbound_failures (channel TEXT NOT NULL, event_id TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT NOT NULL, first_at TEXT NOT NULL, last_at TEXT NOT NULL, PRIMARY KEY (channel, event_id));',
  },
];

/**
 * Applies what is missing. Several instances may start at once: a transaction-scoped advisory
 * lock makes one of them migrate while the others wait, then find nothing left to do.
 */
export async function migrate(pool: Pool, schema?: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('kaiwa:migrations', 0))");
    // Under the lock: CREATE SCHEMA IF NOT EXISTS itself races when instances start together.
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const applied = new Set(
      (await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((row) => row.id),
    );
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [
        migration.id,
        new Date().toISOString(),
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
