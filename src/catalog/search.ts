import { productKey, type Locale, type Product } from '../core/index.js';
import { optionVocabulary, type OptionVocabulary } from './option-words.js';
import { matchesFilters, type ProductFilters } from './query-filters.js';
import { buildIndex, compoundTerm, type InvertedIndex } from './search-index.js';
import { englishTermOf } from './text/spelling.js';
import { compileSynonyms, type Synonyms } from './text/synonyms.js';
import { cjkBigrams, tokenize, type AnalyzeOptions, type Token } from './text/terms.js';
import { searchStopwords, searchStopPhrases } from './text/search-stopwords.js';
import { createTypoIndex, type TypoIndex } from './text/typos.js';

export interface SearchQuery {
  text: string;
  locale: Locale;
  limit: number;
  filters?: ProductFilters;
}

export interface SearchHit {
  product: Product;
  score: number;
  /**
   * The shopper's words this product matched, as written, adjacent words joined ("green tea"); a
   * misspelt word as the catalog spells it ("ceramc" → "ceramic"). Never empty: a product that
   * matches none of the words is no hit.
   */
  matched: string[];
  /** The share of the shopper's search words this product matched, 0..1. */
  coverage: number;
}

export interface ProductSearchOptions {
  /** kaiwa.yaml `synonyms`: groups of words that find each other, checked by the config loader. */
  synonyms?: readonly (readonly string[])[];
}

export interface ProductSearch {
  /** Best matches first; [] when the text has no words to match (see hasSearchWords) or no product matches one. */
  search(query: SearchQuery): SearchHit[];
  /**
   * The request's words that no product in the catalog matches, filters aside, as written and with
   * neighbouring English words joined (["rain jacket"] in a swimwear shop, ["テント"]); [] when
   * every word finds something.
   */
  unmatched(text: string): string[];
  /** True when the text holds words worth matching, not only "recommend something" / おすすめは？. */
  hasSearchWords(text: string): boolean;
  /**
   * Products to offer when there is nothing to match: tagged `featured` first, then by stock at
   * index time (the caller re-reads stock). Filters apply.
   */
  popular(limit: number, filters?: ProductFilters): Product[];
  /**
   * The catalog's most used tags, on most products first (a product's variants count once), on at
   * least two products; not `featured`, not an option value such as a size or colour; tags that are
   * words of the catalog's text before housekeeping ones.
   */
  categories(limit: number): string[];
  /** Every option name and value in the catalog, for reading "size M" or 「黒」 in a request. */
  readonly options: OptionVocabulary;
  readonly size: number;
}

const k1 = 1.2;
const b = 0.5;
/** Bits of the per-product match mask: at most this many query terms count. */
const maxQueryTerms = 31;
/** A Japanese word matches with three quarters of its bigrams (ワンピーズ finds ワンピース, テント not プレゼント). */
const japaneseShare = 0.75;
/** A misspelt word's correction weighs less than the word typed right would. */
const correctionBoost = 0.8;
/** At most this many catalog words are read for one misspelt word. */
const maxCorrections = 2;

const queryOptions: AnalyzeOptions = { stopwords: searchStopwords, japanesePhrases: searchStopPhrases, segment: true };

/**
 * In-memory product search: BM25 over an inverted index of Japanese character bigrams and English
 * stems from every locale's text, field-weighted. A product is a hit only when it matches a whole
 * word of the request: an English word (or its misspelling of a catalog word, or two words run
 * together), most of a Japanese word, or a synonym; never a fragment of another word. Scores are
 * multiplied by the share of the shopper's words matched, so "green tea gift" ranks the gift set
 * that matches all three above every product that only says "tea".
 */
