import type { Locale, Product } from '../core/index.js';

/** Why a product was picked, in one sentence from catalog facts: matched words and stock, never a price. */
export type PickBasis = { kind: 'match'; words: readonly string[] } | { kind: 'featured' } | { kind: 'available' };

/** One short sentence in the query's locale (Japanese for `ja*`, English otherwise). */
export function recommendReason(basis: PickBasis, product: Product, locale: Locale): string {
  const ja = locale.toLowerCase().startsWith('ja');
  const stock = product.stock > 0 ? (ja ? '在庫あり' : 'in stock') : ja ? '在庫切れ' : 'out of stock';
  switch (basis.kind) {
    case 'match':
      return ja
        ? `${basis.words.map((word) => `『${word}』`).join('')}に一致・${stock}`
        : `Matches ${joinEnglish(basis.words.map((word) => `“${word}”`))}; ${stock}`;
    case 'featured':
      return ja ? `当店のおすすめ・${stock}` : `Featured by the shop; ${stock}`;
    case 'available':
      return ja ? `すぐにお届けできる商品です・${stock}` : `Ready to ship; ${stock}`;
  }
}

function joinEnglish(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
