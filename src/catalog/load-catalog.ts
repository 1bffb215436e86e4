import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { SourceValidationError, type Product, type SourceIssue } from '../core/index.js';
import { parseCatalogCsv, type PositionedProduct } from './catalog-csv.js';
import { parseCatalogJson } from './catalog-json.js';

/**
 * Reads catalog.csv or catalog.json into products. Throws SourceValidationError('catalog_invalid')
 * listing every problem as file:line:col; nothing is returned from a file with any error, so an
 * import never half-applies.
 */
export async function loadCatalogFile(path: string, options: CatalogRules = {}): Promise<Product[]> {
  const extension = extname(path).toLowerCase();
  const format =
    extension === '.csv'
      ? 'csv'
      : extension === '.json'
        ? 'json'
        : extension === '.yaml' || extension === '.yml'
          ? 'yaml'
          : undefined;
  if (!format)
    throw new SourceValidationError(
      [
        {
          pos: { file: path, line: 1, column: 1 },
          message: `unsupported catalog file "${extension}"; use .csv, .json or .yaml`,
        },
      ],
      'catalog_invalid',
    );
  return parseCatalog(path, await readFile(path, 'utf8'), format, options);
}

export interface CatalogRules {
  /** The shop's currency (kaiwa.yaml): a product priced in another is an error, not a 500 at the cart. */
  currency?: string;
}

/** Parses catalog text; `file` only labels positions. */
export function parseCatalog(
  file: string,
  source: string,
  format: 'csv' | 'json' | 'yaml',
  rules: CatalogRules = {},
): Product[] {
  // YAML has the JSON catalog's shape (JSON is YAML): one reader, with positions, serves both.
  const { products, issues } = format === 'csv' ? parseCatalogCsv(file, source) : parseCatalogJson(file, source);
  issues.push(...duplicateIds(products));
  if (rules.currency) issues.push(...otherCurrencies(products, rules.currency));
  if (issues.length > 0) {
    issues.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column);
    throw new SourceValidationError(issues, 'catalog_invalid');
  }
  return products.flatMap((entry) => (entry.product ? [entry.product] : []));
}

function otherCurrencies(products: readonly PositionedProduct[], currency: string): SourceIssue[] {
  return products.flatMap(({ id, pos, product }) =>
    product && product.price.currency !== currency
      ? [
          {
            pos,
            message: `product "${id}" is priced in ${product.price.currency}, but the shop sells in ${currency} (kaiwa.yaml shop.currency); one shop, one currency`,
          },
        ]
      : [],
  );
}

function duplicateIds(products: readonly PositionedProduct[]): SourceIssue[] {
  const first = new Map<string, number>();
  const issues: SourceIssue[] = [];
  for (const { id, pos } of products) {
    const line = first.get(id);
    if (line === undefined) first.set(id, pos.line);
    else issues.push({ pos, message: `duplicate id "${id}" (first used on line ${line})` });
  }
  return issues;
}
