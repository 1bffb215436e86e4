import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock, type Store } from '../../core/index.js';
import { createCatalogRepository } from './catalog-repository.js';
import { createInboxRepository, createOutboxRepository, createSessionRepository, createTranscriptRepository } from './conversation-repositories.js';
import { migrate } from './migrations.js';
import { createOrderRepository, createPaymentLedger } from './order-repository.js';

export interface SqliteStoreOptions {
  /** A file path (its folder is created) or `:memory:`. */
  path: string;
  clock?: Clock;
}

/**
 * The embedded default store: one SQLite file in WAL mode. better-sqlite3 is synchronous, so
 * transactions with async bodies are serialised by an in-process queue around BEGIN IMMEDIATE;
 * that also serialises every conversation, which is what `lockConversation` asks for. Other
 * processes on the same file wait on SQLite's own lock (busy_timeout).
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  const clock = options.clock ?? systemClock;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const repositories = {
    sessions: createSessionRepository(db),
    inbox: createInboxRepository(db),
    outbox: createOutboxRepository(db),
    transcript: createTranscriptRepository(db),
    catalog: createCatalogRepository(db, clock),
    orders: createOrderRepository(db),
    payments: createPaymentLedger(db),
  };

  const inTransaction: Store = {
    ...repositories,
    transaction: (fn) => fn(inTransaction),
    lockConversation: async () => undefined,
    close: async () => undefined,
  };

  const store: Store = {
    ...repositories,
    transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
      const run = queue.then(async () => {
        if (closed) throw new Error('the store is closed');
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(inTransaction);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
    // Outside a transaction there is nothing to hold; inside one, BEGIN IMMEDIATE already serialises writers.
    lockConversation: async () => undefined,
    async close() {
      await queue;
      if (!closed) {
        closed = true;
        db.close();
      }
    },
  };
  return store;
}
