import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { Queryable } from './queryable.js';

/**
 * Transactions on a pool: `inTransaction` runs its body on one client between BEGIN and COMMIT
 * (ROLLBACK when it throws), and `root` is the pool, except inside a running transaction's code,
 * where it is that transaction's client.
 */
export function createTransactionRunner(pool: pg.Pool): {
  inTransaction: <T>(fn: (client: Queryable) => Promise<T>) => Promise<T>;
  root: Queryable;
} {
  // The transaction whose code is running. Code inside a turn may call the root store (the
  // composition root hands the recommender `store.catalog`): such a call joins the turn's
  // transaction, as it does on SQLite. On a connection of its own it would wait for the pool while
  // holding one, and as many turns at once as the pool has connections would wait for ever.
  const running = new AsyncLocalStorage<{ client: Queryable; ended: boolean }>();
  // Work a transaction leaked (a promise it did not await) goes to the pool once it has ended.
  const joined = () => {
    const open = running.getStore();
    return open && !open.ended ? open.client : undefined;
  };

  const inTransaction = async <T>(fn: (client: Queryable) => Promise<T>): Promise<T> => {
    const open = joined();
    if (open) return fn(open);
    const client = await pool.connect();
    // The connection dropping while the body runs JavaScript is reported here (and would crash the
    // process unheard); the body's next query fails with it, the transaction rolls back.
    let lost: Error | undefined;
    const onError = (error: Error) => void (lost = error);
    client.on('error', onError);
    const context = { client: client as unknown as Queryable, ended: false };
    try {
      await client.query('BEGIN');
      const result = await running.run(context, () => fn(context.client));
      context.ended = true; // before COMMIT: nothing may slip in after it on this connection
      await client.query('COMMIT');
      return result;
    } catch (error) {
      context.ended = true;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onError);
      // A broken connection goes, not back to the pool.
      client.release(lost);
    }
  };

  const root: Queryable = { query: (text, values) => (joined() ?? (pool as unknown as Queryable)).query(text, values) };
  return { inTransaction, root };
}
