/** A BCP 47 language tag as a shop configures it, e.g. `ja` or `en`. */
export type Locale = string;

/** Text per locale, e.g. `{ ja: 'こんにちは', en: 'Hello' }`. */
export type LocalizedText = Readonly<Record<Locale, string>>;

const japaneseScript = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/u;
const latinLetter = /[A-Za-z]/;

/**
 * Guesses the shopper's language from one message: any kana or kanji means Japanese,
 * Latin letters alone mean English; digits and emoji say nothing (undefined).
 */
export function detectLocale(text: string, supported: readonly Locale[]): Locale | undefined {
  if (japaneseScript.test(text) && supported.includes('ja')) return 'ja';
  if (latinLetter.test(text) && !japaneseScript.test(text) && supported.includes('en')) return 'en';
  return undefined;
}

/** Picks the text for a locale, falling back to the given default locale, then to any text there is. */
export function pickText(text: LocalizedText | string, locale: Locale, fallbackLocale: Locale): string {
  if (typeof text === 'string') return text;
  return text[locale] ?? text[fallbackLocale] ?? Object.values(text)[0] ?? '';
}
