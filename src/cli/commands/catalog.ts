import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { catalogToCsv, catalogToJson } from '../../catalog/export-catalog.js';
import { detectFormat, diffCatalog, importProducts, parseImport, readCatalogText } from '../../catalog/import-file.js';
import { applyInventory, planInventory, type StockUpdate } from '../../catalog/import-inventory.js';
import { loadEnv, loadShopConfig } from '../../config/load-config.js';
import { ConfigError, productKey } from '../../core/index.js';
import { builtInStoreSlices } from '../../modules/index.js';
import { openStore } from '../../store/open-store.js';
import { reportError } from '../report-error.js';
import { shopFolder, withShopDir } from '../shop-folder.js';

/** `--default-stock`: a whole number ≥ 0, else a ConfigError naming the flag. */
function wholeNumber(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new ConfigError(`--default-stock must be a whole number ≥ 0, not "${text}"`);
  return Number(text);
}

const commaList = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function progressBar(done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  process.stderr.write(
    `\r  [${'█'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`,
  );
}

/**
 * `kaiwa catalog import <file>`: Kaiwa CSV/JSON or a Shopify export into the shop's database; `kaiwa catalog
 * export`: the database's catalog as a file for the shop folder (docs/catalog.md).
 */
export function catalogCommand(): Command {
  const catalog = new Command('catalog').description("the shop's products");
  withShopDir(
    catalog
      .command('import')
      .argument(
        '<file>',
        'catalog.csv, catalog.json, catalog.yaml, a Shopify "Export products" CSV or a Shopify "Export inventory" CSV',
      ),
  )
    .option(
      '--format <format>',
      'csv, json, yaml, shopify or shopify-inventory (default: from the extension and header)',
    )
    .option('--currency <code>', "prices' currency for Shopify exports (default: the shop's)")
    .option('--locale <locale>', "language of a Shopify export's titles (default: the shop's default)")
    .option('--include-inactive', 'also import archived and draft Shopify products')
    .option('--default-stock <n>', 'stock for Shopify variants the export holds no quantity for (default: 0)')
    .option(
      '--skip-vendor <names>',
      "skip a Shopify export's products of these vendors, comma-separated (app pseudo-products)",
    )
    .option('--skip-type <types>', "skip a Shopify export's products of these product types, comma-separated")
    .option('--dry-run', 'report what would change, write nothing')
    .action(
      async (
        file: string,
        dir: string | undefined,
        options: {
          shop?: string;
          format?: string;
          currency?: string;
          locale?: string;
          includeInactive?: boolean;
          defaultStock?: string;
          skipVendor?: string;
          skipType?: string;
          dryRun?: boolean;
        },
      ) => {
        try {
          const config = await loadShopConfig(resolve(shopFolder(dir, options.shop)));
          const started = performance.now();
          const text = readCatalogText(file);
          if (detectFormat(file, text, options.format) === 'shopify-inventory')
            return await importInventory(file, text, options.dryRun === true);
          const parsed = parseImport(file, text, {
            ...(options.format ? { format: options.format } : {}),
            currency: (options.currency ?? config.shop.shop.currency).toUpperCase(),
            locale: options.locale ?? config.shop.shop.defaultLocale,
            ...(options.includeInactive ? { includeInactive: true } : {}),
            ...(options.defaultStock !== undefined ? { defaultStock: wholeNumber(options.defaultStock) } : {}),
            ...(options.skipVendor ? { skipVendors: commaList(options.skipVendor) } : {}),
            ...(options.skipType ? { skipTypes: commaList(options.skipType) } : {}),
          });
          const store = await openShopDatabase();
          try {
            const changes = await diffCatalog(store.catalog, parsed.products);
            if (!options.dryRun) await importProducts(store.catalog, parsed.products, progressBar);
            const seconds = ((performance.now() - started) / 1000).toFixed(1);
            console.log(
              `${options.dryRun ? 'dry run: would import' : 'imported'} ${parsed.products.length} products from ${file} (${parsed.format}) in ${seconds} s`,
            );
            console.log(
              `  added ${changes.added.length}, updated ${changes.updated.length}, unchanged ${changes.unchanged}; ${changes.notInFile} in the database but not in this file (kept)`,
            );
            for (const update of changes.updated.slice(0, 10))
              console.log(`  updated ${update.id}: ${update.fields.join(', ')}`);
            if (changes.updated.length > 10) console.log(`  … and ${changes.updated.length - 10} more updated`);
            if (parsed.skipped.length > 0) {
              const reasons = new Map<string, number>();
              for (const skip of parsed.skipped) reasons.set(skip.reason, (reasons.get(skip.reason) ?? 0) + 1);
              console.log(`  skipped: ${[...reasons].map(([reason, count]) => `${count} × ${reason}`).join('; ')}`);
            }
            if (parsed.unknownStock > 0)
              console.log(
                `  ${parsed.unknownStock} variants have no stock figure in the file (untracked, or a multi-location export): imported with stock ${options.defaultStock ?? '0 (set one with --default-stock N)'}`,
              );
            if (parsed.continueSelling > 0)
              console.log(
                `  ${parsed.continueSelling} variants are sold out of stock in Shopify (Variant Inventory Policy continue); Kaiwa sells only the stock it holds`,
              );
          } finally {
            await store.close();
          }
        } catch (error) {
          reportError(error);
        }
      },
    );
  withShopDir(catalog.command('export').description("write the shop database's catalog as Kaiwa CSV or JSON"))
    .option('--format <format>', 'csv or json (default: from --output, else csv)')
    .option('-o, --output <file>', 'write to this file (default: standard output)')
    .action(async (dir: string | undefined, options: { shop?: string; format?: string; output?: string }) => {
      try {
        await loadShopConfig(resolve(shopFolder(dir, options.shop)));
        const format = options.format ?? (options.output?.toLowerCase().endsWith('.json') ? 'json' : 'csv');
        if (format !== 'csv' && format !== 'json')
          throw new ConfigError(`--format must be csv or json, not "${format}"`);
        const store = await openShopDatabase();
        try {
          const products = await store.catalog.all();
          const text = format === 'json' ? catalogToJson(products) : catalogToCsv(products);
          if (!options.output) process.stdout.write(text);
          else {
            writeFileSync(options.output, text);
            const count = new Set(products.map(productKey)).size;
            const variants = count === products.length ? '' : ` (${products.length} variants)`;
            console.error(`wrote ${count} products${variants} to ${options.output} (${format})`);
          }
        } finally {
          await store.close();
        }
      } catch (error) {
        reportError(error);
      }
    });
  return catalog;
}

