import { describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load-config.js';
import { configShops } from '../support/config-shop.js';

const { shop, problems: problemsIn } = configShops('rates');
const problems = (extra: string) => problemsIn(shop(extra));

describe('kaiwa.yaml budgetRates', () => {
  it('defaults to no rates, and reads rates as given', async () => {
    expect((await loadShopConfig(shop(''))).shop.budgetRates).toEqual({});
    const rates = (await loadShopConfig(shop('budgetRates:\n  USD: 150\n  EUR: 162.5\n'))).shop.budgetRates;
    expect(rates).toEqual({ USD: 150, EUR: 162.5 });
  });

  it('reports every bad rate at its line and column, with a suggestion for a misspelt code', async () => {
    const found = await problems('budgetRates:\n  USD: -1\n  EUR: lots\n  usd: 150\n  EURO: 162\n  US$: 150\n');
    expect(found).toEqual([
      '6:8 budgetRates.USD: a positive number: what one unit of this currency is worth in the shop currency',
      '7:8 budgetRates.EUR: a number: what one unit of this currency is worth in the shop currency, e.g. 150',
      '8:3 budgetRates.usd: not an ISO 4217 currency code in capitals, e.g. USD (did you mean "USD"?)',
      '9:3 budgetRates.EURO: not an ISO 4217 currency code in capitals, e.g. USD (did you mean "EUR"?)',
      '10:3 budgetRates.US$: not an ISO 4217 currency code in capitals, e.g. USD (did you mean "USD"?)',
    ]);
  });

  it('refuses a rate for the shop currency itself', async () => {
    expect(await problems('budgetRates:\n  USD: 150\n  JPY: 1\n')).toEqual([
      '7:3 budgetRates.JPY: JPY is the shop currency (shop.currency); rates are for other currencies',
    ]);
  });

  it('names the file in the message', async () => {
    const dir = shop('budgetRates: { JPY: 1 }\n');
    await expect(loadShopConfig(dir)).rejects.toThrow(/kaiwa\.yaml:5:16: budgetRates\.JPY: JPY is the shop currency/);
  });
});
