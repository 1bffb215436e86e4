import { parse } from 'csv-parse/sync';
import { currencyExponent, type Product, type SourceIssue, type SourcePos } from '../core/index.js';
import { htmlToText } from './html-text.js';
import { fieldStarts, type PositionedProduct } from './catalog-csv.js';

/** Columns that identify a Shopify "Export products" CSV. */
export function isShopifyHeader(header: readonly string[]): boolean {
  const names = new Set(header.map((name) => name.trim()));
  return names.has('Handle') && names.has('Variant Price') && names.has('Title');
}

export interface ShopifyOptions {
  /** Shopify exports carry no currency: the shop's (kaiwa.yaml) or --currency. */
  currency: string;
  /** The language titles and bodies are written in. */
  locale: string;
  /** Import archived and draft products too (default: active only). */
  includeInactive?: boolean;
  /** Stock for variants whose stock the file does not hold (untracked, no quantity column); default 0. */
  defaultStock?: number;
  /** Products of these vendors are skipped (app pseudo-products such as shipping insurance); case-insensitive. */
  skipVendors?: readonly string[];
  /** Products of these types (Type or Custom Product Type) are skipped; case-insensitive. */
  skipTypes?: readonly string[];
}

export interface ShopifyReport {
  products: PositionedProduct[];
  issues: SourceIssue[];
  /** What was left out on purpose, and why (archived, unpriced, …): said, never silent. */
  skipped: { line: number; handle: string; reason: string }[];
  /** Variants whose stock the file does not hold (no inventory column, untracked): imported with the default stock. */
  unknownStock: number;
  /** Variants Shopify sells when out of stock (Variant Inventory Policy "continue"): imported with continueSelling, no stock limit. */
  continueSelling: number;
}

/** "88.00", "8000", "8000.00" → minor units of `currency` without floats; trailing zero decimals beyond the currency's are fine. */
export function toMinorUnits(text: string, currency: string): number | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const exponent = currencyExponent(currency);
  let fraction = match[2] ?? '';
  while (fraction.length > exponent && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  if (fraction.length > exponent) return undefined;
  return Number(`${match[1]}${fraction.padEnd(exponent, '0')}`);
}

/** One CSV record as csv-parse gives it with `info` and `raw`. */
export type CsvRecord = { record: string[]; info: { lines: number }; raw: string };

/** The product a run of rows with one handle describes; its variant rows become the imported products. */
interface ShopifyProduct {
  handle: string;
  title: string;
  body: string;
  tags: string[];
  vendor: string;
  image?: string;
  active: boolean;
  /** Why the whole product is skipped (status, vendor, type), or undefined. */
  skip?: string;
  /** Option1–3 Name: Shopify writes them on a product's first row only. */
  optionNames: string[];
  line: number;
}

/** One row: its fields by column name, and where each starts in the file. */
export interface ShopifyRow {
  line: number;
  get(name: string): string;
  at(name: string): SourcePos;
}

/** What every row of one file is read against, and where its products, issues and skips go. */
interface ShopifyImport {
  file: string;
  options: ShopifyOptions;
  column: Map<string, number>;
  hasInventory: boolean;
  /** How often each Variant SKU occurs in the file. */
  skuCount: Map<string, number>;
  /** The line each product id was first used on. */
  ids: Map<string, number>;
  report: ShopifyReport;
}

/**
 * Reads a Shopify product export: one sellable product per variant (its own price, compare-at
 * price, stock and policy; id = the Variant SKU when unique, else `<handle>/<option values>`, e.g.
 * `bikini-top/m-black`, or the handle for a product without options: never a row position), rows
 * of one handle grouped, follow-on rows inheriting the product's title, body, type, tags and option
 * names; a product with options (Size, Colour…) has its variants' `parent` = the handle and their
 * option values as `options`. Products of skipped vendors or types are listed in `skipped`. Every bad row is reported with its line; nothing is imported while any is.
 */
