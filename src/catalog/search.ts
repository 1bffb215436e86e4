import type { Locale, Product } from '../core/index.js';
import { optionVocabulary, type OptionVocabulary } from './option-words.js';
import { matchesFilters, type ProductFilters } from './query-filters.js';
import { buildIndex, type InvertedIndex } from './search-index.js';
import { analyzeText, wordTrigrams, type AnalyzedWord } from './text/terms.js';
import { searchStopwords, searchStopPhrases } from './text/search-stopwords.js';

export interface SearchQuery {
  text: string;
  locale: Locale;
  limit: number;
  filters?: ProductFilters;
}

export interface SearchHit {
  product: Product;
  score: number;
  /** The shopper's words this product matched, as written, adjacent words joined ("green tea"). */
  matched: string[];
  /** The share of the shopper's search words this product matched, 0..1. */
  coverage: number;
}

export interface ProductSearch {
  /** Best matches first; [] when the text has no words to match (see hasSearchWords). */
  search(query: SearchQuery): SearchHit[];
  /** True when the text holds words worth matching, not only "recommend something" / おすすめは？. */
  hasSearchWords(text: string): boolean;
  /**
   * Products to offer when there is nothing to match: tagged `featured` first, then by stock at
   * index time (the caller re-reads stock). Filters apply.
   */
  popular(limit: number, filters?: ProductFilters): Product[];
  /** Every option name and value in the catalog, for reading "size M" or 「黒」 in a request. */
  readonly options: OptionVocabulary;
  readonly size: number;
}

const k1 = 1.2;
const b = 0.5;
/** Bits of the per-product match mask: at most this many query terms count. */
const maxQueryTerms = 31;

/**
 * In-memory product search: BM25 over an inverted index of Japanese character bigrams and English
 * stems from every locale's text, field-weighted, with trigram fallback for misspelt English words.
 * Scores are multiplied by the share of the shopper's words matched, so "green tea gift" ranks the
 * gift set that matches all three above every product that only says "tea".
 */
export function createProductSearch(products: readonly Product[]): ProductSearch {
  const index = buildIndex(products);
  const scores = new Float64Array(products.length);
  const masks = new Uint32Array(products.length);
  const analyze = (text: string): AnalyzedWord[] =>
    analyzeText(text, { stopwords: searchStopwords, japanesePhrases: searchStopPhrases });
  const byPopularity = products
    .map((product, doc) => ({ doc, featured: product.tags.includes('featured') ? 1 : 0, stock: product.stock }))
    .sort((x, y) => y.featured - x.featured || y.stock - x.stock || x.doc - y.doc)
    .map(({ doc }) => doc);
  return {
    size: products.length,
    options: optionVocabulary(products),
    hasSearchWords: (text) => analyze(text).length > 0,
    popular(limit, filters) {
      const picks: Product[] = [];
      for (const doc of byPopularity) {
        if (picks.length >= limit) break;
        if (matchesFilters(products[doc]!, filters)) picks.push(products[doc]!);
      }
      return picks;
    },
    search(query) {
      const words = analyze(query.text);
      const plan = planQuery(index, words);
      if (plan.terms.length === 0) return [];
      const touched: number[] = [];
      plan.terms.forEach(({ id, boost }, bit) => {
        if (id < 0) return;
        const start = index.offsets[id]!;
        const end = index.offsets[id + 1]!;
        const idf = Math.log(1 + (products.length - (end - start) + 0.5) / (end - start + 0.5));
        for (let p = start; p < end; p++) {
          const doc = index.docs[p]!;
          const tf = index.weights[p]!;
          const norm = k1 * (1 - b + (b * index.lengths[doc]!) / index.averageLength);
          if (masks[doc] === 0) touched.push(doc);
          scores[doc] = scores[doc]! + boost * idf * ((tf * (k1 + 1)) / (tf + norm));
          masks[doc] = masks[doc]! | (1 << bit);
        }
      });
      const top = new TopK(query.limit);
      for (const doc of touched) {
        const product = products[doc]!;
        if (matchesFilters(product, query.filters)) {
          const matchedWords = plan.words.filter(
            ({ bits }) => bits.filter((bit) => masks[doc]! & (1 << bit)).length * 2 >= bits.length,
          );
          top.offer(doc, scores[doc]! * ((matchedWords.length + 1) / (plan.words.length + 1)));
        }
      }
      const hits = top.sorted().map(({ doc, score }) => ({
        product: products[doc]!,
        score,
        matched: describeMatch(plan.words, masks[doc]!),
        coverage: plan.words.filter((word) => wordMatched(word, masks[doc]!)).length / plan.words.length,
      }));
      for (const doc of touched) {
        scores[doc] = 0;
        masks[doc] = 0;
      }
      return hits;
    },
  };
}

interface PlannedWord {
  word: AnalyzedWord;
  bits: number[];
}

/**
 * Index terms for the query's words, one bit each; an English word the index lacks falls back to
 * its trigrams. Terms the index lacks keep their bit (id -1) so they count against coverage.
 */
function planQuery(
  index: InvertedIndex,
  words: readonly AnalyzedWord[],
): { terms: { id: number; boost: number }[]; words: PlannedWord[] } {
  const terms: { id: number; boost: number }[] = [];
  const planned: PlannedWord[] = [];
  for (const word of words) {
    let candidates = word.terms.map((term) => ({ term, boost: 1 }));
    if (!word.cjk && !index.terms.has(word.terms[0]!)) {
      const grams = wordTrigrams(word.surface);
      candidates = grams.map((term) => ({ term, boost: 1 / Math.max(1, grams.length - 2) }));
    }
    const bits: number[] = [];
    for (const { term, boost } of candidates) {
      if (terms.length >= maxQueryTerms) break;
      bits.push(terms.length);
      terms.push({ id: index.terms.get(term) ?? -1, boost });
    }
    if (bits.length > 0) planned.push({ word, bits });
  }
  return { terms: terms.some((term) => term.id >= 0) ? terms : [], words: planned };
}

/** A query word counts as matched when at least half its terms (or trigrams) are in the product. */
const wordMatched = ({ bits }: PlannedWord, mask: number) =>
  bits.filter((bit) => mask & (1 << bit)).length * 2 >= bits.length;

/** The matched words as the shopper wrote them; neighbouring English words become one phrase. */
function describeMatch(words: readonly PlannedWord[], mask: number): string[] {
  const phrases: string[] = [];
  let last: AnalyzedWord | undefined;
  for (const { word, bits } of words) {
    if (!wordMatched({ word, bits }, mask)) continue;
    // Only English words are re-joined: Japanese runs were split at particles, which are gone.
    if (last && !last.cjk && !word.cjk && word.position === last.position + 1)
      phrases[phrases.length - 1] += ` ${word.surface}`;
    else if (!phrases.includes(word.surface)) phrases.push(word.surface);
    last = word;
  }
  return phrases;
}

/** Keeps the k best (doc, score) pairs seen; k is small, so a sorted array beats a heap. */
class TopK {
  private readonly items: { doc: number; score: number }[] = [];
  constructor(private readonly k: number) {}

  offer(doc: number, score: number): void {
    if (score <= 0 || this.k <= 0) return;
    if (this.items.length === this.k && score <= this.items[this.items.length - 1]!.score) return;
    let i = this.items.length;
    while (i > 0 && this.items[i - 1]!.score < score) i--;
    this.items.splice(i, 0, { doc, score });
    if (this.items.length > this.k) this.items.pop();
  }

  sorted(): { doc: number; score: number }[] {
    return this.items;
  }
}
