import { describe, expect, it } from 'vitest';
import { catalogToCsv, catalogToJson } from '../../src/catalog/export-catalog.js';
import { parseCatalog } from '../../src/catalog/index.js';
import { SourceValidationError } from '../../src/core/index.js';

// Products with options and variants, in both catalog formats (docs/catalog.md, "Variants").
const csv = [
  'id,parent,title_en,title_ja,option_size,option_color,price,compare_at_price,currency,stock,continue_selling,image_url,tags',
  'tee-s-blk,trail-tee,Trail Tee,トレイルTシャツ,S,Black,39.00,49.00,USD,3,,https://img.example.com/tee.jpg,apparel|tee',
  'tee-m-blk,trail-tee,,,M,Black,39.00,49.00,USD,0,,,',
  'tee-m-nvy,trail-tee,,,M,Navy,42.00,,USD,0,yes,https://img.example.com/tee-navy.jpg,',
  'cap,,Cap,キャップ,,,1800,,USD,5,,,apparel',
].join('\n');

const json = JSON.stringify([
  {
    id: 'trail-tee',
    title: { en: 'Trail Tee', ja: 'トレイルTシャツ' },
    imageUrl: 'https://img.example.com/tee.jpg',
    tags: ['apparel', 'tee'],
    price: { amount: 3900, currency: 'USD' },
    compareAtPrice: { amount: 4900, currency: 'USD' },
    options: ['size', 'color'],
    variants: [
      { id: 'tee-s-blk', options: { size: 'S', color: 'Black' }, stock: 3 },
      { id: 'tee-m-blk', options: { color: 'Black', size: 'M' }, stock: 0 },
      {
        id: 'tee-m-nvy',
        options: { size: 'M', color: 'Navy' },
        price: { amount: 4200, currency: 'USD' },
        compareAtPrice: { amount: 0, currency: 'USD' },
        stock: 0,
        continueSelling: true,
        imageUrl: 'https://img.example.com/tee-navy.jpg',
      },
    ],
  },
  {
    id: 'cap',
    title: { en: 'Cap', ja: 'キャップ' },
    price: { amount: 1800, currency: 'USD' },
    stock: 5,
    tags: ['apparel'],
  },
]);

const problems = (text: string, format: 'csv' | 'json') => {
  try {
    parseCatalog(`catalog.${format}`, text, format, { currency: 'USD' });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(SourceValidationError);
    return (error as SourceValidationError).issues.map(
      (issue) => `${issue.pos.line}:${issue.pos.column} ${issue.message}`,
    );
  }
};

