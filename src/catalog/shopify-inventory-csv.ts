import type { SourceIssue } from '../core/index.js';
import { optionPairs, readRecords, readRow, shopifyVariantId, type ShopifyRow } from './shopify-csv.js';

/**
 * Columns that identify a Shopify "Export inventory" CSV, in either layout: Handle, SKU and the option
 * values, and none of a product export's (`Variant Price`).
 */
export function isShopifyInventoryHeader(header: readonly string[]): boolean {
  const names = new Set(header.map((name) => name.trim()));
  return names.has('Handle') && names.has('SKU') && names.has('Option1 Value') && !names.has('Variant Price');
}

/** Columns of the inventory export that name a variant rather than hold a location's quantity. */
const identifying = new Set([
  'Handle',
  'Title',
  'Option1 Name',
  'Option1 Value',
  'Option2 Name',
  'Option2 Value',
  'Option3 Name',
  'Option3 Value',
  'SKU',
  'Barcode',
  'HS Code',
  'COO',
  'Location',
  'Bin name',
]);

/** One variant of the file, its rows (one per location in the newer layout) summed. */
export interface InventoryVariant {
  /** The line of its first row; `lines` has every row's. */
  line: number;
  lines: number[];
  handle: string;
  sku: string;
  /** `M / Black`, for the report. */
  label: string;
  /**
   * The ids the catalog may hold it under, preferred first (the product import's rule,
   * src/catalog/shopify-csv.ts): its SKU when no other variant of the file has it, then
   * `<handle>/<option values>` (or the handle).
   */
  ids: string[];
  /** Available units summed over the file's locations ("not stocked" and empty cells count none). */
  available: number;
}

export interface InventoryFile {
  /**
   * `location columns`: one column of available quantities per location; `location rows`: a Location
   * column and quantity columns, one row per variant and location.
   */
  layout: 'location columns' | 'location rows';
  variants: InventoryVariant[];
  issues: SourceIssue[];
}

/** Where a row's available quantity comes from: a column, or on hand less what is committed and unavailable. */
interface Quantity {
  available?: string;
  onHand: string[];
  less: string[];
}

/**
 * Reads a Shopify inventory export (Products → Inventory → Export) in either layout:
 * - "Only Available quantities": Handle, Title, Option1–3 Name/Value, SKU, HS Code, COO, then one column
 *   per location holding its available units;
 * - "All quantity types": the same, then `Location` and `Incoming`, `Unavailable`, `Committed`,
 *   `Available` (each "(not editable)"), `On hand (current)`, `On hand (new)`: one row per variant and location.
 * A variant's figure is its available units summed over the locations (without an Available column: on
 * hand, the new figure when given, less committed and unavailable). Every bad row is an issue with its line.
 */
