import { systemClock, type Clock, type Store } from '../../core/index.js';
import { addRepositories, checkSlices, heldStockUnion, type StoreSlice } from '../slice.js';
import { createCatalogRepository } from './catalog-repository.js';
import { createInboxRepository } from './inbox-repository.js';
import { migrate } from './migrations.js';
import { openSqliteFile } from './open-database.js';
import { createOutboxRepository } from './outbox-repository.js';
import { createPrivacyRepository } from './privacy-repository.js';
import { createSessionRepository } from './sessions-repository.js';
import { createTransactionRunner, outsideTransactions } from './transaction.js';
import { createTranscriptRepository } from './transcript-repository.js';

export interface SqliteStoreOptions {
  /** A file path (its folder is created) or `:memory:`. */
  path: string;
  /** Stamps catalog rows' `updated_at`; defaults to the system clock. */
  clock?: Clock;
  /** How long to wait for another process's write lock on the file before failing (ms, default 5000). */
  busyTimeoutMs?: number;
  /** The feature modules' slices (src/modules/index.ts: `builtInStoreSlices`), migrated after the engine's tables. */
  slices: readonly StoreSlice[];
}

/**
 * The embedded default store: one SQLite file in WAL mode, migrated on open.
 *
 * better-sqlite3 is synchronous, so transactions with async bodies are serialised by an
 * in-process queue around BEGIN IMMEDIATE, and calls made outside a transaction wait for the
 * open one to end. Other processes on the same file wait on SQLite's own lock (busy_timeout).
 *
 * @example
 * const store = createSqliteStore({ path: './data/kaiwa.db', slices: builtInStoreSlices });
 * await store.transaction(async (tx) => tx.inbox.markSeen('line', eventId, now));
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  checkSlices(options.slices);
  const db = openSqliteFile(options.path);
  // WAL with NORMAL survives a process crash; only an OS crash may lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  db.pragma('foreign_keys = ON');
  migrate(db, options.slices);
  const clock = options.clock ?? systemClock;
  const runner = createTransactionRunner(db);
  let closed = false;

  const privacy = createPrivacyRepository(db, options.slices, () => root);
  const repositories: Record<string, object> = {
    sessions: createSessionRepository(db),
    inbox: createInboxRepository(db),
    outbox: createOutboxRepository(db),
    transcript: createTranscriptRepository(db),
    // Stock set from the merchant's backend is net of what the slices hold (the orders module's unpaid orders).
    catalog: createCatalogRepository(db, clock, heldStockUnion(options.slices.map((slice) => slice.sqlite))),
    privacy,
  };
  try {
    for (const slice of options.slices) addRepositories(repositories, slice, slice.sqlite.create(db, { clock }));
  } catch (error) {
    db.close();
    throw error;
  }

  // The repositories are the slices' as much as the engine's: the Store type lists them all (StoreSlices).
  const inTransaction = {
    ...repositories,
    // Nested calls join the outer transaction: the connection is already inside it.
    transaction: <T>(fn: (tx: Store) => Promise<T>) => fn(inTransaction),
    // BEGIN IMMEDIATE takes SQLite's write lock and the queue admits one transaction at a time,
    // so while this one is open no other turn (of any conversation) can run: nothing to add.
    lockConversation: async () => undefined,
    close: async () => undefined,
  } as unknown as Store;

  const outside = Object.fromEntries(
    Object.entries(repositories).map(([name, repository]) => [name, outsideTransactions(repository, runner)]),
  );
  const root: Store = {
    ...outside,
    transaction: <T>(fn: (tx: Store) => Promise<T>) =>
      closed
        ? Promise.reject(new Error('the SQLite store is closed; open a new one with createSqliteStore()'))
        : runner.run(() => fn(inTransaction)),
    // Outside a transaction there is nothing to hold.
    lockConversation: async () => undefined,
    async close() {
      await runner.idle();
      if (!closed) {
        closed = true;
        try {
          privacy.finishErasure();
        } finally {
          db.close();
        }
      }
    },
  } as unknown as Store;
  return root;
}
