import { describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load-config.js';
import { configShops } from '../support/config-shop.js';

const { shop: makeShop, problems: problemsIn } = configShops('synonyms');
const shop = (extra: string) => makeShop(extra, 'USD', ['en', 'ja']);
const problems = (extra: string) => problemsIn(shop(extra));

describe('kaiwa.yaml synonyms', () => {
  it('defaults to none, and reads groups as given', async () => {
    expect((await loadShopConfig(shop(''))).shop.synonyms).toEqual([]);
    const config = await loadShopConfig(
      shop('synonyms:\n  - [swimsuit, swimwear, bathing suit]\n  - [ワンピース, onepiece, one-piece]\n'),
    );
    expect(config.shop.synonyms).toEqual([
      ['swimsuit', 'swimwear', 'bathing suit'],
      ['ワンピース', 'onepiece', 'one-piece'],
    ]);
  });

  it('reports every bad group and member at its line and column', async () => {
    expect(
      await problems(
        [
          'synonyms:',
          '  - [swimsuit, swimwear]',
          '  - [tote]',
          '  - [bag, "", 12]',
          '  - [the, "!!!", Swimwear]',
          '  - swimsuit',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      '7:5 synonyms.1: a group of synonyms needs at least two words',
      '8:11 synonyms.2.1: an empty word',
      '8:15 synonyms.2.2: a word or phrase, e.g. swimsuit',
      '10:5 synonyms.4: a list of words that mean the same, e.g. [swimsuit, swimwear, bathing suit]',
    ]);
    expect(await problems('synonyms:\n  - [swimsuit, swimwear]\n  - [the, "!!!", Swimwear]\n')).toEqual([
      '7:6 synonyms.1.0: "the" is too common a word to match on its own',
      '7:11 synonyms.1.1: "!!!" has no letters or digits to match',
      '7:18 synonyms.1.2: "Swimwear" is already in group 1 (synonyms[0][1]): a word belongs to one group',
    ]);
    expect(await problems('synonyms: swimsuit\n')).toEqual([
      '5:11 synonyms: a list of groups of words, e.g. [[swimsuit, swimwear], [ワンピース, onepiece]]',
    ]);
  });
});
