import { sortVariants, type CatalogStore, type Product } from '../../src/core/index.js';

/** A CatalogStore in a Map: stands in for the store port in these pure-logic tests only. */
export function memoryCatalog(
  products: readonly Product[],
): CatalogStore & { setStock(id: string, stock: number): void } {
  const rows = new Map(products.map((product) => [product.id, structuredClone(product)]));
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
    async upsertMany(items) {
      for (const item of items) rows.set(item.id, structuredClone(item));
      return { inserted: items.length, updated: 0, unchanged: 0 };
    },
    async reserve(id, quantity) {
      const row = rows.get(id);
      if (!row || row.stock < quantity) return false;
      row.stock -= quantity;
      return true;
    },
    async release(id, quantity) {
      const row = rows.get(id);
      if (row) row.stock += quantity;
    },
    setStock(id, stock) {
      const row = rows.get(id);
      if (row) row.stock = stock;
    },
  };
}
