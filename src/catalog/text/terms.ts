import {
  englishStopwords,
  japaneseFunctionPhrases,
  japaneseGrammarWords,
  particlePattern,
  wordStartPattern,
} from './stopwords.js';
import { foldKana, isHiraganaOnly, normalizeText, textRuns } from './normalize.js';
import { englishTermOf, respell } from './spelling.js';

/** One word of the text as written (after normalising) and the index terms it stands for. */
export interface AnalyzedWord {
  surface: string;
  /** Position among the text's words, so adjacent matched words can be quoted together. */
  position: number;
  cjk: boolean;
  terms: string[];
}

/** A word of the text, stopwords included, with what matching compares. */
export interface Token {
  /** As written, after NFKC and lower-casing: what is quoted back to the shopper. */
  surface: string;
  /** What terms are made of: the dictionary's spelling (焙じ茶 → ほうじ茶), katakana folded to hiragana. */
  form: string;
  cjk: boolean;
  /** A stopword (English "the", or one the caller named): not matched on its own. */
  stop: boolean;
  /** Where the word starts and ends in the normalised text. */
  start: number;
  end: number;
  /** Only a space or a hyphen from the word before ("one-piece", "one piece"), or in the same Japanese run. */
  attached: boolean;
}

export interface AnalyzeOptions {
  /** More English words to ignore (e.g. "recommend" in a product query). */
  stopwords?: ReadonlySet<string>;
  /** More Japanese phrases to cut out (e.g. おすすめ in a product query). */
  japanesePhrases?: readonly string[];
  /**
   * Split Japanese runs into words (Intl.Segmenter): for a shopper's request, whose words are then
   * matched one by one (静岡煎茶 → 静岡, 煎茶). Catalog text is not split: its bigrams cover every word.
   */
  segment?: boolean;
}

/**
 * Japanese has no spaces, so catalog text is not split into words: each run of kana/kanji becomes
 * overlapping character bigrams (緑茶 is one bigram, 抹茶ラテ three), after grammar and politeness
 * are cut out. English words are stemmed. Both sides of every comparison go through this function.
 */
export function analyzeText(text: string, options: AnalyzeOptions = {}): AnalyzedWord[] {
  return analyzeTokens(tokenize(text, options));
}

/** The words of tokenize()'s tokens, stopwords left out, with their index terms. */
export function analyzeTokens(tokens: readonly Token[]): AnalyzedWord[] {
  return tokens
    .filter((token) => !token.stop)
    .map((token, position) => ({
      surface: token.surface,
      position,
      cjk: token.cjk,
      terms: token.cjk ? cjkBigrams(token.form) : [englishTermOf(token.form)],
    }));
}

/**
 * The text's words in order, stopwords included (marked): NFKC and lower case, the dictionary's
 * spellings (src/catalog/text/spelling.ts), Japanese grammar cut out, runs split where a word
 * starts, and katakana folded to hiragana in `form`.
 */
