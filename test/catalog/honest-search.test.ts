import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../bench/eval/data.js';
import { parseImport, readCatalogText } from '../../src/catalog/import-file.js';
import { createOfflineRecommender } from '../../src/catalog/offline-recommender.js';
import { createProductSearch, type ProductSearch } from '../../src/catalog/search.js';
import { productKey, type Product, type Recommender } from '../../src/core/index.js';
import { memoryCatalog } from './memory-catalog.js';

const swiminista = fileURLToPath(new URL('shopify-exports/swiminista-variants.csv', sharedData));

// What a swimwear shop answered before search was honest: "tent" found the kimono through the
// trigram "ent" of "Magnificent", "sunglasses" a top through trigrams of "triangle", "classic" and
// "plunge", "rain jacket" the same top through "rai" in "braided", and `'; DROP TABLE` a bottom
// through "adjustable" — each reported as "Matches “…”".
describe.runIf(existsSync(swiminista))('honest search on a real Shopify export (swiminista, USD)', () => {
  let products: Product[];
  let search: ProductSearch;
  let recommender: Recommender;
  beforeAll(() => {
    products = parseImport(swiminista, readCatalogText(swiminista), {
      currency: 'USD',
      locale: 'en',
      skipVendors: ['route'],
      defaultStock: 5,
    }).products;
    search = createProductSearch(products);
    recommender = createOfflineRecommender({ search, catalog: memoryCatalog(products), currency: 'USD' });
  });

  it.each([
    ['tent', ['tent']],
    ['sunglasses', ['sunglasses']],
    ['rain jacket', ['rain jacket']],
    ["'; DROP TABLE", ['drop table']],
  ])('%j matches no product, and what is offered instead says it is no match', async (text, words) => {
    expect(search.search({ text, locale: 'en', limit: 50 })).toEqual([]);
    expect(search.unmatched(text)).toEqual(words);
    const picks = await recommender.recommend({ text, locale: 'en', limit: 6 });
    expect(picks).toHaveLength(6);
    for (const pick of picks) {
      expect(pick.insteadOf).toEqual(words);
      expect(pick.reason).toBe('Not a match, but ready to ship; in stock');
    }
  });

  it('"one-piece", "onepiece", "one piece" and "ONE PIECE" find the same 15 products', () => {
    const found = (text: string) =>
      new Set(search.search({ text, locale: 'en', limit: 500 }).map((hit) => productKey(hit.product)));
    const onepiece = found('onepiece');
    expect(onepiece.size).toBe(15);
    // Titled "Cheerful Onepiece - Black" and "DELIGHTFUL ONE PIECE": both spellings, both ways.
    expect(onepiece).toContain('cheerful-onepiece-black');
    expect(onepiece).toContain('delightful-one-piece-new-collection');
    for (const text of ['one-piece', 'one piece', 'ONE PIECE', 'Onepiece']) expect(found(text)).toEqual(onepiece);
    expect(search.search({ text: 'one-piece', locale: 'en', limit: 1 })[0]?.matched).toEqual(['one piece']);
  });

  it.each([
    ['kimono', 'Matches “kimono”; in stock', /Kimono/],
    ['black onepiece', 'Matches “black onepiece”; in stock', /Onepiece|ONE PIECE/],
    ['one-piece', 'Matches “one piece”; in stock', /Onepiece|ONE PIECE/],
  ])('%j still matches, as a match', async (text, reason, title) => {
    const picks = await recommender.recommend({ text, locale: 'en', limit: 3 });
    expect(picks).toHaveLength(3);
    for (const pick of picks) {
      expect(pick).toEqual({ productId: pick.productId, reason });
      expect(products.find((product) => product.id === pick.productId)!.title.en).toMatch(title);
    }
    expect(search.unmatched(text)).toEqual([]);
  });

  it('offers its most common tags that are words of the catalog, not an app’s housekeeping tags', () => {
    expect(search.categories(4)).toEqual(['swimwear', 'adjustable', 'beach', 'bikini']);
  });
});
