import { describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load-config.js';
import { promotionRules } from '../../src/modules/orders/promotions.js';
import { configShops } from '../support/config-shop.js';

const { shop, problems } = configShops('promotions-config');

describe('kaiwa.yaml promotions', () => {
  it('reads the example shop’s SAWA10, and codes and offers into minor units and instants in the shop’s time zone', async () => {
    const example = await loadShopConfig('examples/shop');
    expect(example.shop.promotions).toEqual([{ code: 'SAWA10', percent: 10, minSpend: 3000, perShopper: 1 }]);
    const usd = await loadShopConfig(
      shop(
        [
          'shipping:',
          '  zones: [{ id: us, countries: [US], flat: "5.00" }]',
          'promotions:',
          '  - { code: save5, amount: "5.00", until: 2026-12-31 }',
          '  - { code: SHIPFREE, freeShipping: true, from: "2026-12-01T09:00", firstOrderOnly: true }',
          '  - { id: weekend, auto: true, days: [sat, sun], percent: 5, name: { en: Weekend deal } }',
          '',
        ].join('\n'),
        'USD',
      ),
    );
    const rules = promotionRules(usd.shop.promotions, 'USD', 'America/Los_Angeles');
    expect(rules.codes.get('SAVE5')).toMatchObject({ amount: 500, until: Date.parse('2027-01-01T08:00:00Z') });
    expect(rules.codes.get('SHIPFREE')).toMatchObject({
      freeShipping: true,
      firstOrderOnly: true,
      from: Date.parse('2026-12-01T17:00:00Z'),
    });
    expect(rules.auto).toMatchObject([{ key: 'weekend', percent: 5, days: new Set([6, 0]) }]);
  });

  it('reports each problem where it is written: the fields…', async () => {
    expect(
      await problems(
        shop(
          [
            'promotions:', // 5
            '  - { code: SAWA10, percent: 10.5 }', // 6
            '  - { code: "no spaces", amount: 300 }', // 7
            '  - { code: BAD, amount: 300, until: 2026-13-01, days: [wednesday] }', // 8
            '',
          ].join('\n'),
        ),
      ),
    ).toEqual([
      '6:30 promotions.0.percent: a whole percent from 1 to 100',
      '7:13 promotions.1.code: a code of 2 to 32 letters, digits, - or _, e.g. SAWA10',
      '8:38 promotions.2.until: a date (2026-12-01) or a date and time (2026-12-01T10:00), in the shop’s time zone',
      '8:57 promotions.2.days.0: a weekday: mon, tue, wed, thu, fri, sat or sun',
    ]);
  });

  it('…and what the entries need of each other and of the shop', async () => {
    expect(
      await problems(
        shop(
          [
            'promotions:', // 5
            '  - { code: SAWA10, percent: 10 }', // 6
            '  - { code: sawa10, amount: 300, percent: 5 }', // 7
            '  - { code: FREE, freeShipping: true }', // 8
            '  - { code: LATER, amount: 1, from: 2026-12-10, until: 2026-12-01 }', // 9
            '  - { code: WED, percent: 5, days: [wed] }', // 10
            '  - { auto: true, percent: 5, totalUses: 3 }', // 11
            '  - { code: NOTHING }', // 12
            '  - { code: HALF, amount: "1.5" }', // 13
            '  - { id: wed, code: AUTO1, auto: true, percent: 5 }', // 14
            '',
          ].join('\n'),
        ),
      ),
    ).toEqual([
      '7:29 promotions.1.amount: percent or amount, not both',
      '7:13 promotions.1.code: sawa10 is already promotions.0',
      '8:33 promotions.2.freeShipping: the shop has no shipping: to make free',
      '9:56 promotions.3.until: 2026-12-01 is not after from (2026-12-10)',
      '10:36 promotions.4.days: weekdays are for automatic offers (auto: true)',
      '11:5 promotions.5: an automatic offer (auto: true) needs an id, e.g. id: wednesday',
      '11:42 promotions.5.totalUses: use limits are for codes; an automatic offer applies to every cart that fits',
      '12:5 promotions.6: say what it gives: percent, amount or freeShipping: true',
      '13:27 promotions.7.amount: JPY has 0 decimals; write minor units (500) or a decimal it has',
      '14:22 promotions.8.code: an automatic offer (auto: true) has no code; give it an id',
    ]);
  });
});
