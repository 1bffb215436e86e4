import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import type { Reply } from '../../src/core/index.js';
import { createApp } from '../../src/server/app.js';
import { runConversationTests } from '../../src/testing/run-conversation-tests.js';
import { fixtureShop } from '../support/fixture-shop.js';

// Two swimwear shops in US dollars on the example shop's flow: asked for what they do not sell,
// they say so in the shopper's language and offer what they have; one has tags to browse, the
// other none (it shows popular products). The first lists synonyms in kaiwa.yaml.
const root = mkdtempSync(join(tmpdir(), 'kaiwa-not-carried-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function shop(name: string, kaiwaYaml: (text: string) => string, catalog: string[], tests: Record<string, string>) {
  return fixtureShop(join(root, name), {
    kaiwaYaml,
    catalog,
    tests,
    faq: `entries:
  - id: returns
    questions:
      en: [What is your return policy?]
      ja: [返品できますか？]
    answer:
      en: Unworn swimwear can be returned within 30 days.
      ja: 未着用の水着は30日以内に返品できます。
`,
  });
}

const tagged = shop(
  'tagged',
  (yaml) => `${yaml}\nsynonyms:\n  - [swimsuit, swimwear, bathing suit]\n  - [ワンピース, onepiece, one-piece]\n`,
  [
    'id,title_en,title_ja,description_en,price,currency,stock,tags',
    'op-harbor,Harbor Onepiece,ハーバー ワンピース,Classic swimwear in one piece.,49.00,USD,3,swimwear|onepiece',
    'bk-tide,Tide Bikini,タイド ビキニ,A two-piece bikini.,39.00,USD,4,swimwear|bikini',
    'bk-reef,Reef Bikini,リーフ ビキニ,A bikini for the reef.,42.00,USD,2,swimwear|bikini',
    'bag-wet,Wet Bag,ウェットバッグ,A waterproof accessory for the beach.,15.00,USD,9,bag|accessory',
    'cap-sun,Sun Cap,サンキャップ,An accessory for sunny days.,20.00,USD,5,accessory',
  ],
  {
    '01-not-carried-en.yaml': `name: a shop without tents says so, and offers its most common categories as buttons
steps:
  - say: Hello
  - say: Do you have tents?
    expect:
      text: ["We don't carry “tents”. Here is what we have:"]
      buttons: [swimwear, accessory, bikini]
      noProducts: true
  - press: bikini
    expect:
      cards: [{ id: bk-tide, price: 3900 }, { id: bk-reef, price: 4200 }]
      notText: [We don't carry]
`,
    '02-not-carried-ja.yaml': `name: 日本語では「テント」は取り扱いがないと答え、カテゴリーを示す
steps:
  - say: こんにちは
  - say: テントが欲しいです
    expect:
      text: [「テント」は取り扱いがありません。こちらはいかがですか：]
      buttons: [swimwear, accessory, bikini]
      noProducts: true
`,
    '03-synonyms.yaml': `name: kaiwa.yaml synonyms find swimwear for "bathing suit" and the onepiece for "one-piece"
steps:
  - say: Hello
  - say: show me a bathing suit
    expect:
      products: [op-harbor, bk-tide, bk-reef]
      notText: [We don't carry]
  - say: do you have a one-piece?
    expect:
      cards: [{ id: op-harbor, price: 4900 }]
  - say: swimsuits please
    expect:
      products: [op-harbor, bk-tide, bk-reef]
`,
    '04-part-matched.yaml': `name: a request with a word the shop has and one it has not shows the match
steps:
  - say: Hello
  - say: show me a bikini umbrella
    expect:
      products: [bk-tide, bk-reef]
      notText: [We don't carry]
`,
  },
);

// kaiwa.yaml categories: chosen tags, in order, labelled per language (no English buttons in Japanese).
const labelled = shop(
  'labelled',
  (yaml) =>
    `${yaml}\ncategories:\n  - { tag: bikini, label: { en: Bikinis, ja: ビキニ } }\n  - { tag: swimwear, label: { en: All swimwear, ja: 水着 } }\n`,
  [
    'id,title_en,title_ja,description_en,price,currency,stock,tags',
    'op-harbor,Harbor Onepiece,ハーバー ワンピース,Classic swimwear in one piece.,49.00,USD,3,swimwear|onepiece',
    'bk-tide,Tide Bikini,タイド ビキニ,A two-piece bikini.,39.00,USD,4,swimwear|bikini',
    'bag-wet,Wet Bag,ウェットバッグ,A waterproof accessory for the beach.,15.00,USD,9,bag|accessory',
  ],
  {
    '01-labelled-en.yaml': `name: the shop's own categories, in its order and words
steps:
  - say: Hello
  - say: Do you have tents?
    expect:
      text: ["We don't carry “tents”. Here is what we have:"]
      buttons: [Bikinis, All swimwear]
      notText: [accessory]
  - press: Bikinis
    expect:
      cards: [{ id: bk-tide, price: 3900 }]
`,
    '02-labelled-ja.yaml': `name: 日本語の会話ではカテゴリーのボタンも日本語
steps:
  - say: こんにちは
  - say: テントが欲しいです
    expect:
      text: [「テント」は取り扱いがありません。こちらはいかがですか：]
      buttons: [ビキニ, 水着]
      noProducts: true
  - press: 水着
    expect:
      products: [op-harbor, bk-tide]
`,
  },
);

const untagged = shop(
  'untagged',
  (yaml) => yaml,
  [
    'id,title_en,title_ja,description_en,price,currency,stock,tags',
    'op-harbor,Harbor Onepiece,ハーバー ワンピース,A classic one-piece.,49.00,USD,3,featured',
    'bk-tide,Tide Bikini,タイド ビキニ,A two-piece bikini.,39.00,USD,8,',
    'bag-wet,Wet Bag,ウェットバッグ,A waterproof bag.,15.00,USD,1,',
  ],
  {
    '01-not-carried-popular.yaml': `name: without categories to offer, popular products follow, not presented as a match
steps:
  - say: Hello
  - say: do you have sunglasses?
    expect:
      text: ["We don't carry “sunglasses”. Here is what we have:"]
      cards: [{ id: op-harbor, price: 4900 }, { id: bk-tide, price: 3900 }, { id: bag-wet, price: 1500 }]
  - say: "'; DROP TABLE products; --"
    expect:
      text: ["We don't carry “drop table”. Here is what we have:"]
`,
  },
);

describe.each([
  ['a shop with tags and synonyms', tagged, 4],
  ['a shop naming its categories per language', labelled, 2],
  ['a shop without tags', untagged, 1],
])('asked for what it does not sell: %s', async (_name, dir, count) => {
  const outcomes = await runConversationTests(dir);
  it('runs every test', () => expect(outcomes).toHaveLength(count));
  it.each(outcomes.map((outcome) => [outcome.name, outcome] as const))('%s', (_test, outcome) => {
    expect(outcome.failure).toBeUndefined();
  });
});

describe('what the shopper is shown', () => {
  const kaiwas: Kaiwa[] = [];
  const open = async (dir: string) => {
    const data = mkdtempSync(join(root, 'db-'));
    const kaiwa = await createKaiwa({
      shopDir: dir,
      env: { DATABASE_URL: `sqlite://${join(data, 'kaiwa.db')}`, LOG_LEVEL: 'silent' },
      log: () => undefined,
    });
    kaiwas.push(kaiwa);
    const app = createApp(kaiwa.app);
    return async (user: string, text: string) => {
      const response = await app.request('/simulator/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, text }),
      });
      return ((await response.json()) as { replies: Reply[] }).replies;
    };
  };
  const reasons = (replies: Reply[]) =>
    replies.flatMap((reply) => (reply.type === 'products' ? reply.products.map((card) => card.reason) : []));
  let tagged: Awaited<ReturnType<typeof open>>;
  let untagged: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    tagged = await open(join(root, 'tagged'));
    untagged = await open(join(root, 'untagged'));
  });
  afterAll(async () => {
    for (const kaiwa of kaiwas) await kaiwa.close();
  });

  it('category buttons run a recommend for their tag, within Telegram’s 64 bytes', async () => {
    await tagged('u1', 'Hello');
    const replies = await tagged('u1', 'Do you have tents?');
    const notice = replies.find((reply) => reply.type === 'choices' && reply.text.startsWith('We don'));
    expect(notice).toEqual({
      type: 'choices',
      text: "We don't carry “tents”. Here is what we have:",
      choices: [
        { label: 'swimwear', payload: 'k1:do:recommend:swimwear', action: 'recommend' },
        { label: 'accessory', payload: 'k1:do:recommend:accessory', action: 'recommend' },
        { label: 'bikini', payload: 'k1:do:recommend:bikini', action: 'recommend' },
      ],
    });
    expect(reasons(replies)).toEqual([]);
  });

  it('stand-ins say they are not a match; matches name the words they matched, a synonym as written', async () => {
    await untagged('u2', 'Hello');
    expect(reasons(await untagged('u2', 'do you have sunglasses?'))).toEqual([
      'Not a match, but featured by the shop; in stock',
      'Not a match, but ready to ship; in stock',
      'Not a match, but ready to ship; in stock',
    ]);
    await tagged('u3', 'Hello');
    expect(reasons(await tagged('u3', 'show me a bathing suit'))).toEqual([
      'Matches “bathing suit”; in stock',
      'Matches “bathing suit”; in stock',
      'Matches “bathing suit”; in stock',
    ]);
    expect(reasons(await tagged('u3', 'show me a bikini umbrella'))).toEqual([
      'Matches “bikini”; in stock',
      'Matches “bikini”; in stock',
    ]);
  });
});
