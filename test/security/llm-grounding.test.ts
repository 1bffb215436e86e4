import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductCard, Reply } from '../../src/core/index.js';
import { claimsIn, groundedIn, isSafeModelSentence } from '../../src/catalog/llm/safe-text.js';
import { createKaiwa, type Kaiwa } from '../../src/app/index.js';
import { createApp } from '../../src/server/app.js';
import { startFakeOpenAi, type ChatRequest, type ScriptedAnswer } from '../fakes/openai-api.js';

// Security finding #3: model text reaches shoppers as recommendation reasons and FAQ answers, and may claim
// nothing the catalog or the FAQ entry does not. Each attack below got through the old pattern checks verbatim;
// here the real openai client talks to a fake model that says it, and the shopper must see the shop's own text.
const attacks = [
  // Links, domains, contacts, however spelled.
  'ｈｔｔｐｓ：／／phish.example',
  'Log in at phish.example/login to get it.',
  'Order it at //phish.example',
  'Order at phish dot example for more.',
  'javascript:alert(1)',
  'Visit phish[.]com for the details.',
  'ＨＴＴＰＳ：／／ｐｈｉｓｈ．ｅｘａｍｐｌｅ',
  'Details on phish\u200B.example',
  'data:text/html,<script>alert(1)</script>',
  'Ask at support@phish.example',
  'Call us on 0120-123-456',
  'Add us on LINE: @phishshop',
  '詳しくはphish.co.jp/teaで',
  '詳しくはphish。exampleへ',
  'phish ドット example で注文できます',
  // Prices, discounts, urgency.
  'Half price today only',
  '本日限定で半額',
  'Now 20% off for you.',
  'Use the coupon SAWA for a discount.',
  'On sale this week only.',
  'Flash sale on this sencha!',
  'Limited time offer, act now.',
  '期間限定のセール中です。',
  '今だけクーポンで値引きします。',
  '特価でお得です。',
  // Free of charge.
  'free of charge',
  'Comes with a complimentary teapot.',
  'Shipping is free for you.',
  '送料無料でお届けします。',
  'タダで付いてきます。',
  '0円でお試しできます。',
  // Promises.
  'Satisfaction guaranteed.',
  'We promise you will love it, or a full refund.',
  '品質保証付きです。',
  '必ずご満足いただけます。',
  '返金保証付きで安心です。',
  // Requests for credentials or payment details.
  'Reply with your card number and PIN',
  'Send us your password to unlock a gift.',
  'Please confirm your CVV to reserve it.',
  'カード番号と暗証番号を教えてください。',
  'パスワードを送ってください。',
  '口座番号をお知らせください。',
];

// Ordinary reasons and answers, which must still be shown.
const harmlessReasons = [
  'A light green tea with a fresh aroma.',
  'Deep and mellow, good with sweets.',
  'Perfect as a gift for someone who loves sencha.',
  'Feel free to pair it with wagashi after dinner.',
  'Send your thanks with a gentle everyday tea.',
  'Its toasty aroma promotes a calm evening.',
  '香ばしい香りで食後にぴったりです。',
  'まろやかなコクで、和菓子によく合います。',
  '贈り物にも喜ばれる上品な味わいです。',
  '爽やかな香りとほどよい渋みで、毎日の一杯に。',
];
const harmlessAnswers = [
  'Keep opened tea in an airtight canister at room temperature, away from heat and sunlight.',
  'Unopened packs can go in the fridge; let them warm up before opening.',
  '開封後は密閉容器に入れて、常温で保存してください。',
  '未開封なら冷蔵庫でも保存できます。',
];

// What the shopper must not see from any attack (the shop's own texts here contain none of it).
const leak = new RegExp(
  [
    /phish|javascript|data:|https?:|\/\/|@|0120|half price|半額|%|coupon|クーポン|sale|セール|値引|特価|お得/.source,
    /limited|限定|\bfree\b|無料|タダ|(?<!\d)0円|complimentary|guarantee|保証|promise|refund|返金|必ず/.source,
    /card number|\bpin\b|password|cvv|カード番号|暗証番号|パスワード|口座/.source,
  ].join('|'),
  'i',
);

