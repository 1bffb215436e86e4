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

const japaneseChars = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/gu;
/** Words that only a sentence in English has (a product name, a size or a command has none of them). */
const englishWords = new Set(
  (
    'a an the i you we my me your is are am was do does did can could would will have has want need ' +
    'looking look show find get buy how what which where when why who there any some something for to of ' +
    'with without in on please thanks thank hello hi hey yes no not about more than under'
  ).split(' '),
);

/**
 * The conversation's language after this message: it changes only on clear evidence, never on a
 * short token, a size, a number, a product name or a command (`OK`, `L`, `500g`, `Uji Sencha`,
 * `/reset` keep it). Japanese takes two or more Japanese characters; English takes a word only
 * an English sentence has ("do you ship…", "hello"). Without a current language, detectLocale.
 */
export function nextLocale(
  text: string,
  current: Locale | undefined,
  supported: readonly Locale[],
): Locale | undefined {
  if (current === undefined || !supported.includes(current)) return detectLocale(text, supported);
  const normalized = text.normalize('NFKC');
  if (current !== 'ja' && supported.includes('ja') && (normalized.match(japaneseChars)?.length ?? 0) >= 2) return 'ja';
  if (current !== 'en' && supported.includes('en') && !japaneseScript.test(normalized)) {
    const words = normalized.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? [];
    if (words.some((word) => englishWords.has(word) && (word.length > 1 || words.length > 1))) return 'en';
  }
  return current;
}

/** Picks the text for a locale, falling back to the given default locale, then to any text there is. */
export function pickText(text: LocalizedText | string, locale: Locale, fallbackLocale: Locale): string {
  if (typeof text === 'string') return text;
  return text[locale] ?? text[fallbackLocale] ?? Object.values(text)[0] ?? '';
}
