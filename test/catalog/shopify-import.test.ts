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
import { productKey, SourceValidationError } from '../../src/core/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { builtInStoreSlices } from '../../src/modules/index.js';

const fixture = 'test/fixtures/catalog/shopify-synthetic.csv';
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Shopify product export', () => {
  it('turns each variant into a sellable product of its own (price, stock, options) with the handle as parent', () => {
    const report = parseShopifyCsv(fixture, readFileSync(fixture, 'utf8'), { currency: 'JPY', locale: 'ja' });
    expect(report.issues).toEqual([]);
    const byId = new Map(report.products.map((entry) => [entry.id, entry.product!]));
    expect([...byId.keys()]).toEqual(['kaiwa-tee/s-navy', 'kaiwa-tee/m-navy', 'MUG-001']);
    expect(byId.get('kaiwa-tee/s-navy')).toMatchObject({
      title: { ja: 'カイワ　Tシャツ' },
      price: { amount: 2500, currency: 'JPY' },
      stock: 3,
      imageUrl: 'https://cdn.example.com/tee.jpg',
      attributes: { vendor: 'Kaiwa' },
      parent: 'kaiwa-tee',
      options: { size: 'S', 色: 'Navy' },
    });
    expect(Object.keys(byId.get('kaiwa-tee/s-navy')!.options!)).toEqual(['size', '色']);
    expect(byId.get('MUG-001')?.parent).toBeUndefined();
    expect(byId.get('kaiwa-tee/m-navy')).toMatchObject({
      stock: 0,
      imageUrl: 'https://cdn.example.com/tee-m.jpg',
      tags: ['apparel', 'summer', 'tシャツ'],
    }); // negative stock → 0
    expect(byId.get('kaiwa-tee/s-navy')?.description.ja).toBe(
      'やわらかい綿の Tシャツ。\n洗濯機で洗えます&すぐ乾きます',
    );
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

  it('inherits option names from the first row and names variants by handle and option values, never by position', () => {
    const rows = [
      'Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Price',
      'bikini,Bikini,Size,S,Color,Black,,39.00',
      'bikini,,,M,,Black,,39.00',
      'bikini,,,L,,Black,,41.00',
      'mug,Mug,Title,Default Title,,,MUG-1,12.00',
    ];
    const parse = (lines: string[]) =>
      parseShopifyCsv('export.csv', lines.join('\n'), { currency: 'USD', locale: 'en' }).products.map((entry) => [
        entry.id,
        entry.product?.parent,
        entry.product?.options,
      ]);
    expect(parse(rows)).toEqual([
      ['bikini/s-black', 'bikini', { size: 'S', color: 'Black' }],
      ['bikini/m-black', 'bikini', { size: 'M', color: 'Black' }],
      ['bikini/l-black', 'bikini', { size: 'L', color: 'Black' }],
      ['MUG-1', undefined, undefined],
    ]);
    // Deleting a variant row renumbers nothing: the others keep their ids.
    expect(parse(rows.filter((line) => !line.includes(',M,')))).toEqual([
      ['bikini/s-black', 'bikini', { size: 'S', color: 'Black' }],
      ['bikini/l-black', 'bikini', { size: 'L', color: 'Black' }],
      ['MUG-1', undefined, undefined],
    ]);
    // Two variants with the same option values and no SKU cannot be told apart: reported, not numbered.
    const twice = parseShopifyCsv('export.csv', [...rows.slice(0, 4), 'bikini,,,L,,Black,,41.00'].join('\n'), {
      currency: 'USD',
      locale: 'en',
    });
    expect(twice.issues.map((issue) => `${issue.pos.line}: ${issue.message}`)).toEqual([
      '5: variant id "bikini/l-black" is used twice (first on line 4): give the variants unique SKUs or option values',
    ]);
  });

  const export_ = (name: string) => fileURLToPath(new URL(`shopify-exports/${name}`, sharedData));
  const counts = (name: string, options: Parameters<typeof parseImport>[2]) => {
    const parsed = parseImport(export_(name), readCatalogText(export_(name)), options);
    const optionNames = (product: (typeof parsed.products)[number]) => Object.keys(product.options ?? {});
    return {
      variants: parsed.products.length,
      products: new Set(parsed.products.map(productKey)).size,
      withOptions: parsed.products.filter((product) => optionNames(product).length > 0).length,
      options: [...new Set(parsed.products.flatMap(optionNames))].sort(),
      skipped: parsed.skipped.length,
      unknownStock: parsed.unknownStock,
      continueSelling: parsed.continueSelling,
      positionalIds: parsed.products.filter((product) => /#\d+$/.test(product.id)).length,
      valid: parsed.products.every(
        (product) => Number.isInteger(product.price.amount) && product.price.amount > 0 && product.stock >= 0,
      ),
    };
  };

  // The three real exports in ../shared (not copied here). How fast: `npm run bench` (shopifyImportBench).
  it.runIf(existsSync(export_('swiminista-variants.csv')))(
    'swiminista (25 products, 375 variants): option names from the first row, Route skipped by vendor, default stock',
    () => {
      expect(counts('swiminista-variants.csv', { currency: 'USD', locale: 'en' })).toMatchObject({
        variants: 375,
        products: 25,
        withOptions: 373,
        unknownStock: 375,
        continueSelling: 102,
        positionalIds: 0,
        valid: true,
      });
      const parsed = parseImport(
        export_('swiminista-variants.csv'),
        readCatalogText(export_('swiminista-variants.csv')),
        {
          currency: 'USD',
          locale: 'en',
          skipVendors: ['route'],
          defaultStock: 5,
        },
      );
      expect(parsed.products.length).toBe(299);
      expect(parsed.skipped.map((skip) => skip.reason)).toEqual(['vendor "Route" (--skip-vendor)']);
      expect(parsed.products.every((product) => product.stock === 5)).toBe(true);
      expect(new Set(parsed.products.flatMap((product) => Object.keys(product.options ?? {})))).toEqual(
        new Set(['size', 'color']),
      );
      expect(new Set(parsed.products.flatMap((product) => Object.keys(product.attributes)))).toEqual(
        new Set(['vendor']),
      );
    },
  );

  it.runIf(existsSync(export_('ishalife-sg-large.csv')))(
    'ishalife (2,921 rows): active products only, stock read',
    () => {
      expect(counts('ishalife-sg-large.csv', { currency: 'SGD', locale: 'en' })).toEqual({
        variants: 476,
        products: 326,
        withOptions: 207,
        options: ['color', 'colour', 'size'],
        skipped: 1617,
        unknownStock: 0,
        continueSelling: 2,
        positionalIds: 0,
        valid: true,
      });
    },
  );

  it.runIf(existsSync(export_('jp-puzzlly-demo.csv')))('puzzlly (JPY, Japanese option names)', () => {
    expect(counts('jp-puzzlly-demo.csv', { currency: 'JPY', locale: 'ja' })).toEqual({
      variants: 29,
      products: 19,
      withOptions: 12,
      options: ['size', '色'],
      skipped: 0,
      unknownStock: 0,
      continueSelling: 0,
      positionalIds: 0,
      valid: true,
    });
  });
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

  it('skips vendors and types given on the command line and lists them; refuses a bad --default-stock', () => {
    const env = { ...process.env, DATABASE_URL: `sqlite://${join(dir, 'skips.db')}`, LOG_LEVEL: 'silent' };
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/kaiwa.js', 'catalog', 'import', ...args], { encoding: 'utf8', env });
    const skipped = cli(fixture, '--skip-vendor', 'kaiwa, Other', '--dry-run', 'examples/shop');
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toMatch(/would import 0 products/);
    expect(skipped.stdout).toContain('skipped: 3 × vendor "Kaiwa" (--skip-vendor); 1 × status archived');
    const refused = cli(fixture, '--default-stock', 'lots', 'examples/shop');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--default-stock must be a whole number ≥ 0, not "lots"');
  });
});
