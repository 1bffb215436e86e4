import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../bench/eval/data.js';
import { htmlToText } from '../../src/catalog/html-text.js';
import { parseImport, readCatalogText } from '../../src/catalog/import-file.js';
import { parseShopifyCsv } from '../../src/catalog/shopify-csv.js';
import { SourceValidationError } from '../../src/core/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';

const fixture = 'test/fixtures/catalog/shopify-synthetic.csv';
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Shopify product export', () => {
  it('turns each variant into a product with its own price and stock, options in the title and attributes', () => {
    const report = parseShopifyCsv(fixture, readFileSync(fixture, 'utf8'), { currency: 'JPY', locale: 'ja' });
    expect(report.issues).toEqual([]);
    const byId = new Map(report.products.map((entry) => [entry.id, entry.product!]));
    expect([...byId.keys()]).toEqual(['kaiwa-tee#1', 'kaiwa-tee#2', 'MUG-001']);
    expect(byId.get('kaiwa-tee#1')).toMatchObject({
      title: { ja: 'カイワ　Tシャツ (S / Navy)' },
      price: { amount: 2500, currency: 'JPY' },
      stock: 3,
      imageUrl: 'https://cdn.example.com/tee.jpg',
      attributes: { handle: 'kaiwa-tee', size: 'S', 色: 'Navy', vendor: 'Kaiwa' },
    });
    expect(byId.get('kaiwa-tee#2')).toMatchObject({
      stock: 0,
      imageUrl: 'https://cdn.example.com/tee-m.jpg',
      tags: ['apparel', 'summer', 'tシャツ'],
    }); // negative stock → 0
    expect(byId.get('kaiwa-tee#1')?.description.ja).toBe('やわらかい綿の Tシャツ。\n洗濯機で洗えます&すぐ乾きます');
    expect(byId.get('MUG-001')).toMatchObject({ price: { amount: 1800, currency: 'JPY' }, stock: 12 }); // "1800.00" in JPY
    expect(report.skipped.map((skip) => [skip.handle, skip.reason])).toEqual([
      ['old-mug', 'status archived'],
      ['gift-card', 'price 0 (gift cards, pickup pseudo-products): not sold through chat'],
    ]);
  });

  it('reports every bad row with file:line:col and imports nothing', () => {
    const broken = readFileSync(fixture, 'utf8')
      .replace(',deny,2500,https://cdn.example.com/tee.jpg', ',deny,25x0,https://cdn.example.com/tee.jpg')
      .replace('MUG-001,0.0,shopify,12,', 'MUG-001,0.0,shopify,twelve,');
    try {
      parseImport('shop.csv', broken, { currency: 'JPY', locale: 'ja' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SourceValidationError);
      expect((error as SourceValidationError).message.split('\n')).toEqual([
        'shop.csv:3:126: price "25x0" is not an amount in JPY (e.g. 1200)',
        'shop.csv:6:94: stock "twelve" is not a whole number',
      ]);
    }
  });

  it('reads Shift_JIS files as Japanese Excel saves them, and UTF-8 with a BOM', () => {
    const sjis = join(dir, 'catalog-sjis.csv');
    const text =
      'id,title_ja,title_en,description_ja,description_en,price,currency,stock,image_url,tags\nsjis-1,抹茶,Matcha,宇治の抹茶,Uji matcha,1200,JPY,3,,tea\n';
    // Shift_JIS bytes for the Japanese words, written without a library: from TextDecoder's own table.
    const encode = (value: string) => {
      const table = new Map<string, number[]>();
      for (let lead = 0x81; lead <= 0x9f; lead++)
        for (let trail = 0x40; trail <= 0xfc; trail++)
          table.set(new TextDecoder('shift_jis').decode(Uint8Array.of(lead, trail)), [lead, trail]);
      return Buffer.from(
        [...value].flatMap((character) =>
          character.charCodeAt(0) < 0x80 ? [character.charCodeAt(0)] : (table.get(character) ?? [0x3f]),
        ),
      );
    };
    writeFileSync(sjis, encode(text));
    expect(readCatalogText(sjis)).toBe(text);
    const bom = join(dir, 'catalog-bom.csv');
    writeFileSync(bom, `\uFEFF${text}`);
    expect(parseImport(bom, readCatalogText(bom), { currency: 'JPY', locale: 'ja' }).products[0]?.title).toEqual({
      ja: '抹茶',
      en: 'Matcha',
    });
  });

  it('imports YAML catalogs (the JSON shape) with file:line:col errors', () => {
    const good = [
      '- id: yaml-1',
      '  title: { ja: 抹茶, en: Matcha }',
      '  price: { amount: 1200, currency: JPY }',
      '  stock: 3',
      '  tags: [tea]',
      '',
    ].join('\n');
    expect(parseImport('catalog.yaml', good, { currency: 'JPY', locale: 'ja' }).products).toEqual([
      {
        id: 'yaml-1',
        title: { ja: '抹茶', en: 'Matcha' },
        description: {},
        price: { amount: 1200, currency: 'JPY' },
        stock: 3,
        tags: ['tea'],
        attributes: {},
      },
    ]);
    try {
      parseImport('catalog.yml', good.replace('stock: 3', 'stock: many'), { currency: 'JPY', locale: 'ja' });
      expect.unreachable();
    } catch (error) {
      expect((error as SourceValidationError).message).toMatch(/^catalog\.yml:4:10: .*stock/);
    }
  });

  it('strips HTML without letting markup or scripts through', () => {
    expect(htmlToText('<div>a<style>x{}</style><!-- c --><b>b</b>&#x3042;&#12354;&bogus;</div>')).toBe(
      'a b ああ&bogus;',
    );
  });

  const shared = fileURLToPath(new URL('shopify-exports/ishalife-sg-large.csv', sharedData));
  it.runIf(existsSync(shared))(
    // How fast is a figure of `npm run bench` (shopifyImportBench), not a test: a loaded machine is slower.
    'imports the real exports in ../shared (not copied here): 2,921 rows',
    () => {
      const file = shared;
      const parsed = parseImport(file, readCatalogText(file), { currency: 'SGD', locale: 'en' });
      expect(parsed.format).toBe('shopify');
      expect(parsed.products.length).toBeGreaterThan(400);
      expect(
        parsed.products.every(
          (product) => Number.isInteger(product.price.amount) && product.price.amount > 0 && product.stock >= 0,
        ),
      ).toBe(true);
    },
  );
});

