import { canSell, type Product } from '../core/index.js';
import {
  arabicYen,
  boundInShopUnits,
  currencyMarkers,
  minorUnits,
  writtenAmount,
  type Bound,
  type BudgetRates,
  type CurrencyMarkers,
  type WrittenAmount,
} from './money-words.js';
import { matchesOptions, namedOptionValues, type OptionVocabulary } from './option-words.js';

/** Limits a shopper put in words. Prices are integer minor units of the shop currency; bounds are inclusive. */
export interface ProductFilters {
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  /** Option values the shopper named ("size M", 「黒」): a product with such an option must have one of them. */
  options?: OptionVocabulary;
}

/**
 * A budget stated in another currency than the shop's, for which kaiwa.yaml `budgetRates` has no
 * rate: it is not applied (no price is invented), so a flow can ask the shopper in the shop's currency.
 */
export interface ForeignBudget {
  /** The ISO 4217 code the shopper's sign or word names ("under 5000 yen" → JPY). */
  currency: string;
  /** Inclusive bounds in minor units of that currency, as in ProductFilters ("under 5000 yen" → maxPrice 4999). */
  minPrice?: number;
  maxPrice?: number;
  /** The words as written (after NFKC), to quote when asking back: "under 5000 yen". */
  phrase: string;
}

export interface ParsedQuery {
  /** The text with the filter phrases cut out, for matching products. */
  text: string;
  filters: ProductFilters;
  /** A budget named in a currency the shop has no rate for (one currency; a second one stays in `text`). */
  foreignBudget?: ForeignBudget;
}

/**
 * One way of stating a limit. `bare`: the words are about price, so a number without a currency
 * marker is money ("under 3000", 「3000以下」, 「予算3000」); otherwise the amount needs one
 * ("up to $50", not "max 6" or "from 2").
 */
interface Rule {
  words: string;
  /** Before the amount ("under $30") or after it (「3000円以下」, "¥3,000 or less"). */
  side: 'before' | 'after';
  bound: Bound;
  bare: boolean;
}

const rules: readonly Rule[] = [
  { side: 'before', bound: 'below', bare: true, words: String.raw`under|below|cheaper than|less expensive than` },
  { side: 'before', bound: 'below', bare: false, words: String.raw`less than` },
  {
    side: 'before',
    bound: 'max',
    bare: true,
    words: String.raw`budget(?:\s+(?:of|is|about|around)|\s*:)*|予算(?:\s*[はが:])?(?:\s*(?:約|大体|だいたい))?`,
  },
  {
    side: 'before',
    bound: 'max',
    bare: false,
    words: String.raw`up to|at most|max(?:imum)?|no more than|not more than|within|no higher than`,
  },
  { side: 'before', bound: 'above', bare: true, words: String.raw`more expensive than|pricier than` },
  { side: 'before', bound: 'above', bare: false, words: String.raw`over|above|more than` },
  { side: 'before', bound: 'min', bare: false, words: String.raw`at least|from|starting at|min(?:imum)?` },
  { side: 'after', bound: 'below', bare: true, words: String.raw`未満|より安い|よりも安い` },
  { side: 'after', bound: 'max', bare: true, words: String.raw`以下|or cheaper` },
  {
    side: 'after',
    bound: 'max',
    bare: false,
    words: String.raw`くらいまで|ぐらいまで|程度まで|まで|以内|or less|or under|and under|or below|max(?:imum)?`,
  },
  { side: 'after', bound: 'above', bare: true, words: String.raw`より高い|よりも高い` },
  { side: 'after', bound: 'above', bare: false, words: String.raw`超え|超` },
  {
    side: 'after',
    bound: 'min',
    bare: false,
    words: String.raw`以上|から|〜|~|or more|and up|and above|or above|or higher`,
  },
];

/** A Japanese budget often ends with a bound word of its own (「予算3000円以下」): it goes with the phrase. */
const budgetTail = String.raw`(?:\s*(?:以下|以内|まで|くらい|ぐらい|程度|前後))?`;
/** A number glued to the text before it is part of a code or a measure (model x500, 1-1/2), not an amount. */
const start = String.raw`(?<![\w.,/-])`;