export function tokenize(text: string, options: AnalyzeOptions = {}): Token[] {
  const normalized = normalizeText(text);
  const respelled = respell(normalized);
  let cut = respelled.text;
  // Latin-only text (most English descriptions) has nothing Japanese to cut.
  const japanese = japaneseScript.test(cut);
  if (japanese) {
    // Cut out with as many spaces, so offsets into the respelled text stay put.
    const blank = (found: string) => ' '.repeat(found.length);
    cut = cut.replace(phrasePattern(options.japanesePhrases), blank).replace(particlePattern, blank);
  }
  const source = (from: number, to: number) =>
    respelled.start && respelled.end
      ? normalized.slice(respelled.start[from], respelled.end[to - 1])
      : normalized.slice(from, to);
  const tokens: Token[] = [];
  for (const run of textRuns(cut)) {
    if (!run.cjk) {
      const stop = englishStopwords.has(run.text) || options.stopwords?.has(run.text) === true;
      const start = respelled.start?.[run.index] ?? run.index;
      const end = start + run.text.length;
      tokens.push({ surface: run.text, form: run.text, cjk: false, stop, start, end, attached: false });
      continue;
    }
    for (const [from, to] of japaneseWords(run.text, options.segment === true)) {
      const text = run.text.slice(from, to);
      // A lone hiragana character left over is grammar (a particle), not a word.
      if (Array.from(text).length === 1 && isHiraganaOnly(text)) continue;
      const at = run.index + from;
      tokens.push({
        surface: source(at, at + text.length),
        form: foldKana(text),
        cjk: true,
        // A request's words are single words (segment): grammar ones among them are stopwords.
        stop: options.segment === true && japaneseGrammarWords.has(text),
        start: respelled.start?.[at] ?? at,
        end: respelled.end?.[at + text.length - 1] ?? at + text.length,
        attached: false,
      });
    }
  }
  for (let i = 1; i < tokens.length; i++)
    tokens[i]!.attached = attachedGap.test(normalized.slice(tokens[i - 1]!.end, tokens[i]!.start));
  return tokens;
}

const attachedGap = /^[\s\-‐‑–_]*$/u;

const japaneseScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const katakanaOnly = /^[\p{Script=Katakana}ー]+$/u;
const honorific = /^[おご]$/u;
/** One kanji: two in a row are one word the segmenter did not know (豆|皿 → 豆皿, 茶|碗 → 茶碗). */
const lone = /^\p{Script=Han}$/u;
let segmenter: Intl.Segmenter | undefined;

/**
 * Where words of a Japanese run start and end: a new word where hiragana meets kanji or katakana
 * (してから|何日), and with `segment` Intl.Segmenter's words, mended where it breaks a word it does
 * not know into pieces: katakana (ホ|ウジ, ラ|テ), a long-vowel mark (ぴ|ー), hiragana letter by
 * letter (み|ず|ぎ), an honorific off its word (お|ちゃ), two lone kanji (豆|皿).
 */
function japaneseWords(run: string, segment: boolean): [number, number][] {
  const bounds: [number, number][] = [];
  let from = 0;
  for (const match of run.matchAll(wordStartPattern)) {
    if (match.index > from) bounds.push([from, match.index]);
    from = match.index;
  }
  bounds.push([from, run.length]);
  if (!segment) return bounds;
  segmenter ??= new Intl.Segmenter('ja', { granularity: 'word' });
  const words: [number, number][] = [];
  for (const [start, end] of bounds) {
    const pieces: { from: number; to: number; letters: boolean }[] = [];
    for (const { segment: text, index } of segmenter.segment(run.slice(start, end))) {
      const last = pieces.at(-1);
      const previous = last ? run.slice(last.from, last.to) : '';
      const single = Array.from(text).length === 1;
      const letter = single && isHiraganaOnly(text) && text !== 'ー';
      const mend =
        last !== undefined &&
        (text.startsWith('ー') ||
          (katakanaOnly.test(previous) && katakanaOnly.test(text) && (Array.from(previous).length === 1 || single)) ||
          (letter && last.letters) ||
          (single && lone.test(text) && lone.test(previous)) ||
          (honorific.test(previous) && isHiraganaOnly(text)));
      if (mend) {
        last.to = start + index + text.length;
        last.letters &&= letter;
      } else pieces.push({ from: start + index, to: start + index + text.length, letters: letter });
    }
    words.push(...pieces.map(({ from, to }): [number, number] => [from, to]));
  }
  return words;
}

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

/** Character trigrams of a Latin word, marked with `~` (the FAQ matcher's typo tolerance). */
export function wordTrigrams(word: string): string[] {
  if (word.length < 4) return [];
  const grams: string[] = [];
  for (let i = 0; i + 3 <= word.length; i++) grams.push(`~${word.slice(i, i + 3)}`);
  return grams;
}
