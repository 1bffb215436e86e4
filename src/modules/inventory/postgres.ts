import type { Queryable } from '../../store/slice.js';
import { deliveryCutoff } from './deliveries.js';
import type { ShopifySyncStore, ShopifyVariantLink } from './store.js';

interface VariantRow {
  variant_id: string;
  shopify_product_id: string;
  product_id: string;
  inventory_item_id: string | null;
}

const toLink = (row: VariantRow): ShopifyVariantLink => ({
  variantId: row.variant_id,
  shopifyProductId: row.shopify_product_id,
  productId: row.product_id,
  ...(row.inventory_item_id !== null ? { inventoryItemId: row.inventory_item_id } : {}),
});

/** `transactional` keeps replacing a product's links one write even outside a transaction. */
export function createShopifySyncRepository(
  db: Queryable,
  transactional: <T>(fn: (db: Queryable) => Promise<T>) => Promise<T>,
): ShopifySyncStore {
  const sum = async (client: Queryable, item: string) => {
    const row = (
      await client.query<{ n: string; total: string }>(
        'SELECT COUNT(*) AS n, COALESCE(SUM(available), 0) AS total FROM shopify_inventory_levels WHERE inventory_item_id = $1',
        [item],
      )
    ).rows[0]!;
    return Number(row.n) > 0 ? Number(row.total) : undefined;
  };
  const variant = async (where: string, value: string) => {
    const row = (await db.query<VariantRow>(`SELECT * FROM shopify_variants WHERE ${where} = $1`, [value])).rows[0];
    return row && toLink(row);
  };
  return {
    async recordDelivery(webhookId, topic, at) {
      await db.query('DELETE FROM shopify_webhooks WHERE received_at < $1', [deliveryCutoff(at)]);
      const inserted = await db.query(
        'INSERT INTO shopify_webhooks (webhook_id, topic, received_at) VALUES ($1, $2, $3) ON CONFLICT (webhook_id) DO NOTHING',
        [webhookId, topic, at],
      );
      return inserted.rowCount === 1;
    },
    lock: async (shopifyProductId) =>
      void (await db.query(
        "SELECT pg_advisory_xact_lock(hashtextextended('kaiwa:shopify:' || current_schema() || ':' || $1, 0))",
        [shopifyProductId],
      )),
    async product(shopifyId) {
      const row = (
        await db.query<{ shopify_id: string; handle: string; updated_at: string; deleted: boolean }>(
          'SELECT shopify_id, handle, updated_at, deleted FROM shopify_products WHERE shopify_id = $1',
          [shopifyId],
        )
      ).rows[0];
      return row && { shopifyId: row.shopify_id, handle: row.handle, updatedAt: row.updated_at, deleted: row.deleted };
    },
    saveProduct: async (link) =>
      void (await db.query(
        `INSERT INTO shopify_products (shopify_id, handle, updated_at, deleted) VALUES ($1, $2, $3, $4)
         ON CONFLICT (shopify_id) DO UPDATE SET handle = excluded.handle, updated_at = excluded.updated_at, deleted = excluded.deleted`,
        [link.shopifyId, link.handle, link.updatedAt, link.deleted],
      )),
    variants: async (shopifyProductId) =>
      (
        await db.query<VariantRow>('SELECT * FROM shopify_variants WHERE shopify_product_id = $1 ORDER BY variant_id', [
          shopifyProductId,
        ])
      ).rows.map(toLink),
    replaceVariants: (shopifyProductId, links) =>
      transactional(async (tx) => {
        const productIds = links.map((link) => link.productId);
        const variantIds = links.map((link) => link.variantId);
        const touched = (
          await tx.query<{ inventory_item_id: string }>(
            `SELECT inventory_item_id FROM shopify_variants WHERE (shopify_product_id = $1 OR product_id = ANY($2)
             OR variant_id = ANY($3)) AND inventory_item_id IS NOT NULL`,
            [shopifyProductId, productIds, variantIds],
          )
        ).rows.map((row) => row.inventory_item_id);
        await tx.query('DELETE FROM shopify_variants WHERE shopify_product_id = $1', [shopifyProductId]);
        // A catalog id moves to the variant that now has it (a SKU given to another variant, a handle reused).
        await tx.query('DELETE FROM shopify_variants WHERE product_id = ANY($1) OR variant_id = ANY($2)', [
          productIds,
          variantIds,
        ]);
        for (const link of links)
          await tx.query(
            'INSERT INTO shopify_variants (variant_id, shopify_product_id, product_id, inventory_item_id) VALUES ($1, $2, $3, $4)',
            [link.variantId, shopifyProductId, link.productId, link.inventoryItemId ?? null],
          );
        // An item no longer linked is no longer followed: its figures would be stale if it came back.
        await tx.query(
          `DELETE FROM shopify_inventory_levels WHERE inventory_item_id = ANY($1)
           AND inventory_item_id NOT IN (SELECT inventory_item_id FROM shopify_variants WHERE inventory_item_id IS NOT NULL)`,
          [touched],
        );
      }),
    variantOf: (productId) => variant('product_id', productId),
    variantByItem: (inventoryItemId) => variant('inventory_item_id', inventoryItemId),
    async level(inventoryItemId, locationId) {
      const row = (
        await db.query<{ available: number; updated_at: string }>(
          'SELECT available, updated_at FROM shopify_inventory_levels WHERE inventory_item_id = $1 AND location_id = $2',
          [inventoryItemId, locationId],
        )
      ).rows[0];
      return row && { available: row.available, updatedAt: row.updated_at };
    },
    saveLevel: (inventoryItemId, locationId, figure) =>
      transactional(async (tx) => {
        await tx.query(
          `INSERT INTO shopify_inventory_levels (inventory_item_id, location_id, available, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (inventory_item_id, location_id) DO UPDATE SET available = excluded.available, updated_at = excluded.updated_at`,
          [inventoryItemId, locationId, figure.available, figure.updatedAt],
        );
        return (await sum(tx, inventoryItemId))!;
      }),
    levelSum: (inventoryItemId) => sum(db, inventoryItemId),
  };
}
