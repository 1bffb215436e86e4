import { describe, expect, it } from 'vitest';
import { createOfflineFaqAnswerer, createProductSearch, type FaqEntry } from '../../src/catalog/index.js';
import { foldKana } from '../../src/catalog/text/normalize.js';
import { keywordSpellings } from '../../src/catalog/text/spelling.js';
import { compileSynonyms, synonymProblems } from '../../src/catalog/text/synonyms.js';
import { tokenize } from '../../src/catalog/text/terms.js';
import { editDistance } from '../../src/catalog/text/typos.js';
import type { Product } from '../../src/core/index.js';
import { matchIntents } from '../../src/flows/classify.js';
import { flowsFromSources } from '../../src/flows/index.js';

const product = (id: string, ja: string, en: string, tags: string[] = []): Product => ({
  id,
  title: { ja, en },
  description: {},
  price: { amount: 1000, currency: 'JPY' },
  stock: 5,
  tags,
  attributes: {},
});

// Each product spells its word one way; shoppers spell it another.
const products = [
  product('hojicha', '加賀棒ほうじ茶', 'Kaga roasted stem tea', ['tea']),
  product('hojicha-bags', 'ホウジ茶ティーバッグ', 'Roasted tea bags', ['tea']),
  product('kyusu', '常滑焼 急須', 'Tokoname teapot', ['teaware']),
  product('jinbei', '子ども用 甚平', 'Kids jinbei', ['apparel']),
  product('yunomi', '有田焼 湯呑み', 'Arita teacup', ['teaware']),
  product('gift', 'プレゼント用 ギフトセット', 'Gift set', ['gift']),
  product('mug', 'セラミックマグ', 'Ceramic mug', ['teaware']),
  product('table', 'ちゃぶ台', 'Folding table', ['furniture']),
  product('strap', 'ストラップ', 'Magnificent adjustable strap', ['accessory']),
  product('harbor', 'ハーバー ワンピース水着', 'Harbor Onepiece', ['swimwear']),
];
const search = createProductSearch(products, {
  synonyms: [
    ['swimsuit', 'swimwear', 'bathing suit'],
    ['ワンピース', 'onepiece', 'one-piece'],
  ],
});
const found = (text: string) =>
  search.search({ text, locale: 'ja', limit: 5 }).map((hit) => [hit.product.id, ...hit.matched]);

describe('spellings meet', () => {
  it.each([
    ['ほうじ茶', 'ほうじ茶'],
    ['焙じ茶', '焙じ茶'],
    ['ホウジ茶', 'ホウジ茶'],
    ['ﾎｳｼﾞ茶', 'ホウジ茶'],
  ])('%j finds both hojicha, spelt ほうじ茶 and ホウジ茶, quoted as typed', (text, quoted) => {
    expect(found(text)).toEqual([
      ['hojicha', quoted],
      ['hojicha-bags', quoted],
    ]);
  });

  it.each([
    ['きゅうす', 'kyusu'],
    ['急須がほしい', 'kyusu'],
    ['子供', 'jinbei'],
    ['こどもの甚平', 'jinbei'],
    ['湯のみ', 'yunomi'],
    ['ゆのみ', 'yunomi'],
    ['湯呑', 'yunomi'],
  ])('%j finds %s', (text, id) => {
    expect(found(text).map(([first]) => first)).toEqual([id]);
  });

  it('folds full-width and half-width forms', () => {
    expect(found('ＣＥＲＡＭＩＣ')).toEqual([['mug', 'ceramic']]);
    expect(found('ｾﾗﾐｯｸ')).toEqual([['mug', 'セラミック']]);
    expect(found('ﾜﾝﾋﾟｰｽ')).toEqual([['harbor', 'ワンピース']]);
    expect(foldKana('ホウジ茶ティーバッグ')).toBe('ほうじ茶てぃーばっぐ');
  });

  it('splits a request into Japanese words, and keeps "Mサイズ" apart', () => {
    const words = (text: string) =>
      tokenize(text, { segment: true })
        .filter((token) => !token.stop)
        .map((token) => token.surface);
    expect(words('静岡煎茶')).toEqual(['静岡', '煎茶']);
    expect(words('抹茶ラテ')).toEqual(['抹茶', 'ラテ']);
    expect(words('Mサイズの黒のワンピース')).toEqual(['m', 'サイズ', '黒', 'ワンピース']);
    expect(words('かわいいみずぎ')).toEqual(['かわいい', 'みずぎ']);
    // Two lone kanji the segmenter does not know as a word are one (a bean plate, a tea bowl).
    expect(words('豆皿')).toEqual(['豆皿']);
    expect(words('茶碗がほしい')).toEqual(['茶碗']);
  });
});

