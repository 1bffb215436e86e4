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

export interface UpsertOptions {
  /**
   * Existing products keep their stock and the file's last figure; only their other fields change (the
   * caller sets stock with `setAvailable`, as the merchant's backend sync does). New ones start with theirs.
   */
  keepStock?: boolean;
}

/** A product's stock as set from the merchant's backend (`setAvailable`). */
export interface StockFigure {
  id: string;
  /** What the backend has to sell (Shopify's available), as given. */
  available: number;
  /** Units orders still awaiting payment here hold (the store slices' `heldStock`: the orders module's). */
  reserved: number;
  /** What Kaiwa sells now: available − reserved, never below 0. */
  stock: number;
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
  upsertMany(products: readonly Product[], options?: UpsertOptions): Promise<UpsertReport>;
  /**
   * Sets stock from the merchant's backend figure: stock = `available` − the units orders still awaiting
   * payment here hold, never below 0, read and written with the product's row locked (one transaction
   * on SQLite, `SELECT … FOR UPDATE` on PostgreSQL), so a checkout reserving at the same moment cannot
   * oversell. Joins the caller's transaction. The file's last figure is left alone. undefined (and
   * nothing changed) for an unknown id; RangeError for a figure that is not a whole number.
   */
  setAvailable(id: string, available: number): Promise<StockFigure | undefined>;
  /** The units orders still awaiting payment hold, per id (0 when none): what `setAvailable` would subtract. */
  reserved(ids: readonly string[]): Promise<Map<string, number>>;
  /** Atomically takes `quantity` units; false (and nothing changed) when fewer are available. A `continueSelling` product always has them and keeps its figure. */
  reserve(productId: string, quantity: number): Promise<boolean>;
  /** Gives back units reserved earlier (expired or cancelled orders). */
  release(productId: string, quantity: number): Promise<void>;
}
