import { hmacSha256, InvalidPayloadError, safeEqual, SignatureError, type Product } from '../core/index.js';
import { htmlToText } from './html-text.js';
import {
  optionPairs,
  shopifyTags,
  shopifyVariantId,
  shopifyVariantProduct,
  toMinorUnits,
  type ShopifyOptions,
} from './shopify-csv.js';

/**
 * Checks `X-Shopify-Hmac-Sha256`: base64 of HMAC-SHA256 over the raw body with the webhook secret,
 * compared in constant time. SignatureError (401, nothing stored) when it is missing or differs.
 */
export function verifyShopifyHmac(secret: string, body: Uint8Array, header: string | null): void {
  if (!header) throw new SignatureError('missing X-Shopify-Hmac-Sha256 header');
  if (!safeEqual(header.trim(), hmacSha256(secret, body, 'base64')))
    throw new SignatureError('X-Shopify-Hmac-Sha256 does not match the body (check SHOPIFY_WEBHOOK_SECRET)');
}

/**
 * The body as JSON, with every `id` and `…_id` number kept as a string: Shopify's ids (their own
 * examples' 788032119674292922) outgrow JavaScript numbers, which would round them.
 */
export function readShopifyJson(body: Uint8Array): unknown {
  const text = new TextDecoder().decode(body);
  try {
    return JSON.parse(text.replace(/(?<!\\)("(?:[a-z0-9]+_)*id"\s*:\s*)(-?\d+)(?=\s*[,}\]])/g, '$1"$2"')) as unknown;
  } catch (error) {
    throw new InvalidPayloadError(`the body is not JSON: ${(error as Error).message}`);
  }
}

/** One variant of a Shopify product as the catalog sells it. */
export interface ShopifyVariantSnapshot {
  variantId: string;
  inventoryItemId?: string;
  /**
   * The ids the catalog may hold the variant under, preferred first (the CSV import's rule): its SKU
   * when no other variant of the product has it, then `<handle>/<option values>` (or the handle).
   */
  ids: string[];
  /** The variant as a catalog product (its id the first of `ids`); undefined when it is not for sale through chat. */
  product?: Product;
  /** Why it is not for sale: the product is draft or archived, or its price is 0. */
  notForSale?: string;
  /** Shopify's figure over all locations (`inventory_quantity`); 0 when untracked, as the CSV import's default. */
  available: number;
}

/** A `products/create` or `products/update` payload, read. */
export interface ShopifyProductSnapshot {
  shopifyId: string;
  handle: string;
  /** ISO-8601 UTC. */
  updatedAt: string;
  variants: ShopifyVariantSnapshot[];
}

/** An `inventory_levels/update` payload, read. */
export interface ShopifyInventoryLevel {
  inventoryItemId: string;
  locationId: string;
  /** null when Shopify does not track the item's quantity. */
  available: number | null;
  updatedAt: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function object(value: unknown, what: string): Json {
  if (!isObject(value)) throw new InvalidPayloadError(`${what} must be a JSON object`);
  return value;
}

/** An id: a string of digits (readShopifyJson keeps them as strings) or a number. */
function id(value: unknown, field: string): string {
  if ((typeof value === 'string' && /^\d+$/.test(value)) || (typeof value === 'number' && Number.isSafeInteger(value)))
    return String(value);
  throw new InvalidPayloadError(`"${field}" must be a Shopify id (digits), not ${JSON.stringify(value)}`, field);
}

const optionalId = (value: unknown, field: string) =>
  value === null || value === undefined ? undefined : id(value, field);

function text(value: unknown, field: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') throw new InvalidPayloadError(`"${field}" must be a string`, field);
  return value.trim();
}

/** Shopify's `updated_at` (with its offset, `2026-12-01T10:00:00-05:00`) as ISO-8601 UTC. */
function time(value: unknown, field: string): string {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw new InvalidPayloadError(`"${field}" must be a date and time, such as 2026-12-01T10:00:00-05:00`, field);
  return new Date(ms).toISOString();
}

function wholeNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new InvalidPayloadError(`"${field}" must be a whole number, not ${JSON.stringify(value)}`, field);
  return value;
}

/**
 * Reads a `products/create` or `products/update` payload (Shopify's REST product) into the catalog
 * products its variants are, exactly as the product export's CSV rows would be (src/catalog/shopify-csv.ts):
 * the same ids, `parent` = the handle, options, price in minor units of the shop's currency,
 * `continueSelling` from `inventory_policy: continue`. InvalidPayloadError naming the field otherwise.
 */
export function parseShopifyProduct(
  value: unknown,
  shop: Pick<ShopifyOptions, 'currency' | 'locale'>,
): ShopifyProductSnapshot {
  const body = object(value, 'the product');
  const handle = text(body.handle, 'handle');
  if (!handle) throw new InvalidPayloadError('"handle" is missing', 'handle');
  if (!Array.isArray(body.variants)) throw new InvalidPayloadError('"variants" must be a list', 'variants');
  const status = text(body.status, 'status').toLowerCase();
  const product = {
    handle,
    title: text(body.title, 'title') || handle,
    body: htmlToText(text(body.body_html, 'body_html')),
    vendor: text(body.vendor, 'vendor'),
    tags: shopifyTags(
      Array.isArray(body.tags) ? body.tags.map((tag) => String(tag)).join(',') : text(body.tags, 'tags'),
      text(body.product_type, 'product_type'),
    ),
    optionNames: optionNamesOf(body.options),
    images: imagesOf(body),
    inactive: status && status !== 'active' ? `status ${status}` : undefined,
  };
  const variants = body.variants.map((item, index) => object(item, `variants[${index}]`));
  // A SKU names a variant only when no other variant of the product has it (a product export's rule, per file).
  const skus = variants.map((variant, index) => text(variant.sku, `variants[${index}].sku`));
  return {
    shopifyId: id(body.id, 'id'),
    handle,
    updatedAt: time(body.updated_at, 'updated_at'),
    variants: variants.map((variant, index) =>
      readVariant(
        variant,
        index,
        { ...product, skuUnique: skus.filter((sku) => sku === skus[index]).length === 1 },
        shop,
      ),
    ),
  };
}

