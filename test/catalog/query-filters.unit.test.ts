import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readHomeDepot, sharedData } from '../../bench/eval/data.js';
import { parseQueryFilters } from '../../src/catalog/index.js';

describe('parseQueryFilters', () => {
  it.each([
    ['green tea under 3000 yen', 'green tea', { maxPrice: 2999 }],
    ['teapot less than ¥3,000', 'teapot', { maxPrice: 2999 }],
    ['matcha below 3000', 'matcha', { maxPrice: 2999 }],
    ['gift up to 5000 yen', 'gift', { maxPrice: 5000 }],
    ['緑茶 3000円以下', '緑茶', { maxPrice: 3000 }],
    ['3000円までの緑茶', 'の緑茶', { maxPrice: 3000 }],
    ['3,000円未満のギフト', 'のギフト', { maxPrice: 2999 }],
    ['５０００円以上の急須', 'の急須', { minPrice: 5000 }],
    ['1万円以下', '', { maxPrice: 10000 }],
    ['千円以下のお茶', 'のお茶', { maxPrice: 1000 }],
    ['三千円までの急須', 'の急須', { maxPrice: 3000 }],
    ['1万5千円以下', '', { maxPrice: 15000 }],
    ['2千5百円以下のギフト', 'のギフト', { maxPrice: 2500 }],
    ['1000円から3000円のお茶', 'のお茶', { minPrice: 1000, maxPrice: 3000 }],
    ['tea between 1000 and 3000 yen', 'tea', { minPrice: 1000, maxPrice: 3000 }],
    ['matcha in stock', 'matcha', { inStock: true }],
    ['when will sakura tea be back in stock?', 'when will sakura tea be back in stock?', {}],
    ['在庫ありの抹茶 2000円以下', 'の抹茶', { inStock: true, maxPrice: 2000 }],
    ['green tea', 'green tea', {}],
  ])('%s', (text, rest, filters) => {
    expect(parseQueryFilters(text)).toEqual({ text: rest, filters });
  });

  it('reads limits in the minor units of the shop currency', () => {
    expect(parseQueryFilters('mugs under $25.50', 'USD').filters).toEqual({ maxPrice: 2549 });
  });

  describe('a price word or a currency marker makes a number money', () => {
    it.each([
      // The cases, in the shop currency each names.
      ['「60ドル以下」', '60ドル以下の水筒', 'USD', { maxPrice: 6000 }],
      ['「5,000円まで」', '5,000円までのギフト', 'JPY', { maxPrice: 5000 }],
      ['「1万円以内」', '1万円以内', 'JPY', { maxPrice: 10000 }],
      ['"¥3,000 or less"', 'teapot ¥3,000 or less', 'JPY', { maxPrice: 3000 }],
      ['"less than $50"', 'lamp less than $50', 'USD', { maxPrice: 4999 }],
      ['"under 50 dollars"', 'lamp under 50 dollars', 'USD', { maxPrice: 4999 }],
      ['「50ドル未満」', '50ドル未満', 'USD', { maxPrice: 4999 }],
      ['full-width digits 「３０００円以下」', '３０００円以下', 'JPY', { maxPrice: 3000 }],
      // Price words read a bare number (per the issue: under, below, budget, 予算, 以下, 未満).
      ['"under 3000"', 'tea under 3000', 'JPY', { maxPrice: 2999 }],
      ['「3000以下」', 'お茶 3000以下', 'JPY', { maxPrice: 3000 }],
      ['「予算3000」', '予算3000でお茶', 'JPY', { maxPrice: 3000 }],
      [
        '「予算は1万円くらい」 (the bound word goes with the budget)',
        '予算は1万円くらいのギフト',
        'JPY',
        { maxPrice: 10000 },
      ],
      ['"budget of 40"', 'boots budget of 40', 'USD', { maxPrice: 4000 }],
      ['"cheaper than 30"', 'mug cheaper than 30', 'USD', { maxPrice: 2999 }],
      // Without a price word the amount needs a marker, at either end.
      ['"up to $50"', 'lamp up to $50', 'USD', { maxPrice: 5000 }],
      ['"max $60"', 'boots max $60', 'USD', { maxPrice: 6000 }],
      ['"$50 and up"', 'boots $50 and up', 'USD', { minPrice: 5000 }],
      ['"over $100"', 'grill over $100', 'USD', { minPrice: 10001 }],
      ['「1000円〜」', '1000円〜のギフト', 'JPY', { minPrice: 1000 }],
      ['"50$" (the sign written after the amount)', 'sink under 50$', 'USD', { maxPrice: 4999 }],
      ['"under $5k"', 'grill under $5k', 'USD', { maxPrice: 499_999 }],
      ['「1.5万円以下」 (a decimal before 万)', '1.5万円以下', 'JPY', { maxPrice: 15000 }],
      // Ranges with a marker on one end or both.
      ['"$20-$40"', 'lamp $20-$40', 'USD', { minPrice: 2000, maxPrice: 4000 }],
      ['"between 20 and 40 dollars"', 'lamp between 20 and 40 dollars', 'USD', { minPrice: 2000, maxPrice: 4000 }],
      ['"from $20 to $40"', 'lamp from $20 to $40', 'USD', { minPrice: 2000, maxPrice: 4000 }],
      [
        '「1〜3万円」 (万 on the second end counts for both)',
        '1〜3万円のギフト',
        'JPY',
        { minPrice: 10000, maxPrice: 30000 },
      ],
      // The shop's own dollars, yuan and signs.
      ['"NT$500以下" in a TWD shop', 'NT$500以下', 'TWD', { maxPrice: 50000 }],
      ['「500元以下」 in a TWD shop', '500元以下', 'TWD', { maxPrice: 50000 }],
      ['"$30 or less" in a CAD shop', 'mug $30 or less', 'CAD', { maxPrice: 3000 }],
      ['"€30 or less" in a EUR shop', 'mug €30 or less', 'EUR', { maxPrice: 3000 }],
      ['「500バーツ以下」 in a THB shop', '500バーツ以下', 'THB', { maxPrice: 50000 }],
      ['"under 20 pounds" in a GBP shop', 'mug under 20 pounds', 'GBP', { maxPrice: 1999 }],
      [
        '"₱500 or less" in a PHP shop (the sign Intl gives the shop currency)',
        'mug ₱500 or less',
        'PHP',
        { maxPrice: 50000 },
      ],
    ])('%s', (_name, text, currency, filters) => {
      const parsed = parseQueryFilters(text, currency);
      expect(parsed.filters).toEqual(filters);
      expect(parsed.foreignBudget).toBeUndefined();
    });

    it.each([
      // The old rules read these as prices: any number after max/from/over, any "a-b" or 「a〜b」.
      ['"stanley powermax 6" (was: at most 6, by the `max` rule inside "powermax")', 'stanley powermax 6', 'USD'],
      ['"max 6" (was: at most 6)', 'max 6', 'USD'],
      ['"from 2" (was: at least 2)', 'hose from 2', 'USD'],
      ['"12-14 bathroom grab bar" (was: 12 to 14)', '12-14 bathroom grab bar', 'USD'],
      ['「2〜3人用」 (was: 2 to 3)', '2〜3人用の土鍋', 'JPY'],
      ['"over 25 cu. ft." (was: above 25)', 'refrigerator over 25 cu. ft.', 'USD'],
      ['"1/4-20 jamb nuts" (was: 4 to 20)', '1/4-20 jamb nuts', 'USD'],
      ['"between 20 and 40" without a marker (was: 20 to 40)', 'shelf between 20 and 40', 'USD'],
      // Never prices, before or after.
      ['"size 8"', 'boots size 8', 'USD'],
      ['"4 cups"', 'coffee maker 4 cups', 'USD'],
      ['"model 500"', 'mower model 500', 'USD'],
      ['"up to 5 gallons" (up to needs a marker)', 'bucket up to 5 gallons', 'USD'],
      ['"less than 50" (less than needs a marker)', 'cable less than 50', 'USD'],
      // A price word next to a measure or a size is not a budget.
      ['"under 25 cu. ft."', 'freezer under 25 cu. ft.', 'USD'],
      ['"under 5kg"', 'rice under 5kg', 'JPY'],
      ['"under 2x4"', 'shelf under 2x4', 'USD'],
      ['「size 8以下」', 'size 8以下', 'JPY'],
      ['"under 20 pounds" outside a GBP shop (a weight)', 'dumbbell under 20 pounds', 'USD'],
      ['a marked amount with no bound word', 'cabinet closet $100', 'USD'],
    ])('%s', (_name, text, currency) => {
      const parsed = parseQueryFilters(text, currency);
      expect(parsed.filters).toEqual({});
      expect(parsed.foreignBudget).toBeUndefined();
      expect(parsed.text).toBe(text.normalize('NFKC').replace(/\s+/g, ' ').trim());
    });

    it('keeps the tighter of two limits on the same side', () => {
      expect(parseQueryFilters('lamp under $50 under $40', 'USD').filters).toEqual({ maxPrice: 3999 });
    });

    it('cuts "in stock" before reading "under 3000", so "in" is not read as inches', () => {
      expect(parseQueryFilters('tea under 3000 in stock')).toEqual({
        text: 'tea',
        filters: { inStock: true, maxPrice: 2999 },
      });
    });
  });

  describe('an amount in another currency than the shop’s', () => {
    it('is not applied without a rate (it used to become under $4,999.99), and is reported so a flow can ask', () => {
      expect(parseQueryFilters('tumbler under 5000 yen', 'USD')).toEqual({
        text: 'tumbler',
        filters: {},
        foreignBudget: { currency: 'JPY', maxPrice: 4999, phrase: 'under 5000 yen' },
      });
      expect(parseQueryFilters('60ドル以下の水筒', 'JPY')).toEqual({
        text: 'の水筒',
        filters: {},
        foreignBudget: { currency: 'USD', maxPrice: 6000, phrase: '60ドル以下' },
      });
      expect(parseQueryFilters('lamp between 20 and 40 euros', 'JPY').foreignBudget).toEqual({
        currency: 'EUR',
        minPrice: 2000,
        maxPrice: 4000,
        phrase: 'between 20 and 40 euros',
      });
    });

    it('is converted with a rate, to the tightest whole minor unit inside what the shopper said', () => {
      // 5000 yen × 0.0067 = $33.50 exactly: "under" excludes it.
      expect(parseQueryFilters('under 5000 yen', 'USD', undefined, { JPY: 0.0067 }).filters).toEqual({
        maxPrice: 3349,
      });
      // 5001 yen = $33.5067: the largest whole cent below it is $33.50; at least → $33.51.
      expect(parseQueryFilters('under ¥5001', 'USD', undefined, { JPY: 0.0067 }).filters).toEqual({ maxPrice: 3350 });
      expect(parseQueryFilters('at least ¥5001', 'USD', undefined, { JPY: 0.0067 }).filters).toEqual({
        minPrice: 3351,
      });
      expect(parseQueryFilters('up to ¥5001', 'USD', undefined, { JPY: 0.0067 }).filters).toEqual({ maxPrice: 3350 });
      expect(parseQueryFilters('over ¥5001', 'USD', undefined, { JPY: 0.0067 }).filters).toEqual({ minPrice: 3351 });
      // Dollars (two decimals) into yen (none): $19.99 × 150 = ¥2,998.5.
      expect(parseQueryFilters('60ドル以下', 'JPY', undefined, { USD: 150 }).filters).toEqual({ maxPrice: 9000 });
      expect(parseQueryFilters('up to $19.99', 'JPY', undefined, { USD: 150 }).filters).toEqual({ maxPrice: 2998 });
      expect(parseQueryFilters('from $19.99', 'JPY', undefined, { USD: 150 }).filters).toEqual({ minPrice: 2999 });
      expect(parseQueryFilters('$20-$40', 'JPY', undefined, { USD: 150 }).filters).toEqual({
        minPrice: 3000,
        maxPrice: 6000,
      });
      // 0.1 + 0.2 style floating point does not leak in: 3 × 0.1 is exactly 0.3.
      expect(parseQueryFilters('up to 3 yen', 'USD', undefined, { JPY: 0.1 }).filters).toEqual({ maxPrice: 30 });
    });

    it('reads "$" as the shop’s dollars in a dollar shop and as US dollars elsewhere', () => {
      expect(parseQueryFilters('under $20', 'AUD').filters).toEqual({ maxPrice: 1999 });
      expect(parseQueryFilters('under $20', 'JPY').foreignBudget?.currency).toBe('USD');
      expect(parseQueryFilters('under US$20', 'AUD').foreignBudget?.currency).toBe('USD');
      expect(parseQueryFilters('under ¥100', 'CNY').filters).toEqual({ maxPrice: 9999 });
    });

    it('keeps one foreign currency: a second one stays in the text', () => {
      const parsed = parseQueryFilters('over 10 dollars under 50 euros', 'JPY');
      expect(parsed.foreignBudget).toEqual({ currency: 'EUR', maxPrice: 4999, phrase: 'under 50 euros' });
      expect(parsed.text).toBe('over 10 dollars');
    });
  });

  const homeDepot = new URL('homedepot-search-relevance/train.csv', sharedData);
  it.runIf(existsSync(homeDepot))(
    'reads no price from any of the 11,795 Home Depot search terms (52 were read as prices before, in a USD shop)',
    () => {
      const terms = [...readHomeDepot(homeDepot).judged.keys()];
      expect(terms).toHaveLength(11_795);
      for (const currency of ['USD', 'JPY']) {
        const priced = terms.filter((term) => {
          const { filters, foreignBudget } = parseQueryFilters(term, currency);
          return filters.minPrice !== undefined || filters.maxPrice !== undefined || foreignBudget !== undefined;
        });
        expect(priced).toEqual([]);
      }
    },
  );
});
