import type { CartLine, CatalogStore } from '../../core/index.js';

/**
 * Reserves every line or none: on the first line that does not fit, gives back what this call
 * took and returns that line. undefined means everything is reserved.
 */
export async function reserveAll(catalog: CatalogStore, lines: readonly CartLine[]): Promise<CartLine | undefined> {
  const reserved: CartLine[] = [];
  for (const line of lines) {
    if (!(await catalog.reserve(line.productId, line.quantity))) {
      await releaseAll(catalog, reserved);
      return line;
    }
    reserved.push(line);
  }
  return undefined;
}

/** Reserves each line that still fits and returns the ones that did not (a paid order takes what there is). */
export async function reserveEach(
  catalog: CatalogStore,
  lines: readonly CartLine[],
): Promise<{ reserved: CartLine[]; short: CartLine[] }> {
  const reserved: CartLine[] = [];
  const short: CartLine[] = [];
  for (const line of lines) ((await catalog.reserve(line.productId, line.quantity)) ? reserved : short).push(line);
  return { reserved, short };
}

/** Gives back units reserved earlier. */
export async function releaseAll(catalog: CatalogStore, lines: readonly CartLine[]): Promise<void> {
  for (const line of lines) await catalog.release(line.productId, line.quantity);
}
