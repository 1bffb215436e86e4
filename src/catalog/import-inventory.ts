import { SourceValidationError, type CatalogStore, type SourceIssue } from '../core/index.js';
import { parseShopifyInventoryCsv, type InventoryFile, type InventoryVariant } from './shopify-inventory-csv.js';

/** One catalog product the file gives a figure for. */
export interface StockUpdate {
  id: string;
  /** The file's line (the variant's first row). */
  line: number;
  /** Available units over the file's locations. */
  available: number;
  /** Stock now, and what it becomes: available less what unpaid orders hold, never below 0. */
  before: number;
  after: number;
  reserved: number;
}

export interface InventoryPlan {
  layout: InventoryFile['layout'];
  updates: StockUpdate[];
  /** Variants of the file the catalog does not hold (by SKU, or handle and option values). */
  unknown: InventoryVariant[];
}

/**
 * Reads a Shopify inventory export and matches its variants to the catalog as the product import named
 * them: by SKU when the file's SKU is unique and the catalog has it, else `<handle>/<option values>`.
 * Throws SourceValidationError listing every bad row (file:line:col), and two rows that would set the
 * same product's figure; nothing is written either way.
 */
export async function planInventory(catalog: CatalogStore, path: string, text: string): Promise<InventoryPlan> {
  const file = parseShopifyInventoryCsv(path, text);
  if (file.issues.length > 0) throw new SourceValidationError(file.issues, 'catalog_invalid');
  const candidates = [...new Set(file.variants.flatMap((variant) => variant.ids))];
  const known = new Map<string, number>();
  for (let start = 0; start < candidates.length; start += 1000)
    for (const product of await catalog.getMany(candidates.slice(start, start + 1000)))
      known.set(product.id, product.stock);
  const matched = new Map<string, InventoryVariant>();
  const unknown: InventoryVariant[] = [];
  const issues: SourceIssue[] = [];
  for (const variant of file.variants) {
    const id = variant.ids.find((candidate) => known.has(candidate));
    if (id === undefined) unknown.push(variant);
    else if (matched.has(id))
      issues.push({
        pos: { file: path, line: variant.line, column: 1 },
        message: `sets the stock of "${id}" again (line ${matched.get(id)!.line} does too)`,
      });
    else matched.set(id, variant);
  }
  if (issues.length > 0) throw new SourceValidationError(issues, 'catalog_invalid');
  const reserved = await catalog.reserved([...matched.keys()]);
  const updates = [...matched].map(([id, variant]): StockUpdate => {
    const held = reserved.get(id) ?? 0;
    return {
      id,
      line: variant.line,
      available: variant.available,
      before: known.get(id)!,
      after: Math.max(0, variant.available - held),
      reserved: held,
    };
  });
  return { layout: file.layout, updates, unknown };
}

/**
 * Sets each product's stock from its figure (`CatalogStore.setAvailable`: what unpaid orders hold at
 * that moment is subtracted under the row's lock) and reports how many changed.
 */
export async function applyInventory(
  catalog: CatalogStore,
  updates: readonly StockUpdate[],
): Promise<{ updated: StockUpdate[]; unchanged: number }> {
  const updated: StockUpdate[] = [];
  let unchanged = 0;
  for (const update of updates) {
    const figure = await catalog.setAvailable(update.id, update.available);
    if (!figure || figure.stock === update.before) unchanged++;
    else updated.push({ ...update, after: figure.stock, reserved: figure.reserved });
  }
  return { updated, unchanged };
}
