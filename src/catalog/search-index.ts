import type { Product } from '../core/index.js';
import { englishTermOf } from './text/spelling.js';
import { noSynonyms, type Synonyms } from './text/synonyms.js';
import { cjkBigrams, tokenize, type Token } from './text/terms.js';

/** Why title outranks tags, tags attributes, attributes description: a word in the title names the product. */
export const fieldWeights = { title: 3, tags: 2, attributes: 1.5, description: 1 } as const;

/**
 * An inverted index in compressed-row form: the postings of term t are docs[offsets[t]..offsets[t+1]]
 * with their field-weighted frequencies in weights[]. Typed arrays keep 100,000 products in tens of MB.
 */
export interface InvertedIndex {
  terms: ReadonlyMap<string, number>;
  offsets: Uint32Array;
  docs: Uint32Array;
  weights: Float32Array;
  /** Field-weighted term count per product, for BM25's length normalisation. */
  lengths: Float32Array;
  averageLength: number;
  /** Every English word of the catalog as written (lower case) and its term: for reading typos. */
  vocabulary: ReadonlyMap<string, string>;
  /** Tags whose words a product carrying them also has in its own text ("bikini"; not an app's "spo-default"). */
  describedTags: ReadonlySet<string>;
}

/** The term two neighbouring English words make run together: "one piece" and "one-piece" are onepiece. */
export const compoundTerm = (first: Token, second: Token): string => englishTermOf(first.form + second.form);

/**
 * Builds the index over every locale's title, description, tags and attribute values; `synonyms`
 * (kaiwa.yaml) add their group's term wherever a member appears.
 */
export function buildIndex(products: readonly Product[], synonyms: Synonyms = noSynonyms): InvertedIndex {
  const terms = new Map<string, number>();
  // Postings are gathered flat (term, doc, weight) and sorted by term once: no array per term.
  const entryTerms: number[] = [];
  const entryDocs: number[] = [];
  const entryWeights: number[] = [];
  const lengths = new Float32Array(products.length);
  const vocabulary = new Map<string, string>();
  const describedTags = new Set<string>();
  let totalLength = 0;
  products.forEach((product, doc) => {
    const { bag, length } = productTerms(product, synonyms, { vocabulary, describedTags });
    for (const [term, weight] of bag) {
      let id = terms.get(term);
      if (id === undefined) {
        id = terms.size;
        terms.set(term, id);
      }
      entryTerms.push(id);
      entryDocs.push(doc);
      entryWeights.push(weight);
    }
    lengths[doc] = length;
    totalLength += length;
  });
  const offsets = new Uint32Array(terms.size + 1);
  for (const id of entryTerms) offsets[id + 1]! += 1;
  for (let t = 0; t < terms.size; t++) offsets[t + 1]! += offsets[t]!;
  const docs = new Uint32Array(entryTerms.length);
  const weights = new Float32Array(entryTerms.length);
  const next = offsets.slice(0, terms.size);
  // Entries arrive in doc order, so each term's postings stay sorted by doc.
  entryTerms.forEach((id, entry) => {
    const at = next[id]!++;
    docs[at] = entryDocs[entry]!;
    weights[at] = entryWeights[entry]!;
  });
  const averageLength = totalLength / Math.max(1, products.length);
  return { terms, offsets, docs, weights, lengths, averageLength, vocabulary, describedTags };
}

/** How much the single kanji of a title or tag weigh (茶 for "お茶"), against the word itself. */
const kanjiWeight = 0.3;
const kanji = /\p{Script=Han}/u;

function productTerms(
  product: Product,
  synonyms: Synonyms,
  catalog: { vocabulary: Map<string, string>; describedTags: Set<string> },
): { bag: Map<string, number>; length: number } {
  const { vocabulary, describedTags } = catalog;
  const bag = new Map<string, number>();
  let length = 0;
  const put = (term: string, weight: number, counts: boolean) => {
    bag.set(term, (bag.get(term) ?? 0) + weight);
    if (counts) length += weight;
  };
  const add = (tokens: readonly Token[], weight: number, short: boolean): void => {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (!token.stop) {
        if (token.cjk) {
          const terms = cjkBigrams(token.form);
          for (const term of terms) put(term, weight, true);
          // Titles and tags are short, so they also carry the single kanji that rescue short queries (茶 for "お茶").
          if (short && terms.length > 1)
            for (const c of token.form) if (kanji.test(c)) put(c, weight * kanjiWeight, true);
        } else {
          const term = englishTermOf(token.form);
          put(term, weight, true);
          if (!vocabulary.has(token.form)) vocabulary.set(token.form, term);
        }
      }
      // Neighbouring English words also count run together ("one piece" is onepiece; "sun glasses" sunglasses).
      const previous = tokens[i - 1];
      if (short && previous && token.attached && !token.cjk && !previous.cjk)
        put(compoundTerm(previous, token), weight, false);
    }
    if (synonyms.size > 0) for (const match of synonyms.find(tokens)) put(match.term, weight, false);
  };
  for (const text of Object.values(product.title)) add(tokenize(text), fieldWeights.title, true);
  for (const value of Object.values(product.attributes)) add(tokenize(value), fieldWeights.attributes, false);
  for (const value of Object.values(product.options ?? {})) add(tokenize(value), fieldWeights.attributes, false);
  for (const text of Object.values(product.description)) add(tokenize(text), fieldWeights.description, false);
  // Tags last: a tag whose words the product's own text has is a word of the catalog, not housekeeping.
  for (const tag of product.tags) {
    const tokens = tokenize(tag.replace(/[-_]/g, ' '));
    const words = tokens.filter((token) => !token.stop);
    if (
      !describedTags.has(tag) &&
      words.length > 0 &&
      words.every((token) =>
        (token.cjk ? cjkBigrams(token.form) : [englishTermOf(token.form)]).every((term) => bag.has(term)),
      )
    )
      describedTags.add(tag);
    add(tokens, fieldWeights.tags, true);
  }
  return { bag, length };
}
