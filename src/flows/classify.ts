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
  for (const intentLocale of locales) for (const name of names) if (!found.includes(name) && matches(intentLocale, name)) found.push(name);
  return found;
}

/** Latin keywords match whole words ("hi" is not in "chill"); CJK keywords match anywhere, as there are no spaces. */
function keywordMatches(text: string, keyword: string): boolean {
  if (keyword.length === 0) return false;
  if (!/^[\p{Script=Latin}\d\s'-]+$/u.test(keyword)) return text.includes(keyword);
  const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(text);
}
