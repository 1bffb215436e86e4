import { describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load-config.js';
import { SourceValidationError } from '../../src/core/index.js';
import { configShops } from '../support/config-shop.js';

const { shop } = configShops('shipping-config');

describe('kaiwa.yaml shipping', () => {
  it('reads zones as written', async () => {
    const config = await loadShopConfig(
      shop('shipping:\n  zones:\n    - { id: japan, countries: [JP], flat: 500, freeFrom: 5000 }\n'),
    );
    expect(config.shop.shipping).toEqual({ zones: [{ id: 'japan', countries: ['JP'], flat: 500, freeFrom: 5000 }] });
  });

  it('reports a country in two zones, decimals the currency lacks and a default country in no zone, at line:col', async () => {
    const error = await loadShopConfig(
      shop(
        [
          'shipping:',
          '  zones:',
          '    - { id: japan, countries: [JP], flat: "5.5" }',
          '    - { id: again, countries: [KR, JP], flat: 900 }',
          '  defaultCountry: US',
          '',
        ].join('\n'),
      ),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceValidationError);
    const found = (error as SourceValidationError).issues.map(
      (issue) => `${issue.pos.line}:${issue.pos.column} ${issue.message}`,
    );
    expect(found).toEqual([
      expect.stringMatching(/^7:\d+ .*JPY has 0 decimals/),
      expect.stringMatching(/^8:\d+ .*JP is already in zone "japan"/),
      expect.stringMatching(/^9:\d+ .*US is in no shipping zone/),
    ]);
  });
});
