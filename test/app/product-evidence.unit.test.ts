import { describe, expect, it } from 'vitest';
import { productEvidence } from '../../src/app/assemble.js';
import { createProductSearch } from '../../src/catalog/index.js';
import type { Product } from '../../src/core/index.js';

const lamp: Product = {
  id: 'lamp-01',
  title: { en: 'Desk lamp' },
  description: {},
  price: { amount: 2500, currency: 'USD' },
  stock: 3,
  tags: [],
  attributes: {},
};
const search = createProductSearch([lamp]);

describe('productEvidence', () => {
  it('counts a budget as a shopping filter, also one in a currency the shop has no rate for', () => {
    expect(productEvidence(search, 'anything under $30', 'en', 'USD')).toEqual({
      score: 0.85,
      matched: 'filter: maxPrice',
    });
    expect(productEvidence(search, 'anything under 5000 yen', 'en', 'USD')).toEqual({
      score: 0.85,
      matched: 'filter: foreignBudget',
    });
    expect(productEvidence(search, 'anything under 5000 yen', 'en', 'USD', { JPY: 0.0067 })).toEqual({
      score: 0.85,
      matched: 'filter: maxPrice',
    });
  });

  it('does not take a model number for a budget ("powermax 6" used to be a price filter)', () => {
    expect(productEvidence(search, 'stanley powermax 6', 'en', 'USD')).toBeUndefined();
  });
});
