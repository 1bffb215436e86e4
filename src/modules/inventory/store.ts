/** What Kaiwa knows of a Shopify product: its handle, the `updated_at` last applied, and whether it was deleted. */
export interface ShopifyProductLink {
  /** Shopify's product id, as a string (Shopify's ids outgrow JavaScript numbers). */
  shopifyId: string;
  handle: string;
  /** ISO-8601 UTC: a product event older than this is stale and changes nothing. */
  updatedAt: string;
  /** Deleted in Shopify: its variants are not for sale, and later events for it change nothing. */
  deleted: boolean;
}

/** A Shopify variant and the catalog product it is sold as. */
export interface ShopifyVariantLink {
  variantId: string;
  shopifyProductId: string;
  /** The catalog's id (the SKU, or `<handle>/<option values>`): one variant each. */
  productId: string;
  /** What `inventory_levels/update` names the variant by. */
  inventoryItemId?: string;
}

/** The latest figure of one inventory item at one location (`inventory_levels/update`). */
export interface InventoryLevel {
  available: number;
  /** ISO-8601 UTC. */
  updatedAt: string;
}

/**
 * The inventory module's data: Shopify webhooks already applied (a redelivery changes nothing), and
 * how Shopify's products, variants and inventory items map to the catalog, so that an inventory level
 * or a deletion finds its products.
 */
export interface ShopifySyncStore {
  /**
   * Records a webhook delivery by its `X-Shopify-Webhook-Id`; false if that id was recorded before.
   * Deliveries older than a week (Shopify stops retrying after a few hours) are forgotten on the way.
   */
  recordDelivery(webhookId: string, topic: string, at: string): Promise<boolean>;
  /**
   * Inside a transaction: no other event of this Shopify product is applied until it ends (a
   * transaction-scoped advisory lock on PostgreSQL; SQLite has one writer), so "older than the last
   * applied" holds when two deliveries for one product arrive at once.
   */
  lock(shopifyProductId: string): Promise<void>;
  product(shopifyId: string): Promise<ShopifyProductLink | undefined>;
  saveProduct(link: ShopifyProductLink): Promise<void>;
  /** The variants linked to one Shopify product. */
  variants(shopifyProductId: string): Promise<ShopifyVariantLink[]>;
  /**
   * Replaces the links of one Shopify product's variants with `links`; the figures of inventory items
   * it no longer links are forgotten.
   */
  replaceVariants(shopifyProductId: string, links: readonly ShopifyVariantLink[]): Promise<void>;
  /** The variant a catalog product is linked to, if any. */
  variantOf(productId: string): Promise<ShopifyVariantLink | undefined>;
  variantByItem(inventoryItemId: string): Promise<ShopifyVariantLink | undefined>;
  level(inventoryItemId: string, locationId: string): Promise<InventoryLevel | undefined>;
  /** Saves one location's figure and returns the sum over the item's locations. */
  saveLevel(inventoryItemId: string, locationId: string, level: InventoryLevel): Promise<number>;
  /** The sum of the latest figure of each location, or undefined when no location has reported one. */
  levelSum(inventoryItemId: string): Promise<number | undefined>;
}

declare module '../../core/ports/store.js' {
  interface StoreSlices {
    /** Shopify's webhooks applied and its ids mapped to the catalog (src/modules/inventory). */
    readonly shopify: ShopifySyncStore;
  }
}