export function createProductSearch(products: readonly Product[], options: ProductSearchOptions = {}): ProductSearch {
  const synonyms = compileSynonyms(options.synonyms ?? []);
  const index = buildIndex(products, synonyms);
  const typos = createTypoIndex(index.vocabulary);
  const scores = new Float64Array(products.length);
  const masks = new Uint32Array(products.length);
  const byPopularity = products
    .map((product, doc) => ({ doc, featured: product.tags.includes('featured') ? 1 : 0, stock: product.stock }))
    .sort((x, y) => y.featured - x.featured || y.stock - x.stock || x.doc - y.doc)
    .map(({ doc }) => doc);
  let tags: string[] | undefined;

  /**
   * Scores every product that shares a term with the request; `visit` sees each, `done` may read
   * the scores and masks of any, then they are cleared.
   */
  const run = (text: string, visit: (doc: number, plan: QueryPlan) => void, done?: (plan: QueryPlan) => void) => {
    const plan = planQuery(index, typos, synonyms, tokenize(text, queryOptions));
    const touched: number[] = [];
    plan.terms.forEach(({ id, boost }, bit) => {
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
    for (const doc of touched) visit(doc, plan);
    done?.(plan);
    for (const doc of touched) {
      scores[doc] = 0;
      masks[doc] = 0;
    }
    return plan;
  };

  return {
    size: products.length,
    options: optionVocabulary(products),
    hasSearchWords: (text) => tokenize(text, queryOptions).some((token) => !token.stop),
    popular(limit, filters) {
      const picks: Product[] = [];
      for (const doc of byPopularity) {
        if (picks.length >= limit) break;
        if (matchesFilters(products[doc]!, filters)) picks.push(products[doc]!);
      }
      return picks;
    },
    categories(limit) {
      tags ??= commonTags(products, index.describedTags);
      return tags.slice(0, Math.max(0, limit));
    },
    search(query) {
      const top = new TopK(query.limit);
      let hits: SearchHit[] = [];
      run(
        query.text,
        (doc, plan) => {
          const matched = matchedWords(plan.words, masks[doc]!);
          if (matched > 0 && matchesFilters(products[doc]!, query.filters))
            top.offer(doc, scores[doc]! * ((matched + 1) / (plan.words.length + 1)));
        },
        (plan) => {
          hits = top.sorted().map(({ doc, score }) => {
            const matched = plan.words.filter((word) => matchedBy(word, masks[doc]!));
            const coverage = matched.length / plan.words.length;
            return { product: products[doc]!, score, matched: describe(matched, masks[doc]!), coverage };
          });
        },
      );
      return hits;
    },
    unmatched(text) {
      const matched = new Set<PlannedWord>();
      const plan = run(text, (doc, plan) => {
        for (const word of plan.words) if (!matched.has(word) && matchedBy(word, masks[doc]!)) matched.add(word);
      });
      return describe(plan.words.filter((word) => !matched.has(word)));
    },
  };
}

/** One way a word of the request can be matched: `need` of the term bits in `mask` set. */
interface Alternative {
  mask: number;
  need: number;
  /** How the match is quoted when not as typed: the catalog's spelling of a misspelt word. */
  shown?: string;
}

interface PlannedWord {
  token: Token;
  /** The token's place in the request, stopwords counted, for quoting neighbours together. */
  index: number;
  alternatives: Alternative[];
}

interface QueryPlan {
  terms: { id: number; boost: number }[];
  words: PlannedWord[];
}

/**
 * The request's words and the index terms that match each. A word is an English word, a Japanese
 * word, or a stopword that runs together with its neighbour into a catalog word ("one" in "one
 * piece"). An English word the catalog lacks is read as a misspelling of a catalog word when one is
 * close enough (src/catalog/text/typos.ts); nothing else stands in for a missing word.
 */
function planQuery(index: InvertedIndex, typos: TypoIndex, synonyms: Synonyms, tokens: readonly Token[]): QueryPlan {
  const terms: { id: number; boost: number }[] = [];
  const bits = new Map<string, number>();
  const bitOf = (term: string, boost = 1): number | undefined => {
    const known = bits.get(term);
    if (known !== undefined) return known;
    const id = index.terms.get(term);
    if (id === undefined || terms.length >= maxQueryTerms) return undefined;
    bits.set(term, terms.length);
    return terms.push({ id, boost }) - 1;
  };
  const compounds = new Map<number, string>();
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    if (!previous || !token.attached || token.cjk || previous.cjk) return;
    const term = compoundTerm(previous, token);
    if (index.terms.has(term)) compounds.set(i, term);
  });
  const words: PlannedWord[] = [];
  const byToken = new Map<number, PlannedWord>();
  tokens.forEach((token, i) => {
    if (token.stop && !compounds.has(i) && !compounds.has(i + 1)) return;
    const word: PlannedWord = { token, index: i, alternatives: [] };
    words.push(word);
    byToken.set(i, word);
  });
  const alternative = (word: PlannedWord | undefined, found: (number | undefined)[], need: number, shown?: string) => {
    const present = found.filter((bit): bit is number => bit !== undefined);
    if (word && present.length >= need && need > 0)
      word.alternatives.push({
        mask: present.reduce((all, bit) => all | (1 << bit), 0),
        need,
        ...(shown ? { shown } : {}),
      });
  };
  // The words themselves first, so a long request keeps them when the bits run out.
  for (const word of words) {
    if (word.token.cjk) {
      const grams = [...new Set(cjkBigrams(word.token.form))];
      alternative(
        word,
        grams.map((gram) => bitOf(gram)),
        Math.ceil(grams.length * japaneseShare),
      );
    } else if (!word.token.stop) alternative(word, [bitOf(englishTermOf(word.token.form))], 1);
  }
  for (const [i, term] of compounds) {
    const bit = bitOf(term);
    alternative(byToken.get(i - 1), [bit], 1);
    alternative(byToken.get(i), [bit], 1);
  }
  for (const match of synonyms.find(tokens)) {
    const bit = bitOf(match.term);
    for (let i = match.from; i < match.to; i++) if (!tokens[i]!.stop) alternative(byToken.get(i), [bit], 1);
  }
  for (const word of words) {
    if (word.alternatives.length > 0 || word.token.cjk || word.token.stop) continue;
    for (const correction of typos.corrections(word.token.form, maxCorrections))
      alternative(word, [bitOf(correction.term, correctionBoost)], 1, correction.word);
  }
  return { terms, words };
}

