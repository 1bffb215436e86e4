import type { Locale, Product } from '../core/index.js';

/**
 * Why a product was picked, in one sentence from catalog facts: matched words and stock, never a
 * price. `instead`: the request named things no product matches, and this pick stands in for them.
 */
export type PickBasis =
  | { kind: 'match'; words: readonly string[] }
  | { kind: 'featured'; instead?: boolean }
  | { kind: 'available'; instead?: boolean }
  | { kind: 'related'; title: string; instead?: boolean }
  | { kind: 'similar' };

/** One short sentence in the query's locale (Japanese for `ja*`, English otherwise). */
export function recommendReason(basis: PickBasis, product: Product, locale: Locale): string {
  const ja = locale.toLowerCase().startsWith('ja');
  // A stand-in never reads like a match: it says first that it is not what was asked for.
  if ('instead' in basis && basis.instead) {
    const reason = recommendReason({ ...basis, instead: false }, product, locale);
    return ja
      ? `ご希望の品ではありませんが、${reason}`
      : `Not a match, but ${reason[0]!.toLowerCase()}${reason.slice(1)}`;
  }
  const stock = product.stock > 0 ? (ja ? '在庫あり' : 'in stock') : ja ? '在庫切れ' : 'out of stock';
  // Quoted words never include figures: "Matches “10”" next to a price would read like an offer.
  const words = basis.kind === 'match' ? basis.words.filter((word) => !/[\p{Nd}\p{No}]/u.test(word)) : [];
  if (basis.kind === 'match' && words.length === 0)
    return ja ? `ご希望に合う商品です・${stock}` : `Fits your request; ${stock}`;
  switch (basis.kind) {
    case 'match':
      return ja
        ? `${words.map((word) => `『${word}』`).join('')}に一致・${stock}`
        : `Matches ${joinEnglish(words.map((word) => `“${word}”`))}; ${stock}`;
    case 'featured':
      return ja ? `当店のおすすめ・${stock}` : `Featured by the shop; ${stock}`;
    case 'available':
      return ja ? `すぐにお届けできる商品です・${stock}` : `Ready to ship; ${stock}`;
    case 'similar':
      return ja ? `ご希望に近い商品です・${stock}` : `Close to what you asked for; ${stock}`;
    case 'related':
      return ja
        ? `以前お買い上げの「${basis.title}」に近い商品・${stock}`
        : `Like the ${basis.title} you bought before; ${stock}`;
  }
}

function joinEnglish(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
