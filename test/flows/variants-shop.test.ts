import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureShop } from '../support/fixture-shop.js';
import { runConversationTests } from '../../src/testing/run-conversation-tests.js';

// An apparel shop in US dollars: the example shop's flow with a synthetic catalog of products with
// options, and conversation tests that shop them as a shopper would (`kaiwa test` runs the same).
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-variants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
fixtureShop(dir);
writeFileSync(
  join(dir, 'catalog.csv'),
  [
    'id,parent,title_en,title_ja,description_en,price,currency,stock,tags,option_color,option_size,compare_at_price',
    'op-black-s,harbor-one-piece,Harbor One-Piece,ハーバー ワンピース水着,A classic one-piece swimsuit.,49.00,USD,3,swimwear|onepiece,Black,S,',
    'op-black-m,harbor-one-piece,,,,49.00,USD,2,,Black,M,',
    'op-black-l,harbor-one-piece,,,,49.00,USD,0,,Black,L,',
    'op-navy-s,harbor-one-piece,,,,54.00,USD,4,,Navy,S,',
    'op-navy-m,harbor-one-piece,,,,54.00,USD,1,,Navy,M,',
    'op-navy-l,harbor-one-piece,,,,54.00,USD,0,,Navy,L,',
    'kt-4,kids-tee,Kids Tee,キッズTシャツ,A soft cotton tee for kids.,18.00,USD,5,kids|tee,,4,',
    'kt-6,kids-tee,,,,18.00,USD,5,,,6,',
    'kt-8,kids-tee,,,,18.00,USD,5,,,8,',
    'kt-10,kids-tee,,,,20.00,USD,5,,,10,',
    'kt-12,kids-tee,,,,20.00,USD,5,,,12,',
    'wet-bag,,Wet Bag,ウェットバッグ,A waterproof bag for wet swimsuits.,15.00,USD,9,bag,,,',
    '',
  ].join('\n'),
);
const test = (name: string, body: string) => writeFileSync(join(dir, 'tests', name), body);
cpSync('examples/shop/tests/02-greeting-en.yaml', join(dir, 'tests', '00-greeting.yaml'));
test(
  '01-choose-options-en.yaml',
  `name: choose a colour, then a size; sold-out sizes are named, not offered; typing a value picks it
steps:
  - say: show me a one-piece swimsuit
    expect:
      cards: [{ id: harbor-one-piece, price: 4900 }]
  - press: { label: Choose options, product: harbor-one-piece }
    expect:
      text: [Which Color would you like for “Harbor One-Piece”?]
      buttons: [Black, Navy]
  - press: Navy
    expect:
      text: [Which Size would you like, "Sold out: L"]
      buttons: [S, M]
  - say: m
    expect:
      text: [Added “Harbor One-Piece (Navy / M)” to your cart ($54.00)]
  - press: View cart
    expect:
      text: [・Harbor One-Piece (Navy / M) × 1  $54.00]
      buttons: ['Remove: Harbor One-Piece (Navy / M)']
  - press: Check out
    expect:
      paymentLink: true
      order: awaiting_payment
  - pay: true
    expect:
      order: paid
`,
);
test(
  '02-pinned-variant-en.yaml',
  `name: naming every option ("black, size M") shows that variant, added with one press
steps:
  - say: a black one-piece in size M
    expect:
      cards: [{ id: op-black-m, price: 4900 }]
  - press: { label: Add to cart, product: op-black-m }
    expect:
      text: [Added “Harbor One-Piece (Black / M)”]
`,
);
test(
  '03-typed-size-number.yaml',
  `name: in a size step, typing 4 is size 4, not the fourth button; typing 2 where no value is 2 picks the second
steps:
  - say: kids tee
    expect:
      cards: [{ id: kids-tee, price: 1800 }]
  - press: { label: Choose options, product: kids-tee }
    expect:
      buttons: ['4', '6', '8', '10', '12']
  - say: '4'
    expect:
      text: [Added “Kids Tee (4)” to your cart ($18.00)]
  - press: { label: Keep shopping }
  - say: kids tee
  - press: { label: Choose options, product: kids-tee }
  - say: '2'
    expect:
      text: [Added “Kids Tee (6)”]
`,
);
test(
  '04-japanese.yaml',
  `name: 「Mサイズの黒」で黒のMが出て、言語は日本語のまま
steps:
  - say: こんにちは
  - say: Mサイズの黒のワンピース
    expect:
      cards: [{ id: op-black-m, price: 4900 }]
      buttons: [カートに入れる]
  - say: OK
    expect:
      notText: [Sorry]
`,
);

describe('shopping products with options (an apparel shop in USD)', async () => {
  const outcomes = await runConversationTests(dir);
  it('runs every test', () => expect(outcomes.map((outcome) => outcome.file.split('/').pop())).toHaveLength(5));
  it.each(outcomes.map((outcome) => [outcome.name, outcome] as const))('%s', (_name, outcome) => {
    expect(outcome.failure).toBeUndefined();
  });
});