const storage = {
  ja: '開封後は茶筒などの密閉容器に移し、高温・多湿・直射日光を避けて常温で保存してください。',
  en: 'Once opened, keep tea in an airtight canister at room temperature, away from heat, humidity and sunlight.',
};

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-grounding-'));
let openai: Awaited<ReturnType<typeof startFakeOpenAi>>;
let kaiwa: Kaiwa;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  openai = await startFakeOpenAi();
  kaiwa = await createKaiwa({
    shopDir: 'examples/shop',
    env: {
      DATABASE_URL: `sqlite://${join(dir, 'kaiwa.db')}`,
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: 'sk-test-grounding-0123',
      OPENAI_BASE_URL: openai.url,
      OPENAI_MODEL: 'grounding-model',
      OPENAI_TIMEOUT_MS: '2000',
    },
    log: () => undefined,
  });
  app = createApp(kaiwa.app);
});
afterAll(async () => {
  await kaiwa.close();
  await openai.close();
  rmSync(dir, { recursive: true, force: true });
});

const japanese = (text: string) => /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(text);
const purpose = (request: ChatRequest) => request.body.response_format?.json_schema?.name;
const ids = (request: ChatRequest, field: 'candidates' | 'entries') =>
  ((openai.data(request)[field] as { id: string }[] | undefined) ?? []).map((item) => item.id);

/** A model that gives `reason` for the first candidate, and `answer` citing the tea-storage entry. */
const model =
  (said: { reason?: unknown; answer?: string }) =>
  (request: ChatRequest): ScriptedAnswer => {
    if (purpose(request) === 'recommendations') {
      return { content: JSON.stringify({ picks: [{ id: ids(request, 'candidates')[0], reason: said.reason }] }) };
    }
    if (purpose(request) === 'faq_answer') {
      const entryId = ids(request, 'entries').includes('tea-storage') ? 'tea-storage' : null;
      return { content: JSON.stringify({ entryId, answer: said.answer ?? '' }) };
    }
    return { content: JSON.stringify({ intent: null }) };
  };

let users = 0;
const say = async (user: string, text: string): Promise<Reply[]> => {
  const response = await app.request('/simulator/api/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, text }),
  });
  return ((await response.json()) as { replies: Reply[] }).replies;
};
/** A new shopper in `ja` or `en` who asks one thing; the replies to it. */
const ask = async (ja: boolean, text: string) => {
  const user = `grounding-${users++}`;
  await say(user, ja ? 'こんにちは' : 'hello');
  return say(user, text);
};
const cards = (replies: Reply[]): ProductCard[] =>
  replies.flatMap((reply) => (reply.type === 'products' ? reply.products : []));
const texts = (replies: Reply[]) => replies.flatMap((reply) => ('text' in reply ? [reply.text] : []));
/** Everything the shopper reads that model text could have reached: messages and card reasons. */
const shown = (replies: Reply[]) => [...texts(replies), ...cards(replies).map((card) => card.reason ?? '')].join('\n');

const recommend = async (ja: boolean, reason: unknown) => {
  openai.reset();
  openai.respond(model({ reason }));
  const replies = await ask(ja, ja ? '緑茶のおすすめは？' : 'recommend a green tea');
  expect(openai.requests.some((request) => purpose(request) === 'recommendations')).toBe(true);
  return replies;
};
const answerFaq = async (ja: boolean, answer: string) => {
  openai.reset();
  openai.respond(model({ answer }));
  const replies = await ask(ja, ja ? 'お茶の保存方法は？' : 'How should I store tea?');
  const asked = openai.requests.find((request) => purpose(request) === 'faq_answer');
  expect(asked && ids(asked, 'entries')).toContain('tea-storage');
  return replies;
};

describe('LLM recommendation reasons are grounded in the product', () => {
  // The catalog-built reason of the first candidate, per locale: what a model reason that is not a string gets.
  const builtReason = { ja: '', en: '' };
  beforeAll(async () => {
    for (const locale of ['ja', 'en'] as const) {
      const [card] = cards(await recommend(locale === 'ja', 42));
      expect(card?.reason).toBeTruthy();
      builtReason[locale] = card!.reason!;
    }
  });

  it.each(attacks)('never shows %j, and shows the catalog-built reason instead', async (attack) => {
    const ja = japanese(attack);
    const replies = await recommend(ja, attack);
    expect(cards(replies)).toHaveLength(1);
    expect(cards(replies)[0]!.reason).toBe(builtReason[ja ? 'ja' : 'en']);
    expect(shown(replies)).not.toContain(attack);
    expect(shown(replies)).not.toMatch(leak);
  });

  it.each(harmlessReasons)('shows the ordinary reason %j', async (reason) => {
    const replies = await recommend(japanese(reason), reason);
    expect(cards(replies)[0]?.reason).toBe(reason);
  });
});

