import { stem } from './stem.js';
import { englishStopwords, japaneseFunctionPhrases, particlePattern, wordStartPattern } from './stopwords.js';
import { isHiraganaOnly, normalizeText, textRuns } from './normalize.js';

/** One word of the text as written (after normalising) and the index terms it stands for. */
export interface AnalyzedWord {
  surface: string;
  /** Position among the text's words, so adjacent matched words can be quoted together. */
  position: number;
  cjk: boolean;
  terms: string[];
}

export interface AnalyzeOptions {
  /** More English words to ignore (e.g. "recommend" in a product query). */
  stopwords?: ReadonlySet<string>;
  /** More Japanese phrases to cut out (e.g. おすすめ in a product query). */
  japanesePhrases?: readonly string[];
}

/**
 * Japanese has no spaces, so words are not split: each run of kana/kanji becomes overlapping
 * character bigrams (緑茶 is one bigram, 抹茶ラテ three), after grammar and politeness are cut out.
 * English words are stemmed. Both sides of every comparison go through this one function.
 */
export function analyzeText(text: string, options: AnalyzeOptions = {}): AnalyzedWord[] {
  let normalized = normalizeText(text);
  for (const phrase of [...(options.japanesePhrases ?? []), ...japaneseFunctionPhrases]) {
    if (normalized.includes(phrase)) normalized = normalized.split(phrase).join(' ');
  }
  normalized = normalized.replace(particlePattern, ' ').replace(wordStartPattern, ' ');
  const words: AnalyzedWord[] = [];
  for (const run of textRuns(normalized)) {
    if (run.cjk) {
      // A lone hiragana character left over is grammar (a particle), not a word.
      if (run.text.length === 1 && isHiraganaOnly(run.text)) continue;
      words.push({ surface: run.text, position: words.length, cjk: true, terms: cjkBigrams(run.text) });
    } else {
      if (englishStopwords.has(run.text) || options.stopwords?.has(run.text)) continue;
      words.push({ surface: run.text, position: words.length, cjk: false, terms: [stem(run.text)] });
    }
  }
  return words;
}

/** Overlapping character pairs; a single character stands for itself. */
export function cjkBigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  return grams;
}

/** Character trigrams of a Latin word, marked with `~`: a fallback for typos ("ceramc" → ceramic). */
export function wordTrigrams(word: string): string[] {
  if (word.length < 4) return [];
  const grams: string[] = [];
  for (let i = 0; i + 3 <= word.length; i++) grams.push(`~${word.slice(i, i + 3)}`);
  return grams;
}
