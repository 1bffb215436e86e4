import { describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load-config.js';
import { taxRules } from '../../src/modules/orders/tax.js';
import { configShops } from '../support/config-shop.js';

const { shop, problems } = configShops('tax-config');

describe('kaiwa.yaml tax', () => {
  it('reads the example shop’s Japanese rates and a US shop’s state rates', async () => {
    const japan = await loadShopConfig('examples/shop');
    expect(japan.shop.tax).toEqual({
      prices: 'inclusive',
      classes: { standard: 10, reduced: 8 },
      default: 'standard',
      byTag: { tea: 'reduced' },
      shipping: 'standard',
      regions: {},
    });
    const us = await loadShopConfig(
      shop(
        [
          'shipping:',
          '  zones: [{ id: us, countries: [US], flat: "5.00" }]',
          'tax:',
          '  prices: exclusive',
          '  classes: { standard: 0 }',
          '  regions: { US-CA: 7.25, US-NY: { standard: 8.875 } }',
          '  defaultRegion: US-CA',
          '',
        ].join('\n'),
        'USD',
      ),
    );
    expect(taxRules(us.shop.tax!)).toMatchObject({
      prices: 'exclusive',
      defaultClass: 'standard',
      defaultRegion: 'US-CA',
    });
  });

  it('reports a bad mode, rates out of range or too precise, a tag in capitals and a bad region, at line:col', async () => {
    const found = await problems(
      shop(
        [
          'shipping:', // 5
          '  zones: [{ id: japan, countries: [JP], flat: 500 }]',
          'tax:',
          '  prices: included', // 8
          '  classes: { standard: 100, reduced: 8.8751, zero: -1 }', // 9
          '  byTag: { Teaware: standard }', // 10
          '  regions: { us-ca: 7 }', // 11
          '',
        ].join('\n'),
      ),
    );
    expect(found).toEqual([
      expect.stringMatching(/^8:\d+ tax\.prices: inclusive \(prices include tax, as in Japan\) or exclusive/),
      expect.stringMatching(/^9:\d+ tax\.classes\.standard: a rate in percent from 0 to below 100/),
      expect.stringMatching(/^9:\d+ tax\.classes\.reduced: at most three decimals, e\.g\. 8\.875/),
      expect.stringMatching(/^9:\d+ tax\.classes\.zero: a rate in percent from 0 to below 100/),
      expect.stringMatching(/^10:\d+ tax\.byTag\.Teaware: a catalog tag, in lower case/),
      expect.stringMatching(/^11:\d+ tax\.regions\.us-ca: a country \(US\) or a country and state as ISO 3166-2/),
    ]);
  });

  it('names the classes a misspelt one could be, and a default region outside the shipping country', async () => {
    const found = await problems(
      shop(
        [
          'shipping:', // 5
          '  zones: [{ id: japan, countries: [JP], flat: 500 }]',
          'tax:',
          '  prices: inclusive',
          '  classes: { standard: 10, reduced: 8 }',
          '  default: standrd', // 10
          '  byTag: { tea: food }', // 11
          '  shipping: postage', // 12
          '  regions: { JP: { reduce: 8 } }', // 13
          '  defaultRegion: US-CA', // 14
          '',
        ].join('\n'),
      ),
    );
    expect(found).toEqual([
      expect.stringMatching(
        /^10:\d+ tax\.default: "standrd" is not a tax class; tax\.classes has standard, reduced \(did you mean "standard"\?\)/,
      ),
      expect.stringMatching(/^12:\d+ tax\.shipping: "postage" is not a tax class/),
      expect.stringMatching(/^11:\d+ tax\.byTag\.tea: "food" is not a tax class/),
      expect.stringMatching(/^13:\d+ tax\.regions\.JP\.reduce: "reduce" is not a tax class.*did you mean "reduced"/),
      expect.stringMatching(/^14:\d+ tax\.defaultRegion: US-CA is not in JP, where orders ship by default/),
    ]);
  });
});