export function parseShopifyCsv(file: string, source: string, options: ShopifyOptions): ShopifyReport {
  const report: ShopifyReport = { products: [], issues: [], skipped: [], unknownStock: 0, continueSelling: 0 };
  const records = readRecords(file, source, report);
  if (!records) return report;
  const [header, ...rows] = records;
  if (!header || !isShopifyHeader(header.record)) {
    report.issues.push({
      pos: { file, line: 1, column: 1 },
      message: 'not a Shopify product export: the header needs Handle, Title and Variant Price',
    });
    return report;
  }
  const column = new Map(header.record.map((name, index) => [name.trim(), index]));
  const shopify: ShopifyImport = {
    file,
    options,
    column,
    hasInventory: column.has('Variant Inventory Qty'),
    skuCount: countSkus(rows, column),
    ids: new Map(),
    report,
  };
  let product: ShopifyProduct | undefined;
  for (const record of rows) {
    const row = readRow(file, record, column);
    const handle = row.get('Handle');
    if (!handle) {
      report.issues.push({ pos: row.at('Handle'), message: 'a row without a Handle' });
      continue;
    }
    if (row.get('Title') || !product || product.handle !== handle) {
      product = startProduct(row, handle, product, options);
      if (product.skip) report.skipped.push({ line: row.line, handle, reason: product.skip });
    }
    if (!row.get('Variant Price')) continue; // an image-only row
    if (!product.skip) addVariant(shopify, row, product);
  }
  return report;
}

