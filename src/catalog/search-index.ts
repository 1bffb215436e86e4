import type { Product } from '../core/index.js';
import { isHiraganaOnly } from './text/normalize.js';
import { analyzeText, wordTrigrams } from './text/terms.js';

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
}

/** Builds the index over every locale's title, description, tags and attribute values. */
export function buildIndex(products: readonly Product[]): InvertedIndex {
  const terms = new Map<string, number>();
  const postingDocs: number[][] = [];
  const postingWeights: number[][] = [];
  const lengths = new Float32Array(products.length);
  let totalLength = 0;
  products.forEach((product, doc) => {
    const bag = productTerms(product);
    let length = 0;
    for (const [term, weight] of bag) {
      let id = terms.get(term);
      if (id === undefined) {
        id = terms.size;
        terms.set(term, id);
        postingDocs.push([]);
        postingWeights.push([]);
      }
      postingDocs[id]!.push(doc);
      postingWeights[id]!.push(weight);
      length += weight;
    }
    lengths[doc] = length;
    totalLength += length;
  });
  const offsets = new Uint32Array(terms.size + 1);
  for (let t = 0; t < terms.size; t++) offsets[t + 1] = offsets[t]! + postingDocs[t]!.length;
  const docs = new Uint32Array(offsets[terms.size]!);
  const weights = new Float32Array(offsets[terms.size]!);
  for (let t = 0; t < terms.size; t++) {
    docs.set(postingDocs[t]!, offsets[t]!);
    weights.set(postingWeights[t]!, offsets[t]!);
  }
  return { terms, offsets, docs, weights, lengths, averageLength: totalLength / Math.max(1, products.length) };
}

function productTerms(product: Product): Map<string, number> {
  const bag = new Map<string, number>();
  const add = (text: string, weight: number, short: boolean): void => {
    for (const word of analyzeText(text)) {
      for (const term of word.terms) bag.set(term, (bag.get(term) ?? 0) + weight);
      if (!short) continue;
      // Titles and tags are short, so they also carry what rescues short or misspelt queries:
      // single kanji (茶 for "お茶") and Latin trigrams (ceramc → ceramic).
      const extras = word.cjk
        ? word.terms.length > 1
          ? Array.from(word.surface).filter((c) => !isHiraganaOnly(c))
          : []
        : wordTrigrams(word.surface);
      for (const term of extras) bag.set(term, (bag.get(term) ?? 0) + weight * 0.3);
    }
  };
  for (const text of Object.values(product.title)) add(text, fieldWeights.title, true);
  for (const tag of product.tags) add(tag.replace(/[-_]/g, ' '), fieldWeights.tags, true);
  for (const value of Object.values(product.attributes)) add(value, fieldWeights.attributes, false);
  for (const value of Object.values(product.options ?? {})) add(value, fieldWeights.attributes, false);
  for (const text of Object.values(product.description)) add(text, fieldWeights.description, false);
  return bag;
}
