import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';

/** Serialises this store's transactions, and keeps calls made outside them out of them. */
export interface TransactionRunner {
  /** Runs `fn` in a transaction and settles once it is committed (ROLLBACK and rethrow if it throws). One at a time, in call order. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs a call made on the root store: at once when idle or when made from inside the open transaction, else after it. */
  outside<T>(fn: () => Promise<T>): Promise<T>;
  /** Settles when every queued transaction has ended. */
  idle(): Promise<void>;
}

/** At most this many transactions share one commit. */
const maxGroup = 32;
/** A group older than this commits after its current transaction: slow turns (a model call) must not hold earlier ones' acknowledgements. */
const maxGroupMs = 20;

/**
 * better-sqlite3 has one connection and a synchronous API, while the port's transactions have
 * async bodies. Two async bodies on one connection would share one SQLite transaction, so they
 * queue on a promise chain. A call on the root store made elsewhere (an outbox drainer, an HTTP
 * route) while a transaction is open would land inside it too: it would see uncommitted rows and
 * be undone by a rollback (a drainer could send a reply that was never committed), so it waits.
 * A root call made by the transaction's own code (say a recommender holding `store.catalog`)
 * must not wait for itself: an AsyncLocalStorage marks the open transaction's async context.
 *
 * **Group commit.** A commit is what a busy SQLite spends most of its time on, so transactions
 * that arrive together share one: each runs inside a SAVEPOINT of one BEGIN IMMEDIATE (a failing
 * one rolls back to its savepoint alone). When no transaction is queued, the commit waits one
 * turn of the event loop (setImmediate) so that requests already read from their sockets can
 * start their turns and join it; it happens at once before a root call, at `maxGroup`, and once
 * the group is `maxGroupMs` old (turns that wait on a model would otherwise hold back every turn
 * that finished before them).
 * Every caller's promise settles only after the COMMIT: "resolved" still means "durably stored".
 * Under the webhook benchmark groups hold about 9 turns and throughput rose by about a quarter.
 */
export function createTransactionRunner(db: Database.Database): TransactionRunner {
  const context = new AsyncLocalStorage<object>();
  let tail: Promise<unknown> = Promise.resolve();
  // What waits in the queue, in order: the group stays open only while the next item is a transaction.
  const queued: ('run' | 'outside' | 'commit')[] = [];
  let commitScheduled = false;
  // Compared by identity so that work leaked from an ended transaction does not count as inside the next one.
  let open: object | undefined;
  let group: { settle: (() => void)[]; fail: ((error: unknown) => void)[]; openedAt: number } | undefined;
  // Prepared once: db.exec parses its SQL on every call, and these run several times per turn.
  const sql = (text: string) => {
    const statement = db.prepare(text);
    return () => void statement.run();
  };
  const begin = sql('BEGIN IMMEDIATE');
  const commitSql = sql('COMMIT');
  const rollback = sql('ROLLBACK');
  const savepoint = sql('SAVEPOINT kaiwa_turn');
  const release = sql('RELEASE kaiwa_turn');
  const rollbackTo = sql('ROLLBACK TO kaiwa_turn');

  const enqueue = <T>(kind: 'run' | 'outside' | 'commit', fn: () => Promise<T>): Promise<T> => {
    queued.push(kind);
    const result = tail.then(() => {
      queued.shift();
      return fn();
    });
    tail = result.catch(() => undefined);
    return result;
  };
  const insideOpen = () => open !== undefined && context.getStore() === open;
  const commit = () => {
    const ending = group;
    group = undefined;
    if (!ending) return;
    try {
      commitSql();
    } catch (error) {
      if (db.inTransaction) rollback();
      for (const fail of ending.fail) fail(error);
      return;
    }
    for (const settle of ending.settle) settle();
  };

  const scheduleCommit = () => {
    if (commitScheduled) return;
    commitScheduled = true;
    setImmediate(() => {
      commitScheduled = false;
      void enqueue('commit', async () => commit());
    });
  };

  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      if (insideOpen()) return fn();
      return new Promise<T>((resolve, reject) => {
        void enqueue('run', async () => {
          if (!group) {
            try {
              begin();
            } catch (error) {
              // Another process held the file's write lock past busy_timeout (a long CLI import, say):
              // this transaction fails (a webhook answers 5xx and is redelivered); the queue goes on.
              reject(error);
              return;
            }
            group = { settle: [], fail: [], openedAt: performance.now() };
          }
          const current = group;
          const token = {};
          savepoint();
          open = token;
          try {
            const result = await context.run(token, fn);
            release();
            current.settle.push(() => resolve(result));
            current.fail.push(reject);
          } catch (error) {
            if (db.inTransaction) {
              rollbackTo();
              release();
            } else {
              // SQLite rolled the whole transaction back (an I/O error, a full disk): the group is lost.
              group = undefined;
              for (const fail of current.fail) fail(error);
            }
            reject(error);
          } finally {
            open = undefined;
          }
          if (!group) return;
          const full = group.settle.length >= maxGroup || performance.now() - group.openedAt >= maxGroupMs;
          if (queued[0] === 'run' && !full) return;
          if (queued.length > 0 || full) return commit();
          // Nothing waits yet: let requests that have already arrived start their turns and join this commit.
          scheduleCommit();
        });
      });
    },
    // The repositories' methods do all their work synchronously when called, so with nothing
    // queued the statement runs in autocommit before any transaction can begin.
    outside: (fn) => {
      if ((queued.length === 0 && !group) || insideOpen()) return fn();
      // A group waiting for its commit: commit first, so the call does not land inside it.
      if (group && queued.length === 0) void enqueue('commit', async () => commit());
      return enqueue('outside', fn);
    },
    idle: async () => {
      await tail;
      // A group whose commit is still scheduled: commit it now (closing the store must not lose it).
      if (group) commit();
    },
  };
}
/** `repository` with every method routed through `runner.outside`. */
export function outsideTransactions<T extends object>(repository: T, runner: TransactionRunner): T {
  const entries = Object.entries(repository).map(([name, method]) => [
    name,
    typeof method === 'function'
      ? (...args: unknown[]) => runner.outside(() => Promise.resolve(method(...args)))
      : method,
  ]);
  return Object.fromEntries(entries) as T;
}
