import { standsAlone } from '../catalog/text/normalize.js';
import type { FlowDefinition } from './definition.js';

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

const acknowledgements = new Set([
  'ok',
  'okay',
  'k',
  'yes',
  'yeah',
  'yep',
  'no',
  'nope',
  'sure',
  'fine',
  'great',
  'cool',
  'thanks',
  'thank you',
  'thx',
  'ty',
  'はい',
  'いいえ',
  'うん',
  'ううん',
  'ええ',
  '了解',
  '了解です',
  'りょうかい',
  'わかりました',
  '分かりました',
  'ありがとう',
  'ありがとうございます',
  'ありがとうございました',
  'どうも',
  'おけ',
  'おk',
]);

/**
 * A message that carries no request: an acknowledgement (`OK`, 「はい」, "thanks"), or no letters at
 * all (`12`, `!!`, an emoji). No FAQ entry or product is evidence for it, whatever words they share
 * ("Is it OK for kids to drink…", a product with 12 in its name); only the step's buttons and the
 * flow's own intents may take it.
 */
export function carriesNoRequest(text: string): boolean {
  const form = normalizeText(text)
    .replace(/[\s。、.!！?？~〜ー…]+$/u, '')
    .replace(/^[\s]+/u, '');
  return !/\p{L}/u.test(form) || acknowledgements.has(form);
}

/** One intent's evidence in a message: 0..1, and what matched. */
export interface IntentEvidence {
  name: string;
  score: number;
  /** The keyword or pattern that matched. */
  matched: string;
}

/** From this share of the message's words a keyword is what the message says. */
const certainShare = 0.2;

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });
/** One or two hiragana: a particle or an inflection (の, を, て, した), not a word of its own. */
const grammar = /^\p{Script=Hiragana}{1,2}$/u;
/**
 * Words in both languages: Japanese has no spaces, so ICU's word segmenter splits it
 * (担当|者|と|話|した|い), and its particles and inflections are not counted, so 見せて is one word
 * as カート is, and a keyword's share of 「カートの中身を見せて」 is a third for either.
 */
const words = (text: string) =>
  Math.max(
    1,
    [...segmenter.segment(text)].filter((segment) => segment.isWordLike && !grammar.test(segment.segment)).length,
  );

/**
 * How strongly each matching intent is meant, in file order: a pattern is explicit (0.9); a keyword
 * counts by the share of the message's words it covers: 0.95 from a fifth up ("talk to a person",
 * 「担当者と話したい、合言葉は…」, 「レジ」), falling fast below that, so one word in a long sentence
 * ("staff" in "is your staff knowledgeable about swimwear sizing and the best fit for my body?",
 * 1 of 14: 0.47) loses to an FAQ entry or the catalog that matches the whole question, or abstains.
 */
export function scoreIntents(definition: FlowDefinition, text: string, locale: string): IntentEvidence[] {
  const normalized = normalizeText(text);
  const size = words(normalized);
  const locales = [locale, ...definition.locales.filter((other) => other !== locale)];
  const found = new Map<string, IntentEvidence>();
  for (const [name, intent] of Object.entries(definition.intents)) {
    for (const intentLocale of locales) {
      for (const keyword of intent.keywords[intentLocale] ?? []) {
        const form = normalizeText(keyword);
        if (!keywordMatches(normalized, form)) continue;
        const share = words(form) / size;
        const score = share >= certainShare ? 0.95 : 0.4 + 0.55 * (share / certainShare) ** 2;
        if (score > (found.get(name)?.score ?? 0)) found.set(name, { name, score, matched: keyword });
      }
      for (const pattern of intent.patterns[intentLocale] ?? [])
        if ((pattern.test(text) || pattern.test(normalized)) && 0.9 > (found.get(name)?.score ?? 0))
          found.set(name, { name, score: 0.9, matched: String(pattern) });
    }
  }
  return [...found.values()];
}

/**
 * Intents whose keywords or patterns match, in file order. The shopper's own locale is tried,
 * then every other locale (a Japanese shopper may well type "hi" or "OK").
 */
export function matchIntents(definition: FlowDefinition, text: string, locale: string): string[] {
  const normalized = normalizeText(text);
  const matches = (intentLocale: string, name: string): boolean => {
    const intent = definition.intents[name];
    if (!intent) return false;
    const keywords = intent.keywords[intentLocale] ?? [];
    if (keywords.some((keyword) => keywordMatches(normalized, normalizeText(keyword)))) return true;
    return (intent.patterns[intentLocale] ?? []).some((pattern) => pattern.test(text) || pattern.test(normalized));
  };
  const names = Object.keys(definition.intents);
  const locales = [locale, ...definition.locales.filter((other) => other !== locale)];
  const found: string[] = [];
  for (const intentLocale of locales)
    for (const name of names) if (!found.includes(name) && matches(intentLocale, name)) found.push(name);
  return found;
}

const kanji = /\p{Script=Han}/u;
const hiragana = /\p{Script=Hiragana}/u;

/**
 * Whether a CJK keyword found at `index` stands on its own (standsAlone: 商品 is not in 新商品), and
 * a word ending in okurigana does not run on into kanji, as 支払い does in the compound 支払い方法.
 */
function cjkBoundary(text: string, keyword: string, index: number): boolean {
  if (!standsAlone(text, keyword, index)) return false;
  const after = text[index + keyword.length] ?? '';
  const last = keyword[keyword.length - 1] ?? '';
  return !(hiragana.test(last) && kanji.test(after) && kanji.test(keyword));
}

/**
 * Latin keywords match whole words ("hi" is not in "chill"); CJK keywords match inside a sentence,
 * as there are no spaces, but not inside a longer katakana word or kanji compound.
 */
function keywordMatches(text: string, keyword: string): boolean {
  if (keyword.length === 0) return false;
  if (!/^[\p{Script=Latin}\d\s'-]+$/u.test(keyword)) {
    for (let index = text.indexOf(keyword); index !== -1; index = text.indexOf(keyword, index + 1))
      if (cjkBoundary(text, keyword, index)) return true;
    return false;
  }
  const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(text);
}
