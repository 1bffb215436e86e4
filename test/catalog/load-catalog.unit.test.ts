import { describe, expect, it } from 'vitest';
import { loadCatalogFile, parseCatalog } from '../../src/catalog/index.js';
import { SourceValidationError } from '../../src/core/index.js';

const fixture = (name: string): string => new URL(`../fixtures/catalog/${name}`, import.meta.url).pathname;

async function issuesOf(path: string): Promise<string[]> {
  const error = await loadCatalogFile(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceValidationError);
  expect((error as SourceValidationError).code).toBe('catalog_invalid');
  return (error as SourceValidationError).issues.map(
    (issue) => `${issue.pos.line}:${issue.pos.column} ${issue.message}`,
  );
}

describe('CSV prices and the shop currency', () => {
  const csv = (...rows: string[]) => ['id,title_en,price,currency,stock', ...rows].join('\n');
  const problems = (text: string, currency?: string) => {
    try {
      parseCatalog('catalog.csv', text, 'csv', currency ? { currency } : {});
      return [];
    } catch (error) {
      return (error as SourceValidationError).issues.map(
        (issue) => `${issue.pos.line}:${issue.pos.column} ${issue.message}`,
      );
    }
  };

  it('reads a decimal price in a currency with minor units, as minor units', () => {
    const products = parseCatalog(
      'catalog.csv',
      csv('a,Tee,49.99,USD,3', 'b,Cap,12.5,USD,1', 'c,Mug,1800,USD,2'),
      'csv',
    );
    expect(products.map((product) => product.price)).toEqual([
      { amount: 4999, currency: 'USD' },
      { amount: 1250, currency: 'USD' },
      { amount: 1800, currency: 'USD' },
    ]);
  });

  it('refuses too many decimals, decimals in JPY, and a product priced in another currency than the shop', () => {
    expect(problems(csv('a,Tee,49.999,USD,3', 'b,Tea,49.99,JPY,1'))).toEqual([
      '2:7 price "49.999" has more than 2 decimals for USD; write e.g. 49.99 or the amount in minor units',
      '3:7 price "49.99" has decimals, but JPY has no minor unit; write a whole amount (¥1,200 → 1200)',
    ]);
    expect(problems(csv('a,Tee,4999,USD,3', 'b,Tea,1200,JPY,1'), 'USD')).toEqual([
      '3:1 product "b" is priced in JPY, but the shop sells in USD (kaiwa.yaml shop.currency); one shop, one currency',
    ]);
  });
});

describe('loadCatalogFile (CSV)', () => {
  it('reads locales, minor-unit prices, tags and attributes; multi-line fields keep their text', async () => {
    const products = await loadCatalogFile(fixture('catalog.csv'));
    expect(products).toHaveLength(11);
    expect(products[0]).toEqual({
      id: 'sencha-01',
      title: { ja: '静岡煎茶', en: 'Shizuoka sencha' },
      description: { ja: '爽やかな香りの煎茶。\n毎日のお茶に。', en: 'A fresh, grassy sencha.\nFor every day.' },
      price: { amount: 1200, currency: 'JPY' },
      stock: 30,
      imageUrl: 'https://example.com/sencha.jpg',
      tags: ['tea', 'green-tea', 'featured'],
      attributes: { origin: 'Shizuoka' },
    });
    expect(products[1]).not.toHaveProperty('imageUrl');
  });

  it('reports every bad row at the line it starts on, after a quoted field spanning two lines', async () => {
    const issues = await issuesOf(fixture('catalog-broken.csv'));
    expect(issues).toEqual([
      expect.stringMatching(/^4:1 id is empty/),
      '5:23 price "1200.5" has decimals, but JPY has no minor unit; write a whole amount (¥1,200 → 1200)',
      expect.stringMatching(/^6:23 price must be a whole number .* got "abc"/),
      '7:1 duplicate id "ok-01" (first used on line 2)',
      expect.stringMatching(/^8:25 currency must be an ISO 4217 code .*"XXQ"/),
      expect.stringMatching(/^9:29 stock must be a whole number .*"-2"/),
      expect.stringMatching(/^9:32 image_url must be an http\(s\) URL/),
    ]);
  });

  it('tolerates a BOM and CRLF line endings', () => {
    const csv = '\uFEFFid,title_en,price,currency,stock\r\na,Tea,100,jpy,1\r\n';
    expect(parseCatalog('c.csv', csv, 'csv')).toEqual([
      {
        id: 'a',
        title: { en: 'Tea' },
        description: {},
        price: { amount: 100, currency: 'JPY' },
        stock: 1,
        tags: [],
        attributes: {},
      },
    ]);
  });

  it('names missing and unknown header columns', () => {
    expect(() => parseCatalog('c.csv', 'id,name,price\n1,x,2\n', 'csv')).toThrow(
      /c\.csv:1:1: the header lacks currency, stock, title_<locale>[\s\S]*c\.csv:1:4: unknown column "name"/,
    );
  });

  it('refuses other file types', async () => {
    await expect(loadCatalogFile('catalog.xlsx')).rejects.toThrow(/use \.csv, \.json or \.yaml/);
  });
});

describe('loadCatalogFile (JSON)', () => {
  it('reads the JSON shape, upper-casing currencies and lower-casing tags', async () => {
    const products = await loadCatalogFile(fixture('catalog.json'));
    expect(products.map((p) => [p.id, p.price, p.tags])).toEqual([
      ['sencha-01', { amount: 1200, currency: 'JPY' }, ['tea', 'featured']],
      ['kyusu-01', { amount: 6500, currency: 'JPY' }, []],
    ]);
    expect(products[0]?.attributes).toEqual({ origin: 'Shizuoka', grams: '100' });
  });

  it('reports every problem at the element or field line', async () => {
    expect(await issuesOf(fixture('catalog-broken.json'))).toEqual([
      expect.stringMatching(/^5:26 price must be a whole number .*12\.5/),
      '8:3 duplicate id "a" (first used on line 2)',
      expect.stringMatching(/^12:14 stock must be a whole number/),
      expect.stringMatching(/^13:5 unknown field "colour"/),
      '21:3 duplicate id "b" (first used on line 15)',
      expect.stringMatching(/^23:14 title must be text per locale/),
      expect.stringMatching(/^24:14 currency must be an ISO 4217 code/),
    ]);
  });

  it('reports a JSON syntax error with its position', () => {
    expect(() => parseCatalog('c.json', '[\n  { "id": "a", }\n  oops\n]', 'json')).toThrow(SourceValidationError);
  });
});