describe('a match is a whole word', () => {
  it.each([
    ['tent', ['tent']],
    ['able', ['able']],
    ['テントが欲しい', ['テント']],
  ])('%j is not found inside another word ("magnificent", "adjustable", プレゼント)', (text, words) => {
    expect(found(text)).toEqual([]);
    expect(search.unmatched(text)).toEqual(words);
  });

  it('reads a misspelt catalog word as that word, and says so', () => {
    expect(found('ceramc')).toEqual([['mug', 'ceramic']]);
    expect(found('ceramc mugs')).toEqual([['mug', 'ceramic mugs']]);
    expect(found('tabel')).toEqual([['table', 'table']]);
    expect(found('magnificnet')).toEqual([['strap', 'magnificent']]);
    // Too short to be read as a typo: "tabl" and "tble" are other words, or none.
    expect(found('tble')).toEqual([]);
  });

  it('matches most of a Japanese word, so a misspelt long one still finds it', () => {
    expect(found('ワンピーズ')).toEqual([['harbor', 'ワンピーズ']]);
  });

  it('counts edits as insertions, deletions, substitutions and swaps, giving up past the limit', () => {
    expect(editDistance('ceramc', 'ceramic', 1)).toBe(1);
    expect(editDistance('teapto', 'teapot', 1)).toBe(1);
    expect(editDistance('tent', 'magnificent', 2)).toBe(Infinity);
    expect(editDistance('genmaichaa', 'genmaicha', 2)).toBe(1);
  });
});

describe('synonyms (kaiwa.yaml)', () => {
  it('find each other in catalog text and in the request, however a member is written', () => {
    expect(found('bathing suit')).toEqual([['harbor', 'bathing suit']]);
    expect(found('swimsuits')).toEqual([['harbor', 'swimsuits']]);
    expect(found('one-piece')).toEqual([['harbor', 'one piece']]);
    expect(found('one piece')).toEqual([['harbor', 'one piece']]);
    expect(createProductSearch(products).search({ text: 'bathing suit', locale: 'en', limit: 5 })).toEqual([]);
  });

  it('stand for one term wherever a member is found, Japanese ones inside a longer word too', () => {
    const synonyms = compileSynonyms([
      ['swimsuit', 'swimwear', 'bathing suit'],
      ['ワンピース', 'onepiece'],
    ]);
    expect(synonyms.find(tokenize('Bathing suits, swimwear'))).toEqual([
      { term: '=swimsuit', from: 0, to: 2 },
      { term: '=swimsuit', from: 2, to: 3 },
    ]);
    expect(synonyms.find(tokenize('ワンピース水着'))).toEqual([{ term: '=わんぴーす', from: 0, to: 1 }]);
    expect(synonyms.find(tokenize('one piece'))).toEqual([{ term: '=わんぴーす', from: 0, to: 2 }]);
  });

  it('report a member with nothing to match, a stopword, and a member of two groups', () => {
    expect(
      synonymProblems([
        ['swimsuit', 'swimwear', 'bathing suit'],
        ['onepiece', 'one-piece', 'one piece'],
        ['!!!', 'the', 'swimwear'],
      ]),
    ).toEqual([
      { path: [2, 0], message: '"!!!" has no letters or digits to match' },
      { path: [2, 1], message: '"the" is too common a word to match on its own' },
      {
        path: [2, 2],
        message: '"swimwear" is already in group 1 (synonyms[0][1]): a word belongs to one group',
      },
    ]);
  });

  it('apply to the FAQ too, as do the spellings', async () => {
    const entries: FaqEntry[] = [
      {
        id: 'returns',
        questions: { en: ['Can I return swimwear?'], ja: ['急須の返品はできますか'] },
        answer: { en: 'Within 30 days.', ja: '30日以内に承ります。' },
        pos: { file: 'faq.yaml', line: 1, column: 1 },
      },
    ];
    const faq = createOfflineFaqAnswerer(entries, { synonyms: [['swimsuit', 'swimwear', 'bathing suit']] });
    expect((await faq.answer('Can I return a bathing suit?', 'en'))?.entryId).toBe('returns');
    expect((await faq.answer('きゅうすの返品はできますか', 'ja'))?.entryId).toBe('returns');
    expect(await createOfflineFaqAnswerer(entries).answer('bathing suit return', 'en')).toBeNull();
  });
});

describe('flow keywords in other spellings', () => {
  it('lists the dictionary’s spellings and the kana both ways', () => {
    expect(keywordSpellings('おすすめ')).toEqual(['おすすめ', 'オススメ']);
    expect(keywordSpellings('急須')).toEqual(['急須', 'きゅうす', 'キュウス']);
    expect(keywordSpellings('カート')).toEqual(['カート', 'かーと']);
    expect(keywordSpellings('レジ')).toEqual(['レジ']);
    expect(keywordSpellings('hello')).toEqual(['hello']);
  });

  it('match what the shopper typed in another spelling', () => {
    const definition = flowsFromSources(
      [
        {
          file: 'f.yaml',
          source: `id: f
initial: a
intents:
  recommend: { keywords: { ja: [おすすめ, 急須] } }
  checkout: { keywords: { ja: [レジ] } }
states:
  a: { say: hi }
`,
        },
      ],
      { locales: ['ja'], actions: [], guards: [] },
    );
    expect(matchIntents(definition, 'オススメは？', 'ja')).toEqual(['recommend']);
    expect(matchIntents(definition, 'きゅうすはありますか', 'ja')).toEqual(['recommend']);
    expect(matchIntents(definition, 'ｵｽｽﾒ', 'ja')).toEqual(['recommend']);
    expect(matchIntents(definition, 'クレジットカード', 'ja')).toEqual([]);
  });
});
