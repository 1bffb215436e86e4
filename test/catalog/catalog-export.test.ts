import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../bench/eval/data.js';
import { loadCatalogFile } from '../../src/catalog/index.js';
import { productKey } from '../../src/core/index.js';

// kaiwa catalog export: the database's catalog as a file for the shop folder, round-tripping exactly.
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let databases = 0;
/** Runs `kaiwa catalog <args>` for the example shop on the SQLite file `db`. */
function catalog(db: string, ...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/kaiwa.js', 'catalog', ...args, 'examples/shop'], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: `sqlite://${db}`, LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
  return run;
}

/** Imports `file` into a fresh database and exports it in `format`; the exported text. */
function roundTrip(file: string, format: 'csv' | 'json', ...importFlags: string[]): string {
  const db = join(dir, `db-${++databases}.db`);
  const imported = catalog(db, 'import', file, ...importFlags);
  expect(imported.stderr).toBe('');
  expect(imported.status).toBe(0);
  const exported = catalog(db, 'export', '--format', format);
  expect(exported.status).toBe(0);
  return exported.stdout;
}

describe('kaiwa catalog export', () => {
  it.each(['csv', 'json'] as const)(
    'round-trips the example catalog exactly as %s: import → export → import → export is byte-identical, products equal',
    async (format) => {
      const first = roundTrip('examples/shop/catalog.csv', format);
      const file = join(dir, `first.${format}`);
      writeFileSync(file, first);
      expect(roundTrip(file, format)).toBe(first);
      const original = await loadCatalogFile('examples/shop/catalog.csv');
      const exported = await loadCatalogFile(file, { currency: 'JPY' });
      const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
      expect(byId(exported)).toEqual(byId(original));
    },
  );

  const swiminista = fileURLToPath(new URL('shopify-exports/swiminista-variants.csv', sharedData));
  it.runIf(existsSync(swiminista))(
    'turns a Shopify import into a catalog file the shop can serve, stable on a second round',
    async () => {
      const flags = ['--currency', 'USD', '--locale', 'en', '--skip-vendor', 'Route', '--default-stock', '3'];
      const first = roundTrip(swiminista, 'csv', ...flags);
      const file = join(dir, 'swiminista.csv');
      writeFileSync(file, first);
      expect(roundTrip(file, 'csv', '--currency', 'USD')).toBe(first); // the example shop sells in JPY
      const products = await loadCatalogFile(file, { currency: 'USD' });
      expect(products).toHaveLength(299);
      expect(new Set(products.map(productKey)).size).toBe(24);
      expect(products.filter((product) => product.continueSelling)).toHaveLength(26); // 102 with Route's 76
      expect(first.split('\n')[0]).toBe(
        'id,parent,title_en,description_en,option_color,option_size,price,compare_at_price,currency,stock,continue_selling,image_url,tags,attr_vendor',
      );
      // JSON: one element per product, its variants inside, and the same products read back.
      const json = roundTrip(swiminista, 'json', ...flags);
      const jsonFile = join(dir, 'swiminista.json');
      writeFileSync(jsonFile, json);
      expect(roundTrip(jsonFile, 'json', '--currency', 'USD')).toBe(json);
      expect(JSON.parse(json)).toHaveLength(24);
      expect(await loadCatalogFile(jsonFile, { currency: 'USD' })).toEqual(products);
    },
  );

  it('writes to a file with -o, and refuses an unknown format', () => {
    const db = join(dir, 'output.db');
    expect(catalog(db, 'import', 'examples/shop/catalog.csv').status).toBe(0);
    const written = catalog(db, 'export', '-o', join(dir, 'out.json'));
    expect(written.stderr).toContain('wrote 45 products (47 variants) to');
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))).toHaveLength(45);
    const refused = catalog(db, 'export', '--format', 'xml');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--format must be csv or json, not "xml"');
  });
});
