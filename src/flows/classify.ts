import type { FlowDefinition } from './definition.js';

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
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

const katakana = /[\p{Script=Katakana}ー]/u;
const kanji = /\p{Script=Han}/u;

/**
 * Whether a CJK keyword found at `index` stands on its own: a katakana or kanji edge must not run on
 * into more of the same script, so レジ is not found in クレジット and 商品 not in 新商品.
 */
function cjkBoundary(text: string, keyword: string, index: number): boolean {
  const before = text[index - 1] ?? '';
  const after = text[index + keyword.length] ?? '';
  const first = keyword[0] ?? '';
  const last = keyword[keyword.length - 1] ?? '';
  for (const script of [katakana, kanji]) {
    if (script.test(first) && script.test(before)) return false;
    if (script.test(last) && script.test(after)) return false;
  }
  return true;
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
