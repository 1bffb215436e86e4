import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load-config.js';
import { SourceValidationError } from '../../src/core/index.js';

const root = mkdtempSync(join(tmpdir(), 'kaiwa-synonyms-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let shops = 0;
/** A shop folder whose kaiwa.yaml is a USD shop followed by `extra`. */
function shop(extra: string): string {
  const dir = join(root, `shop-${++shops}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'kaiwa.yaml'), `shop:\n  name: Test\n  currency: USD\n  locales: [en, ja]\n${extra}`);
  return dir;
}

async function problems(extra: string): Promise<string[]> {
  const error = await loadShopConfig(shop(extra)).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(SourceValidationError);
  return (error as SourceValidationError).issues.map(
    (issue) => `${issue.pos.line}:${issue.pos.column} ${issue.message}`,
  );
}

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
