import { sizeSynonyms, type Product } from '../core/index.js';

/** Option names and their values as the catalog holds them, e.g. `{ size: ['S', 'M'], color: ['Black'] }`. */
export type OptionVocabulary = Record<string, string[]>;

/** The option values of `products`, each name's values once, in first-seen order. */
export function optionVocabulary(products: readonly Pick<Product, 'options'>[]): OptionVocabulary {
  const vocabulary = new Map<string, Set<string>>();
  for (const product of products) {
    for (const [name, value] of Object.entries(product.options ?? {})) {
      const values = vocabulary.get(name) ?? new Set<string>();
      values.add(value);
      vocabulary.set(name, values);
    }
  }
  return Object.fromEntries([...vocabulary].map(([name, values]) => [name, [...values]]));
}

/** The same option value however it is written: NFKC, lower case, single spaces. */
export function optionKey(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Japanese words for common colours and sizes, so 「Mサイズの黒」 finds `size: M, color: Black`.
 * Each English value on the left is named by any of the Japanese words on the right.
 */
const japaneseWords: Record<string, readonly string[]> = {
  black: ['黒', 'ブラック'],
  white: ['白', 'ホワイト'],
  navy: ['紺', 'ネイビー'],
  blue: ['青', 'ブルー'],
  red: ['赤', 'レッド'],
  green: ['緑', 'グリーン'],
  gray: ['灰色', 'グレー', 'グレイ'],
  grey: ['灰色', 'グレー', 'グレイ'],
  pink: ['ピンク'],
  brown: ['茶色', 'ブラウン'],
  beige: ['ベージュ'],
  yellow: ['黄色', 'イエロー'],
  purple: ['紫', 'パープル'],
  orange: ['オレンジ'],
};

/** The spellings a shopper may use for one option value, all as optionKey gives them. */
function spellings(value: string): string[] {
  const key = optionKey(value);
  const sizes = sizeSynonyms(key) ?? [key];
  const words = new Set(sizes);
  for (const word of [...words, key]) for (const japanese of japaneseWords[word] ?? []) words.add(japanese);
  return [...words];
}

/** A Latin letter or a digit: what a Latin word's edge must not touch (Japanese may: Mサイズ). */
const latin = String.raw`[\p{Script=Latin}\p{N}]`;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `text` names `value`: a Latin or numeric value as a whole word (`M` in "size M" and
 * 「Mサイズ」, never
 * the `m` of "medium-roast" nor the `s` of "men's"), a Japanese word anywhere (黒 in 「黒いの」).
 * A value that is only a number (`4`, `10`) counts only next to a size word ("size 4", 「4号」,
 * 「サイズ4」), because a bare number is a quantity, a price or a button.
 */
export function namesValue(text: string, value: string): boolean {
  const normalized = optionKey(text);
  for (const word of spellings(value)) {
    if (/^\d+(?:\.\d+)?$/.test(word)) {
      const size = String.raw`(?:size|sz|サイズ|号)`;
      const pattern = new RegExp(
        String.raw`(?:${size}\s*${escape(word)}(?![\d.])|(?<![\d.])${escape(word)}\s*(?:号|サイズ|size))`,
        'u',
      );
      if (pattern.test(normalized)) return true;
    } else if (/^[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}ー]+$/u.test(word)) {
      if (normalized.includes(word)) return true;
    } else if (
      new RegExp(String.raw`(?<!${latin}|['’-])${escape(word)}(?!${latin}|['’]|-${latin})`, 'u').test(normalized)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * The option values `text` names, per option name, among those in `vocabulary`: "black one-piece in
 * size M" → `{ color: ['Black'], size: ['M'] }`. Options the text does not mention are absent.
 */
export function namedOptionValues(text: string, vocabulary: OptionVocabulary): OptionVocabulary {
  const named: OptionVocabulary = {};
  for (const [name, values] of Object.entries(vocabulary)) {
    const hits = values.filter((value) => namesValue(text, value));
    if (hits.length > 0) named[name] = hits;
  }
  return named;
}

/**
 * Whether a product agrees with the option values the shopper named: where it has the option, its
 * value is one of them; where it has not, its title or tags say one of them ("black" and a black
 * tea), else it is not what was asked for (a water bottle for "black, size M").
 */
export function matchesOptions(
  product: Pick<Product, 'options' | 'title' | 'tags'>,
  named: OptionVocabulary | undefined,
): boolean {
  if (!named) return true;
  for (const [name, values] of Object.entries(named)) {
    const own = product.options?.[name];
    if (own !== undefined) {
      if (!values.some((value) => optionKey(value) === optionKey(own))) return false;
      continue;
    }
    const words = [...Object.values(product.title), ...product.tags].join(' \n ');
    if (!values.some((value) => namesValue(words, value))) return false;
  }
  return true;
}
