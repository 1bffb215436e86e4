import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Address, Store } from '../../src/core/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { changes, type StoreSlice } from '../../src/store/slice.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';

// A feature of one's own, as a module would add it: its repository, table, migrations, erasure and export parts.
interface NoteStore {
  add(address: Address, text: string, at: string): Promise<void>;
  list(address: Address): Promise<string[]>;
}
declare module '../../src/core/ports/store.js' {
  interface StoreSlices {
    readonly notes: NoteStore;
  }
}

const conversation = (address: Address) => `${address.channel}:${address.conversationId}`;
const notesSlice: StoreSlice = {
  name: 'notes',
  tables: { notes: 'erased' },
  sqlite: {
    migrations: [
      {
        id: 1,
        sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation TEXT NOT NULL, at TEXT NOT NULL);',
      },
      { id: 2, sql: 'ALTER TABLE notes ADD COLUMN text TEXT;' },
    ],
    create: (db) => ({
      notes: {
        add: async (address, text, at) =>
          void db
            .prepare('INSERT INTO notes (conversation, at, text) VALUES (?, ?, ?)')
            .run(conversation(address), at, text),
        list: async (address) =>
          db
            .prepare('SELECT text FROM notes WHERE conversation = ? ORDER BY id')
            .pluck()
            .all(conversation(address)) as string[],
      },
    }),
    erase: (db, target) => ({ notes: db.prepare('DELETE FROM notes WHERE conversation = ?').run(target.key).changes }),
    purge: (db, before) => ({ notes: db.prepare('DELETE FROM notes WHERE at < ?').run(before).changes }),
  },
  postgres: {
    migrations: [
      { id: 1, sql: 'CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, conversation TEXT NOT NULL, at TEXT NOT NULL);' },
      { id: 2, sql: 'ALTER TABLE notes ADD COLUMN text TEXT;' },
    ],
    create: (db) => ({
      notes: {
        add: async (address, text, at) =>
          void (await db.query('INSERT INTO notes (conversation, at, text) VALUES ($1, $2, $3)', [
            conversation(address),
            at,
            text,
          ])),
        list: async (address) =>
          (
            await db.query<{ text: string }>('SELECT text FROM notes WHERE conversation = $1 ORDER BY id', [
              conversation(address),
            ])
          ).rows.map((row) => row.text),
      },
    }),
    erase: async (tx, target) => ({
      notes: await changes(tx, 'DELETE FROM notes WHERE conversation = $1', [target.key]),
    }),
    purge: async (tx, before) => ({ notes: await changes(tx, 'DELETE FROM notes WHERE at < $1', [before]) }),
    turnFacts: { noted: 'EXISTS (SELECT 1 FROM notes WHERE conversation = $1)' },
  },
  exportShopper: async (store, address) => ({ notes: await store.notes.list(address) }),
};

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-slices-'));
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schemas: string[] = [];
const fresh = () => {
  const schema = `kaiwa_slices_${Date.now().toString(36)}_${schemas.length}_${process.pid}`;
  schemas.push(schema);
  return schema;
};
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
});

const ann: Address = { channel: 'line', conversationId: 'U-ann', userId: 'U-ann' };
const bob: Address = { channel: 'line', conversationId: 'U-bob', userId: 'U-bob' };
const at = '2026-12-01T09:00:00.000Z';
const slices = [...builtInStoreSlices, notesSlice];

const backends: [string, () => Promise<Store>][] = [
  ['SQLite', async () => createSqliteStore({ slices, path: join(dir, `own-${Math.random()}.db`) })],
  ['PostgreSQL', () => createPostgresStore({ slices, connectionString: url, schema: fresh(), poolSize: 3 })],
];