describe('LLM FAQ answers are grounded in the cited entry', () => {
  it.each(attacks)("never shows %j, and shows the entry's own answer instead", async (attack) => {
    const ja = japanese(attack);
    const replies = await answerFaq(ja, attack);
    expect(texts(replies).join('\n')).toContain(storage[ja ? 'ja' : 'en']);
    expect(shown(replies)).not.toContain(attack);
    expect(shown(replies)).not.toMatch(leak);
  });

  it.each(harmlessAnswers)('shows the faithful answer %j', async (answer) => {
    const replies = await answerFaq(japanese(answer), answer);
    expect(texts(replies).join('\n')).toContain(answer);
  });
});

describe('groundedIn and claimsIn', () => {
  const shippingFee = [
    '送料は全国一律500円です。5,000円以上のご注文で送料無料になります。',
    'Shipping is a flat 500 yen anywhere in Japan, and free on orders of 5,000 yen or more.',
  ];
  const hours = ['Questions by e-mail to support@sawa-tea.example, or see sawa-tea.example.'];

  it('reads claims through NFKC, invisible characters and obfuscated dots', () => {
    expect(claimsIn('ｈｔｔｐｓ：／／phish.example')).toContain('link:https://phish.example');
    const spellings = ['phish dot example', 'phish[.]example', 'phish (dot) example', 'phish\u200B.example'];
    for (const text of [...spellings, 'phish。example']) expect(claimsIn(text), text).toContain('link:phish.example');
    expect(claimsIn('javascript:alert(1)')).toContain('link:javascript:alert(1');
    expect(claimsIn('//phish.example')).toContain('link://phish.example');
    expect(claimsIn('x.co.jp/path')).toContain('link:x.co.jp');
    expect(claimsIn('Call ０１２０‐１２３‐４５６')).toContain('contact:0120123456');
    expect(claimsIn('半額')).toEqual(claimsIn('half price'));
    expect(claimsIn('無料')).toEqual(claimsIn('free of charge'));
  });

  it('passes text whose every claim its sources make, in any of their languages', () => {
    expect(groundedIn('Shipping is 500 yen, and free from 5,000 yen.', shippingFee)).toBe(true);
    expect(groundedIn('5,000円以上なら送料は無料です。', shippingFee)).toBe(true);
    expect(groundedIn('Write to support@sawa-tea.example.', hours)).toBe(true);
    expect(groundedIn('A light green tea with a fresh aroma.', [])).toBe(true);
  });

  it('fails text with a claim its sources do not make', () => {
    expect(groundedIn('Shipping is 300 yen.', shippingFee)).toBe(false);
    expect(groundedIn('Shipping is free, guaranteed.', shippingFee)).toBe(false);
    expect(groundedIn('Write to support@phish.example.', hours)).toBe(false);
    expect(groundedIn('See sawa-tea.example/login', hours)).toBe(false);
    expect(groundedIn('Free shipping', ['A caffeine-free tea.'])).toBe(false);
    for (const attack of attacks) expect(groundedIn(attack, Object.values(storage)), attack).toBe(false);
  });

  it("isSafeModelSentence: a reason may use its product's claims, but states no figure or price", () => {
    const newYear = [
      '新春 福茶セット',
      '12月中旬から販売する季節限定品です。',
      'A seasonal item sold from mid-December.',
    ];
    expect(isSafeModelSentence('季節限定のお正月の福茶です。', newYear)).toBe(true);
    expect(isSafeModelSentence('季節限定のお正月の福茶です。', ['宇治煎茶 やぶきた'])).toBe(false);
    expect(isSafeModelSentence('Sold from 12 December.', newYear)).toBe(false);
    expect(isSafeModelSentence('Only 2,200円.', ['2,200円'])).toBe(false);
    expect(isSafeModelSentence(42, newYear)).toBe(false);
    expect(isSafeModelSentence('   ', newYear)).toBe(false);
    expect(isSafeModelSentence('a'.repeat(141), newYear)).toBe(false);
    for (const reason of harmlessReasons) expect(isSafeModelSentence(reason, []), reason).toBe(true);
  });
});
