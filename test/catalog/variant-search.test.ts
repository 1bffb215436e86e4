import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../bench/eval/data.js';
import { parseImport, readCatalogText } from '../../src/catalog/import-file.js';
import { createOfflineRecommender } from '../../src/catalog/offline-recommender.js';
import { namedOptionValues, namesValue, optionVocabulary } from '../../src/catalog/option-words.js';
import { parseQueryFilters } from '../../src/catalog/query-filters.js';
import { createProductSearch } from '../../src/catalog/search.js';
import { nextLocale, optionOffers, productKey, type Product } from '../../src/core/index.js';
import { memoryCatalog } from './memory-catalog.js';

const variant = (id: string, options: Record<string, string>, stock = 3): Product => ({
  id,
  parent: 'harbor',
  options,
  title: { en: 'Harbor One-Piece', ja: 'ハーバー ワンピース水着' },
  description: { en: 'A one-piece swimsuit.' },
  price: { amount: 4900, currency: 'USD' },
  stock,
  tags: ['swimwear'],
  attributes: {},
});

describe('option values in what shoppers write', () => {
  it('names a size or colour as a whole word, never inside another word', () => {
    expect(namesValue('black one-piece in size M', 'M')).toBe(true);
    expect(namesValue('black one-piece in size M', 'Black')).toBe(true);
    expect(namesValue('a medium one', 'M')).toBe(true);
    expect(namesValue("men's medium-roast", 'S')).toBe(false);
    expect(namesValue('medium-roast coffee', 'M')).toBe(false);
    expect(namesValue('blackberry jam', 'Black')).toBe(false);
    expect(namesValue('white hot top', 'White Hot')).toBe(true);
  });

  it('reads Japanese colours and sizes: 「Mサイズの黒」', () => {
    expect(namesValue('Mサイズの黒', 'M')).toBe(true);
    expect(namesValue('Mサイズの黒', 'Black')).toBe(true);
    expect(namesValue('ネイビーのLサイズ', 'Navy')).toBe(true);
    expect(namesValue('Mサイズの黒', 'L')).toBe(false);
  });

  it('takes a bare number for a size only next to a size word', () => {
    expect(namesValue('size 4', '4')).toBe(true);
    expect(namesValue('4号', '4')).toBe(true);
    expect(namesValue('サイズ10', '10')).toBe(true);
    expect(namesValue('4 swimsuits', '4')).toBe(false);
    expect(namesValue('size 14', '4')).toBe(false);
  });

  it('filters: a product with the option must have a named value; one without the option is not held to it', () => {
    const variants = [
      variant('h-s-black', { size: 'S', color: 'Black' }),
      variant('h-m-navy', { size: 'M', color: 'Navy' }),
    ];
    const vocabulary = optionVocabulary(variants);
    expect(vocabulary).toEqual({ size: ['S', 'M'], color: ['Black', 'Navy'] });
    expect(namedOptionValues('navy please, size M', vocabulary)).toEqual({ size: ['M'], color: ['Navy'] });
    const { filters } = parseQueryFilters('Mサイズの紺 under $60', 'USD', vocabulary);
    expect(filters).toEqual({ maxPrice: 5999, options: { size: ['M'], color: ['Navy'] } });
  });

  it('offers values on sale and names the sold-out ones, in size order', () => {
    const variants = [
      variant('h-l-black', { size: 'L', color: 'Black' }, 0),
      variant('h-s-black', { size: 'S', color: 'Black' }),
      variant('h-m-navy', { size: 'M', color: 'Navy' }),
      { ...variant('h-xl-navy', { size: 'XL', color: 'Navy' }, 0), continueSelling: true },
    ];
    expect(optionOffers(variants)).toEqual([
      { name: 'size', available: ['S', 'M', 'XL'], soldOut: ['L'] },
      { name: 'color', available: ['Black', 'Navy'], soldOut: [] },
    ]);
    expect(optionOffers(variants, { color: 'Black' })[0]).toEqual({ name: 'size', available: ['S'], soldOut: ['L'] });
  });
});

describe('the conversation keeps its language', () => {
  it('changes only on clear evidence, never on a size, a number, OK, a product name or a command', () => {
    for (const token of ['OK', 'L', '500g', '4', 'Uji Sencha', '/reset', 'M'])
      expect(nextLocale(token, 'ja', ['ja', 'en']), token).toBe('ja');
    expect(nextLocale('do you ship to Germany?', 'ja', ['ja', 'en'])).toBe('en');
    expect(nextLocale('hello', 'ja', ['ja', 'en'])).toBe('en');
    expect(nextLocale('黒', 'en', ['ja', 'en'])).toBe('en');
    expect(nextLocale('黒はありますか', 'en', ['ja', 'en'])).toBe('ja');
    expect(nextLocale('OK', undefined, ['ja', 'en'])).toBe('en');
  });
});

const swiminista = fileURLToPath(new URL('shopify-exports/swiminista-variants.csv', sharedData));

describe.runIf(existsSync(swiminista))(
  'a real Shopify export (swiminista): options in the request narrow the variants',
  () => {
    // Read when the tests run: describe's body is collected even where the file is absent.
    let catalog: ReturnType<typeof memoryCatalog>;
    let recommender: ReturnType<typeof createOfflineRecommender>;
    beforeAll(() => {
      const parsed = parseImport(swiminista, readCatalogText(swiminista), {
        currency: 'USD',
        locale: 'en',
        skipVendors: ['route'],
        defaultStock: 5,
      });
      catalog = memoryCatalog(parsed.products);
      recommender = createOfflineRecommender({
        search: createProductSearch(parsed.products),
        catalog,
        currency: 'USD',
      });
    });

    it.each([
      ['black onepiece in size M', 'en'],
      ['Mサイズの黒のワンピース', 'ja'],
    ])('"%s": every pick is a black variant in M, of more than one product', async (text, locale) => {
      const picks = await recommender.recommend({ text, locale, limit: 12 });
      const products = await catalog.getMany(picks.map((pick) => pick.productId));
      expect(products.length).toBeGreaterThan(1);
      for (const product of products) expect(product.options).toMatchObject({ color: 'Black', size: 'M' });
      expect(new Set(products.map(productKey)).size).toBe(products.length);
    });

    it('"girls onepiece size 8": the numeric size, not the 8th anything', async () => {
      const picks = await recommender.recommend({ text: 'girls onepiece size 8', locale: 'en', limit: 6 });
      const products = await catalog.getMany(picks.map((pick) => pick.productId));
      expect(products.length).toBeGreaterThan(0);
      for (const product of products) expect(product.options?.size).toBe('8');
    });
  },
);
