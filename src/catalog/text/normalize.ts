/**
 * Folds what shoppers type into one form: NFKC turns full-width ＡＢＣ１２３ and half-width ｶﾀｶﾅ into
 * their usual forms, then lower-case. Apostrophes go so "what's" and "whats" meet.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/['’`]/g, '');
}

/**
 * Katakana to hiragana, one code unit for one (ホウジ茶 → ほうじ茶), so offsets stay put. For
 * matching only: the shopper's own spelling is what is shown. ー and the rare ヷ–ヺ stay.
 */
export function foldKana(text: string): string {
  return text.replace(/[\u30a1-\u30f6\u30fd\u30fe]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

/** Hiragana to katakana (ほうじ茶 → ホウジ茶): the other way, for spelling a keyword both ways. */
export function toKatakana(text: string): string {
  return text.replace(/[\u3041-\u3096\u309d\u309e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/** A stretch of Japanese script (kanji, kana) or of letters and digits; everything else separates runs. */
export interface TextRun {
  text: string;
  cjk: boolean;
  /** Where the run starts in the text it was cut from. */
  index: number;
}

const japanese = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ`;
// A Japanese run, or letters and digits of any other script: "Mサイズ" is M and サイズ, not one word.
const runPattern = new RegExp(`([${japanese}]+)|((?:(?![${japanese}])[\\p{L}\\p{N}])+)`, 'gu');

/** Splits normalised text into runs; punctuation, spaces and symbols are dropped. */
export function textRuns(normalized: string): TextRun[] {
  const runs: TextRun[] = [];
  for (const match of normalized.matchAll(runPattern)) {
    if (match[1]) runs.push({ text: match[1], cjk: true, index: match.index });
    else if (match[2]) runs.push({ text: match[2], cjk: false, index: match.index });
  }
  return runs;
}

const hiraganaOnly = /^[\p{Script=Hiragana}ー]+$/u;

/** True for a run written only in hiragana: in Japanese these are mostly grammar, not product words. */
export function isHiraganaOnly(text: string): boolean {
  return hiraganaOnly.test(text);
}

const katakanaChar = /[\p{Script=Katakana}ー]/u;
const kanjiChar = /\p{Script=Han}/u;

/**
 * Whether a Japanese word found at `index` in `text` stands on its own: a katakana or kanji edge
 * must not run on into more of the same script (レジ is not in クレジット, マリ not in マリン, 中国
 * not in 中国茶). Japanese has no spaces, so this is what a word boundary is.
 */
export function standsAlone(text: string, word: string, index: number): boolean {
  const before = text[index - 1] ?? '';
  const after = text[index + word.length] ?? '';
  const first = word[0] ?? '';
  const last = word[word.length - 1] ?? '';
  for (const script of [katakanaChar, kanjiChar])
    if ((script.test(first) && script.test(before)) || (script.test(last) && script.test(after))) return false;
  return true;
}
