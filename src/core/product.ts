import { pickText, type LocalizedText } from './locale.js';
import type { Product } from './ports/catalog-store.js';

/** What a shopper sees as one product: a variant's parent, or the product itself. */
export function productKey(product: Pick<Product, 'id' | 'parent'>): string {
  return product.parent ?? product.id;
}

/** Whether one more unit can be sold when `inCart` are already in the shopper's cart. */
export function canSell(product: Pick<Product, 'stock' | 'continueSelling'>, inCart = 0): boolean {
  return product.continueSelling === true || product.stock > inCart;
}

/** A variant's option values as shoppers read them: `M / Black`; empty for a product without options. */
export function optionLabel(product: Pick<Product, 'options'>): string {
  return Object.values(product.options ?? {}).join(' / ');
}

/** The title in `locale` with the variant's options, `Trail Tee (M / Black)`: cart lines, orders, receipts, payment line items. */
export function variantTitle(
  product: Pick<Product, 'title' | 'options'>,
  locale: string,
  fallbackLocale: string,
): string {
  const title = pickText(product.title as LocalizedText, locale, fallbackLocale);
  const options = optionLabel(product);
  return options ? `${title} (${options})` : title;
}

/** The option names of a product's variants in the order they first appear (`size`, `color`). */
export function optionNames(variants: readonly Pick<Product, 'options'>[]): string[] {
  return [...new Set(variants.flatMap((variant) => Object.keys(variant.options ?? {})))];
}

const sizeWords = [
  ['xxxs', '3xs'],
  ['xxs', '2xs'],
  ['xs', 'x-small', 'extra small'],
  ['s', 'small', 'sm'],
  ['m', 'medium', 'md', 'med'],
  ['l', 'large', 'lg'],
  ['xl', 'x-large', 'extra large'],
  ['xxl', '2xl', 'xx-large'],
  ['xxxl', '3xl', 'xxx-large'],
  ['4xl', 'xxxxl'],
  ['5xl', 'xxxxxl'],
];
const sizeRank = new Map(sizeWords.flatMap((words, rank) => words.map((word) => [word, rank] as const)));

/** The words that name the same clothing size as `word` (`m`: m, medium, md, med), lower case; undefined for no size. */
export function sizeSynonyms(word: string): readonly string[] | undefined {
  const rank = sizeRank.get(word.normalize('NFKC').trim().toLowerCase());
  return rank === undefined ? undefined : sizeWords[rank];
}

/**
 * The order option values are offered in: clothing sizes from small to large (XS, S, M, L, XL…),
 * values starting with a number by that number (50g before 100g, size 4 before 10), anything else
 * alphabetically. Deterministic, so buttons and exports never depend on database order.
 */
export function compareOptionValues(a: string, b: string): number {
  const rank = (value: string) => sizeRank.get(value.normalize('NFKC').trim().toLowerCase());
  const [sizeA, sizeB] = [rank(a), rank(b)];
  if (sizeA !== undefined && sizeB !== undefined) return sizeA - sizeB;
  if ((sizeA === undefined) !== (sizeB === undefined)) return sizeA === undefined ? 1 : -1;
  const number = (value: string) => /^\s*(\d+(?:\.\d+)?)/.exec(value.normalize('NFKC'))?.[1];
  const [numberA, numberB] = [number(a), number(b)];
  if (numberA !== undefined && numberB !== undefined && Number(numberA) !== Number(numberB))
    return Number(numberA) - Number(numberB);
  if ((numberA === undefined) !== (numberB === undefined)) return numberA === undefined ? 1 : -1;
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A product's variants in option order: by the first option's value, then the second's…, then id. */
export function sortVariants<T extends Pick<Product, 'id' | 'options'>>(variants: readonly T[]): T[] {
  const names = optionNames(variants);
  return [...variants].sort((a, b) => {
    for (const name of names) {
      const order = compareOptionValues(a.options?.[name] ?? '', b.options?.[name] ?? '');
      if (order !== 0) return order;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** One option of a product and its values: on sale (at least one variant can be sold) and sold out, in option order. */
export interface OptionOffer {
  name: string;
  available: string[];
  soldOut: string[];
}

/**
 * What a product's variants offer, option by option: `size` with S, M on sale and L sold out.
 * `chosen` narrows to the variants with those values first (`{ color: 'Black' }` → the sizes in black).
 */
export function optionOffers(
  variants: readonly Pick<Product, 'options' | 'stock' | 'continueSelling'>[],
  chosen: Record<string, string> = {},
): OptionOffer[] {
  const matching = variants.filter((variant) =>
    Object.entries(chosen).every(([name, value]) => variant.options?.[name] === value),
  );
  return optionNames(variants).map((name) => {
    const values = [...new Set(matching.map((variant) => variant.options?.[name]).filter((v) => v !== undefined))];
    const onSale = (value: string) => matching.some((variant) => variant.options?.[name] === value && canSell(variant));
    const sorted = values.sort(compareOptionValues);
    return { name, available: sorted.filter(onSale), soldOut: sorted.filter((value) => !onSale(value)) };
  });
}

const optionNamesJa: Record<string, string> = {
  size: 'サイズ',
  color: '色',
  colour: '色',
  style: 'スタイル',
  material: '素材',
  weight: '内容量',
  flavor: '味',
  flavour: '味',
  type: 'タイプ',
  length: '長さ',
  width: '幅',
};

/** An option name as a shopper reads it: `Size` in English, サイズ in Japanese (common names), else as the merchant wrote it. */
export function optionDisplayName(name: string, locale: string): string {
  if (locale === 'ja') return optionNamesJa[name.toLowerCase()] ?? name;
  return name.charAt(0).toUpperCase() + name.slice(1);
}
