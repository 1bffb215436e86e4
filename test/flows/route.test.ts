import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { flowsFromSources } from '../../src/flows/index.js';
import { carriesNoRequest, scoreIntents } from '../../src/flows/classify.js';
import { decideRoute, describeRoute, routeNote, type RouteCandidate } from '../../src/flows/route.js';
import { createApp } from '../../src/server/app.js';
import { fixtureShop } from '../support/fixture-shop.js';
import { runConversationTests } from '../../src/testing/run-conversation-tests.js';

// A second merchant's shop (swimwear, USD) with the words that went wrong when the first match
// won: an FAQ paraphrase sharing a product word, keywords inside longer words and sentences.
const dir = mkdtempSync(join(tmpdir(), 'kaiwa-route-'));
fixtureShop(dir, {
  // The merchant's own handoff words: a bare "staff" and "a person".
  flow: (yaml) => yaml.replace('en: [human, an agent,', 'en: [staff, a person, human, an agent,'),
});
writeFileSync(
  join(dir, 'faq.yaml'),
  `entries:
  - id: swimsuit-care
    questions:
      en: [How do I wash my swimsuit?, How should I care for swimwear?, Can swimsuits go in the dryer?]
      ja: [水着の洗い方は？, 水着はどう洗えばいいですか]
    answer:
      en: Rinse in cold water after every swim and dry flat in the shade.
      ja: 泳いだあとは水で手洗いし、陰干ししてください。
  - id: payment-methods
    questions:
      en: [What payment methods do you accept?, Can I pay by credit card?]
      ja: [支払い方法を教えてください, クレジットカードは使えますか, 使える支払い方法は？]
    answer:
      en: We accept credit cards, Apple Pay and PayPay.
      ja: クレジットカード、Apple Pay、PayPayがご利用いただけます。
`,
);
writeFileSync(
  join(dir, 'catalog.csv'),
  [
    'id,title_en,title_ja,description_en,price,currency,stock,tags',
    'sw-harbor,Harbor One-Piece Swimsuit,ハーバー ワンピース水着,A classic one-piece swimsuit.,49.00,USD,3,swimwear|swimsuit',
    'sw-tide,Tide Bikini Swimsuit,タイド ビキニ水着,A two-piece swimsuit.,39.00,USD,4,swimwear|swimsuit',
    'bag-wet,Wet Bag,ウェットバッグ,A waterproof bag.,15.00,USD,9,bag',
    '',
  ].join('\n'),
);
const test = (name: string, body: string) => writeFileSync(join(dir, 'tests', name), body);
cpSync('examples/shop/tests/02-greeting-en.yaml', join(dir, 'tests', '00-greeting.yaml'));
test(
  '01-product-not-faq.yaml',
  `name: '"a swimsuit" is a product request, though an FAQ paraphrase says swimsuit'
steps:
  - say: Hello
  - say: a swimsuit
    expect:
      products: [sw-harbor]
      notText: [Rinse in cold water]
`,
);
test(
  '02-faq-not-products.yaml',
  `name: a care question gets the care answer, not cards
steps:
  - say: Hello
  - say: How should I wash my swimsuit?
    expect:
      text: [Rinse in cold water]
      noProducts: true
`,
);
test(
  '03-staff-question.yaml',
  `name: a question that mentions staff is not a request for a person; asking for one is
steps:
  - say: Hello
  - say: Is your staff knowledgeable about swimwear sizing and the best fit for my body?
    expect:
      handoff: false
      buttons: [Talk to a person]
  - say: I want to talk to a person
    expect:
      handoff: true
`,
);
test(
  '04-japanese-compounds.yaml',
  `name: 「クレジットカード」は「レジ」ではなく、「支払い方法」は「支払い」ではない
steps:
  - say: こんにちは
  - say: クレジットカードは使えますか
    expect:
      text: [クレジットカード、Apple Pay]
      paymentLink: false
  - say: 支払い方法を教えてください
    expect:
      text: [クレジットカード、Apple Pay]
`,
);

