import type Database from 'better-sqlite3';
import type { CatalogStore, Clock, Product, UpsertReport } from '../../core/index.js';

interface ProductRow {
  id: string;
  title: string;
  description: string;
  price_amount: number;
  currency: string;
  stock: number;
  source_stock: number;
  image_url: string | null;
  tags: string;
  attributes: string;
}

const toProduct = (row: ProductRow): Product => ({
  id: row.id,
  title: JSON.parse(row.title),
  description: JSON.parse(row.description),
  price: { amount: row.price_amount, currency: row.currency },
  stock: row.stock,
  ...(row.image_url ? { imageUrl: row.image_url } : {}),
  tags: JSON.parse(row.tags),
  attributes: JSON.parse(row.attributes),
});

/** Products with prices and stock; `source_stock` remembers the file's last stock figure. */
export function createCatalogRepository(db: Database.Database, clock: Clock): CatalogStore {
  const get = db.prepare('SELECT * FROM products WHERE id = ?');
  const all = db.prepare('SELECT * FROM products ORDER BY id');
  const count = db.prepare('SELECT COUNT(*) AS count FROM products');
  const insert =
    db.prepare(`INSERT INTO products (id, title, description, price_amount, currency, stock, source_stock, image_url, tags, attributes, updated_at)
    VALUES (@id, @title, @description, @price_amount, @currency, @stock, @stock, @image_url, @tags, @attributes, @updated_at)`);
  // Stock follows the file only when the file's figure changed: reservations made since the last import survive a restart.
  const update =
    db.prepare(`UPDATE products SET title = @title, description = @description, price_amount = @price_amount, currency = @currency,
    stock = CASE WHEN source_stock = @stock THEN stock ELSE @stock END, source_stock = @stock, image_url = @image_url, tags = @tags, attributes = @attributes, updated_at = @updated_at
    WHERE id = @id`);
  const reserve = db.prepare('UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?');
  const release = db.prepare('UPDATE products SET stock = stock + ? WHERE id = ?');
  const upsert = db.transaction((products: readonly Product[], at: string): UpsertReport => {
    const report: UpsertReport = { inserted: 0, updated: 0, unchanged: 0 };
    for (const product of products) {
      const row = {
        id: product.id,
        title: JSON.stringify(product.title),
        description: JSON.stringify(product.description),
        price_amount: product.price.amount,
        currency: product.price.currency,
        stock: product.stock,
        image_url: product.imageUrl ?? null,
        tags: JSON.stringify(product.tags),
        attributes: JSON.stringify(product.attributes),
        updated_at: at,
      };
      const existing = get.get(product.id) as ProductRow | undefined;
      if (!existing) {
        insert.run(row);
        report.inserted++;
      } else if (
        existing.title === row.title &&
        existing.description === row.description &&
        existing.price_amount === row.price_amount &&
        existing.currency === row.currency &&
        existing.source_stock === row.stock &&
        existing.image_url === row.image_url &&
        existing.tags === row.tags &&
        existing.attributes === row.attributes
      ) {
        report.unchanged++;
      } else {
        update.run(row);
        report.updated++;
      }
    }
    return report;
  });
  return {
    get: async (id) => {
      const row = get.get(id) as ProductRow | undefined;
      return row && toProduct(row);
    },
    async getMany(ids) {
      return ids.flatMap((id) => {
        const row = get.get(id) as ProductRow | undefined;
        return row ? [toProduct(row)] : [];
      });
    },
    all: async () => (all.all() as ProductRow[]).map(toProduct),
    count: async () => (count.get() as { count: number }).count,
    upsertMany: async (products) => upsert(products, clock.now().toISOString()),
    async reserve(productId, quantity) {
      if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new RangeError(`cannot reserve ${quantity} units`);
      return reserve.run(quantity, productId, quantity).changes === 1;
    },
    release: async (productId, quantity) => void release.run(quantity, productId),
  };
}
