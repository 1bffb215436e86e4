import type { Pool, PoolClient } from 'pg';
import type { Migration, StoreSlice } from '../slice.js';

/**
 * The engine's own tables and the catalog's (owner `core`). Append only: a shipped migration never
 * changes. Times are ISO-8601 UTC text, as in SQLite. Each module's tables come with its StoreSlice.
 */
export const coreMigrations: readonly Migration[] = [
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
    `,
  },
  // What each turn did (states, actions, model calls), beside its inbound entry: the simulator's event log.
  { id: 2, sql: 'ALTER TABLE transcript ADD COLUMN trace JSONB;' },
  // Failed attempts at an inbound event's turn: after a few the engine gives up on it (poison events).
  {
    id: 3,
    sql: 'CREATE TABLE inbound_failures (channel TEXT NOT NULL, event_id TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT NOT NULL, first_at TEXT NOT NULL, last_at TEXT NOT NULL, PRIMARY KEY (channel, event_id));',
  },
  // Variants: the product a row belongs to, its option values ([name, value] pairs, in order), a sale's compare-at price, unlimited selling.
  {
    id: 4,
    sql: `
      ALTER TABLE products ADD COLUMN parent TEXT;
      ALTER TABLE products ADD COLUMN options JSONB;
      ALTER TABLE products ADD COLUMN compare_at_amount BIGINT;
      ALTER TABLE products ADD COLUMN continue_selling BOOLEAN NOT NULL DEFAULT false;
      CREATE INDEX products_by_parent ON products (parent) WHERE parent IS NOT NULL;
    `,
  },
];

/** Databases made before migrations had owners kept one numbered list (`schema_migrations`): what each id became. */
const legacy: Record<number, [owner: string, id: number][]> = {
  1: [
    ['core', 1],
    ['orders', 1],
  ],
  2: [['handoff', 1]],
  3: [['funnel', 1]],
  4: [['consent', 1]],
  5: [['orders', 2]],
  6: [['core', 2]],
  7: [['core', 3]],
};

/**
 * Applies what is missing (the engine's, then each slice's in order). Several instances may start
 * at once: a transaction-scoped advisory lock makes one of them migrate while the others wait,
 * then find nothing left to do.
 */
export async function migrate(pool: Pool, slices: readonly StoreSlice[], schema?: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('kaiwa:migrations', 0))");
    // Under the lock: CREATE SCHEMA IF NOT EXISTS itself races when instances start together.
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS kaiwa_migrations (owner TEXT NOT NULL, id INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (owner, id))',
    );
    await adoptLegacy(client);
    const applied = new Set(
      (await client.query<{ owner: string; id: number }>('SELECT owner, id FROM kaiwa_migrations')).rows.map(
        (row) => `${row.owner}:${row.id}`,
      ),
    );
    const owners = [
      { name: 'core', migrations: coreMigrations },
      ...slices.map((slice) => ({ name: slice.name, migrations: slice.postgres.migrations })),
    ];
    for (const owner of owners)
      for (const migration of owner.migrations) {
        if (applied.has(`${owner.name}:${migration.id}`)) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO kaiwa_migrations (owner, id, applied_at) VALUES ($1, $2, $3)', [
          owner.name,
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

async function adoptLegacy(client: PoolClient): Promise<void> {
  // to_regclass reads the search path: the schema Kaiwa's tables are in.
  const old = await client.query<{ found: string | null }>("SELECT to_regclass('schema_migrations')::text AS found");
  if (!old.rows[0]?.found) return;
  const rows = (await client.query<{ id: number; applied_at: string }>('SELECT id, applied_at FROM schema_migrations'))
    .rows;
  for (const row of rows)
    for (const [owner, id] of legacy[row.id] ?? [])
      await client.query(
        'INSERT INTO kaiwa_migrations (owner, id, applied_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [owner, id, row.applied_at],
      );
  await client.query('DROP TABLE schema_migrations');
}
