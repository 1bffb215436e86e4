import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { SourceValidationError, type Product, type SourceIssue, type SourcePos } from '../core/index.js';
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
  issues.push(...duplicateIds(products), ...variantIssues(products));
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

/**
 * Variants of one product must differ in their option values and share the option names; a parent
 * may not also be a product's id (one card per product); options without a parent, or a parent
 * without options, are mistakes.
 */
export function variantIssues(products: readonly PositionedProduct[]): SourceIssue[] {
  const issues: SourceIssue[] = [];
  const ids = new Set(products.map((entry) => entry.id));
  const groups = new Map<string, { names: string; pos: SourcePos; combos: Map<string, number> }>();
  for (const { pos, product } of products) {
    if (!product) continue;
    const options = Object.entries(product.options ?? {});
    if (product.parent === undefined) {
      if (options.length > 0)
        issues.push({
          pos,
          message: `product "${product.id}" has option values but no parent: say which product it is a variant of (parent)`,
        });
      continue;
    }
    if (options.length === 0) {
      issues.push({
        pos,
        message: `variant "${product.id}" of "${product.parent}" has no option values (e.g. option_size = M)`,
      });
      continue;
    }
    if (ids.has(product.parent))
      issues.push({
        pos,
        message: `parent "${product.parent}" is also a product's id; a product with variants is named by its parent only`,
      });
    const names = options.map(([name]) => name).join(', ');
    const combo = options.map(([name, value]) => `${name}=${value.toLowerCase()}`).join('|');
    const group = groups.get(product.parent);
    if (!group) {
      groups.set(product.parent, { names, pos, combos: new Map([[combo, pos.line]]) });
      continue;
    }
    if (group.names !== names)
      issues.push({
        pos,
        message: `variant "${product.id}" has options ${names}, but "${product.parent}" has ${group.names} (line ${group.pos.line}); every variant of a product has the same options`,
      });
    else if (group.combos.has(combo))
      issues.push({
        pos,
        message: `variant "${product.id}" has the same options (${optionText(options)}) as the variant on line ${group.combos.get(combo)}`,
      });
    else group.combos.set(combo, pos.line);
  }
  return issues;
}

const optionText = (options: readonly (readonly [string, string])[]) =>
  options.map(([name, value]) => `${name} ${value}`).join(', ');