describe('catalog variants', () => {
  it('reads one row per variant (CSV) and a product with variants (JSON) into the same products', () => {
    const fromCsv = parseCatalog('catalog.csv', csv, 'csv', { currency: 'USD' });
    const fromJson = parseCatalog('catalog.json', json, 'json', { currency: 'USD' });
    expect(fromCsv).toEqual(fromJson);
    expect(fromCsv[1]).toEqual({
      id: 'tee-m-blk',
      parent: 'trail-tee',
      // A variant row's empty cells come from its product's first row.
      title: { en: 'Trail Tee', ja: 'トレイルTシャツ' },
      description: {},
      options: { size: 'M', color: 'Black' },
      price: { amount: 3900, currency: 'USD' },
      compareAtPrice: { amount: 4900, currency: 'USD' },
      stock: 0,
      imageUrl: 'https://img.example.com/tee.jpg',
      tags: ['apparel', 'tee'],
      attributes: {},
    });
    expect(Object.keys(fromJson[1]!.options!)).toEqual(['size', 'color']); // the product's option order
    expect(fromCsv[2]).toMatchObject({ continueSelling: true, price: { amount: 4200 } });
    expect(fromCsv[2]).not.toHaveProperty('compareAtPrice');
    expect(fromCsv[3]).toEqual({
      id: 'cap',
      title: { en: 'Cap', ja: 'キャップ' },
      description: {},
      price: { amount: 1800, currency: 'USD' },
      stock: 5,
      tags: ['apparel'],
      attributes: {},
    });
  });

  it('writes variants back in both formats and reads them again unchanged', () => {
    const products = parseCatalog('catalog.csv', csv, 'csv');
    const outCsv = catalogToCsv(products);
    const outJson = catalogToJson(products);
    const byId = (list: typeof products) => list.toSorted((a, b) => a.id.localeCompare(b.id));
    expect(byId(parseCatalog('again.csv', outCsv, 'csv'))).toEqual(byId(products));
    expect(byId(parseCatalog('again.json', outJson, 'json'))).toEqual(byId(products));
    expect(catalogToCsv(parseCatalog('again.csv', outCsv, 'csv'))).toBe(outCsv);
    expect(catalogToJson(parseCatalog('again.json', outJson, 'json'))).toBe(outJson);
    const [, tee] = JSON.parse(outJson) as { id: string; variants?: { id: string }[] }[];
    expect(tee?.id).toBe('trail-tee');
    expect(tee?.variants?.map((variant) => variant.id)).toEqual(['tee-s-blk', 'tee-m-blk', 'tee-m-nvy']);
  });

  it('a catalog without variants keeps its columns', () => {
    const plain = parseCatalog('p.csv', 'id,title_en,price,currency,stock\na,A,100,USD,1', 'csv');
    expect(catalogToCsv(plain).split('\n')[0]).toBe('id,title_en,price,currency,stock,image_url,tags');
  });

  it('reports variants that cannot be told apart, mismatched options, bad sales and flags at file:line:col', () => {
    const header = 'id,parent,title_en,option_size,option_color,price,compare_at_price,currency,stock,continue_selling';
    expect(
      problems(
        [
          header,
          'a,tee,Tee,S,Black,39.00,,USD,1,',
          'b,tee,,S,black,39.00,,USD,1,',
          'c,tee,,M,,39.00,,USD,1,',
          'd,,Sock,M,,5.00,,USD,1,',
          'e,tee,,L,Black,39.00,39.00,USD,1,maybe',
          'f,cap,Cap,,,9.00,,USD,1,',
          'tee,,Tee again,,,9.00,,USD,1,',
        ].join('\n'),
        'csv',
      ),
    ).toEqual([
      '2:1 parent "tee" is also a product\'s id; a product with variants is named by its parent only',
      '3:1 parent "tee" is also a product\'s id; a product with variants is named by its parent only',
      '3:1 variant "b" has the same options (size S, color black) as the variant on line 2',
      '4:1 parent "tee" is also a product\'s id; a product with variants is named by its parent only',
      '4:1 variant "c" has options size, but "tee" has size, color (line 2); every variant of a product has the same options',
      '5:1 product "d" has option values but no parent: say which product it is a variant of (parent)',
      '6:22 compare-at price 3900 must be above the price 3900 (it is the price before a sale); leave it empty otherwise',
      '6:34 continue_selling must be yes or no, got "maybe"',
      '7:1 variant "f" of "cap" has no option values (e.g. option_size = M)',
    ]);
    const broken = JSON.stringify(
      [
        {
          id: 'tee',
          title: { en: 'Tee' },
          options: ['size'],
          variants: [
            { id: 'a', options: { size: 'S' }, stock: 1 },
            { id: 'b', options: { colour: 'Red' }, price: { amount: 100, currency: 'USD' }, stock: 1, sku: 'x' },
          ],
        },
      ],
      null,
      2,
    );
    expect(problems(broken, 'json')).toEqual([
      '11:7 no price: give the variant or its product a price, e.g. { "amount": 3900, "currency": "USD" }',
      "20:20 the variant's options must be exactly the product's (size); missing size; unknown colour",
      '28:9 unknown field "sku"; a variant has id, options, price, compareAtPrice, stock, imageUrl, continueSelling',
    ]);
  });
});
