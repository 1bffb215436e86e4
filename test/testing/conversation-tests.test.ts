import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogFile } from '../../src/catalog/load-catalog.js';
import { runConversationTests, type TestOutcome } from '../../src/testing/run-conversation-tests.js';

// Inside the repository, so the shop's actions.ts resolves `kaiwajs/core` as it does where kaiwa is installed.
mkdirSync('tmp', { recursive: true });
const work = mkdtempSync(join(process.cwd(), 'tmp', 'conversation-tests-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the example shop whose tests folder holds exactly `files`. */
function shopWith(files: Record<string, string>): string {
  const shop = mkdtempSync(join(work, 'shop-'));
  cpSync('examples/shop', shop, {
    recursive: true,
    filter: (source) => !source.includes(join('examples', 'shop', 'tests')),
  });
  mkdirSync(join(shop, 'tests'));
  for (const [name, source] of Object.entries(files)) writeFileSync(join(shop, 'tests', name), source);
  return shop;
}

function kaiwa(...args: string[]) {
  return spawnSync(process.execPath, ['bin/kaiwa.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
}

// "Show recommendations" without a query puts the catalog's featured product first.
const featured = 'tea-sencha-uji';
const price = (await loadCatalogFile('examples/shop/catalog.csv')).find((product) => product.id === featured)?.price;
const recommend = '  - say: hi\n  - press: Show recommendations\n';
const handoff = '  - say: hi\n  - say: I want to talk to a person\n';
const cart = `${recommend}  - press: { label: Add to cart, product: ${featured} }\n  - press: View cart\n`;

const files: Record<string, string> = {
  '01-cards.yaml': `name: cards pass\nsteps:\n${recommend}    expect:\n      cards: [{ id: ${featured}, price: ${price?.amount} }]\n      products: [${featured}]\n      handoff: false\n`,
  '02-handoff.yaml': `name: handoff passes\nsteps:\n${handoff}    expect:\n      handoff: true\n      noProducts: true\n      state: human\n`,
  '03-wrong-price.yaml': `name: wrong price\nsteps:\n${recommend}    expect:\n      cards: [{ id: ${featured}, price: 1 }]\n`,
  '04-missing-card.yaml': `name: missing card\nsteps:\n${recommend}    expect:\n      cards: [{ id: ware-tea-strainer }]\n`,
  '05-no-products.yaml': `name: no products fails\nsteps:\n${recommend}    expect:\n      noProducts: true\n`,
  '06-no-handoff.yaml': `name: handoff expected\nsteps:\n  - say: hi\n    expect:\n      handoff: true\n`,
  '07-handoff-unwanted.yaml': `name: handoff unwanted\nsteps:\n${handoff}    expect:\n      handoff: false\n`,
  '08-broken-syntax.yaml': 'name: broken\nsteps:\n  - say: [hi\n',
  '09-broken-schema.yaml': 'name: misspelt\nsteps:\n  - say: hi\n    expect:\n      noproducts: true\n',
  '10-after-broken.yaml': `name: runs after the broken files\nsteps:\n  - say: hi\n    expect:\n      noProducts: true\n      buttons: [Show recommendations]\n`,
  // LINE shortens button labels to 20 characters; without a channel the label is whole.
  '11-line-channel.yaml': `name: line labels\nchannel: line\nsteps:\n${cart}    expect:\n      buttons: ["Remove: Uji Sencha …"]\n`,
  '12-no-channel.yaml': `name: whole labels\nsteps:\n${cart}    expect:\n      buttons: ["Remove: Uji Sencha Yabukita"]\n`,
  '13-line-channel-whole-label.yaml': `name: line labels fail\nchannel: line\nsteps:\n${cart}    expect:\n      buttons: ["Remove: Uji Sencha Yabukita"]\n`,
};

describe('runConversationTests with the new expectations', () => {
  let shop: string;
  let outcomes: TestOutcome[];
  const outcome = (file: string) => {
    const found = outcomes.find((item) => item.file.endsWith(file));
    if (!found) throw new Error(`no outcome for ${file}`);
    return found;
  };
  beforeAll(async () => {
    shop = shopWith(files);
    outcomes = await runConversationTests(shop);
  }, 120_000);

  it('returns one outcome per file, broken files included, in file order', () => {
    expect(price?.currency).toBe('JPY');
    expect(outcomes.map((item) => item.file.split('/').at(-1))).toEqual(Object.keys(files));
  });

  it('passes cards with their catalog price, products, handoff and noProducts when they hold', () => {
    expect(outcome('01-cards.yaml')).toEqual({ name: 'cards pass', file: expect.any(String) });
    expect(outcome('02-handoff.yaml').failure).toBeUndefined();
    expect(outcome('10-after-broken.yaml').failure).toBeUndefined();
  });

  it('says what price was expected and what the card shows', () => {
    expect(outcome('03-wrong-price.yaml').failure).toMatch(
      new RegExp(
        `03-wrong-price\\.yaml:4: expected product card ${featured} to show price 1 \\(minor units\\), it shows ${price?.amount} JPY`,
      ),
    );
  });

  it('says which card was expected and which were shown', () => {
    expect(outcome('04-missing-card.yaml').failure).toMatch(
      new RegExp(`04-missing-card\\.yaml:4: expected a product card ware-tea-strainer \\(cards shown: .*${featured} `),
    );
  });

  it('fails noProducts with the cards that were shown', () => {
    expect(outcome('05-no-products.yaml').failure).toMatch(
      new RegExp(
        `05-no-products\\.yaml:4: expected no product card, but cards were shown: .*${featured} ${price?.amount} JPY`,
      ),
    );
  });

  it('fails handoff: true without a handoff reply, and handoff: false with one', () => {
    expect(outcome('06-no-handoff.yaml').failure).toMatch(
      /06-no-handoff\.yaml:3: expected a handoff to a person, but no reply hands off \(reply types: [a-z, ]+\)/,
    );
    expect(outcome('07-handoff-unwanted.yaml').failure).toMatch(
      /07-handoff-unwanted\.yaml:4: expected no handoff, but the conversation was handed to a person \(reason: ".+"\)/,
    );
  });

  it('reports a broken file as file:line:col, named after the file, and runs the others', () => {
    const syntax = outcome('08-broken-syntax.yaml');
    expect(syntax.name).toBe('08-broken-syntax.yaml');
    expect(syntax.failure).toMatch(/^\S*tests\/08-broken-syntax\.yaml:4:1: /);
    const schema = outcome('09-broken-schema.yaml');
    expect(schema.name).toBe('09-broken-schema.yaml');
    expect(schema.failure).toMatch(
      /^\S*tests\/09-broken-schema\.yaml:5:7: steps\.0\.expect: unknown field "noproducts" \(did you mean "noProducts"\?\)$/,
    );
  });

  it('checks the replies as the channel of the test shows them', () => {
    expect(outcome('11-line-channel.yaml').failure).toBeUndefined();
    expect(outcome('12-no-channel.yaml').failure).toBeUndefined();
    expect(outcome('13-line-channel-whole-label.yaml').failure).toMatch(
      /:7: expected a button "Remove: Uji Sencha Yabukita" \(offered: .*Remove: Uji Sencha …\)/,
    );
  });

  it('kaiwa test prints the broken file as a failure and exits 1', () => {
    const run = kaiwa(
      'test',
      shopWith({ '01-broken.yaml': files['08-broken-syntax.yaml']!, '02-ok.yaml': files['10-after-broken.yaml']! }),
    );
    expect(run.stdout).toMatch(/✗ 01-broken\.yaml\n {2}\S*tests\/01-broken\.yaml:4:1: /);
    expect(run.stdout).toContain('✓ runs after the broken files');
    expect(run.stdout).toContain('1 passed, 1 failed');
    expect(run.status).toBe(1);
  });
});

describe('kaiwa validate and tests/*.yaml', () => {
  it('reports a broken test file and an unknown product id as file:line:col, with the other problems', () => {
    const shop = shopWith({
      'broken.yaml': 'name: broken\nsteps:\n  - say: [hi\n',
      'typo.yaml': `name: typo\nsteps:\n  - say: hi\n    expect:\n      cards: [{ id: tea-sencha-uj }]\n`,
    });
    writeFileSync(join(shop, 'faq.yaml'), 'entries: [\n');
    const run = kaiwa('validate', shop);
    expect(run.status).toBe(1);
    const tests = relative(process.cwd(), join(shop, 'tests'));
    const lines = run.stderr.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${tests}/broken\\.yaml:4:1: `)));
    expect(lines).toContain(
      `${tests}/typo.yaml:5:21: steps.0.expect.cards.0.id: unknown product id "tea-sencha-uj" (did you mean "tea-sencha-uji"?)`,
    );
    expect(lines).toContainEqual(expect.stringMatching(/faq\.yaml:\d+:\d+: /));
    expect(run.stdout).not.toMatch(/^ok:/);
  });

  it('counts the tests in its ok line', () => {
    const run = kaiwa('validate', 'examples/shop');
    const count = readdirSync('examples/shop/tests').filter((name) => /\.ya?ml$/.test(name)).length;
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toMatch(new RegExp(`^ok: \\d+ states, \\d+ products, \\d+ FAQ entries, ${count} tests$`));
    expect(run.status).toBe(0);
  });
});
