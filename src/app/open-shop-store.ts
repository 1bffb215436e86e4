import { resolve } from 'node:path';
import { loadEnv, loadShopConfig, type LoadedConfig } from '../config/load-config.js';
import { systemClock, type Clock, type Store } from '../core/index.js';
import { builtInStoreSlices } from '../modules/index.js';
import { openStore } from '../store/open-store.js';

/** A shop's database without the shop: what `kaiwa orders` and `kaiwa privacy` need. */
export interface ShopStore {
  config: LoadedConfig;
  store: Store;
  clock: Clock;
  close(): Promise<void>;
}

/**
 * Opens the database `kaiwa start` would use for this shop folder (its kaiwa.yaml and the same
 * environment), without loading flows or catalog, enabling channels or writing anything.
 */
export async function openShopStore(
  shopDir: string,
  options: { env?: NodeJS.ProcessEnv; clock?: Clock } = {},
): Promise<ShopStore> {
  const env = loadEnv(options.env ?? process.env);
  const clock = options.clock ?? systemClock;
  const config = await loadShopConfig(resolve(shopDir));
  const { store } = await openStore({
    url: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    schema: env.DATABASE_SCHEMA,
    clock,
    slices: builtInStoreSlices,
  });
  return { config, store, clock, close: () => store.close() };
}

/** Runs `fn` on the shop's store and closes it, whatever happens. */
export async function withShopStore<T>(shopDir: string, fn: (shop: ShopStore) => Promise<T>): Promise<T> {
  const shop = await openShopStore(shopDir);
  try {
    return await fn(shop);
  } finally {
    await shop.close();
  }
}
