import type { Clock, Store } from '../core/index.js';
import { parseDatabaseUrl } from './database-url.js';
import type { StoreSlice } from './slice.js';
import { createPostgresStore } from './postgres/index.js';
import { createSqliteStore } from './sqlite/index.js';

export interface OpenStoreOptions {
  url: string | undefined;
  poolSize?: number;
  schema?: string;
  clock?: Clock;
  /** The feature modules' store slices (src/modules/index.ts: `builtInStoreSlices`). */
  slices: readonly StoreSlice[];
}

/** Opens the store DATABASE_URL names (SQLite by default), running its migrations. */
export async function openStore(
  options: OpenStoreOptions,
): Promise<{ store: Store; kind: 'sqlite' | 'postgres'; sqlitePath?: string }> {
  const target = parseDatabaseUrl(options.url);
  if (target.kind === 'sqlite')
    return {
      store: createSqliteStore({ path: target.path, clock: options.clock, slices: options.slices }),
      kind: 'sqlite',
      sqlitePath: target.path,
    };
  const store = await createPostgresStore({
    connectionString: target.url,
    poolSize: options.poolSize,
    schema: options.schema,
    clock: options.clock,
    slices: options.slices,
  });
  return { store, kind: 'postgres' };
}
