import type Database from 'better-sqlite3';
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

export function createShopifySyncRepository(db: Database.Database): ShopifySyncStore {
  const forget = db.prepare('DELETE FROM shopify_webhooks WHERE received_at < ?');
  const record = db.prepare(
    'INSERT INTO shopify_webhooks (webhook_id, topic, received_at) VALUES (?, ?, ?) ON CONFLICT (webhook_id) DO NOTHING',
  );
  const product = db.prepare(
    'SELECT shopify_id, handle, updated_at, deleted FROM shopify_products WHERE shopify_id = ?',
  );
  const saveProduct =
    db.prepare(`INSERT INTO shopify_products (shopify_id, handle, updated_at, deleted) VALUES (?, ?, ?, ?)
    ON CONFLICT (shopify_id) DO UPDATE SET handle = excluded.handle, updated_at = excluded.updated_at, deleted = excluded.deleted`);
  const variants = db.prepare('SELECT * FROM shopify_variants WHERE shopify_product_id = ? ORDER BY variant_id');
  const dropVariants = db.prepare('DELETE FROM shopify_variants WHERE shopify_product_id = ?');
  // A catalog id moves to the variant that now has it (a SKU given to another variant, a handle reused).
  const dropProductId = db.prepare('DELETE FROM shopify_variants WHERE product_id = ? OR variant_id = ?');
  const insertVariant = db.prepare(
    'INSERT INTO shopify_variants (variant_id, shopify_product_id, product_id, inventory_item_id) VALUES (?, ?, ?, ?)',
  );
  const variantOf = db.prepare('SELECT * FROM shopify_variants WHERE product_id = ?');
  const byItem = db.prepare('SELECT * FROM shopify_variants WHERE inventory_item_id = ?');
  const level = db.prepare(
    'SELECT available, updated_at FROM shopify_inventory_levels WHERE inventory_item_id = ? AND location_id = ?',
  );
  const saveLevel =
    db.prepare(`INSERT INTO shopify_inventory_levels (inventory_item_id, location_id, available, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (inventory_item_id, location_id) DO UPDATE SET available = excluded.available, updated_at = excluded.updated_at`);
  const levelSum = db.prepare(
    'SELECT COUNT(*) AS n, COALESCE(SUM(available), 0) AS total FROM shopify_inventory_levels WHERE inventory_item_id = ?',
  );
  const sum = (item: string) => {
    const row = levelSum.get(item) as { n: number; total: number };
    return row.n > 0 ? row.total : undefined;
  };
  // The inventory items a replacement may unlink: the product's own, and those of the rows it takes an id from.
  const itemsOf = db
    .prepare(
      'SELECT inventory_item_id FROM shopify_variants WHERE (shopify_product_id = ? OR product_id = ? OR variant_id = ?) AND inventory_item_id IS NOT NULL',
    )
    .pluck();
  const dropUnlinkedLevels = db.prepare(
    'DELETE FROM shopify_inventory_levels WHERE inventory_item_id = ? AND NOT EXISTS (SELECT 1 FROM shopify_variants WHERE inventory_item_id = ?)',
  );
  const replace = db.transaction((shopifyProductId: string, links: readonly ShopifyVariantLink[]) => {
    const touched = new Set(itemsOf.all(shopifyProductId, null, null) as string[]);
    for (const link of links)
      for (const item of itemsOf.all(shopifyProductId, link.productId, link.variantId) as string[]) touched.add(item);
    dropVariants.run(shopifyProductId);
    for (const link of links) {
      dropProductId.run(link.productId, link.variantId);
      insertVariant.run(link.variantId, shopifyProductId, link.productId, link.inventoryItemId ?? null);
    }
    // An item no longer linked is no longer followed: its figures would be stale if it came back.
    for (const item of touched) dropUnlinkedLevels.run(item, item);
  });
  return {
    async recordDelivery(webhookId, topic, at) {
      forget.run(deliveryCutoff(at));
      return record.run(webhookId, topic, at).changes === 1;
    },
    // BEGIN IMMEDIATE and the store's queue admit one transaction at a time: nothing to add.
    lock: async () => undefined,
    async product(shopifyId) {
      const row = product.get(shopifyId) as
        { shopify_id: string; handle: string; updated_at: string; deleted: number } | undefined;
      return (
        row && { shopifyId: row.shopify_id, handle: row.handle, updatedAt: row.updated_at, deleted: row.deleted === 1 }
      );
    },
    saveProduct: async (link) =>
      void saveProduct.run(link.shopifyId, link.handle, link.updatedAt, link.deleted ? 1 : 0),
    variants: async (shopifyProductId) => (variants.all(shopifyProductId) as VariantRow[]).map(toLink),
    replaceVariants: async (shopifyProductId, links) => replace(shopifyProductId, links),
    async variantOf(productId) {
      const row = variantOf.get(productId) as VariantRow | undefined;
      return row && toLink(row);
    },
    async variantByItem(inventoryItemId) {
      const row = byItem.get(inventoryItemId) as VariantRow | undefined;
      return row && toLink(row);
    },
    async level(inventoryItemId, locationId) {
      const row = level.get(inventoryItemId, locationId) as { available: number; updated_at: string } | undefined;
      return row && { available: row.available, updatedAt: row.updated_at };
    },
    async saveLevel(inventoryItemId, locationId, figure) {
      saveLevel.run(inventoryItemId, locationId, figure.available, figure.updatedAt);
      return sum(inventoryItemId)!;
    },
    levelSum: async (inventoryItemId) => sum(inventoryItemId),
  };
}