/** The option names by position (1–3), from `options: [{ name, position }]`. */
function optionNamesOf(options: unknown): string[] {
  const names = ['', '', ''];
  if (!Array.isArray(options)) return names;
  options.forEach((option, index) => {
    if (!isObject(option)) return;
    const position = typeof option.position === 'number' ? option.position - 1 : index;
    if (position >= 0 && position < 3) names[position] = text(option.name, `options[${index}].name`);
  });
  return names;
}

/** The product's image and the images by id, for variants that name one (`image_id`). */
function imagesOf(body: Json): { main?: string; byId: Map<string, string> } {
  const byId = new Map<string, string>();
  const images = Array.isArray(body.images) ? body.images.filter(isObject) : [];
  for (const image of images)
    if (typeof image.src === 'string' && image.id !== undefined && image.id !== null)
      byId.set(String(image.id), image.src);
  const first = isObject(body.image) && typeof body.image.src === 'string' ? body.image.src : images[0]?.src;
  return { ...(typeof first === 'string' ? { main: first } : {}), byId };
}

interface ProductFacts {
  handle: string;
  title: string;
  body: string;
  vendor: string;
  tags: string[];
  optionNames: string[];
  images: { main?: string; byId: Map<string, string> };
  inactive: string | undefined;
  skuUnique: boolean;
}

function readVariant(
  variant: Json,
  index: number,
  product: ProductFacts,
  shop: Pick<ShopifyOptions, 'currency' | 'locale'>,
): ShopifyVariantSnapshot {
  const field = (name: string) => `variants[${index}].${name}`;
  const sku = text(variant.sku, field('sku'));
  const pairs = optionPairs(
    product.optionNames,
    [1, 2, 3].map((n) => text(variant[`option${n}`], field(`option${n}`))),
  );
  const byOptions = shopifyVariantId(
    product.handle,
    '',
    false,
    pairs.map(([, value]) => value),
  );
  const ids = sku && product.skuUnique && sku !== byOptions ? [sku, byOptions] : [byOptions];
  const priceText = text(typeof variant.price === 'number' ? String(variant.price) : variant.price, field('price'));
  const price = toMinorUnits(priceText, shop.currency);
  if (price === undefined)
    throw new InvalidPayloadError(
      `${field('price')} "${priceText}" is not an amount in ${shop.currency}, the shop's currency`,
      field('price'),
    );
  const compareText = variant.compare_at_price;
  const compareAt =
    typeof compareText === 'string' || typeof compareText === 'number'
      ? toMinorUnits(String(compareText), shop.currency)
      : undefined;
  // `inventory_management: null` is an untracked variant; payloads without the field track it.
  const tracked =
    !('inventory_management' in variant) || text(variant.inventory_management, field('inventory_management')) !== '';
  const quantity =
    variant.inventory_quantity === null || variant.inventory_quantity === undefined
      ? 0
      : wholeNumber(variant.inventory_quantity, field('inventory_quantity'));
  const available = tracked ? quantity : 0;
  const inventoryItemId = optionalId(variant.inventory_item_id, field('inventory_item_id'));
  const imageId = optionalId(variant.image_id, field('image_id'));
  const image = (imageId && product.images.byId.get(imageId)) || product.images.main;
  const notForSale = product.inactive ?? (price === 0 ? 'price 0: not sold through chat' : undefined);
  const snapshot: ShopifyVariantSnapshot = {
    variantId: id(variant.id, field('id')),
    ...(inventoryItemId ? { inventoryItemId } : {}),
    ids,
    available,
    ...(notForSale ? { notForSale } : {}),
  };
  if (notForSale) return snapshot;
  const continueSelling = text(variant.inventory_policy, field('inventory_policy')).toLowerCase() === 'continue';
  snapshot.product = shopifyVariantProduct(
    ids[0]!,
    {
      handle: product.handle,
      title: product.title,
      body: product.body,
      tags: product.tags,
      vendor: product.vendor,
      ...(image ? { image } : {}),
      options: pairs,
      price,
      ...(compareAt !== undefined ? { compareAt } : {}),
      stock: Math.max(0, available),
      continueSelling,
    },
    shop,
  );
  return snapshot;
}

/** A `products/delete` payload: `{ id }`. */
export function parseShopifyDeletion(value: unknown): { shopifyId: string } {
  return { shopifyId: id(object(value, 'the deletion').id, 'id') };
}

/** An `inventory_levels/update` payload: `{ inventory_item_id, location_id, available, updated_at }`. */
export function parseShopifyInventoryLevel(value: unknown): ShopifyInventoryLevel {
  const body = object(value, 'the inventory level');
  return {
    inventoryItemId: id(body.inventory_item_id, 'inventory_item_id'),
    locationId: id(body.location_id, 'location_id'),
    available:
      body.available === null || body.available === undefined ? null : wholeNumber(body.available, 'available'),
    updatedAt: time(body.updated_at, 'updated_at'),
  };
}