/** After a bare number, what makes it a measure or a count rather than money: "under 25 cu. ft.", "under 2x4". */
const measure = new RegExp(
  String.raw`^(?:[a-z%°"'′″]|\s*(?:[-–~〜x×*/]\s*\d|(?:` +
    [
      'in(?:ch(?:es)?)?|ft|feet|foot|yds?|yards?|mm|cm|m|meters?|metres?|km|mi|miles?|mph',
      'lbs?|pounds?|oz|ounces?|kg|g|grams?|gal|gallons?|qts?|quarts?|pt|pints?|l|liters?|litres?|ml',
      'cu|sq|cubic|square|w|watts?|kw|v|volts?|amps?|mah|btu|gpm|psi|hp|rpm|degrees?|lumens?|lm',
      'gauge|ga|awg|grit|cups?|pieces?|pcs?|packs?|pk|count|ct|sheets?|rolls?|bags?|box(?:es)?|bottles?|cans?',
      'people|persons?|seats?|servings?|items?|years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?',
      'x|series',
    ].join('|') +
    String.raw`)(?![a-z])|\s*(?:人|名|個|本|枚|袋|箱|缶|杯|号|インチ|センチ|キロ|グラム|時間|日|分|歳|才|年|か月|ヶ月|週間)))`,
  'iu',
);
/** Before a bare number: words that make it a size or a model ("size 8以下" is not a budget). */
const label = /(?:size|サイズ|model|型番|no\.?|#)\s*$/iu;

interface Patterns {
  markers: CurrencyMarkers;
  range: RegExp;
  rules: { rule: Rule; pattern: RegExp }[];
}

const compiled = new Map<CurrencyMarkers, Patterns>();

function patterns(markers: CurrencyMarkers): Patterns {
  const known = compiled.get(markers);
  if (known) return known;
  const { amount } = markers;
  const made: Patterns = {
    markers,
    range: new RegExp(
      String.raw`(?:(?<![a-z])(between|from)\s*)?${start}${amount}\s*(〜|~|-|–|—|から|to|and)\s*${amount}` +
        String.raw`(?:\s*(?:まで|以内|くらい|ぐらい|程度|の間))?`,
      'giu',
    ),
    rules: rules.map((rule) => ({
      rule,
      pattern:
        rule.side === 'before'
          ? new RegExp(
              String.raw`(?<![a-z])(?:${rule.words})\s*${amount}${rule.words.startsWith('budget') ? budgetTail : ''}`,
              'giu',
            )
          : new RegExp(String.raw`${start}${amount}\s*(?:${rule.words})(?![a-z])`, 'giu'),
    })),
  };
  compiled.set(markers, made);
  return made;
}

type Maybe = string | undefined;

// "back in stock" asks when a product returns (a restock question), not for products in stock.
const inStock = /(?<!\bback )\bin[ -]?stock\b|\bavailable now\b|在庫あり|在庫(?:が|の)ある|在庫有り|すぐ(?:に)?届く/giu;

/**
 * Finds price limits and "in stock" in what the shopper wrote, and returns the rest for the search.
 * A number is a price only with a currency marker (円, ¥, $, ドル, USD, €, …: "up to $50", 「5,000円まで」,
 * "between 20 and 40 dollars") or next to a price word (under, below, budget, 予算, 以下, 未満:
 * "under 3000", 「3000以下」); so "max 6", "powermax 6", "12-14", 「2〜3人用」 and "size 8" are not.
 * "under"/未満 exclude the amount, "up to"/以下/まで include it. An amount in another currency is
 * converted with `rates`; without a rate it is reported as `foreignBudget` and not applied.
 */
export function parseQueryFilters(
  text: string,
  currency = 'JPY',
  vocabulary?: OptionVocabulary,
  rates: BudgetRates = {},
): ParsedQuery {
  const shop = currency.toUpperCase();
  const { markers, range, rules: compiledRules } = patterns(currencyMarkers(shop, rates));
  const budget = new Budget(shop, rates);
  let rest = arabicYen(text.normalize('NFKC')).replace(inStock, () => {
    budget.filters.inStock = true;
    return ' ';
  });
  // Ranges first, so 「1000円から3000円」 is not read as "from 1000" and a dangling "3000円".
  rest = rest.replace(range, (match: string, word: string | undefined, ...groups: (string | undefined)[]) => {
    const [s1, d1, m1, w1, separator, s2, d2, m2, w2] = groups;
    if (separator?.toLowerCase() === 'and' && word?.toLowerCase() !== 'between') return match;
    const high = writtenAmount(markers, s2, d2!, m2, w2);
    // "1〜3万円": the second end's 万 (or k) counts for a first end written without one.
    const low = writtenAmount(markers, s1, d1!, m1 ?? (s1 || w1 ? undefined : m2), w1);
    if (!low || !high || (low.currency && high.currency && low.currency !== high.currency)) return match;
    const named = low.currency ?? high.currency;
    if (!named) return match;
    return budget.range({ ...low, currency: named }, { ...high, currency: named }, match) ? ' ' : match;
  });
  for (const { rule, pattern } of compiledRules) {
    rest = rest.replace(pattern, (match: string, ...args: unknown[]) => {
      const [sign, digits, multiplier, word, offset, whole] = args as [Maybe, Maybe, Maybe, Maybe, number, string];
      const amount = writtenAmount(markers, sign, digits!, multiplier, word);
      if (!amount) return match;
      if (!amount.currency) {
        const before = whole.slice(0, offset + match.indexOf(digits!));
        const after = whole.slice(offset + match.length);
        if (!rule.bare || label.test(before) || (rule.side === 'before' && measure.test(after))) return match;
      }
      return budget.limit({ ...amount, currency: amount.currency ?? shop }, rule.bound, match) ? ' ' : match;
    });
  }
  const named = vocabulary ? namedOptionValues(rest, vocabulary) : {};
  if (Object.keys(named).length > 0) budget.filters.options = named;
  return {
    text: rest.replace(/\s+/g, ' ').trim(),
    filters: budget.filters,
    ...(budget.foreign ? { foreignBudget: budget.foreign } : {}),
  };
}

/** The limits read so far: in the shop's currency (converted when a rate is given), or one foreign budget. */
class Budget {
  readonly filters: ProductFilters = {};
  foreign: ForeignBudget | undefined;

  constructor(
    private readonly shop: string,
    private readonly rates: BudgetRates,
  ) {}

  /** Applies one bound; false when the amount cannot be read (too many decimals) or a second foreign currency. */
  limit(amount: WrittenAmount & { currency: string }, bound: Bound, phrase: string): boolean {
    const minor = minorUnits(amount, amount.currency);
    if (minor === undefined) return false;
    const rate = this.rate(amount.currency);
    if (rate !== undefined) {
      narrow(this.filters, bound, boundInShopUnits(minor, amount.currency, this.shop, rate, bound));
      return true;
    }
    if (!this.takes(amount.currency)) return false;
    this.foreign ??= { currency: amount.currency, phrase: '' };
    this.foreign.phrase = [this.foreign.phrase, phrase.trim()].filter(Boolean).join(', ');
    narrow(this.foreign, bound, boundInShopUnits(minor, amount.currency, amount.currency, 1, bound));
    return true;
  }

  /** Both ends of a range, or neither when it is not one (low above high, an end that cannot be read). */
  range(low: WrittenAmount & { currency: string }, high: WrittenAmount & { currency: string }, phrase: string) {
    const lowMinor = minorUnits(low, low.currency);
    const highMinor = minorUnits(high, high.currency);
    if (lowMinor === undefined || highMinor === undefined || lowMinor > highMinor) return false;
    if (!this.takes(low.currency)) return false;
    return this.limit(low, 'min', phrase) && this.limit(high, 'max', '');
  }

  private rate(currency: string): number | undefined {
    return currency === this.shop ? 1 : this.rates[currency];
  }

  /** Whether an amount in this currency can be taken: converted, or the (first) foreign budget's currency. */
  private takes(currency: string): boolean {
    return this.rate(currency) !== undefined || !this.foreign || this.foreign.currency === currency;
  }
}

/** Keeps the tighter limit when the shopper states one twice ("under $50 … under $40"). */
function narrow(limits: { minPrice?: number; maxPrice?: number }, bound: Bound, value: number): void {
  if (bound === 'max' || bound === 'below') limits.maxPrice = Math.min(limits.maxPrice ?? value, value);
  else limits.minPrice = Math.max(limits.minPrice ?? value, value);
}

/** True when the product is within the limits and has the named options (stock as the given product says). */
export function matchesFilters(product: Product, filters: ProductFilters | undefined): boolean {
  if (!filters) return true;
  if (filters.maxPrice !== undefined && product.price.amount > filters.maxPrice) return false;
  if (filters.minPrice !== undefined && product.price.amount < filters.minPrice) return false;
  if (!matchesOptions(product, filters.options)) return false;
  return !(filters.inStock && !canSell(product));
}
