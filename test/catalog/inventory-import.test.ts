import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInStoreSlices } from '../../src/modules/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-inventory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const database = join(dir, 'kaiwa.db');
const products = 'test/fixtures/shopify/products_export.csv';
const byLocationColumns = 'test/fixtures/shopify/inventory_export_available.csv';
const byLocationRows = 'test/fixtures/shopify/inventory_export_all_quantities.csv';

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/kaiwa.js', 'catalog', 'import', ...args, 'examples/shop'], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: `sqlite://${database}`, LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });

const ids = ['TEE-S-BLK', 'TEE-M-BLK', 'trail-tee/m-navy', 'MUG-001'];
async function stocks(): Promise<number[]> {
  const store = createSqliteStore({ slices: builtInStoreSlices, path: database });
  try {
    return (await store.catalog.getMany(ids)).map((product) => product.stock);
  } finally {
    await store.close();
  }
}

describe('kaiwa catalog import <Shopify inventory export>', () => {
  it('sets stock (available over the locations, less what unpaid orders hold) by SKU or handle and options', async () => {
    expect(run(products).status).toBe(0);
    // A shopper's order awaiting payment holds 2 of TEE-S-BLK.
    const store = createSqliteStore({ slices: builtInStoreSlices, path: database });
    await store.transaction(async (tx) => {
      expect(await tx.catalog.reserve('TEE-S-BLK', 2)).toBe(true);
      await tx.orders.create(
        {
          id: 'KW-INV-1',
          address: { channel: 'simulator', conversationId: 'inv', userId: 'inv' },
          locale: 'ja',
          status: 'awaiting_payment',
          lines: [
            { productId: 'TEE-S-BLK', title: 'Trail Tee', quantity: 2, unitPrice: { amount: 3900, currency: 'JPY' } },
          ],
          total: { amount: 7800, currency: 'JPY' },
          createdAt: '2026-11-22T10:00:00.000Z',
          expiresAt: '2026-11-22T10:30:00.000Z',
          updatedAt: '2026-11-22T10:00:00.000Z',
        },
        'checkout',
      );
    });
    await store.close();
    expect(await stocks()).toEqual([3, 2, 0, 12]);

    const dry = run(byLocationColumns, '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout.split('\n')).toEqual([
      `dry run: would set the stock of 4 products from ${byLocationColumns} (Shopify inventory, location columns)`,
      '  updated 3, unchanged 1, unknown 1',
      '  updated TEE-S-BLK: stock 3 → 5 (available 7, 2 held by unpaid orders)',
      '  updated TEE-M-BLK: stock 2 → 1 (available 1)',
      '  updated trail-tee/m-navy: stock 0 → 2 (available 2)',
      `  unknown ${byLocationColumns}:6: ghost-hat, SKU HAT-9: not in the catalog (import the products first)`,
      '',
    ]);
    expect(await stocks()).toEqual([3, 2, 0, 12]);

    const done = run(byLocationColumns);
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('  updated 3, unchanged 1, unknown 1');
    expect(await stocks()).toEqual([5, 1, 2, 12]);
    expect(run(byLocationColumns).stdout).toContain('  updated 0, unchanged 4, unknown 1');

    const rows = run(byLocationRows);
    expect(rows.status).toBe(0);
    expect(rows.stdout).toContain('(Shopify inventory, location rows)');
    expect(rows.stdout).toContain('  updated 3, unchanged 1, unknown 1');
    expect(rows.stdout).toContain(`  unknown ${byLocationRows}:8,9: ghost-hat, SKU HAT-9: not in the catalog`);
    expect(await stocks()).toEqual([6, 4, 1, 12]);

    // The product export again: its stock figures did not change since it was imported, so the synced ones stay.
    expect(run(products).status).toBe(0);
    expect(await stocks()).toEqual([6, 4, 1, 12]);
  });

  it('reports every bad row as file:line:col and writes nothing', async () => {
    const before = await stocks();
    const broken = join(dir, 'inventory.csv');
    writeFileSync(
      broken,
      readFileSync(byLocationColumns, 'utf8').replace(',,,3,4', ',,,3,four').replace(',,,12,', ',,,1.5,'),
    );
    const refused = run(broken);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${broken}:2:56: Osaka Warehouse "four" is not a whole number (or "not stocked")`);
    expect(refused.stderr).toContain(`${broken}:5:55: Tokyo Shop "1.5" is not a whole number (or "not stocked")`);
    expect(refused.stderr).toContain('2 problems found.');
    expect(await stocks()).toEqual(before);
    // --format names the kind when the header alone would not.
    const named = run(byLocationColumns, '--format', 'shopify-inventory', '--dry-run');
    expect(named.stdout).toContain('unchanged');
  });
});