export function parseShopifyInventoryCsv(file: string, source: string): InventoryFile {
  const result: InventoryFile = { layout: 'location columns', variants: [], issues: [] };
  const records = readRecords(file, source, result);
  if (!records) return result;
  const [header, ...rows] = records;
  if (!header || !isShopifyInventoryHeader(header.record)) {
    result.issues.push({
      pos: { file, line: 1, column: 1 },
      message: 'not a Shopify inventory export: the header needs Handle, Option1 Value and SKU',
    });
    return result;
  }
  const names = header.record.map((name) => name.trim());
  const column = new Map(names.map((name, index) => [name, index]));
  result.layout = column.has('Location') ? 'location rows' : 'location columns';
  const quantity = result.layout === 'location rows' ? quantityColumns(column) : undefined;
  const locations = names.filter((name) => !identifying.has(name));
  if (quantity ? quantity.available === undefined && quantity.onHand.length === 0 : locations.length === 0) {
    result.issues.push({
      pos: { file, line: 1, column: names.length + 1 },
      message: quantity
        ? 'the header has a Location column but no Available or On hand column'
        : 'the header has no location columns after SKU (export with "Only Available quantities" or "All quantity types")',
    });
    return result;
  }
  const byKey = new Map<string, InventoryVariant>();
  let optionNames = ['', '', ''];
  let previousHandle = '';
  for (const record of rows) {
    const row = readRow(file, record, column);
    const handle = row.get('Handle');
    if (!handle) {
      result.issues.push({ pos: row.at('Handle'), message: 'a row without a Handle' });
      continue;
    }
    // Option names may be written on a product's first row only, as in the product export.
    if (handle !== previousHandle) optionNames = ['', '', ''];
    previousHandle = handle;
    optionNames = [1, 2, 3].map((n, index) => row.get(`Option${n} Name`) || optionNames[index]!);
    // Without name columns every value counts (a trimmed file); with them, as the product import reads them.
    const pairs = optionPairs(
      column.has('Option1 Name') ? optionNames : ['1', '2', '3'],
      [1, 2, 3].map((n) => row.get(`Option${n} Value`)),
    );
    const units = quantity ? rowUnits(row, quantity, result.issues) : locationUnits(row, locations, result.issues);
    if (units === undefined) continue;
    const key = [handle, ...pairs.map(([, value]) => value)].join('\u0000');
    const existing = byKey.get(key);
    if (existing) {
      existing.available += units;
      existing.lines.push(row.line);
      continue;
    }
    const variant: InventoryVariant = {
      line: row.line,
      lines: [row.line],
      handle,
      sku: row.get('SKU'),
      label: pairs.map(([, value]) => value).join(' / '),
      ids: [
        shopifyVariantId(
          handle,
          '',
          false,
          pairs.map(([, value]) => value),
        ),
      ],
      available: units,
    };
    byKey.set(key, variant);
  }
  // A SKU names a variant only when no other variant of the file has it.
  const skuCount = new Map<string, number>();
  for (const { sku } of byKey.values()) if (sku) skuCount.set(sku, (skuCount.get(sku) ?? 0) + 1);
  for (const variant of byKey.values()) {
    if (variant.sku && skuCount.get(variant.sku) === 1 && variant.sku !== variant.ids[0])
      variant.ids.unshift(variant.sku);
    result.variants.push(variant);
  }
  return result;
}

function quantityColumns(column: ReadonlyMap<string, number>): Quantity {
  const first = (...names: string[]) => names.find((name) => column.has(name));
  const available = first('Available (not editable)', 'Available');
  return {
    ...(available ? { available } : {}),
    onHand: ['On hand (new)', 'On hand (current)', 'On hand'].filter((name) => column.has(name)),
    less: [first('Committed (not editable)', 'Committed'), first('Unavailable (not editable)', 'Unavailable')].filter(
      (name): name is string => name !== undefined,
    ),
  };
}

/** A quantity cell: a whole number, or none (empty, "not stocked"); undefined (and the issue reported) otherwise. */
function cell(row: ShopifyRow, name: string, issues: SourceIssue[]): number | null | undefined {
  const value = row.get(name);
  if (value === '' || value.toLowerCase() === 'not stocked') return null;
  if (/^-?\d+$/.test(value)) return Number(value);
  issues.push({ pos: row.at(name), message: `${name} "${value}" is not a whole number (or "not stocked")` });
  return undefined;
}

/** The newer layout: this row's location's available units. */
function rowUnits(row: ShopifyRow, quantity: Quantity, issues: SourceIssue[]): number | undefined {
  if (quantity.available) {
    const available = cell(row, quantity.available, issues);
    return available === undefined ? undefined : (available ?? 0);
  }
  const onHand = quantity.onHand.map((name) => cell(row, name, issues));
  const less = quantity.less.map((name) => cell(row, name, issues));
  if ([...onHand, ...less].includes(undefined)) return undefined;
  const figure = onHand.find((value) => value !== null) ?? 0;
  return (figure as number) - less.reduce<number>((sum, value) => sum + (value ?? 0), 0);
}

/** The older layout: the available units of every location column of the row, summed. */
function locationUnits(row: ShopifyRow, locations: readonly string[], issues: SourceIssue[]): number | undefined {
  const figures = locations.map((name) => cell(row, name, issues));
  if (figures.includes(undefined)) return undefined;
  return figures.reduce<number>((sum, value) => sum + (value ?? 0), 0);
}
