import { stem } from './stem.js';
import { foldKana, normalizeText, toKatakana } from './normalize.js';

/**
 * Spellings of one word that shops and shoppers mix (kanji or kana, okurigana, 供 or ども), for
 * the domains Kaiwa ships examples for: tea, teaware, apparel. The first is the form matching uses;
 * katakana is folded to hiragana before lookup, so ホウジ茶 is ほうじ茶 too. Kept short on purpose:
 * a shop's own words go in kaiwa.yaml `synonyms` (docs/configuration.md).
 */
export const japaneseSpellings: readonly (readonly string[])[] = [
  ['ほうじ茶', '焙じ茶'],
  ['急須', 'きゅうす'],
  ['子ども', '子供', 'こども'],
  ['湯呑み', '湯のみ', '湯呑', '湯飲み', 'ゆのみ'],
  ['茶碗', '茶わん', 'ちゃわん'],
  ['茶筅', '茶せん'],
  ['手ぬぐい', '手拭い', '手拭'],
  ['着物', 'きもの'],
  ['浴衣', 'ゆかた'],
  ['靴下', 'くつした'],
  ['tシャツ', 'ティーシャツ'],
];

/** English spellings that differ by side of the Atlantic, compared after stemming. */
export const englishSpellings: readonly (readonly string[])[] = [
  ['gray', 'grey'],
  ['color', 'colour'],
];

const japanese = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const canonicalOf = new Map<string, string>();
for (const group of japaneseSpellings)
  for (const member of group) canonicalOf.set(foldKana(normalizeText(member)), normalizeText(group[0]!));
const memberPattern = new RegExp([...canonicalOf.keys()].sort((a, b) => b.length - a.length).join('|'), 'gu');

const englishTerm = new Map<string, string>();
for (const [first, ...others] of englishSpellings)
  for (const other of others) englishTerm.set(stem(other), stem(first!));

/** The index term of an English word: its stem, in the dictionary's spelling (grey → gray). */
export function englishTermOf(word: string): string {
  const term = stem(word);
  return englishTerm.get(term) ?? term;
}

/**
 * Normalised text in the dictionary's spellings, with where each character came from, so a word
 * found in the respelled text can be quoted as written: `start[i]`/`end[i]` bound the source of
 * character i (a respelled word's characters all point at the whole word it replaced).
 */
export interface Respelled {
  text: string;
  start: readonly number[] | undefined;
  end: readonly number[] | undefined;
}

/** Rewrites the dictionary's variant spellings (焙じ茶, 子供, 湯呑み…) to its first form. */
export function respell(normalized: string): Respelled {
  // Every entry is Japanese: text without kana or kanji (most English text) has none of them.
  if (!japanese.test(normalized)) return { text: normalized, start: undefined, end: undefined };
  const folded = foldKana(normalized);
  // search() leaves the pattern's lastIndex alone, which matchAll below starts from.
  if (folded.search(memberPattern) < 0) return { text: normalized, start: undefined, end: undefined };
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  let at = 0;
  const copy = (until: number) => {
    for (; at < until; at++) {
      text += normalized[at];
      start.push(at);
      end.push(at + 1);
    }
  };
  for (const match of folded.matchAll(memberPattern)) {
    copy(match.index);
    const canonical = canonicalOf.get(match[0])!;
    for (let i = 0; i < canonical.length; i++) {
      start.push(match.index);
      end.push(match.index + match[0].length);
    }
    text += canonical;
    at = match.index + match[0].length;
  }
  copy(normalized.length);
  return { text, start, end };
}

/** At most this many spellings of one keyword. */
const maxSpellings = 12;

/**
 * A flow keyword in the spellings a shopper may use: the dictionary's variants, and the kana in
 * katakana (おすすめ → オススメ) and, from three characters, in hiragana (カート → かーと). Keyword
 * matching (src/flows/classify.ts) compares text as typed, so the spellings are listed instead.
 */
export function keywordSpellings(keyword: string): string[] {
  const forms = [keyword];
  const add = (form: string) => {
    if (forms.length < maxSpellings && !forms.includes(form)) forms.push(form);
  };
  const normalized = normalizeText(keyword);
  const canonical = respell(normalized).text;
  const groups = japaneseSpellings.filter((group) => canonical.includes(normalizeText(group[0]!)));
  if (canonical !== normalized) add(canonical);
  for (const group of groups)
    for (const member of group) add(canonical.replaceAll(normalizeText(group[0]!), normalizeText(member)));
  for (const form of [...forms]) {
    add(toKatakana(form));
    if (Array.from(form).length >= 3) add(foldKana(form));
  }
  return forms;
}
