import pg from 'pg';
import { systemClock, type Clock, type Store } from '../../core/index.js';
import { createCatalogRepository } from './catalog-repository.js';
import { connectError } from './connect-error.js';
import { createInboxRepository, createOutboxRepository, createSessionRepository, createTranscriptRepository } from './conversation-repositories.js';
import { createConsentRepository } from './consent-repository.js';
import { createFunnelRepository } from './funnel-repository.js';
import { createHandoffRepository } from './handoff-repository.js';
import { migrate } from './migrations.js';
import { createPrivacyRepository } from './privacy-repository.js';
import { createOrderRepository, createPaymentLedger } from './order-repository.js';
import type { Queryable } from './queryable.js';
import { createTurnWrites } from './turn-writes.js';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Connections per instance (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** A schema to keep Kaiwa's tables in (created if missing); default `public`. */
  schema?: string;
  clock?: Clock;
}

/**
 * The store for several stateless instances on one PostgreSQL. A turn's transaction holds a
 * transaction-scoped advisory lock on its conversation, so turns of one conversation run one
 * at a time across every instance; the outbox is claimed with FOR UPDATE SKIP LOCKED.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new RangeError(`schema "${schema}" must be a lower-case SQL identifier`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    // A database behind a network partition fails requests in 10 s instead of hanging them for
    // the operating system's minutes; keep-alive notices connections that died silently.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection closed by the server (a restart, a failover, an idle timeout) is reported
  // here, and without a listener it would crash the process. The pool has already dropped it and
  // opens a new one when needed; a query that was running fails on its own and is retried.
  pool.on('error', () => undefined);
  try {
    await migrate(pool, schema);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw connectError(error, options.connectionString);
  }
  const clock = options.clock ?? systemClock;

  const inTransaction = async <T>(fn: (client: Queryable) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    // The connection dropping while the body runs JavaScript is reported here (and would crash the
    // process unheard); the body's next query fails with it, the transaction rolls back.
    let lost: Error | undefined;
    const onError = (error: Error) => void (lost = error);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn(client as unknown as Queryable);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onError);
      // A broken connection goes, not back to the pool.
      client.release(lost);
    }
  };

  const repositories = (db: Queryable, transactional: <T>(fn: (db: Queryable) => Promise<T>) => Promise<T>) => ({
    sessions: createSessionRepository(db),
    inbox: createInboxRepository(db),
    outbox: createOutboxRepository(db),
    transcript: createTranscriptRepository(db),
    catalog: createCatalogRepository(db, clock, transactional),
    orders: createOrderRepository(db),
    handoffs: createHandoffRepository(db),
    privacy: createPrivacyRepository(db, transactional),
    funnel: createFunnelRepository(db),
    consents: createConsentRepository(db),
    payments: createPaymentLedger(db),
  });

  const transactionStore = (client: Queryable): Store => {
    const tx: Store = {
      ...repositories(client, (fn) => fn(client)),
      transaction: (fn) => fn(tx),
      lockConversation: async (key) => void (await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key])),
      turns: createTurnWrites(client),
      close: async () => undefined,
    };
    return tx;
  };

  return {
    ...repositories(pool as unknown as Queryable, inTransaction),
    transaction: (fn) => inTransaction((client) => fn(transactionStore(client))),
    // Outside a transaction there is nothing to hold the lock for.
    lockConversation: async () => undefined,
    close: () => pool.end(),
  };
}