describe('kaiwa catalog import', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/kaiwa.js', 'catalog', 'import', ...args, '--shop', 'examples/shop'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });

  it('imports, reports what changed on re-import, and leaves the database untouched on errors', async () => {
    const first = run(fixture);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('imported 3 products');
    expect(first.stdout).toContain('added 3, updated 0, unchanged 0');
    expect(first.stdout).toContain('1 × status archived');
    const changed = join(dir, 'changed.csv');
    writeFileSync(changed, readFileSync(fixture, 'utf8').replace(',deny,1800.00,', ',deny,1900,'));
    const second = run(changed);
    expect(second.stdout).toContain('added 0, updated 1, unchanged 2');
    expect(second.stdout).toContain('updated MUG-001: price');
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, readFileSync(fixture, 'utf8').replace(',deny,1800.00,', ',deny,abc,'));
    const refused = run(broken);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/broken\.csv:6:\d+: price "abc"/);
    const store = createSqliteStore({ slices: builtInStoreSlices, path: join(dir, 'kaiwa.db') });
    expect((await store.catalog.get('MUG-001'))?.price).toEqual({ amount: 1900, currency: 'JPY' });
    await store.close();
  });

  it('takes the shop folder as a trailing [dir], like every command, and refuses two different folders', () => {
    const env = { ...process.env, DATABASE_URL: `sqlite://${join(dir, 'dir-argument.db')}`, LOG_LEVEL: 'silent' };
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/kaiwa.js', 'catalog', 'import', ...args], { encoding: 'utf8', env });
    const imported = cli(fixture, 'examples/shop', '--dry-run');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('added 3, updated 0, unchanged 0');
    const both = cli(fixture, 'examples/shop', '--shop', 'test/fixtures/echo-shop');
    expect(both.status).toBe(1);
    expect(both.stderr).toContain('two shop folders given');
  });
});
