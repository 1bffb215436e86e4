import type Database from 'better-sqlite3';
import {
  sortVariants,
  type CatalogStore,
  type Clock,
  type Product,
  type StockFigure,
  type UpsertReport,
} from '../../core/index.js';

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
  parent: string | null;
  /** [name, value] pairs, in option order. */
  options: string | null;
  compare_at_amount: number | null;
  continue_selling: number;
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
  ...(row.parent !== null ? { parent: row.parent } : {}),
  ...(row.options !== null ? { options: Object.fromEntries(JSON.parse(row.options) as [string, string][]) } : {}),
  ...(row.compare_at_amount !== null
    ? { compareAtPrice: { amount: row.compare_at_amount, currency: row.currency } }
    : {}),
  ...(row.continue_selling ? { continueSelling: true } : {}),
});

/** The row's columns for a product, as the file describes it. */
const toRow = (product: Product, at: string) => ({
  id: product.id,
  title: JSON.stringify(product.title),
  description: JSON.stringify(product.description),
  price_amount: product.price.amount,
  currency: product.price.currency,
  stock: product.stock,
  image_url: product.imageUrl ?? null,
  tags: JSON.stringify(product.tags),
  attributes: JSON.stringify(product.attributes),
  parent: product.parent ?? null,
  options: product.options ? JSON.stringify(Object.entries(product.options)) : null,
  compare_at_amount: product.compareAtPrice?.amount ?? null,
  continue_selling: product.continueSelling ? 1 : 0,
  updated_at: at,
});

/** Columns compared to tell an unchanged product (stock is compared with the file's last figure). */
const compared = [
  'title',
  'description',
  'price_amount',
  'currency',
  'image_url',
  'tags',
  'attributes',
  'parent',
  'options',
  'compare_at_amount',
  'continue_selling',
] as const;

/**
 * Products with prices and stock; `source_stock` remembers the file's last stock figure. `held` is the
 * store slices' query of units held back from sale (`heldStockUnion`), which `setAvailable` subtracts.
 */
export function createCatalogRepository(db: Database.Database, clock: Clock, held?: string): CatalogStore {
  const get = db.prepare('SELECT * FROM products WHERE id = ?');
  const all = db.prepare('SELECT * FROM products ORDER BY id');
  const count = db.prepare('SELECT COUNT(*) AS count FROM products');
  const variants = db.prepare('SELECT * FROM products WHERE parent = ? ORDER BY id');
  const insert =
    db.prepare(`INSERT INTO products (id, title, description, price_amount, currency, stock, source_stock, image_url, tags, attributes,
    parent, options, compare_at_amount, continue_selling, updated_at)
    VALUES (@id, @title, @description, @price_amount, @currency, @stock, @stock, @image_url, @tags, @attributes,
    @parent, @options, @compare_at_amount, @continue_selling, @updated_at)`);
  // Stock follows the file only when the file's figure changed: reservations made since the last import survive a restart.
  const update =
    db.prepare(`UPDATE products SET title = @title, description = @description, price_amount = @price_amount, currency = @currency,
    stock = CASE WHEN source_stock = @stock THEN stock ELSE @stock END, source_stock = @stock, image_url = @image_url, tags = @tags, attributes = @attributes,
    parent = @parent, options = @options, compare_at_amount = @compare_at_amount, continue_selling = @continue_selling, updated_at = @updated_at
    WHERE id = @id`);
  // A product sold without a stock limit keeps its figure: reserving and releasing leave it as it is.
  const reserve = db.prepare(
    'UPDATE products SET stock = CASE WHEN continue_selling = 1 THEN stock ELSE stock - @quantity END WHERE id = @id AND (continue_selling = 1 OR stock >= @quantity)',
  );
  const release = db.prepare(
    'UPDATE products SET stock = CASE WHEN continue_selling = 1 THEN stock ELSE stock + @quantity END WHERE id = @id',
  );
  const upsert = db.transaction((products: readonly Product[], at: string, keepStock: boolean): UpsertReport => {
    const report: UpsertReport = { inserted: 0, updated: 0, unchanged: 0 };
    for (const product of products) {
      const row = toRow(product, at);
      const existing = get.get(product.id) as ProductRow | undefined;
      // Keeping stock: the row's own figures are written back, so only the other fields can change.
      if (existing && keepStock) row.stock = existing.source_stock;
      if (!existing) {
        insert.run(row);
        report.inserted++;
      } else if (existing.source_stock === row.stock && compared.every((column) => existing[column] === row[column])) {
        report.unchanged++;
      } else {
        update.run(row);
        report.updated++;
      }
    }
    return report;
  });
  const heldOne = held
    ? db.prepare(`SELECT COALESCE(SUM(quantity), 0) AS units FROM (${held}) AS held WHERE product_id = ?`)
    : undefined;
  const stockOf = db.prepare('SELECT stock FROM products WHERE id = ?');
  const setStock = db.prepare('UPDATE products SET stock = ?, updated_at = ? WHERE id = ?');
  // One transaction (BEGIN IMMEDIATE when it is the outermost): SQLite has one writer, so nothing reserves in between.
  const setAvailable = db.transaction((id: string, available: number, at: string): StockFigure | undefined => {
    if (!stockOf.get(id)) return undefined;
    const reserved = heldOne ? Number((heldOne.get(id) as { units: number }).units) : 0;
    const stock = Math.max(0, available - reserved);
    setStock.run(stock, at, id);
    return { id, available, reserved, stock };
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
    variants: async (parent) => sortVariants((variants.all(parent) as ProductRow[]).map(toProduct)),
    upsertMany: async (products, options) => upsert(products, clock.now().toISOString(), options?.keepStock === true),
    async setAvailable(id, available) {
      if (!Number.isSafeInteger(available)) throw new RangeError(`stock figure ${available} is not a whole number`);
      return setAvailable.immediate(id, available, clock.now().toISOString());
    },
    async reserved(ids) {
      const units = new Map(ids.map((id) => [id, 0]));
      if (heldOne) for (const id of units.keys()) units.set(id, Number((heldOne.get(id) as { units: number }).units));
      return units;
    },
    async reserve(productId, quantity) {
      if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new RangeError(`cannot reserve ${quantity} units`);
      return reserve.run({ quantity, id: productId }).changes === 1;
    },
    release: async (productId, quantity) => void release.run({ quantity, id: productId }),
  };
}
