import type { LocalizedText } from '../locale.js';
import type { Money } from '../money.js';

/** A product as the catalog holds it. Every price and stock figure a shopper sees comes from here. */
export interface Product {
  /** The merchant's id or SKU; stable across imports. */
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  price: Money;
  /** Units available to sell now; checkout reserves from it, expiry gives back. */
  stock: number;
  imageUrl?: string;
  /** Categories and tags, lower-case, e.g. `tea`, `gift`. */
  tags: string[];
  attributes: Record<string, string>;
  /**
   * The product this is a variant of (a Shopify handle, `trail-tee`): variants sharing a parent are
   * shown as one product with options, and each is bought, reserved and stocked on its own. Absent
   * for a product sold as it is.
   */
  parent?: string;
  /** A variant's option values in the product's option order, e.g. `{ size: 'M', color: 'Black' }`. */
  options?: Record<string, string>;
  /** The price before a sale ("compare at"), in the same currency and above `price`. */
  compareAtPrice?: Money;
  /** Sold without a stock limit (Shopify's "continue selling when out of stock"): reserving never fails. */
  continueSelling?: boolean;
}

export interface UpsertReport {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface CatalogStore {
  get(id: string): Promise<Product | undefined>;
  /** Keeps the order of `ids`; unknown ids are dropped. */
  getMany(ids: readonly string[]): Promise<Product[]>;
  /** Every product, for building the search index. */
  all(): Promise<Product[]>;
  count(): Promise<number>;
  /** The variants of one product (rows whose `parent` is it), in option order (sortVariants). */
  variants(parent: string): Promise<Product[]>;
  /**
   * Inserts or updates by id. Stock is taken from the file only when the file's figure changed
   * since the last import, so a restart does not undo reservations made since.
   */
  upsertMany(products: readonly Product[]): Promise<UpsertReport>;
  /** Atomically takes `quantity` units; false (and nothing changed) when fewer are available. A `continueSelling` product always has them and keeps its figure. */
  reserve(productId: string, quantity: number): Promise<boolean>;
  /** Gives back units reserved earlier (expired or cancelled orders). */
  release(productId: string, quantity: number): Promise<void>;
}
