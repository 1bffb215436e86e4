import type { FaqAnswer, FaqAnswerer, Locale } from '../core/index.js';
import { pickText } from '../core/index.js';
import type { FaqEntry } from './faq.js';
import { cosine, TfIdfModel, type SparseVector } from './tfidf.js';
import { compileSynonyms, type Synonyms } from './text/synonyms.js';
import { normalizeText } from './text/normalize.js';
import { abroadTerm, markAbroad } from './text/regions.js';
import { analyzeTokens, tokenize, wordTrigrams } from './text/terms.js';

/**
 * Cosine below which no answer is given. Calibrated on test/fixtures/catalog/faq.yaml with held-out
 * paraphrases (test/catalog/faq-answerer.unit.test.ts) and on the Bitext protocol (`npm run eval`, docs/quality.md):
 * it keeps plain paraphrases and refuses small talk and product requests.
 */
export const defaultFaqThreshold = 0.3;

export interface OfflineFaqOptions {
  /** 0..1; faq.yaml's `threshold`, else defaultFaqThreshold. */
  threshold?: number;
  /** Locale whose answer is used when the entry has none in the question's locale. */
  fallbackLocale?: Locale;
  /** kaiwa.yaml `synonyms`: a question with "swimsuit" meets a paraphrase with "swimwear". */
  synonyms?: readonly (readonly string[])[];
  /** The shop's own country (ISO 3166, e.g. JP): naming any other, or "overseas", is one concept (src/catalog/text/regions.ts). */
  home?: string;
}

interface Paraphrase {
  entry: FaqEntry;
  vector: SparseVector;
}

/**
 * An FAQ answerer that needs no model: every paraphrase in every locale becomes a TF-IDF vector of
 * Japanese character bigrams and English stems; a question takes its best-matching paraphrase.
 */
export function createOfflineFaqAnswerer(entries: readonly FaqEntry[], options: OfflineFaqOptions = {}): FaqAnswerer {
  const threshold = options.threshold ?? defaultFaqThreshold;
  const match = createFaqMatcher(entries, options.synonyms, options.home);
  return {
    async answer(question, locale) {
      const best = match(question);
      if (!best || best.score < threshold) return null;
      const answer: FaqAnswer = {
        entryId: best.entry.id,
        answer: pickText(best.entry.answer, locale, options.fallbackLocale ?? locale),
        score: Math.min(1, best.score),
      };
      return answer;
    },
  };
}

/** The best entry for a question with its cosine, no threshold applied (calibration scripts use it). */
export function createFaqMatcher(
  entries: readonly FaqEntry[],
  synonyms: readonly (readonly string[])[] = [],
  home?: string,
): (question: string) => { entry: FaqEntry; score: number } | undefined {
  const rank = createFaqRanker(entries, synonyms, home);
  return (question) => rank(question, 1)[0];
}

/** The `k` best entries for a question, each with its best paraphrase's cosine (the LLM answerer reads them). */
export function createFaqRanker(
  entries: readonly FaqEntry[],
  synonyms: readonly (readonly string[])[] = [],
  home?: string,
): (question: string, k: number) => { entry: FaqEntry; score: number }[] {
  const groups = compileSynonyms(synonyms);
  const termsOf = (text: string) => faqTerms(text, groups, home);
  const texts = entries.flatMap((entry) =>
    Object.values(entry.questions).flatMap((list) => list.map((text) => ({ entry, terms: termsOf(text) }))),
  );
  const model = new TfIdfModel(texts.map((text) => text.terms));
  const paraphrases: Paraphrase[] = texts
    .filter((text) => text.terms.length > 0)
    .map((text) => ({ entry: text.entry, vector: model.vector(text.terms) }));
  // Each entry as one document of all its paraphrases: a question sharing words with several of
  // them ("送る", "いくら", "北海道") is more likely that entry's than one sharing a word with one.
  const centroids = new Map(
    entries.map((entry) => [entry, model.vector(texts.filter((text) => text.entry === entry).flatMap((t) => t.terms))]),
  );
  return (question, k) => rankEntries(paraphrases, centroids, model.vector(termsOf(question)), k);
}

/** How much of an entry's score is its centroid's cosine; the rest is its best paraphrase's. */
const centroidShare = 0.3;

const kanji = /\p{Script=Han}/u;

function faqTerms(text: string, synonyms: Synonyms, home: string | undefined): string[] {
  // Stems (and Japanese bigrams) plus, for English words, their character trigrams: "refund" and
  // "refunds", "cancelation" and "cancellation" then share most of their weight.
  // Germany, 台湾, overseas: one term, so a paraphrase naming the US or 海外 meets them.
  const abroad = markAbroad(normalizeText(text), home);
  const tokens = tokenize(abroad.text);
  // Japanese words add their kanji one by one: a verb's stem is its kanji (届く, 届きます; 送る,
  // 送料), which bigrams of the inflected forms do not share.
  return [
    ...analyzeTokens(tokens).flatMap((word) =>
      word.cjk
        ? [
            ...word.terms,
            ...Array.from(word.surface)
              .filter((char) => kanji.test(char))
              .map((char) => `1:${char}`),
          ]
        : [...word.terms, ...wordTrigrams(` ${word.surface.toLowerCase()} `)],
    ),
    ...synonyms.find(tokens).map((match) => match.term),
    ...(abroad.found ? [abroadTerm] : []),
  ];
}

function rankEntries(
  paraphrases: readonly Paraphrase[],
  centroids: ReadonlyMap<FaqEntry, SparseVector>,
  query: SparseVector,
  k: number,
): { entry: FaqEntry; score: number }[] {
  if (query.size === 0 || k <= 0) return [];
  const best = new Map<FaqEntry, number>();
  for (const paraphrase of paraphrases) {
    const score = cosine(query, paraphrase.vector);
    if (score > (best.get(paraphrase.entry) ?? -1)) best.set(paraphrase.entry, score);
  }
  // Stable: among equal scores the entry listed first in faq.yaml wins, as before.
  return [...best]
    .map(([entry, score]) => ({
      entry,
      score: (1 - centroidShare) * score + centroidShare * cosine(query, centroids.get(entry) ?? new Map()),
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}
