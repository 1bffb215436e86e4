import { describe, expect, it } from 'vitest';
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
    ['1000円から3000円のお茶', 'のお茶', { minPrice: 1000, maxPrice: 3000 }],
    ['tea between 1000 and 3000 yen', 'tea', { minPrice: 1000, maxPrice: 3000 }],
    ['matcha in stock', 'matcha', { inStock: true }],
    ['在庫ありの抹茶 2000円以下', 'の抹茶', { inStock: true, maxPrice: 2000 }],
    ['green tea', 'green tea', {}],
  ])('%s', (text, rest, filters) => {
    expect(parseQueryFilters(text)).toEqual({ text: rest, filters });
  });

  it('reads limits in the minor units of the shop currency', () => {
    expect(parseQueryFilters('mugs under $25.50', 'USD').filters).toEqual({ maxPrice: 2549 });
  });
});
