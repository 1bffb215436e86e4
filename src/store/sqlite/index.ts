import { systemClock, type Clock, type Store } from '../../core/index.js';
import { createCatalogRepository } from './catalog-repository.js';
import { createConsentRepository } from './consent-repository.js';
import { createFunnelRepository } from './funnel-repository.js';
import { createHandoffRepository } from './handoff-repository.js';
import { createInboxRepository } from './inbox-repository.js';
import { migrate } from './migrations.js';
import { openSqliteFile } from './open-database.js';
import { createOrderRepository } from './order-repository.js';
import { createOutboxRepository } from './outbox-repository.js';
import { createPaymentLedger } from './payment-ledger.js';
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
}

/**
 * The embedded default store: one SQLite file in WAL mode, migrated on open.
 *
 * better-sqlite3 is synchronous, so transactions with async bodies are serialised by an
 * in-process queue around BEGIN IMMEDIATE, and calls made outside a transaction wait for the
 * open one to end. Other processes on the same file wait on SQLite's own lock (busy_timeout).
 *
 * @example
 * const store = createSqliteStore({ path: './data/kaiwa.db' });
 * await store.transaction(async (tx) => tx.inbox.markSeen('line', eventId, now));
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const db = openSqliteFile(options.path);
  // WAL with NORMAL survives a process crash; only an OS crash may lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  db.pragma('foreign_keys = ON');
  migrate(db);
  const clock = options.clock ?? systemClock;
  const runner = createTransactionRunner(db);
  let closed = false;

  const repositories = {
    sessions: createSessionRepository(db),
    inbox: createInboxRepository(db),
    outbox: createOutboxRepository(db),
    transcript: createTranscriptRepository(db),
    catalog: createCatalogRepository(db, clock),
    orders: createOrderRepository(db),
    payments: createPaymentLedger(db),
    handoffs: createHandoffRepository(db),
    privacy: createPrivacyRepository(db),
    funnel: createFunnelRepository(db),
    consents: createConsentRepository(db),
  };

  const inTransaction: Store = {
    ...repositories,
    // Nested calls join the outer transaction: the connection is already inside it.
    transaction: (fn) => fn(inTransaction),
    // BEGIN IMMEDIATE takes SQLite's write lock and the queue admits one transaction at a time,
    // so while this one is open no other turn (of any conversation) can run: nothing to add.
    lockConversation: async () => undefined,
    close: async () => undefined,
  };

  return {
    sessions: outsideTransactions(repositories.sessions, runner),
    inbox: outsideTransactions(repositories.inbox, runner),
    outbox: outsideTransactions(repositories.outbox, runner),
    transcript: outsideTransactions(repositories.transcript, runner),
    catalog: outsideTransactions(repositories.catalog, runner),
    orders: outsideTransactions(repositories.orders, runner),
    payments: outsideTransactions(repositories.payments, runner),
    handoffs: outsideTransactions(repositories.handoffs, runner),
    privacy: outsideTransactions(repositories.privacy, runner),
    funnel: outsideTransactions(repositories.funnel, runner),
    consents: outsideTransactions(repositories.consents, runner),
    transaction: (fn) =>
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
          repositories.privacy.finishErasure();
        } finally {
          db.close();
        }
      }
    },
  };
}