const stockLine = (update: StockUpdate) =>
  `stock ${update.before} → ${update.after} (available ${update.available}${update.reserved > 0 ? `, ${update.reserved} held by unpaid orders` : ''})`;

/**
 * `kaiwa catalog import inventory.csv`: a Shopify inventory export sets stock (available over its
 * locations, less what unpaid orders hold), in transactions of 2,000 products; a bad row writes nothing.
 */
async function importInventory(file: string, text: string, dryRun: boolean): Promise<void> {
  const store = await openShopDatabase();
  try {
    const plan = await planInventory(store.catalog, file, text);
    let updated: StockUpdate[];
    let unchanged: number;
    if (dryRun) {
      updated = plan.updates.filter((update) => update.after !== update.before);
      unchanged = plan.updates.length - updated.length;
    } else {
      updated = [];
      unchanged = 0;
      for (let start = 0; start < plan.updates.length; start += 2000) {
        const chunk = plan.updates.slice(start, start + 2000);
        const done = await store.transaction((tx) => applyInventory(tx.catalog, chunk));
        updated.push(...done.updated);
        unchanged += done.unchanged;
      }
    }
    console.log(
      `${dryRun ? 'dry run: would set' : 'set'} the stock of ${plan.updates.length} products from ${file} (Shopify inventory, ${plan.layout})`,
    );
    console.log(`  updated ${updated.length}, unchanged ${unchanged}, unknown ${plan.unknown.length}`);
    for (const update of updated.slice(0, 10)) console.log(`  updated ${update.id}: ${stockLine(update)}`);
    if (updated.length > 10) console.log(`  … and ${updated.length - 10} more updated`);
    for (const variant of plan.unknown)
      console.log(
        `  unknown ${file}:${variant.lines.join(',')}: ${variant.handle}${variant.label ? ` (${variant.label})` : ''}${variant.sku ? `, SKU ${variant.sku}` : ''}: not in the catalog (import the products first)`,
      );
  } finally {
    await store.close();
  }
}

/** The database the shop uses (DATABASE_URL), as `kaiwa start` opens it. */
async function openShopDatabase() {
  const env = loadEnv();
  const { store } = await openStore({
    url: env.DATABASE_URL,
    poolSize: 2,
    schema: env.DATABASE_SCHEMA,
    slices: builtInStoreSlices,
  });
  return store;
}
