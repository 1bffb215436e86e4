import { createFaqMatcher } from '../../src/catalog/faq-answerer.js';
import type { FaqEntry } from '../../src/catalog/faq.js';
import { createProductSearch } from '../../src/catalog/search.js';
import type { Product } from '../../src/core/index.js';

/** Kaiwa's own product search (the one shops run), over the titles as English products. */
export function kaiwaSearch(titles: ReadonlyMap<string, string>): (query: string) => string[] {
  const products: Product[] = [...titles].map(([id, title]) => ({
    id,
    title: { en: title },
    description: {},
    price: { amount: 0, currency: 'USD' },
    stock: 1,
    tags: [],
    attributes: {},
  }));
  const search = createProductSearch(products);
  return (query) => search.search({ text: query, locale: 'en', limit: 10 }).map((hit) => hit.product.id);
}

/** Kaiwa's offline FAQ matcher (the one shops run), with one faq.yaml-like entry per intent. */
export function kaiwaFaq(
  paraphrases: readonly { intent: string; text: string }[],
): (question: string) => { intent: string; score: number } {
  const byIntent = new Map<string, string[]>();
  for (const { intent, text } of paraphrases) byIntent.set(intent, [...(byIntent.get(intent) ?? []), text]);
  const pos = { file: 'bitext', line: 1, column: 1 };
  const entries: FaqEntry[] = [...byIntent].map(([intent, texts]) => ({
    id: intent,
    questions: { en: texts },
    answer: { en: intent },
    pos,
  }));
  const match = createFaqMatcher(entries);
  return (question) => {
    const best = match(question);
    return { intent: best?.entry.id ?? '', score: best?.score ?? 0 };
  };
}
