import { sortVariants, type CatalogStore, type Product } from '../../src/core/index.js';

/**
 * A CatalogStore in a Map: stands in for the store port in these pure-logic tests only. What `reserve`
 * took and `release` has not given back counts as held by unpaid orders (`setAvailable`, `reserved`).
 */
export function memoryCatalog(
  products: readonly Product[],
): CatalogStore & { setStock(id: string, stock: number): void } {
  const rows = new Map(products.map((product) => [product.id, structuredClone(product)]));
  const held = new Map<string, number>();
  const hold = (id: string, quantity: number) => held.set(id, Math.max(0, (held.get(id) ?? 0) + quantity));
  return {
    async get(id) {
      return rows.get(id);
    },
    async getMany(ids) {
      return ids.flatMap((id) => (rows.has(id) ? [rows.get(id)!] : []));
    },
    async all() {
      return [...rows.values()];
    },
    async count() {
      return rows.size;
    },
    async variants(parent) {
      return sortVariants([...rows.values()].filter((row) => row.parent === parent));
    },
    async upsertMany(items, options) {
      for (const item of items) {
        const kept = options?.keepStock ? rows.get(item.id)?.stock : undefined;
        rows.set(item.id, { ...structuredClone(item), ...(kept !== undefined ? { stock: kept } : {}) });
      }
      return { inserted: items.length, updated: 0, unchanged: 0 };
    },
    async setAvailable(id, available) {
      const row = rows.get(id);
      if (!row) return undefined;
      const reserved = held.get(id) ?? 0;
      row.stock = Math.max(0, available - reserved);
      return { id, available, reserved, stock: row.stock };
    },
    async reserved(ids) {
      return new Map(ids.map((id) => [id, held.get(id) ?? 0]));
    },
    async reserve(id, quantity) {
      const row = rows.get(id);
      if (!row || row.stock < quantity) return false;
      row.stock -= quantity;
      hold(id, quantity);
      return true;
    },
    async release(id, quantity) {
      const row = rows.get(id);
      if (row) row.stock += quantity;
      hold(id, -quantity);
    },
    setStock(id, stock) {
      const row = rows.get(id);
      if (row) row.stock = stock;
    },
  };
}
