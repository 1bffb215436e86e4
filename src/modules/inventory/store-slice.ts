import type { StoreSlice } from '../../store/slice.js';
import { createShopifySyncRepository as postgresSync } from './postgres.js';
import { createShopifySyncRepository as sqliteSync } from './sqlite.js';

/**
 * Shopify's webhooks applied, and its products, variants and inventory items mapped to the catalog, on
 * both databases.
 */
export const inventorySlice: StoreSlice = {
  name: 'inventory',
  tables: {
    shopify_webhooks: 'not personal: the ids and topics of Shopify webhooks applied (a week)',
    shopify_products: "not personal: a Shopify product's id, handle and last update",
    shopify_variants: "not personal: a Shopify variant's ids and the catalog product it is sold as",
    shopify_inventory_levels: "not personal: an inventory item's available units per Shopify location",
  },
  sqlite: {
    migrations: [
      {
        id: 1,
        sql: `
          CREATE TABLE shopify_webhooks (webhook_id TEXT PRIMARY KEY, topic TEXT NOT NULL, received_at TEXT NOT NULL);
          CREATE INDEX shopify_webhooks_by_time ON shopify_webhooks (received_at);
          CREATE TABLE shopify_products (shopify_id TEXT PRIMARY KEY, handle TEXT NOT NULL, updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
          CREATE TABLE shopify_variants (variant_id TEXT PRIMARY KEY, shopify_product_id TEXT NOT NULL, product_id TEXT NOT NULL UNIQUE, inventory_item_id TEXT);
          CREATE INDEX shopify_variants_by_product ON shopify_variants (shopify_product_id);
          CREATE INDEX shopify_variants_by_item ON shopify_variants (inventory_item_id);
          CREATE TABLE shopify_inventory_levels (inventory_item_id TEXT NOT NULL, location_id TEXT NOT NULL, available INTEGER NOT NULL,
            updated_at TEXT NOT NULL, PRIMARY KEY (inventory_item_id, location_id));
        `,
      },
    ],
    create: (db) => ({ shopify: sqliteSync(db) }),
  },
  postgres: {
    migrations: [
      {
        id: 1,
        sql: `
          CREATE TABLE shopify_webhooks (webhook_id TEXT PRIMARY KEY, topic TEXT NOT NULL, received_at TEXT NOT NULL);
          CREATE INDEX shopify_webhooks_by_time ON shopify_webhooks (received_at);
          CREATE TABLE shopify_products (shopify_id TEXT PRIMARY KEY, handle TEXT NOT NULL, updated_at TEXT NOT NULL, deleted BOOLEAN NOT NULL DEFAULT false);
          CREATE TABLE shopify_variants (variant_id TEXT PRIMARY KEY, shopify_product_id TEXT NOT NULL, product_id TEXT NOT NULL UNIQUE, inventory_item_id TEXT);
          CREATE INDEX shopify_variants_by_product ON shopify_variants (shopify_product_id);
          CREATE INDEX shopify_variants_by_item ON shopify_variants (inventory_item_id);
          CREATE TABLE shopify_inventory_levels (inventory_item_id TEXT NOT NULL, location_id TEXT NOT NULL, available INTEGER NOT NULL,
            updated_at TEXT NOT NULL, PRIMARY KEY (inventory_item_id, location_id));
        `,
      },
    ],
    create: (db, { transactional }) => ({ shopify: postgresSync(db, transactional) }),
  },
};
