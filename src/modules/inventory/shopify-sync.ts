import type { Product, StockFigure, Store } from '../../core/index.js';
import type { ShopifyVariantLink } from './store.js';

/** One Shopify variant as the catalog sells it (read from a product webhook by src/catalog/shopify-webhook.ts). */
export interface VariantSnapshot {
  variantId: string;
  inventoryItemId?: string;
  /** The ids the catalog may hold it under, preferred first: its SKU, then `<handle>/<option values>`. */
  ids: string[];
  /** The catalog product; undefined when it is not for sale (a draft or archived product, a price of 0). */
  product?: Product;
  /** Shopify's figure over all locations. */
  available: number;
}

/** A `products/create` or `products/update`, read. */
export interface ProductSnapshot {
  shopifyId: string;
  handle: string;
  /** ISO-8601 UTC. */
  updatedAt: string;
  variants: VariantSnapshot[];
}

/** An `inventory_levels/update`, read: one location's available units of one inventory item. */
export interface LevelSnapshot {
  inventoryItemId: string;
  locationId: string;
  available: number | null;
  updatedAt: string;
}

/** The webhook delivery: `X-Shopify-Webhook-Id`, `X-Shopify-Topic`, and when it arrived (the Clock's). */
export interface Delivery {
  webhookId: string;
  topic: string;
  at: string;
}

export type SyncOutcome =
  | { kind: 'applied'; stock: StockFigure[]; unsellable: string[] }
  | { kind: 'duplicate' }
  | { kind: 'ignored'; reason: string };

type Tx = Store;

const ignored = (reason: string): SyncOutcome => ({ kind: 'ignored', reason });
const duplicate: SyncOutcome = { kind: 'duplicate' };

/** Records the delivery in the transaction that applies it; false for a redelivery, which then changes nothing. */
const firstDelivery = (tx: Tx, delivery: Delivery) =>
  tx.shopify.recordDelivery(delivery.webhookId, delivery.topic, delivery.at);

/**
 * Applies a product webhook in one transaction: the delivery recorded (a redelivery stops there), the
 * variants upserted by id (fields only: stock is the backend's figure less what unpaid orders hold, set
 * through `setAvailable`), linked to their Shopify ids for later inventory levels and deletion, and
 * variants no longer for sale (removed, renamed, draft) made unsellable: stock 0, no selling out of
 * stock. An event older than the last one applied for the product changes nothing.
 */
export function syncProduct(store: Store, delivery: Delivery, snapshot: ProductSnapshot): Promise<SyncOutcome> {
  return store.transaction(async (tx) => {
    if (!(await firstDelivery(tx, delivery))) return duplicate;
    await tx.shopify.lock(snapshot.shopifyId);
    const link = await tx.shopify.product(snapshot.shopifyId);
    if (link?.deleted) return ignored(`product ${snapshot.shopifyId} was deleted in Shopify`);
    if (link && snapshot.updatedAt < link.updatedAt)
      return ignored(`stale: updated_at ${snapshot.updatedAt} is older than ${link.updatedAt}, already applied`);
    const previous = await tx.shopify.variants(snapshot.shopifyId);
    const ids = await chooseIds(tx, snapshot, previous);
    const sold = snapshot.variants.flatMap((variant, index) =>
      variant.product ? [{ variant, product: { ...variant.product, id: ids[index]! } }] : [],
    );
    if (sold.length > 0)
      await tx.catalog.upsertMany(
        sold.map((item) => item.product),
        { keepStock: true },
      );
    const links: ShopifyVariantLink[] = sold.map(({ variant, product }) => ({
      variantId: variant.variantId,
      shopifyProductId: snapshot.shopifyId,
      productId: product.id,
      ...(variant.inventoryItemId ? { inventoryItemId: variant.inventoryItemId } : {}),
    }));
    await tx.shopify.replaceVariants(snapshot.shopifyId, links);
    const selling = new Set(links.map((item) => item.productId));
    const stopped = [...previous.map((item) => item.productId), ...ids].filter((id) => !selling.has(id));
    const unsellable = await makeUnsellable(tx, [...new Set(stopped)]);
    const stock: StockFigure[] = [];
    for (const { variant, product } of sold) {
      // Once a location has reported its figure (inventory_levels/update), the locations' sum is the figure.
      const levels = variant.inventoryItemId ? await tx.shopify.levelSum(variant.inventoryItemId) : undefined;
      const figure = await tx.catalog.setAvailable(product.id, levels ?? variant.available);
      if (figure) stock.push(figure);
    }
    await tx.shopify.saveProduct({
      shopifyId: snapshot.shopifyId,
      handle: snapshot.handle,
      updatedAt: snapshot.updatedAt,
      deleted: false,
    });
    return { kind: 'applied', stock, unsellable };
  });
}

