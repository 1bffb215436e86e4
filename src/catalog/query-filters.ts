import { canSell, parseMoney, type Product } from '../core/index.js';
import { matchesOptions, namedOptionValues, type OptionVocabulary } from './option-words.js';

/** Limits a shopper put in words. Prices are integer minor units of the shop currency; bounds are inclusive. */
export interface ProductFilters {
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  /** Option values the shopper named ("size M", 「黒」): a product with such an option must have one of them. */
  options?: OptionVocabulary;
}

export interface ParsedQuery {
  /** The text with the filter phrases cut out, for matching products. */
  text: string;
  filters: ProductFilters;
}

const amount = String.raw`[¥$]?\s*(\d[\d,]*(?:\.\d+)?)\s*(万|千|k)?\s*(?:円|yen|jpy|dollars?|usd)?`;

/** Each rule: a pattern whose groups 1–2 are an amount, and how that amount bounds the price. */
const rules: { pattern: RegExp; apply: (value: number, filters: ProductFilters) => void }[] = [
  {
    pattern: new RegExp(String.raw`(?:under|below|less than|cheaper than)\s*${amount}`, 'giu'),
    apply: (v, f) => (f.maxPrice = v - 1),
  },
  {
    pattern: new RegExp(
      String.raw`(?:up to|at most|max(?:imum)?|no more than|within|budget(?: of| is)?)\s*${amount}`,
      'giu',
    ),
    apply: (v, f) => (f.maxPrice = v),
  },
  {
    pattern: new RegExp(String.raw`(?:over|above|more than)\s*${amount}`, 'giu'),
    apply: (v, f) => (f.minPrice = v + 1),
  },
  { pattern: new RegExp(String.raw`(?:at least|from)\s*${amount}`, 'giu'), apply: (v, f) => (f.minPrice = v) },
  { pattern: new RegExp(String.raw`予算\s*${amount}`, 'giu'), apply: (v, f) => (f.maxPrice = v) },
  { pattern: new RegExp(String.raw`${amount}\s*(?:未満|より安い)`, 'giu'), apply: (v, f) => (f.maxPrice = v - 1) },
  {
    pattern: new RegExp(String.raw`${amount}\s*(?:以下|まで|以内|くらいまで|程度まで)`, 'giu'),
    apply: (v, f) => (f.maxPrice = v),
  },
  { pattern: new RegExp(String.raw`${amount}\s*(?:超|より高い)`, 'giu'), apply: (v, f) => (f.minPrice = v + 1) },
  { pattern: new RegExp(String.raw`${amount}\s*(?:以上|から)`, 'giu'), apply: (v, f) => (f.minPrice = v) },
];

const inStock = /\bin[ -]?stock\b|\bavailable now\b|在庫あり|在庫(?:が|の)ある|在庫有り|すぐ(?:に)?届く/giu;

/**
 * Finds price limits ("under 3000 yen", 「3,000円以下」, 「5000円以上」) and "in stock" in what the
 * shopper wrote, and returns the rest for the search. "under"/未満 exclude the amount, "up to"/以下/まで include it.
 */
export function parseQueryFilters(text: string, currency = 'JPY', vocabulary?: OptionVocabulary): ParsedQuery {
  let rest = text.normalize('NFKC');
  const filters: ProductFilters = {};
  // Ranges first, so 「1000円から3000円」 is not read as "from 1000" and a dangling "3000円".
  rest = rest.replace(
    new RegExp(String.raw`(?:between\s*)?${amount}\s*(?:〜|~|-|から|to|and)\s*${amount}(?:\s*(?:まで|以内))?`, 'giu'),
    (match, a1, m1, a2, m2) => {
      const low = toMinor(a1, m1, currency);
      const high = toMinor(a2, m2, currency);
      if (low === undefined || high === undefined || low > high) return match;
      filters.minPrice = low;
      filters.maxPrice = high;
      return ' ';
    },
  );
  for (const rule of rules) {
    rest = rest.replace(rule.pattern, (match, digits: string, multiplier: string | undefined) => {
      const value = toMinor(digits, multiplier, currency);
      if (value === undefined) return match;
      rule.apply(Math.max(0, value), filters);
      return ' ';
    });
  }
  rest = rest.replace(inStock, () => {
    filters.inStock = true;
    return ' ';
  });
  const named = vocabulary ? namedOptionValues(rest, vocabulary) : {};
  if (Object.keys(named).length > 0) filters.options = named;
  return { text: rest.replace(/\s+/g, ' ').trim(), filters };
}

function toMinor(digits: string, multiplier: string | undefined, currency: string): number | undefined {
  try {
    const factor = multiplier === '万' ? 10_000 : multiplier === '千' || multiplier?.toLowerCase() === 'k' ? 1_000 : 1;
    return parseMoney(digits, currency).amount * factor;
  } catch {
    return undefined;
  }
}

/** True when the product is within the limits and has the named options (stock as the given product says). */
export function matchesFilters(product: Product, filters: ProductFilters | undefined): boolean {
  if (!filters) return true;
  if (filters.maxPrice !== undefined && product.price.amount > filters.maxPrice) return false;
  if (filters.minPrice !== undefined && product.price.amount < filters.minPrice) return false;
  if (!matchesOptions(product, filters.options)) return false;
  return !(filters.inStock && !canSell(product));
}
