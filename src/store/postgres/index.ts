import pg from 'pg';
import { systemClock, type Clock, type Store } from '../../core/index.js';
import { createCatalogRepository } from './catalog-repository.js';
import { connectError } from './connect-error.js';
import {
  createInboxRepository,
  createOutboxRepository,
  createSessionRepository,
  createTranscriptRepository,
} from './conversation-repositories.js';
import { addRepositories, checkSlices, heldStockUnion, type StoreSlice } from '../slice.js';
import { migrate } from './migrations.js';
import { createPrivacyRepository } from './privacy-repository.js';
import type { Queryable } from './queryable.js';
import { createTransactionRunner } from './transaction.js';
import { createTurnWrites } from './turn-writes.js';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Connections per instance (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** A schema to keep Kaiwa's tables in (created if missing); default `public`. */
  schema?: string;
  clock?: Clock;
  /** The feature modules' slices (src/modules/index.ts: `builtInStoreSlices`), migrated after the engine's tables. */
  slices: readonly StoreSlice[];
}

/**
 * The store for several stateless instances on one PostgreSQL. A turn's transaction holds a
 * transaction-scoped advisory lock on its conversation, so turns of one conversation run one
 * at a time across every instance; the outbox is claimed with FOR UPDATE SKIP LOCKED.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new RangeError(`schema "${schema}" must be a lower-case SQL identifier`);
  checkSlices(options.slices);
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
    await migrate(pool, options.slices, schema);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw connectError(error, options.connectionString);
  }
  const clock = options.clock ?? systemClock;

  const { inTransaction, root } = createTransactionRunner(pool);

  // Stock set from the merchant's backend is net of what the slices hold (the orders module's unpaid orders).
  const held = heldStockUnion(options.slices.map((slice) => slice.postgres));
  // The engine's repositories and every slice's: the Store type lists them all (StoreSlices).
  const repositories = (
    db: Queryable,
    transactional: <T>(fn: (db: Queryable) => Promise<T>) => Promise<T>,
    self: () => Store,
  ) => {
    const all: Record<string, object> = {
      sessions: createSessionRepository(db),
      inbox: createInboxRepository(db),
      outbox: createOutboxRepository(db),
      transcript: createTranscriptRepository(db),
      catalog: createCatalogRepository(db, clock, transactional, held),
      privacy: createPrivacyRepository(transactional, options.slices, self),
    };
    for (const slice of options.slices)
      addRepositories(all, slice, slice.postgres.create(db, { clock, transactional }));
    return all;
  };
  const facts = Object.assign({}, ...options.slices.map((slice) => slice.postgres.turnFacts ?? {})) as Record<
    string,
    string
  >;

  const transactionStore = (client: Queryable): Store => {
    const tx = {
      ...repositories(
        client,
        (fn) => fn(client),
        () => tx,
      ),
      transaction: <T>(fn: (tx: Store) => Promise<T>) => fn(tx),
      lockConversation: async (key: string) =>
        void (await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key])),
      turns: createTurnWrites(client, facts),
      close: async () => undefined,
    } as unknown as Store;
    return tx;
  };

  let rootRepositories: Record<string, object>;
  try {
    rootRepositories = repositories(root, inTransaction, () => store);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const store: Store = {
    ...rootRepositories,
    transaction: <T>(fn: (tx: Store) => Promise<T>) => inTransaction((client) => fn(transactionStore(client))),
    // Outside a transaction there is nothing to hold the lock for.
    lockConversation: async () => undefined,
    close: () => pool.end(),
  } as unknown as Store;
  return store;
}
