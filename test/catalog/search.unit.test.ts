import { beforeAll, describe, expect, it } from 'vitest';
import { createProductSearch, loadCatalogFile, type ProductSearch } from '../../src/catalog/index.js';
import type { Product } from '../../src/core/index.js';

let products: Product[];
let search: ProductSearch;
beforeAll(async () => {
  products = await loadCatalogFile(new URL('../fixtures/catalog/catalog.csv', import.meta.url).pathname);
  search = createProductSearch(products);
});

const ids = (text: string, locale = 'ja', limit = 3): string[] =>
  search.search({ text, locale, limit }).map((hit) => hit.product.id);

describe('createProductSearch', () => {
  it('finds Japanese words without spaces, title first', () => {
    expect(ids('急須')[0]).toBe('kyusu-01');
    expect(ids('抹茶を探しています')[0]).toBe('matcha-01');
    expect(ids('玉露が欲しい')[0]).toBe('gyokuro-01');
    expect(ids('緑茶のギフト')[0]).toBe('gift-01');
  });

  it('finds English words across inflections, and Japanese products from English text', () => {
    expect(ids('teapots', 'en')[0]).toBe('kyusu-01');
    expect(ids('green tea gift', 'en')[0]).toBe('gift-01');
    expect(ids('whisk', 'en')[0]).toBe('chasen-01');
  });

  it('tolerates a typo in an English word', () => {
    expect(ids('teapto', 'en')).toContain('kyusu-01');
    expect(ids('genmaicah', 'en')[0]).toBe('genmai-01');
  });

  it('reports the words each product matched', () => {
    expect(search.search({ text: 'green tea gift', locale: 'en', limit: 1 })[0]?.matched).toEqual(['green tea gift']);
    expect(search.search({ text: '抹茶の茶筅', locale: 'ja', limit: 1 })[0]?.matched).toEqual(['抹茶', '茶筅']);
  });

  it('applies price and stock filters', () => {
    const hits = search.search({ text: 'tea', locale: 'en', limit: 20, filters: { maxPrice: 1000, inStock: true } });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.product.price.amount <= 1000 && hit.product.stock > 0)).toBe(true);
  });

  it('has no search words in a bare request, and finds nothing for unknown words', () => {
    expect(search.hasSearchWords('おすすめは？')).toBe(false);
    expect(search.hasSearchWords('recommend something')).toBe(false);
    expect(search.hasSearchWords('緑茶のおすすめ')).toBe(true);
    expect(ids('おすすめは？')).toEqual([]);
    expect(ids('bicycle', 'en')).toEqual([]);
  });

  it('lists featured products first for popular picks', () => {
    expect(search.popular(2).map((product) => product.id)).toEqual(['sencha-01', 'kyusu-01']);
  });
});
