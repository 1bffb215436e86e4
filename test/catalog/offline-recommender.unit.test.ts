import { beforeAll, describe, expect, it } from 'vitest';
import { createOfflineRecommender, createProductSearch, loadCatalogFile } from '../../src/catalog/index.js';
import type { Product, Recommender } from '../../src/core/index.js';
import { memoryCatalog } from './memory-catalog.js';

let products: Product[];
let catalog: ReturnType<typeof memoryCatalog>;
let recommender: Recommender;
beforeAll(async () => {
  products = await loadCatalogFile(new URL('../fixtures/catalog/catalog.csv', import.meta.url).pathname);
  catalog = memoryCatalog(products);
  recommender = createOfflineRecommender({ search: createProductSearch(products), catalog });
});

describe('createOfflineRecommender', () => {
  it('explains each pick from catalog facts in the query locale, without a price', async () => {
    const [first] = await recommender.recommend({ text: '急須がほしい', locale: 'ja', limit: 3 });
    expect(first).toEqual({ productId: 'kyusu-01', reason: '『急須』に一致・在庫あり' });
    const [english] = await recommender.recommend({ text: 'green tea gift', locale: 'en', limit: 3 });
    expect(english).toEqual({ productId: 'gift-01', reason: 'Matches “green tea gift”; in stock' });
  });

  it('puts in-stock products before out-of-stock ones, reading stock at query time', async () => {
    const picks = await recommender.recommend({ text: 'matcha', locale: 'en', limit: 5 });
    const ids = picks.map((pick) => pick.productId);
    expect(ids.indexOf('latte-01')).toBeGreaterThan(ids.indexOf('matcha-01'));
    catalog.setStock('matcha-01', 0);
    const after = (await recommender.recommend({ text: 'matcha', locale: 'en', limit: 5 })).map(
      (pick) => pick.productId,
    );
    expect(after.indexOf('matcha-01')).toBeGreaterThan(after.indexOf('chasen-01'));
    catalog.setStock('matcha-01', 5);
  });

  it('applies price limits and "in stock" from the words, and excludes ids', async () => {
    const picks = await recommender.recommend({
      text: '3000円以下のお茶 在庫あり',
      locale: 'ja',
      limit: 10,
      exclude: ['sencha-01'],
    });
    const chosen = picks.map((pick) => products.find((product) => product.id === pick.productId)!);
    expect(chosen.length).toBeGreaterThan(0);
    expect(
      chosen.every((product) => product.price.amount <= 3000 && product.stock > 0 && product.id !== 'sencha-01'),
    ).toBe(true);
  });

  it('ignores a budget in a currency the shop has no rate for, and converts one it has a rate for', async () => {
    const prices = async (text: string, budgetRates?: Record<string, number>) => {
      const shop = createOfflineRecommender({ search: createProductSearch(products), catalog, budgetRates });
      const picks = await shop.recommend({ text, locale: 'en', limit: 10 });
      return picks.map((pick) => products.find((product) => product.id === pick.productId)!.price.amount);
    };
    // No rate for USD in this JPY shop: the same picks as without a budget, not a limit of ¥20 (nor $20 read as yen).
    expect(await prices('tea under $20')).toEqual(await prices('tea'));
    expect((await prices('tea')).some((price) => price > 3000)).toBe(true);
    // With $1 = ¥150, "under $20" is below ¥3,000.
    const converted = await prices('tea under $20', { USD: 150 });
    expect(converted.length).toBeGreaterThan(0);
    expect(converted.every((price) => price <= 2999)).toBe(true);
  });

  it('gently prefers products sharing tags with what the shopper has seen', async () => {
    // On "matcha" the whisk and the matcha score within 2 % of each other: the seen tags decide.
    const teaware = await recommender.recommend({ text: 'matcha', locale: 'en', limit: 3, seen: ['kyusu-01'] });
    const tea = await recommender.recommend({ text: 'matcha', locale: 'en', limit: 3, seen: ['sencha-01'] });
    expect(teaware[0]?.productId).toBe('chasen-01');
    expect(tea[0]?.productId).toBe('matcha-01');
    // Gently: a seen tag does not beat a clearly better match.
    const japanese = await recommender.recommend({ text: '抹茶', locale: 'ja', limit: 3, seen: ['kyusu-01'] });
    expect(japanese[0]?.productId).toBe('matcha-01');
  });

  it.each([
    ['おすすめは？', 'ja', '当店のおすすめ・在庫あり'],
    ['recommend something', 'en', 'Featured by the shop; in stock'],
  ])('offers featured in-stock products for %j', async (text, locale, reason) => {
    const picks = await recommender.recommend({ text, locale, limit: 3 });
    expect(picks).toHaveLength(3);
    expect(picks[0]).toEqual({ productId: 'sencha-01', reason });
    expect(picks.map((pick) => pick.productId)).toEqual(['sencha-01', 'kyusu-01', 'hojicha-01']);
  });

  it.each([
    ['I want a bicycle', 'en', ['bicycle'], 'Not a match, but featured by the shop; in stock'],
    ['テントが欲しい', 'ja', ['テント'], 'ご希望の品ではありませんが、当店のおすすめ・在庫あり'],
    ["'; DROP TABLE products; --", 'en', ['drop table'], 'Not a match, but featured by the shop; in stock'],
  ])(
    'offers featured products in place of %j, which nothing matches, and says so',
    async (text, locale, words, reason) => {
      const picks = await recommender.recommend({ text, locale, limit: 3 });
      expect(picks.map((pick) => pick.productId)).toEqual(['sencha-01', 'kyusu-01', 'hojicha-01']);
      expect(picks[0]).toEqual({ productId: 'sencha-01', reason, insteadOf: words });
      expect(picks.every((pick) => pick.insteadOf === picks[0]!.insteadOf)).toBe(true);
    },
  );

  it("re-ranks by the shopper's past orders: neighbours of what they bought rise, the bought item steps back, and the reason names the purchase", async () => {
    // Nothing to match: featured first for a new shopper (sencha, teapot, hojicha)…
    const fresh = await recommender.recommend({ text: 'おすすめは？', locale: 'ja', limit: 3 });
    expect(fresh[0]?.productId).toBe('sencha-01');
    // …but after buying the whisk (teaware, matcha), products sharing those tags come first, explained by that purchase.
    const whisk = products.find((product) => product.id === 'chasen-01')!;
    const sharesTag = (id: string) =>
      products.find((product) => product.id === id)!.tags.some((tag) => whisk.tags.includes(tag));
    const after = await recommender.recommend({ text: 'おすすめは？', locale: 'ja', limit: 3, bought: ['chasen-01'] });
    expect(after.map((pick) => pick.productId)).not.toContain('chasen-01');
    expect(after.every((pick) => sharesTag(pick.productId))).toBe(true);
    expect(after.map((pick) => pick.reason)).toEqual(after.map(() => '以前お買い上げの「茶筅」に近い商品・在庫あり'));
    expect(after[0]?.productId).not.toBe('sencha-01');
    const english = await recommender.recommend({
      text: 'recommend something',
      locale: 'en',
      limit: 3,
      bought: ['chasen-01'],
    });
    expect(english[0]?.reason).toBe('Like the Matcha whisk you bought before; in stock');
    // A matched request keeps its words as the reason and its best match on top when the match is clear.
    const teapot = await recommender.recommend({ text: 'teapot', locale: 'en', limit: 3, bought: ['chasen-01'] });
    expect(teapot[0]?.productId).toBe('kyusu-01');
    expect(teapot[0]?.reason).toMatch(/^Matches/);
    // On a close call between a matcha and a whisk, a past teaware purchase tips it.
    const matcha = await recommender.recommend({ text: 'matcha', locale: 'en', limit: 3, bought: ['yunomi-01'] });
    expect(matcha[0]?.productId).toBe('chasen-01');
  });

  it('returns only ids that exist in the catalog', async () => {
    const partial = memoryCatalog(products.filter((product) => product.id !== 'kyusu-01'));
    const picks = await createOfflineRecommender({ search: createProductSearch(products), catalog: partial }).recommend(
      { text: 'teapot', locale: 'en', limit: 3 },
    );
    expect(picks.map((pick) => pick.productId)).not.toContain('kyusu-01');
    expect(picks.length).toBeGreaterThan(0);
  });
});
