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
  // Latin-only text (most English descriptions) has nothing Japanese to cut.
  if (japaneseScript.test(normalized)) {
    normalized = normalized
      .replace(phrasePattern(options.japanesePhrases), ' ')
      .replace(particlePattern, ' ')
      .replace(wordStartPattern, ' ');
  }
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

const japaneseScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const phrasePatterns = new Map<readonly string[] | undefined, RegExp>();

/** One alternation of every phrase to cut, longest first so でしょうか wins over か; cached per list. */
function phrasePattern(extra: readonly string[] | undefined): RegExp {
  let pattern = phrasePatterns.get(extra);
  if (!pattern) {
    const phrases = [...(extra ?? []), ...japaneseFunctionPhrases].sort((a, b) => b.length - a.length);
    pattern = new RegExp(phrases.map((phrase) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu');
    phrasePatterns.set(extra, pattern);
  }
  return pattern;
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
