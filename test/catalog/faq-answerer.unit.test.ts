import { beforeAll, describe, expect, it } from 'vitest';
import { createOfflineFaqAnswerer, loadFaqFile, type FaqEntry } from '../../src/catalog/index.js';
import { heldOut } from './faq-heldout.js';

let entries: FaqEntry[];
beforeAll(async () => {
  entries = await loadFaqFile(new URL('../fixtures/catalog/faq.yaml', import.meta.url).pathname, ['ja', 'en']);
});

describe('createOfflineFaqAnswerer', () => {
  it('answers in the question locale', async () => {
    const faq = createOfflineFaqAnswerer(entries);
    expect(await faq.answer('送料はいくらですか', 'ja')).toMatchObject({
      entryId: 'shipping-fee',
      answer: '全国一律500円です。5000円以上のご注文で送料無料です。',
    });
    // An exact paraphrase: its own cosine is 1, and 30 % of the score is the entry's centroid's.
    const exact = (await faq.answer('送料はいくらですか', 'ja'))?.score ?? 0;
    expect(exact).toBeGreaterThan(0.8);
    expect(exact).toBeLessThanOrEqual(1);
    expect((await faq.answer('How much is shipping?', 'en'))?.answer).toBe(
      'Shipping is a flat 500 yen; free over 5,000 yen.',
    );
  });

  it('routes held-out paraphrases and refuses what the FAQ does not cover', async () => {
    const faq = createOfflineFaqAnswerer(entries);
    const results = await Promise.all(
      heldOut.map(async (item) => ({ ...item, got: (await faq.answer(item.text, item.locale))?.entryId ?? null })),
    );
    const inScope = results.filter((item) => item.entryId !== null);
    const correct = inScope.filter((item) => item.got === item.entryId).length;
    // Measured: 26 of 27 (the miss abstains rather than answering wrongly).
    expect(correct / inScope.length).toBeGreaterThanOrEqual(0.9);
    expect(inScope.filter((item) => item.got !== null && item.got !== item.entryId)).toEqual([]);
    expect(results.filter((item) => item.entryId === null && item.got !== null)).toEqual([]);
  });

  it.each([
    ["what's the weather", 'en'],
    ['天気は？', 'ja'],
    ['I want a teapot', 'en'],
    ['', 'en'],
    ['？？', 'ja'],
  ])('returns null for %j', async (text, locale) => {
    expect(await createOfflineFaqAnswerer(entries).answer(text, locale)).toBeNull();
  });

  it('honours a stricter threshold', async () => {
    const faq = createOfflineFaqAnswerer(entries, { threshold: 0.99 });
    expect(await faq.answer('カードで払えますか', 'ja')).toBeNull();
  });
});
