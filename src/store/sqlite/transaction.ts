import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';

/** Serialises this store's transactions, and keeps calls made outside them out of them. */
export interface TransactionRunner {
  /** BEGIN IMMEDIATE, await `fn`, COMMIT; ROLLBACK and rethrow if it throws. One at a time, in call order. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs a call made on the root store: at once when idle or when made from inside the open transaction, else after it. */
  outside<T>(fn: () => Promise<T>): Promise<T>;
  /** Settles when every queued transaction has ended. */
  idle(): Promise<void>;
}

/**
 * better-sqlite3 has one connection and a synchronous API, while the port's transactions have
 * async bodies. Two async bodies on one connection would share one SQLite transaction, so they
 * queue on a promise chain. A call on the root store made elsewhere (an outbox drainer, an HTTP
 * route) while a transaction is open would land inside it too: it would see uncommitted rows and
 * be undone by a rollback (a drainer could send a reply that was never committed), so it waits.
 * A root call made by the transaction's own code (say a recommender holding `store.catalog`)
 * must not wait for itself: an AsyncLocalStorage marks the open transaction's async context.
 */
export function createTransactionRunner(db: Database.Database): TransactionRunner {
  const context = new AsyncLocalStorage<object>();
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  // Compared by identity so that work leaked from an ended transaction does not count as inside the next one.
  let open: object | undefined;

  const enqueue = <T>(fn: () => Promise<T>): Promise<T> => {
    pending++;
    const result = tail.then(fn).finally(() => pending--);
    tail = result.catch(() => undefined);
    return result;
  };
  const insideOpen = () => open !== undefined && context.getStore() === open;

  return {
    run(fn) {
      if (insideOpen()) return fn();
      return enqueue(async () => {
        const token = {};
        db.exec('BEGIN IMMEDIATE');
        open = token;
        try {
          const result = await context.run(token, fn);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        } finally {
          open = undefined;
        }
      });
    },
    // The repositories' methods do all their work synchronously when called, so with nothing
    // queued the statement runs in autocommit before any transaction can begin.
    outside: (fn) => (pending === 0 || insideOpen() ? fn() : enqueue(fn)),
    idle: async () => void (await tail),
  };
}

/** `repository` with every method routed through `runner.outside`. */
export function outsideTransactions<T extends object>(repository: T, runner: TransactionRunner): T {
  const entries = Object.entries(repository).map(([name, method]) => [
    name,
    typeof method === 'function' ? (...args: unknown[]) => runner.outside(() => Promise.resolve(method(...args))) : method,
  ]);
  return Object.fromEntries(entries) as T;
}