/** The alternative of `word` that `mask` satisfies, if any. */
function satisfied(word: PlannedWord, mask: number): Alternative | undefined {
  for (const alternative of word.alternatives)
    if (bitCount(mask & alternative.mask) >= alternative.need) return alternative;
  return undefined;
}

const matchedBy = (word: PlannedWord, mask: number) => satisfied(word, mask) !== undefined;

/** How many of the request's words a product's mask matches. */
function matchedWords(words: readonly PlannedWord[], mask: number): number {
  let count = 0;
  for (const word of words) if (satisfied(word, mask)) count++;
  return count;
}

/** Set bits of a 32-bit mask. */
function bitCount(mask: number): number {
  let v = mask - ((mask >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Words as the shopper wrote them (a corrected one as the catalog spells it); neighbouring English
 * words become one phrase.
 */
function describe(words: readonly PlannedWord[], mask?: number): string[] {
  const phrases: string[] = [];
  let last: PlannedWord | undefined;
  for (const word of words) {
    const shown = (mask === undefined ? undefined : satisfied(word, mask)?.shown) ?? word.token.surface;
    // Only English words are re-joined: Japanese runs were split at particles, which are gone.
    if (last && !last.token.cjk && !word.token.cjk && word.token.attached && word.index === last.index + 1)
      phrases[phrases.length - 1] += ` ${shown}`;
    else if (!phrases.includes(shown)) phrases.push(shown);
    last = word;
  }
  return phrases;
}

/**
 * Tags by how many products carry them (variants of one product count once), for "browse these
 * instead". Tags that are words of their products' own text ("bikini", "teapot") come first; an
 * app's housekeeping tags ("spo-default") only when fewer than two tags are such words.
 */
function commonTags(products: readonly Product[], described: ReadonlySet<string>): string[] {
  const optionValues = new Set(
    products.flatMap((product) => Object.values(product.options ?? {}).map((value) => value.toLowerCase())),
  );
  const carriers = new Map<string, Set<string>>();
  for (const product of products)
    for (const tag of product.tags) {
      if (tag === 'featured' || optionValues.has(tag)) continue;
      const keys = carriers.get(tag) ?? new Set<string>();
      keys.add(productKey(product));
      carriers.set(tag, keys);
    }
  const ranked = [...carriers]
    .filter(([, keys]) => keys.size >= 2)
    .sort(([a, x], [b, y]) => y.size - x.size || a.localeCompare(b))
    .map(([tag]) => tag);
  const words = ranked.filter((tag) => described.has(tag));
  return words.length >= 2 ? words : ranked;
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
