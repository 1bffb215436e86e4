import {
  sortVariants,
  type CatalogStore,
  type Clock,
  type Product,
  type StockFigure,
  type UpsertReport,
} from '../../core/index.js';
import type { Queryable } from './queryable.js';

interface ProductRow {
  id: string;
  title: Product['title'];
  description: Product['description'];
  price_amount: string;
  currency: string;
  stock: number;
  source_stock: number;
  image_url: string | null;
  tags: string[];
  attributes: Record<string, string>;
  parent: string | null;
  /** [name, value] pairs: JSONB keeps array order, not key order. */
  options: [string, string][] | null;
  compare_at_amount: string | null;
  continue_selling: boolean;
}

const toProduct = (row: ProductRow): Product => ({
  id: row.id,
  title: row.title,
  description: row.description,
  price: { amount: Number(row.price_amount), currency: row.currency },
  stock: row.stock,
  ...(row.image_url ? { imageUrl: row.image_url } : {}),
  tags: row.tags,
  attributes: row.attributes,
  ...(row.parent !== null ? { parent: row.parent } : {}),
  ...(row.options !== null ? { options: Object.fromEntries(row.options) } : {}),
  ...(row.compare_at_amount !== null
    ? { compareAtPrice: { amount: Number(row.compare_at_amount), currency: row.currency } }
    : {}),
  ...(row.continue_selling ? { continueSelling: true } : {}),
});

/** JSON with sorted keys: JSONB stores keys in its own order, so plain stringify would differ. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );

/** Whether the file's row equals what was imported last time (stock compared with the file's last figure). */
const same = (row: ProductRow, product: Product) =>
  canonical({ ...toProduct(row), stock: row.source_stock }) ===
    canonical({ ...product, ...(product.continueSelling ? {} : { continueSelling: undefined }) }) &&
  JSON.stringify(row.options) === JSON.stringify(product.options ? Object.entries(product.options) : null);

function fromProduct(product: Product) {
  return {
    id: product.id,
    title: product.title,
    description: product.description,
    price_amount: String(product.price.amount),
    currency: product.price.currency,
    image_url: product.imageUrl ?? null,
    tags: product.tags,
    attributes: product.attributes,
  };
}

/**
 * `inTransaction` runs a body on one connection in one transaction: upserts of many products
 * commit together, and reservations inside a turn join the turn's transaction. `held` is the store
 * slices' query of units held back from sale (`heldStockUnion`), which `setAvailable` subtracts.
 */
