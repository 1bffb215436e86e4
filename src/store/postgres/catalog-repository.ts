import { sortVariants, type CatalogStore, type Clock, type Product, type UpsertReport } from '../../core/index.js';
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
 * commit together, and reservations inside a turn join the turn's transaction.
 */
export function createCatalogRepository(
  db: Queryable,
  clock: Clock,
  inTransaction: <T>(fn: (db: Queryable) => Promise<T>) => Promise<T>,
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
    upsertMany(products) {
      const at = clock.now().toISOString();
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
        for (const product of products) {
          const row = existing.get(product.id);
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