/**
 * The catalog id of each variant: the one it had, else one the catalog already holds (a product
 * import's), else the first of its ids no other Shopify product's variant has.
 */
async function chooseIds(
  tx: Tx,
  snapshot: ProductSnapshot,
  previous: readonly ShopifyVariantLink[],
): Promise<string[]> {
  const had = new Map(previous.map((item) => [item.variantId, item.productId]));
  const taken = new Set<string>();
  const free = async (id: string) => {
    if (taken.has(id)) return false;
    const owner = await tx.shopify.variantOf(id);
    if (!owner || owner.shopifyProductId === snapshot.shopifyId) return true;
    return (await tx.shopify.product(owner.shopifyProductId))?.deleted === true;
  };
  const chosen: string[] = [];
  for (const variant of snapshot.variants) {
    const candidates: string[] = [];
    for (const id of variant.ids) if (await free(id)) candidates.push(id);
    const id =
      candidates.find((candidate) => had.get(variant.variantId) === candidate) ??
      (await tx.catalog.getMany(candidates))[0]?.id ??
      candidates[0] ??
      variant.ids.at(-1)!;
    taken.add(id);
    chosen.push(id);
  }
  return chosen;
}

/** Stock 0 and no selling out of stock, for each of `ids` the catalog holds; the ids it holds. */
async function makeUnsellable(tx: Tx, ids: readonly string[]): Promise<string[]> {
  const products = await tx.catalog.getMany(ids);
  for (const product of products) {
    if (product.continueSelling) {
      const { continueSelling: _selling, ...limited } = product;
      await tx.catalog.upsertMany([limited], { keepStock: true });
    }
    await tx.catalog.setAvailable(product.id, 0);
  }
  return products.map((product) => product.id);
}

/**
 * Applies an `inventory_levels/update` in one transaction: the location's figure kept (an older one
 * than the last applied for that item and location changes nothing), and the variant's stock set from
 * the sum over its locations less what unpaid orders hold.
 */
export function syncInventoryLevel(store: Store, delivery: Delivery, level: LevelSnapshot): Promise<SyncOutcome> {
  return store.transaction(async (tx) => {
    if (!(await firstDelivery(tx, delivery))) return duplicate;
    const linked = await tx.shopify.variantByItem(level.inventoryItemId);
    if (linked) await tx.shopify.lock(linked.shopifyProductId);
    // Read again under the lock: a product event may have linked the item elsewhere meanwhile.
    const variant = linked && (await tx.shopify.variantByItem(level.inventoryItemId));
    if (!variant)
      return ignored(
        `inventory item ${level.inventoryItemId} is not linked to a product on sale: no products/create or products/update has named it`,
      );
    if ((await tx.shopify.product(variant.shopifyProductId))?.deleted)
      return ignored(`product ${variant.shopifyProductId} was deleted in Shopify`);
    if (level.available === null) return ignored(`inventory item ${level.inventoryItemId} is not tracked in Shopify`);
    const last = await tx.shopify.level(level.inventoryItemId, level.locationId);
    if (last && level.updatedAt < last.updatedAt)
      return ignored(`stale: updated_at ${level.updatedAt} is older than ${last.updatedAt}, already applied`);
    const total = await tx.shopify.saveLevel(level.inventoryItemId, level.locationId, {
      available: level.available,
      updatedAt: level.updatedAt,
    });
    const figure = await tx.catalog.setAvailable(variant.productId, total);
    return { kind: 'applied', stock: figure ? [figure] : [], unsellable: [] };
  });
}

/**
 * Applies a `products/delete` in one transaction. The variants are kept, unsellable (stock 0, no
 * selling out of stock), rather than deleted: orders and carts still name them, and a stale update
 * arriving later must not bring them back (the product is marked deleted, so it cannot).
 */
export function syncDeletion(store: Store, delivery: Delivery, shopifyId: string): Promise<SyncOutcome> {
  return store.transaction(async (tx) => {
    if (!(await firstDelivery(tx, delivery))) return duplicate;
    await tx.shopify.lock(shopifyId);
    const link = await tx.shopify.product(shopifyId);
    const variants = await tx.shopify.variants(shopifyId);
    const unsellable = await makeUnsellable(
      tx,
      variants.map((item) => item.productId),
    );
    await tx.shopify.saveProduct({
      shopifyId,
      handle: link?.handle ?? '',
      updatedAt: link?.updatedAt ?? delivery.at,
      deleted: true,
    });
    return { kind: 'applied', stock: [], unsellable };
  });
}
