import { join } from 'node:path';
import { previewsOf } from '../channels/registry.js';
import { loadCatalogFile } from '../catalog/load-catalog.js';
import { loadShopConfig, type LoadedConfig } from '../config/load-config.js';
import { productKey, SourceValidationError, type SourceIssue } from '../core/index.js';
import { loadCustomCode, loadShopFiles, type CustomCode } from '../shop/files.js';
import { listTestFiles, parseConversationTest } from './test-file.js';

export interface ShopValidation {
  /** Every problem found, as file:line:col; empty when the shop is valid. */
  issues: SourceIssue[];
  /** What was checked, when the shop's files loaded: states, products, FAQ entries, conversation tests. */
  counts?: { states: number; products: number; faq: number; tests: number };
}

/**
 * What `kaiwa validate` checks: kaiwa.yaml, flows, catalog, FAQ and tests/*.yaml, every problem at
 * once. `custom` adds actions and guards given in code, as `createKaiwa({ custom })` and
 * `runConversationTests(dir, { custom })` do, so the three know the same actions. kaiwa.yaml itself
 * must load (its problems throw, as a ConfigError or SourceValidationError).
 */
export async function validateShop(
  dir: string,
  options: { custom?: Partial<CustomCode> } = {},
): Promise<ShopValidation> {
  const config = await loadShopConfig(dir);
  const issues: SourceIssue[] = [];
  let files: Awaited<ReturnType<typeof loadShopFiles>> | undefined;
  try {
    files = await loadShopFiles(config, await loadCustomCode(config, options.custom));
  } catch (error) {
    if (!(error instanceof SourceValidationError)) throw error;
    issues.push(...error.issues);
  }
  // The tests' product ids are checked against the catalog, even when a flow or the FAQ is broken.
  const products =
    files?.products ?? (await loadCatalogFile(join(config.dir, config.shop.catalog)).catch(() => undefined));
  const tests = await checkConversationTests(
    config,
    products && new Set(products.flatMap((product) => [product.id, productKey(product)])),
  );
  issues.push(...tests.issues);
  if (!files) return { issues };
  return {
    issues,
    counts: {
      states: Object.keys(files.flows.states).length,
      products: files.products.length,
      faq: files.faq.entries.length,
      tests: tests.count,
    },
  };
}

/** Parses every tests/*.yaml as `kaiwa test` would, and checks the product ids they name. */
export async function checkConversationTests(
  config: LoadedConfig,
  productIds: ReadonlySet<string> | undefined,
): Promise<{ count: number; issues: SourceIssue[] }> {
  const files = await listTestFiles(join(config.dir, config.shop.tests));
  const issues: SourceIssue[] = [];
  // `kaiwa test` boots the shop with the built-in channel modules: these are the previews it has.
  const channels = new Set(previewsOf().keys());
  for (const { file, read } of files) {
    try {
      parseConversationTest(file, await read(), {
        ...(productIds ? { productIds } : {}),
        channels,
      });
    } catch (error) {
      if (error instanceof SourceValidationError) issues.push(...error.issues);
      else issues.push({ pos: { file, line: 1, column: 1 }, message: (error as Error).message });
    }
  }
  return { count: files.length, issues };
}