/** The file's records, or undefined (and the issue reported) when it is not valid CSV. */
export function readRecords(file: string, source: string, report: { issues: SourceIssue[] }): CsvRecord[] | undefined {
  try {
    return parse(source.replace(/\r\n?/g, '\n'), {
      bom: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    report.issues.push({
      pos: { file, line: (error as { lines?: number }).lines ?? 1, column: 1 },
      message: `not valid CSV: ${(error as Error).message}`,
    });
    return undefined;
  }
}

/** A SKU names a product only when it is unique in the file (exports repeat SKUs across sizes). */
function countSkus(rows: readonly CsvRecord[], column: ReadonlyMap<string, number>): Map<string, number> {
  const skuCount = new Map<string, number>();
  for (const row of rows) {
    const sku = (row.record[column.get('Variant SKU') ?? -1] ?? '').trim();
    if (sku) skuCount.set(sku, (skuCount.get(sku) ?? 0) + 1);
  }
  return skuCount;
}

export function readRow(file: string, row: CsvRecord, column: ReadonlyMap<string, number>): ShopifyRow {
  // info.lines is where the record ends; it starts as many lines earlier as its fields hold line breaks.
  const line = row.info.lines - row.record.reduce((count, field) => count + (field.match(/\n/g)?.length ?? 0), 0);
  const starts = fieldStarts(row.raw.replace(/^\n+/, ''), line);
  return {
    line,
    get: (name) => (row.record[column.get(name) ?? -1] ?? '').trim(),
    at: (name) => ({ file, ...(starts[column.get(name) ?? 0] ?? { line, column: 1 }) }),
  };
}

function productStatus(row: ShopifyRow): string {
  return row.get('Status').toLowerCase();
}

/** The product a row with a Title (or a new handle) starts; a title-less row of the same handle keeps the title and vendor. */
function startProduct(
  row: ShopifyRow,
  handle: string,
  previous: ShopifyProduct | undefined,
  options: ShopifyOptions,
): ShopifyProduct {
  const { get } = row;
  const status = productStatus(row);
  const same = previous?.handle === handle;
  const vendor = get('Vendor') || (same ? previous.vendor : '');
  const types = [get('Type'), get('Custom Product Type')].map((type) => type.toLowerCase()).filter(Boolean);
  const skippedVendor = options.skipVendors?.find((skip) => skip.toLowerCase() === vendor.toLowerCase());
  const skippedType = options.skipTypes?.find((skip) => types.includes(skip.toLowerCase()));
  const active = status === '' || status === 'active' || options.includeInactive === true;
  const skip = !active
    ? `status ${status}`
    : skippedVendor
      ? `vendor "${vendor}" (--skip-vendor)`
      : skippedType
        ? `type "${skippedType}" (--skip-type)`
        : same && previous.skip
          ? previous.skip
          : undefined;
  return {
    handle,
    title: get('Title') || (previous?.handle === handle ? previous.title : handle),
    body: htmlToText(get('Body (HTML)')),
    tags: shopifyTags(
      get('Tags'),
      get('Type'),
      get('Custom Product Type'),
      get('Product Category').split('>').pop() ?? '',
    ),
    vendor,
    ...(get('Image Src') ? { image: get('Image Src') } : {}),
    active,
    ...(skip ? { skip } : {}),
    optionNames: [1, 2, 3].map(
      (n, index) => get(`Option${n} Name`) || (same ? (previous.optionNames[index] ?? '') : ''),
    ),
    line: row.line,
  };
}

/** Imports one priced variant row of an active product, or reports or skips it. */
function addVariant(shopify: ShopifyImport, row: ShopifyRow, product: ShopifyProduct): void {
  const { file, options, report } = shopify;
  const { get, at, line } = row;
  const { handle } = product;
  const priceText = get('Variant Price');
  const price = toMinorUnits(priceText, options.currency);
  if (price === undefined) {
    report.issues.push({
      pos: at('Variant Price'),
      message: `price "${priceText}" is not an amount in ${options.currency} (e.g. ${currencyExponent(options.currency) === 0 ? '1200' : '12.50'})`,
    });
    return;
  }
  if (price === 0) {
    report.skipped.push({
      line,
      handle,
      reason: 'price 0 (gift cards, pickup pseudo-products): not sold through chat',
    });
    return;
  }
  // Option names come from the product's first row when a variant row leaves them empty, as Shopify writes them.
  const pairs = optionPairs(
    [1, 2, 3].map((n, index) => get(`Option${n} Name`) || (product.optionNames[index] ?? '')),
    [1, 2, 3].map((n) => get(`Option${n} Value`)),
  );
  const stock = readStock(shopify, row);
  if (stock === undefined) return;
  const continueSelling = get('Variant Inventory Policy').toLowerCase() === 'continue';
  if (continueSelling) report.continueSelling++;
  const sku = get('Variant SKU');
  const id = shopifyVariantId(
    handle,
    sku,
    shopify.skuCount.get(sku) === 1,
    pairs.map(([, value]) => value),
  );
  if (shopify.ids.has(id)) {
    report.issues.push({
      pos: at(sku ? 'Variant SKU' : 'Option1 Value'),
      message: `variant id "${id}" is used twice (first on line ${shopify.ids.get(id)}): give the variants unique SKUs or option values`,
    });
    return;
  }
  shopify.ids.set(id, line);
  const compareAt = toMinorUnits(get('Variant Compare At Price'), options.currency);
  const image = get('Variant Image') || product.image;
  const item = shopifyVariantProduct(
    id,
    {
      title: product.title,
      body: product.body,
      tags: product.tags,
      vendor: product.vendor,
      ...(image ? { image } : {}),
      handle,
      options: pairs,
      price,
      ...(compareAt !== undefined ? { compareAt } : {}),
      stock,
      continueSelling,
    },
    options,
  );
  report.products.push({ id, pos: { file, line, column: 1 }, product: item });
}

/** What a Shopify variant is, read from an export's row or a product webhook, before it becomes a catalog product. */
export interface ShopifyVariantFacts {
  handle: string;
  /** The product's title and its body as plain text. */
  title: string;
  body: string;
  tags: string[];
  vendor: string;
  /** The variant's image, else the product's. */
  image?: string;
  /** `[name, value]` pairs in option order (optionPairs). */
  options: readonly (readonly [string, string])[];
  /** Minor units of the shop's currency. */
  price: number;
  compareAt?: number;
  stock: number;
  /** Variant Inventory Policy `continue`: Shopify sells it out of stock. */
  continueSelling: boolean;
}

/**
 * A Shopify variant as a catalog product, the same from an export and from a webhook: the product's
 * title in `locale`, `parent` = the handle and the option values when it has options, a compare-at
 * price only above the price, `continueSelling` for the `continue` policy.
 */
export function shopifyVariantProduct(
  id: string,
  facts: ShopifyVariantFacts,
  shop: { currency: string; locale: string },
): Product {
  const { currency, locale } = shop;
  return {
    id,
    title: { [locale]: facts.title },
    description: facts.body ? { [locale]: facts.body } : {},
    price: { amount: facts.price, currency },
    stock: facts.stock,
    ...(facts.image ? { imageUrl: facts.image } : {}),
    tags: facts.tags,
    attributes: facts.vendor ? { vendor: facts.vendor } : {},
    // A product with options is one product of variants, named by its handle.
    ...(facts.options.length > 0
      ? {
          parent: facts.handle,
          options: Object.fromEntries(facts.options.map(([name, value]) => [name.toLowerCase(), value])),
        }
      : {}),
    // Shopify keeps a compare-at price that is not above the price; it is no sale, so it is left out.
    ...(facts.compareAt !== undefined && facts.compareAt > facts.price
      ? { compareAtPrice: { amount: facts.compareAt, currency } }
      : {}),
    ...(facts.continueSelling ? { continueSelling: true } : {}),
  };
}

/** A variant's options as `[name, value]` pairs, in order: named ones, without Shopify's "Default Title" of a product that has none. */
export function optionPairs(names: readonly string[], values: readonly string[]): [string, string][] {
  return values
    .map((value, index) => [names[index]?.trim() ?? '', value.trim()] as [string, string])
    .filter(([name, value]) => name && value && value !== 'Default Title');
}

/**
 * The id of a Shopify variant, never a row position: its SKU when `skuUnique`, else
 * `<handle>/<option values>` (`bikini-top/m-black`), or the handle for a product without options.
 */
export function shopifyVariantId(
  handle: string,
  sku: string,
  skuUnique: boolean,
  optionValues: readonly string[],
): string {
  if (sku && skuUnique) return sku;
  return optionValues.length > 0 ? `${handle}/${optionValues.map(slug).join('-')}` : handle;
}

/** A Shopify product's tags: its own (comma-separated), its type(s) and category, lower-case, once each. */
export function shopifyTags(tags: string, ...types: string[]): string[] {
  return [
    ...new Set(
      [...tags.split(','), ...types]
        .map((tag) => tag.trim().toLowerCase())
        .filter((tag) => tag && tag !== 'uncategorized'),
    ),
  ];
}

/** An option value as part of an id: NFKC, lower case, letters and digits of any script joined by dashes. */
function slug(value: string): string {
  return (
    value
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || '-'
  );
}

/**
 * The row's stock: the default stock (0 unless --default-stock, and counted as unknown) when the file
 * does not track it; undefined (and reported) when it is not a whole number.
 */
function readStock(shopify: ShopifyImport, row: ShopifyRow): number | undefined {
  const quantity = shopify.hasInventory ? row.get('Variant Inventory Qty') : '';
  if (!shopify.hasInventory || quantity === '' || row.get('Variant Inventory Tracker') === '') {
    shopify.report.unknownStock++;
    return shopify.options.defaultStock ?? 0;
  }
  if (!/^-?\d+$/.test(quantity)) {
    shopify.report.issues.push({
      pos: row.at('Variant Inventory Qty'),
      message: `stock "${quantity}" is not a whole number`,
    });
    return undefined;
  }
  return Math.max(0, Number(quantity));
}
