import type Database from 'better-sqlite3';
import type { Migration, StoreSlice } from '../slice.js';

/**
 * The engine's own tables and the catalog's (owner `core`). Append only: a shipped migration never
 * changes. Each module's tables come with its StoreSlice (src/modules/<name>/store-slice.ts).
 */
export const coreMigrations: readonly Migration[] = [
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
    `,
  },
  { id: 2, sql: 'ALTER TABLE outbox ADD COLUMN leased_until TEXT;' },
  // What each turn did (states, actions, model calls), beside its inbound entry: the simulator's event log.
  { id: 3, sql: 'ALTER TABLE transcript ADD COLUMN trace TEXT;' },
  // Failed attempts at an inbound event's turn: after a few the engine gives up on it (poison events).
  {
    id: 4,
    sql: 'CREATE TABLE inbound_failures (channel TEXT NOT NULL, event_id TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT NOT NULL, first_at TEXT NOT NULL, last_at TEXT NOT NULL, PRIMARY KEY (channel, event_id));',
  },
  // Variants: the product a row belongs to, its option values ([name, value] pairs, in order), a sale's compare-at price, unlimited selling.
  {
    id: 5,
    sql: `
      ALTER TABLE products ADD COLUMN parent TEXT;
      ALTER TABLE products ADD COLUMN options TEXT;
      ALTER TABLE products ADD COLUMN compare_at_amount INTEGER;
      ALTER TABLE products ADD COLUMN continue_selling INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX products_by_parent ON products (parent) WHERE parent IS NOT NULL;
    `,
  },
];

/**
 * Databases made before migrations had owners kept one numbered list (`schema_migrations`): what
 * each of its ids became. Read once, on the first open by this version.
 */
const legacy: Record<number, [owner: string, id: number][]> = {
  1: [
    ['core', 1],
    ['orders', 1],
  ],
  2: [['core', 2]],
  3: [['handoff', 1]],
  4: [['funnel', 1]],
  5: [['consent', 1]],
  6: [['orders', 2]],
  7: [['core', 3]],
  8: [['core', 4]],
};

/** Applies what is missing (the engine's, then each slice's in order), each migration in its own transaction; safe on every open. */
export function migrate(db: Database.Database, slices: readonly StoreSlice[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS kaiwa_migrations (owner TEXT NOT NULL, id INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (owner, id))',
  );
  adoptLegacy(db);
  const applied = new Set(
    (db.prepare('SELECT owner, id FROM kaiwa_migrations').all() as { owner: string; id: number }[]).map(
      (row) => `${row.owner}:${row.id}`,
    ),
  );
  const record = db.prepare('INSERT INTO kaiwa_migrations (owner, id, applied_at) VALUES (?, ?, ?)');
  const owners = [
    { name: 'core', migrations: coreMigrations },
    ...slices.map((s) => ({ name: s.name, migrations: s.sqlite.migrations })),
  ];
  for (const owner of owners)
    for (const migration of owner.migrations) {
      if (applied.has(`${owner.name}:${migration.id}`)) continue;
      db.transaction(() => {
        db.exec(migration.sql);
        record.run(owner.name, migration.id, new Date().toISOString());
      })();
    }
}

function adoptLegacy(db: Database.Database): void {
  const old = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!old) return;
  db.transaction(() => {
    const insert = db.prepare('INSERT OR IGNORE INTO kaiwa_migrations (owner, id, applied_at) VALUES (?, ?, ?)');
    for (const row of db.prepare('SELECT id, applied_at FROM schema_migrations').all() as {
      id: number;
      applied_at: string;
    }[])
      for (const [owner, id] of legacy[row.id] ?? []) insert.run(owner, id, row.applied_at);
    db.exec('DROP TABLE schema_migrations');
  })();
}