export function createCatalogRepository(
  db: Queryable,
  clock: Clock,
  inTransaction: <T>(fn: (db: Queryable) => Promise<T>) => Promise<T>,
  held?: string,
): CatalogStore {
  return {
    async get(id) {
      const row = (await db.query<ProductRow>('SELECT * FROM products WHERE id = $1', [id])).rows[0];
      return row && toProduct(row);
    },
    async getMany(ids) {
      const rows = (await db.query<ProductRow>('SELECT * FROM products WHERE id = ANY($1)', [[...ids]])).rows;
      const byId = new Map(rows.map((row) => [row.id, toProduct(row)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    all: async () => (await db.query<ProductRow>('SELECT * FROM products ORDER BY id')).rows.map(toProduct),
    count: async () =>
      Number((await db.query<{ count: string }>('SELECT COUNT(*) AS count FROM products')).rows[0]!.count),
    variants: async (parent) =>
      sortVariants(
        (await db.query<ProductRow>('SELECT * FROM products WHERE parent = $1 ORDER BY id', [parent])).rows.map(
          toProduct,
        ),
      ),
    upsertMany(products, options) {
      const at = clock.now().toISOString();
      const keepStock = options?.keepStock === true;
      return inTransaction(async (tx): Promise<UpsertReport> => {
        const report: UpsertReport = { inserted: 0, updated: 0, unchanged: 0 };
        // Instances starting together all sync the same file: one at a time (per schema), or two
        // would find the same product missing and both insert it. The next one finds it unchanged.
        await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('kaiwa:catalog:' || current_schema(), 0))");
        const existing = new Map(
          (
            await tx.query<ProductRow>('SELECT * FROM products WHERE id = ANY($1) FOR UPDATE', [
              products.map((product) => product.id),
            ])
          ).rows.map((row) => [row.id, row]),
        );
        for (const given of products) {
          const row = existing.get(given.id);
          // Keeping stock: the row's own figures are written back, so only the other fields can change.
          const product = row && keepStock ? { ...given, stock: row.source_stock } : given;
          const values = fromProduct(product);
          const params = [
            values.id,
            JSON.stringify(values.title),
            JSON.stringify(values.description),
            values.price_amount,
            values.currency,
            product.stock,
            values.image_url,
            JSON.stringify(values.tags),
            JSON.stringify(values.attributes),
            at,
            product.parent ?? null,
            product.options ? JSON.stringify(Object.entries(product.options)) : null,
            product.compareAtPrice ? String(product.compareAtPrice.amount) : null,
            product.continueSelling === true,
          ];
          if (!row) {
            await tx.query(
              `INSERT INTO products (id, title, description, price_amount, currency, stock, source_stock, image_url, tags, attributes, updated_at,
               parent, options, compare_at_amount, continue_selling) VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
              params,
            );
            report.inserted++;
          } else if (same(row, product)) {
            report.unchanged++;
          } else {
            // Stock follows the file only when the file's figure changed: reservations since the last import survive.
            await tx.query(
              `UPDATE products SET title = $2, description = $3, price_amount = $4, currency = $5, stock = CASE WHEN source_stock = $6 THEN stock ELSE $6 END,
               source_stock = $6, image_url = $7, tags = $8, attributes = $9, updated_at = $10,
               parent = $11, options = $12, compare_at_amount = $13, continue_selling = $14 WHERE id = $1`,
              params,
            );
            report.updated++;
          }
        }
        return report;
      });
    },
    async setAvailable(id, available) {
      if (!Number.isSafeInteger(available)) throw new RangeError(`stock figure ${available} is not a whole number`);
      const at = clock.now().toISOString();
      return inTransaction(async (tx): Promise<StockFigure | undefined> => {
        // The row lock first: a checkout reserving now waits for this commit, and one that reserved before
        // has committed its order by the time the next statement (a new snapshot) counts what is held.
        const locked = await tx.query('SELECT id FROM products WHERE id = $1 FOR UPDATE', [id]);
        if (locked.rows.length === 0) return undefined;
        const reserved = held
          ? Number(
              (
                await tx.query<{ units: string }>(
                  `SELECT COALESCE(SUM(quantity), 0) AS units FROM (${held}) AS held WHERE product_id = $1`,
                  [id],
                )
              ).rows[0]!.units,
            )
          : 0;
        const stock = Math.max(0, available - reserved);
        await tx.query('UPDATE products SET stock = $2, updated_at = $3 WHERE id = $1', [id, stock, at]);
        return { id, available, reserved, stock };
      });
    },
    async reserved(ids) {
      const units = new Map(ids.map((id) => [id, 0]));
      if (!held || units.size === 0) return units;
      const { rows } = await db.query<{ product_id: string; units: string }>(
        `SELECT product_id, SUM(quantity) AS units FROM (${held}) AS held WHERE product_id = ANY($1) GROUP BY product_id`,
        [[...units.keys()]],
      );
      for (const row of rows) units.set(row.product_id, Number(row.units));
      return units;
    },
    async reserve(productId, quantity) {
      if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new RangeError(`cannot reserve ${quantity} units`);
      return (
        (
          await db.query(
            // A product sold without a stock limit keeps its figure: reserving and releasing leave it as it is.
            'UPDATE products SET stock = CASE WHEN continue_selling THEN stock ELSE stock - $1 END WHERE id = $2 AND (continue_selling OR stock >= $1)',
            [quantity, productId],
          )
        ).rowCount === 1
      );
    },
    release: async (productId, quantity) =>
      void (await db.query(
        'UPDATE products SET stock = CASE WHEN continue_selling THEN stock ELSE stock + $1 END WHERE id = $2',
        [quantity, productId],
      )),
  };
}