describe.each(backends)('a store slice of one’s own on %s', (_name, open) => {
  it('gets its table and repository, joins transactions, and takes part in erasure, retention and export', async () => {
    const store = await open();
    try {
      await store.notes.add(ann, 'prefers green tea', at);
      await store.notes.add(bob, 'asked about gift wrap', at);
      // A rolled-back transaction keeps none of the slice's writes.
      await expect(
        store.transaction(async (tx) => {
          await tx.notes.add(ann, 'never kept', at);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await store.notes.list(ann)).toEqual(['prefers green tea']);
      expect(await store.privacy.exportParts(ann)).toMatchObject({ notes: ['prefers green tea'], handoff: null });

      const report = await store.privacy.erase('line:U-ann', { channel: 'line', conversationId: 'x', userId: 'x' });
      expect(report.notes).toBe(1);
      expect(await store.notes.list(ann)).toEqual([]);
      expect(await store.notes.list(bob)).toEqual(['asked about gift wrap']);

      const purged = await store.privacy.purgeBefore('2026-12-02T00:00:00.000Z');
      expect(purged.notes).toBe(1);
      expect(await store.notes.list(bob)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('slices a store refuses, before touching the database', () => {
  const renamed = (name: string): StoreSlice => ({ ...notesSlice, name });
  const cases: [string, StoreSlice[], RegExp][] = [
    ['a name given twice', [notesSlice, notesSlice], /store slice "notes" is given twice/],
    ["the engine's own name", [renamed('core')], /store slice "core" is given twice \(or is named core/],
    ['a name that is no identifier', [renamed('My Notes')], /store slice name "My Notes" must be lower-case/],
    [
      'a migration id skipped',
      [{ ...notesSlice, sqlite: { ...notesSlice.sqlite, migrations: [{ id: 2, sql: 'SELECT 1' }] } }],
      /"notes": its sqlite migrations must be numbered 1, 2, 3… in order; number 1 has id 2/,
    ],
  ];
  it.each(cases)('%s', async (_case, bad, message) => {
    const path = join(dir, `refused-${Math.random()}.db`);
    expect(() => createSqliteStore({ slices: bad, path })).toThrow(message);
    expect(existsSync(path)).toBe(false);
    await expect(createPostgresStore({ slices: bad, connectionString: url, schema: fresh() })).rejects.toThrow(message);
  });

  it('a repository name the engine or another slice already has, closing what it opened', async () => {
    const clash: StoreSlice = {
      ...notesSlice,
      name: 'clash',
      sqlite: { ...notesSlice.sqlite, migrations: [], create: () => ({ orders: {} }) as never },
      postgres: { ...notesSlice.postgres, migrations: [], create: () => ({ sessions: {} }) as never },
    };
    const path = join(dir, 'clash.db');
    expect(() => createSqliteStore({ slices: [...builtInStoreSlices, clash], path })).toThrow(
      'store slice "clash" brings a repository "orders" the store already has',
    );
    // The file was closed: it opens again at once.
    await createSqliteStore({ slices: builtInStoreSlices, path, busyTimeoutMs: 0 }).close();
    await expect(
      createPostgresStore({ slices: [clash], connectionString: url, schema: fresh(), poolSize: 1 }),
    ).rejects.toThrow('store slice "clash" brings a repository "sessions" the store already has');
  });
});

describe('turn facts', () => {
  it('reach the turn opening on PostgreSQL, one per slice that declares them', async () => {
    const store = await createPostgresStore({ slices, connectionString: url, schema: fresh(), poolSize: 2 });
    try {
      await store.notes.add(ann, 'hello', at);
      const opened = await store.transaction((tx) => tx.turns!.open('line:U-ann', 'line', 'ev-1', at));
      expect(opened).toEqual({ session: undefined, facts: { handoff: false, noted: true } });
    } finally {
      await store.close();
    }
  });
});

/**
 * A database made before migrations had owners: one numbered list in `schema_migrations`. Made here from a
 * current database by taking away what the last legacy migrations added and writing the old bookkeeping.
 */
/** The legacy data is there, and what the missing migrations add works: failed attempts, turn traces. */
async function expectUpgraded(store: Store): Promise<void> {
  try {
    expect(await store.handoffs.get('line:U-ann')).toMatchObject({ reason: 'asked for a person' });
    expect(await store.inbox.recordFailure('line', 'e1', 'boom', at)).toBe(1);
    await store.transcript.append(ann, [
      { direction: 'in', at, trace: { from: null, to: 'welcome', actions: [], calls: [], ms: 1 } },
    ]);
  } finally {
    await store.close();
  }
}

describe('databases from before migrations had owners', () => {
  it('SQLite: adopts the numbered list, applies only what is missing, keeps the data', async () => {
    const path = join(dir, 'legacy.db');
    const first = createSqliteStore({ slices: builtInStoreSlices, path });
    await first.handoffs.open(ann, 'asked for a person', at);
    await first.close();
    const db = new Database(path);
    // As left by legacy migration 6 (payment_reference): no transcript trace (7), no inbound_failures (8).
    db.exec(`DROP TABLE kaiwa_migrations; DROP TABLE inbound_failures; ALTER TABLE transcript DROP COLUMN trace;
      DROP INDEX products_by_parent; ALTER TABLE products DROP COLUMN parent; ALTER TABLE products DROP COLUMN options;
      ALTER TABLE products DROP COLUMN compare_at_amount; ALTER TABLE products DROP COLUMN continue_selling;
      ALTER TABLE orders DROP COLUMN charges; ALTER TABLE orders DROP COLUMN tax;
      ALTER TABLE orders DROP COLUMN carrier; ALTER TABLE orders DROP COLUMN tracking_number; ALTER TABLE orders DROP COLUMN tracking_url;
      ALTER TABLE orders DROP COLUMN ship_to;
      DROP TABLE shopify_webhooks; DROP TABLE shopify_products; DROP TABLE shopify_variants; DROP TABLE shopify_inventory_levels;
      DROP TABLE promotion_uses; DROP TABLE promotion_counts; ALTER TABLE handoffs DROP COLUMN resume_at;
      CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);`);
    for (let id = 1; id <= 6; id++) db.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(id, at);
    db.close();

    const store = createSqliteStore({ slices: builtInStoreSlices, path });
    await expectUpgraded(store);
    const check = new Database(path, { readonly: true });
    const tables = check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    const applied = check.prepare("SELECT owner || ':' || id FROM kaiwa_migrations ORDER BY owner, id").pluck().all();
    check.close();
    expect(tables).not.toContain('schema_migrations');
    expect(applied).toEqual([
      'consent:1',
      'core:1',
      'core:2',
      'core:3',
      'core:4',
      'core:5',
      'funnel:1',
      'handoff:1',
      'handoff:2',
      'inventory:1',
      'orders:1',
      'orders:2',
      'orders:3',
      'orders:4',
      'orders:5',
      'orders:6',
      'promotions:1',
    ]);
  });

  it('PostgreSQL: adopts the numbered list, applies only what is missing, keeps the data', async () => {
    const schema = fresh();
    const first = await createPostgresStore({ slices: builtInStoreSlices, connectionString: url, schema, poolSize: 1 });
    await first.handoffs.open(ann, 'asked for a person', at);
    await first.close();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    // As left by legacy migration 5 (payment_reference): no transcript trace (6), no inbound_failures (7).
    await pool.query(`DROP TABLE ${schema}.kaiwa_migrations; DROP TABLE ${schema}.inbound_failures;
      ALTER TABLE ${schema}.transcript DROP COLUMN trace;
      ALTER TABLE ${schema}.products DROP COLUMN parent, DROP COLUMN options, DROP COLUMN compare_at_amount, DROP COLUMN continue_selling;
      DROP INDEX ${schema}.orders_mismatched; ALTER TABLE ${schema}.orders DROP COLUMN charges, DROP COLUMN tax;
      ALTER TABLE ${schema}.orders DROP COLUMN carrier, DROP COLUMN tracking_number, DROP COLUMN tracking_url, DROP COLUMN ship_to;
      DROP TABLE ${schema}.shopify_webhooks, ${schema}.shopify_products, ${schema}.shopify_variants, ${schema}.shopify_inventory_levels;
      DROP TABLE ${schema}.promotion_uses, ${schema}.promotion_counts;
      ALTER TABLE ${schema}.handoffs DROP COLUMN resume_at;
      CREATE TABLE ${schema}.schema_migrations (id INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
      INSERT INTO ${schema}.schema_migrations SELECT id, '${at}' FROM generate_series(1, 5) AS id;`);

    const store = await createPostgresStore({ slices: builtInStoreSlices, connectionString: url, schema, poolSize: 1 });
    await expectUpgraded(store);
    const legacy = await pool.query(`SELECT to_regclass('${schema}.schema_migrations')::text AS found`);
    const applied = await pool.query<{ m: string }>(
      `SELECT owner || ':' || id AS m FROM ${schema}.kaiwa_migrations ORDER BY owner, id`,
    );
    await pool.end();
    expect(legacy.rows[0].found).toBeNull();
    expect(applied.rows.map((row) => row.m)).toEqual([
      'consent:1',
      'core:1',
      'core:2',
      'core:3',
      'core:4',
      'funnel:1',
      'handoff:1',
      'handoff:2',
      'inventory:1',
      'orders:1',
      'orders:2',
      'orders:3',
      'orders:4',
      'orders:5',
      'orders:6',
      'orders:7',
      'promotions:1',
    ]);
  });
});
