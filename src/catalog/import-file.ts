import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { SourceValidationError, type CatalogStore, type Product } from '../core/index.js';
import { parseCatalog, variantIssues } from './load-catalog.js';
import { isShopifyHeader, parseShopifyCsv, type ShopifyOptions, type ShopifyReport } from './shopify-csv.js';
import { isShopifyInventoryHeader } from './shopify-inventory-csv.js';

/** `shopify-inventory`: Shopify's "Export inventory" CSV, which sets stock only (import-inventory.ts). */
export type CatalogFormat = 'csv' | 'json' | 'yaml' | 'shopify' | 'shopify-inventory';

const formats: readonly CatalogFormat[] = ['csv', 'json', 'yaml', 'shopify', 'shopify-inventory'];

/** Text of a merchant's file: UTF-8 (BOM or not), or Shift_JIS as Japanese Excel saves it. */
export function readCatalogText(path: string): string {
  const bytes = readFileSync(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('shift_jis').decode(bytes);
  }
}

/** The format from --format, else the extension, else (for CSV) the header. */
export function detectFormat(path: string, text: string, requested?: string): CatalogFormat {
  if (requested) {
    if ((formats as readonly string[]).includes(requested)) return requested as CatalogFormat;
    throw new SourceValidationError(
      [
        {
          pos: { file: path, line: 1, column: 1 },
          message: `--format must be csv, json, yaml, shopify or shopify-inventory, not "${requested}"`,
        },
      ],
      'catalog_invalid',
    );
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  if (extension !== '.csv')
    throw new SourceValidationError(
      [
        {
          pos: { file: path, line: 1, column: 1 },
          message: `unsupported catalog file "${extension || path}"; use .csv (Kaiwa's columns or a Shopify export), .json or .yaml`,
        },
      ],
      'catalog_invalid',
    );
  const header = (text.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '')
    .split(',')
    .map((name) => name.replace(/^"|"$/g, ''));
  return isShopifyHeader(header) ? 'shopify' : isShopifyInventoryHeader(header) ? 'shopify-inventory' : 'csv';
}

export interface ParsedImport {
  format: CatalogFormat;
  products: Product[];
  skipped: ShopifyReport['skipped'];
  unknownStock: number;
  continueSelling: number;
}

/** Parses a catalog file of any supported format; throws SourceValidationError with every row's problem. */
export function parseImport(path: string, text: string, options: { format?: string } & ShopifyOptions): ParsedImport {
  const format = detectFormat(path, text, options.format);
  if (format === 'shopify-inventory')
    throw new SourceValidationError(
      [
        {
          pos: { file: path, line: 1, column: 1 },
          message: 'a Shopify inventory export holds stock figures, not products: import it with importInventory',
        },
      ],
      'catalog_invalid',
    );
  if (format !== 'shopify')
    return {
      format,
      products: parseCatalog(path, text, format, { currency: options.currency }),
      skipped: [],
      unknownStock: 0,
      continueSelling: 0,
    };
  const { format: _format, ...shopifyOptions } = options;
  const report = parseShopifyCsv(path, text, shopifyOptions);
  report.issues.push(...variantIssues(report.products));
  if (report.issues.length > 0) throw new SourceValidationError(report.issues, 'catalog_invalid');
  return {
    format,
    products: report.products.flatMap((entry) => (entry.product ? [entry.product] : [])),
    skipped: report.skipped,
    unknownStock: report.unknownStock,
    continueSelling: report.continueSelling,
  };
}

export interface ImportChanges {
  added: string[];
  updated: { id: string; fields: string[] }[];
  unchanged: number;
  /** In the store but not in this file: kept (a file may hold part of the catalog). */
  notInFile: number;
}

const fields: (keyof Product)[] = [
  'title',
  'description',
  'price',
  'stock',
  'imageUrl',
  'tags',
  'attributes',
  'parent',
  'options',
  'compareAtPrice',
  'continueSelling',
];

/** What importing `products` would change, field by field, compared with the store as it is. */
export async function diffCatalog(catalog: CatalogStore, products: readonly Product[]): Promise<ImportChanges> {
  const current = new Map((await catalog.all()).map((product) => [product.id, product]));
  const changes: ImportChanges = { added: [], updated: [], unchanged: 0, notInFile: 0 };
  const inFile = new Set<string>();
  for (const product of products) {
    inFile.add(product.id);
    const before = current.get(product.id);
    if (!before) {
      changes.added.push(product.id);
      continue;
    }
    const changed = fields.filter(
      (field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(product[field] ?? null),
    );
    if (changed.length > 0) changes.updated.push({ id: product.id, fields: changed });
    else changes.unchanged++;
  }
  for (const id of current.keys()) if (!inFile.has(id)) changes.notInFile++;
  return changes;
}

/** Writes in chunks (one transaction each, so a 100k catalog never holds the database for long), reporting progress. */
export async function importProducts(
  catalog: CatalogStore,
  products: readonly Product[],
  onProgress?: (done: number, total: number) => void,
  chunk = 2000,
): Promise<void> {
  for (let start = 0; start < products.length; start += chunk) {
    await catalog.upsertMany(products.slice(start, start + chunk));
    onProgress?.(Math.min(products.length, start + chunk), products.length);
  }
}
