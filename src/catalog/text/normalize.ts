/**
 * Folds what shoppers type into one form: NFKC turns full-width ＡＢＣ１２３ and half-width ｶﾀｶﾅ into
 * their usual forms, then lower-case. Apostrophes go so "what's" and "whats" meet.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/['’`]/g, '');
}

/** A stretch of Japanese script (kanji, kana) or of letters and digits; everything else separates runs. */
export interface TextRun {
  text: string;
  cjk: boolean;
}

const runPattern = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]+)|([\p{L}\p{N}]+)/gu;

/** Splits normalised text into runs; punctuation, spaces and symbols are dropped. */
export function textRuns(normalized: string): TextRun[] {
  const runs: TextRun[] = [];
  for (const match of normalized.matchAll(runPattern)) {
    if (match[1]) runs.push({ text: match[1], cjk: true });
    else if (match[2]) runs.push({ text: match[2], cjk: false });
  }
  return runs;
}

const hiraganaOnly = /^[\p{Script=Hiragana}ー]+$/u;

/** True for a run written only in hiragana: in Japanese these are mostly grammar, not product words. */
export function isHiraganaOnly(text: string): boolean {
  return hiraganaOnly.test(text);
}