describe('one router weighs every candidate (a swimwear shop)', async () => {
  const outcomes = await runConversationTests(dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('runs every test', () => expect(outcomes).toHaveLength(5));
  it.each(outcomes.map((outcome) => [outcome.name, outcome] as const))('%s', (_name, outcome) => {
    expect(outcome.failure).toBeUndefined();
  });
});

describe('the decision is in the turn trace', () => {
  let kaiwa: Kaiwa;
  const data = mkdtempSync(join(tmpdir(), 'kaiwa-route-db-'));
  beforeAll(async () => {
    kaiwa = await createKaiwa({
      shopDir: 'examples/shop',
      env: { DATABASE_URL: `sqlite://${join(data, 'kaiwa.db')}`, LOG_LEVEL: 'silent' },
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await kaiwa.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('keeps every candidate with its score and what matched, and which one was chosen', async () => {
    const app = createApp(kaiwa.app);
    const send = (text: string) =>
      app.request('/simulator/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'route-1', text }),
      });
    expect((await send('こんにちは')).status).toBe(200);
    expect((await send('3000円以下の緑茶')).status).toBe(200);
    const conversation = (await (await app.request('/simulator/api/conversations/route-1')).json()) as {
      messages: { direction: string; trace?: { route?: { chosen: string; candidates: RouteCandidate[] } } }[];
    };
    const routes = conversation.messages.flatMap((message) => (message.trace?.route ? [message.trace.route] : []));
    const last = routes.at(-1)!;
    expect(last.chosen).toBe('catalog products');
    expect(last.candidates[0]).toMatchObject({ kind: 'catalog', name: 'products', score: 0.85 });
    expect(last.candidates[0]!.matched).toContain('maxPrice');
  });
});

describe('scores', () => {
  const definition = flowsFromSources(
    [
      {
        file: 'f.yaml',
        source: `id: f
initial: a
intents:
  human: { keywords: { en: [staff, talk to a person], ja: [担当者] } }
  checkout: { keywords: { ja: [支払い, レジ] } }
states:
  a: { say: hi }
`,
      },
    ],
    { locales: ['en', 'ja'], actions: [], guards: [] },
  );

  it('a keyword counts by the share of the message it covers', () => {
    const score = (text: string, locale = 'en') => scoreIntents(definition, text, locale)[0]?.score ?? 0;
    expect(score('staff')).toBe(0.95);
    expect(score('I want to talk to a person')).toBe(0.95);
    expect(score('担当者と話したいです', 'ja')).toBe(0.95);
    expect(score('Is your staff knowledgeable about swimwear sizing and the best fit for my body?')).toBeLessThan(0.5);
    expect(score('担当者と話したい、合言葉は quokka-tangerine', 'ja')).toBe(0.95);
    expect(score('クレジットカードは使えますか', 'ja')).toBe(0);
    expect(score('支払い方法を教えてください', 'ja')).toBe(0);
    expect(score('支払いをお願いします', 'ja')).toBeGreaterThan(0.5);
    // Particles and inflections are not words: 見せて weighs what カート does in 「カートの中身を見せて」.
    expect(score('担当者の方と話したいのですが', 'ja')).toBe(0.95);
  });

  it('an acknowledgement or a message without letters is no request for an FAQ answer or a product', () => {
    for (const text of [
      'OK',
      'ok!',
      'Thanks',
      'thank you.',
      'はい',
      'ありがとうございます！',
      '了解です',
      '12',
      '!!',
      '👍',
    ])
      expect(carriesNoRequest(text), text).toBe(true);
    for (const text of ['OK, any green tea?', 'ok matcha', 'はい、抹茶をください', '12 cups', 'L'])
      expect(carriesNoRequest(text), text).toBe(false);
  });

  it('picks the score clearly ahead; a near-tie goes by the flow order; too little evidence abstains', () => {
    const faq = (score: number): RouteCandidate => ({ kind: 'faq', name: 'care', score });
    const catalog = (score: number): RouteCandidate => ({ kind: 'catalog', name: 'products', score });
    const intent = (score: number): RouteCandidate => ({ kind: 'intent', name: 'human', score });
    expect(decideRoute([faq(0.6), catalog(0.9)])?.kind).toBe('catalog');
    expect(decideRoute([faq(0.93), intent(0.95)])?.kind).toBe('intent');
    expect(decideRoute([faq(0.95), intent(0.92)])?.kind).toBe('intent');
    expect(decideRoute([faq(0.95), intent(0.6)])?.kind).toBe('faq');
    expect(decideRoute([catalog(0.45)])).toBeUndefined();
    // The recommend intent asks for products: in a near-tie it yields as the catalog does.
    const browse = (score: number): RouteCandidate => ({ kind: 'intent', name: 'recommend', score });
    expect(decideRoute([browse(0.95), { kind: 'intent', name: 'cart', score: 0.95 }])?.name).toBe('cart');
    expect(decideRoute([browse(0.7), faq(0.72)])?.kind).toBe('faq');
    expect(decideRoute([browse(0.7)])?.name).toBe('recommend');
    expect(decideRoute([])).toBeUndefined();
    const note = routeNote([catalog(0.312), faq(0.62)], faq(0.62));
    expect(describeRoute(note)).toBe('→ faq care: faq care 0.62; catalog products 0.31; intent none');
  });
});
