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
}

export interface ShopifyReport {
  products: PositionedProduct[];
  issues: SourceIssue[];
  /** What was left out on purpose, and why (archived, unpriced, …): said, never silent. */
  skipped: { line: number; handle: string; reason: string }[];
  /** Products whose stock the file does not hold (no inventory column, untracked): imported with 0. */
  unknownStock: number;
}

/** "88.00", "8000", "8000.00" → minor units of `currency` without floats; trailing zero decimals beyond the currency's are fine. */
function toMinorUnits(text: string, currency: string): number | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const exponent = currencyExponent(currency);
  let fraction = match[2] ?? '';
  while (fraction.length > exponent && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  if (fraction.length > exponent) return undefined;
  return Number(`${match[1]}${fraction.padEnd(exponent, '0')}`);
}

/** One CSV record as csv-parse gives it with `info` and `raw`. */
type CsvRecord = { record: string[]; info: { lines: number }; raw: string };

/** The product a run of rows with one handle describes; its variant rows become the imported products. */
interface ShopifyProduct {
  handle: string;
  title: string;
  body: string;
  tags: string[];
  vendor: string;
  image?: string;
  active: boolean;
  line: number;
}

/** One row: its fields by column name, and where each starts in the file. */
interface ShopifyRow {
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
 * Reads a Shopify product export: one product per variant (its own price and stock; id = the
 * Variant SKU when unique, else `<handle>#<n>`), rows of one handle grouped, follow-on rows
 * inheriting the product's title, body, type and tags; options (Size, Colour…) become attributes
 * and part of the title. Every bad row is reported with its line; nothing is imported while any is.
 */
export function parseShopifyCsv(file: string, source: string, options: ShopifyOptions): ShopifyReport {
  const report: ShopifyReport = { products: [], issues: [], skipped: [], unknownStock: 0 };
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
  let variantNumber = 0;
  for (const record of rows) {
    const row = readRow(file, record, column);
    const handle = row.get('Handle');
    if (!handle) {
      report.issues.push({ pos: row.at('Handle'), message: 'a row without a Handle' });
      continue;
    }
    if (row.get('Title') || !product || product.handle !== handle) {
      product = startProduct(row, handle, product, options);
      variantNumber = 0;
      if (!product.active) report.skipped.push({ line: row.line, handle, reason: `status ${productStatus(row)}` });
    }
    if (!row.get('Variant Price')) continue; // an image-only row
    variantNumber++;
    if (product.active) addVariant(shopify, row, product, variantNumber);
  }
  return report;
}

/** The file's records, or undefined (and the issue reported) when it is not valid CSV. */
function readRecords(file: string, source: string, report: ShopifyReport): CsvRecord[] | undefined {
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

function readRow(file: string, row: CsvRecord, column: ReadonlyMap<string, number>): ShopifyRow {
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
  return {
    handle,
    title: get('Title') || (previous?.handle === handle ? previous.title : handle),
    body: htmlToText(get('Body (HTML)')),
    tags: [
      ...new Set(
        [
          ...get('Tags').split(','),
          get('Type'),
          get('Custom Product Type'),
          get('Product Category').split('>').pop() ?? '',
        ]
          .map((tag) => tag.trim().toLowerCase())
          .filter((tag) => tag && tag !== 'uncategorized'),
      ),
    ],
    vendor: get('Vendor') || (previous?.handle === handle ? previous.vendor : ''),
    ...(get('Image Src') ? { image: get('Image Src') } : {}),
    active: status === '' || status === 'active' || options.includeInactive === true,
    line: row.line,
  };
}

/** Imports one priced variant row of an active product, or reports or skips it. */
function addVariant(shopify: ShopifyImport, row: ShopifyRow, product: ShopifyProduct, variantNumber: number): void {
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
  const optionPairs = [1, 2, 3]
    .map((n) => [get(`Option${n} Name`), get(`Option${n} Value`)] as const)
    .filter(([name, value]) => name && value && value !== 'Default Title');
  const stock = readStock(shopify, row);
  if (stock === undefined) return;
  const sku = get('Variant SKU');
  const id = sku && shopify.skuCount.get(sku) === 1 ? sku : `${handle}#${variantNumber}`;
  if (shopify.ids.has(id)) {
    report.issues.push({
      pos: at('Variant SKU'),
      message: `id "${id}" is used twice (first on line ${shopify.ids.get(id)})`,
    });
    return;
  }
  shopify.ids.set(id, line);
  const variantTitle =
    optionPairs.length > 0 ? `${product.title} (${optionPairs.map(([, value]) => value).join(' / ')})` : product.title;
  const item: Product = {
    id,
    title: { [options.locale]: variantTitle },
    description: { [options.locale]: product.body },
    price: { amount: price, currency: options.currency },
    stock,
    ...(get('Variant Image') || product.image ? { imageUrl: get('Variant Image') || product.image } : {}),
    tags: product.tags,
    attributes: {
      handle,
      ...Object.fromEntries(optionPairs.map(([name, value]) => [name.toLowerCase(), value])),
      ...(product.vendor ? { vendor: product.vendor } : {}),
    },
  };
  report.products.push({ id, pos: { file, line, column: 1 }, product: item });
}

/** The row's stock: 0 (and counted as unknown) when the file does not track it; undefined (and reported) when it is not a whole number. */
function readStock(shopify: ShopifyImport, row: ShopifyRow): number | undefined {
  const quantity = shopify.hasInventory ? row.get('Variant Inventory Qty') : '';
  if (!shopify.hasInventory || quantity === '' || row.get('Variant Inventory Tracker') === '') {
    shopify.report.unknownStock++;
    return 0;
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
