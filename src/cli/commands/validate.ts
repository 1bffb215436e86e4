import { join } from 'node:path';
import { Command } from 'commander';
import { previewsOf } from '../../channels/registry.js';
import { loadCatalogFile } from '../../catalog/load-catalog.js';
import { loadShopConfig, type LoadedConfig } from '../../config/load-config.js';
import { SourceValidationError, type SourceIssue } from '../../core/index.js';
import { loadCustomCode, loadShopFiles, type ShopFiles } from '../../shop/files.js';
import { listTestFiles, parseConversationTest } from '../../testing/test-file.js';
import { reportError } from '../report-error.js';

export function validateCommand(): Command {
  return new Command('validate')
    .description('check kaiwa.yaml, flows, catalog, FAQ and tests/*.yaml; print every problem as file:line:col')
    .argument('[dir]', 'shop folder', '.')
    .action(async (dir: string) => {
      try {
        const config = await loadShopConfig(dir);
        const issues: SourceIssue[] = [];
        let files: ShopFiles | undefined;
        try {
          files = await loadShopFiles(config, await loadCustomCode(config));
        } catch (error) {
          if (!(error instanceof SourceValidationError)) throw error;
          issues.push(...error.issues);
        }
        // The tests' product ids are checked against the catalog, even when a flow or the FAQ is broken.
        const products =
          files?.products ?? (await loadCatalogFile(join(config.dir, config.shop.catalog)).catch(() => undefined));
        const tests = await checkTests(config, products && new Set(products.map((product) => product.id)));
        issues.push(...tests.issues);
        if (issues.length > 0 || !files) throw new SourceValidationError(issues);
        console.log(
          `ok: ${Object.keys(files.flows.states).length} states, ${files.products.length} products, ${files.faq.entries.length} FAQ entries, ${tests.count} tests`,
        );
      } catch (error) {
        reportError(error);
      }
    });
}

/** Parses every tests/*.yaml as `kaiwa test` would, and checks the product ids they name. */
async function checkTests(
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
