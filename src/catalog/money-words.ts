import { currencyExponent, parseMoney } from '../core/index.js';

/**
 * Exchange rates for budgets a shopper states in another currency than the shop's (kaiwa.yaml
 * `budgetRates`): ISO 4217 code → how many units of the shop currency one unit of it is worth,
 * in major units (`{ USD: 150 }` in a JPY shop: $1 = ¥150).
 */
export type BudgetRates = Readonly<Record<string, number>>;

/** How an amount bounds a price: at most (≤), below (<), at least (≥), above (>). */
export type Bound = 'max' | 'below' | 'min' | 'above';

/** An amount as the shopper wrote it: digits, an optional 万/千/k and the currency its marker names, if any. */
export interface WrittenAmount {
  digits: string;
  multiplier?: string;
  /** The ISO code a sign or word names ($, 円, EUR, ドル…); undefined for a bare number. */
  currency?: string;
}

/** A sign or word resolves to a currency, some of them depending on the shop's (a "$" in a CAD shop is CA$). */
type Names = string | ((shop: string) => string);

const dollars = new Set(['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'TWD']);
/** "dollars" and ドル are the shop's own dollars in a dollar shop, else US dollars. */
const dollar: Names = (shop) => (dollars.has(shop) ? shop : 'USD');
/** "$" is the shop's own sign where it writes "$" (CAD, TWD, MXN…), else the US dollar's. */
const dollarSign: Names = (shop) => (dollars.has(shop) || intlSign(shop, 'narrowSymbol') === '$' ? shop : 'USD');
/** "¥" is the yuan in a CNY shop, else the yen. */
const yenSign: Names = (shop) => (shop === 'CNY' ? 'CNY' : 'JPY');
/** 元 is what the Taiwan dollar, the Hong Kong dollar and the renminbi are all called; else the renminbi. */
const yuan: Names = (shop) => (['TWD', 'HKD', 'CNY'].includes(shop) ? shop : 'CNY');
/** "pounds" and ポンド are also weights; they name money only in a GBP shop. */
const pound: Names = (shop) => (shop === 'GBP' ? 'GBP' : '');

/** Signs and words written before the amount: $20, ¥3,000, NT$500, USD 20. */
const beforeWords: [string, Names][] = [
  ['$', dollarSign],
  ['US$', 'USD'],
  ['NT$', 'TWD'],
  ['HK$', 'HKD'],
  ['A$', 'AUD'],
  ['AU$', 'AUD'],
  ['C$', 'CAD'],
  ['CA$', 'CAD'],
  ['S$', 'SGD'],
  ['NZ$', 'NZD'],
  ['¥', yenSign],
  ['JP¥', 'JPY'],
  ['CN¥', 'CNY'],
  ['RMB', 'CNY'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['฿', 'THB'],
  ['₩', 'KRW'],
  ['₹', 'INR'],
];

/** Words and signs written after the amount: 3000円, 20 dollars, 60ドル, 50$, 50€, 500バーツ. */
const afterWords: [string, Names][] = [
  ['$', dollarSign],
  ['円', 'JPY'],
  ['yen', 'JPY'],
  ['ドル', dollar],
  ['dollars', dollar],
  ['dollar', dollar],
  ['bucks', dollar],
  ['米ドル', 'USD'],
  ['US dollars', 'USD'],
  ['台湾ドル', 'TWD'],
  ['NT dollars', 'TWD'],
  ['香港ドル', 'HKD'],
  ['豪ドル', 'AUD'],
  ['カナダドル', 'CAD'],
  ['シンガポールドル', 'SGD'],
  ['€', 'EUR'],
  ['euros', 'EUR'],
  ['euro', 'EUR'],
  ['ユーロ', 'EUR'],
  ['£', 'GBP'],
  ['pounds', pound],
  ['pound', pound],
  ['quid', pound],
  ['ポンド', pound],
  ['฿', 'THB'],
  ['baht', 'THB'],
  ['バーツ', 'THB'],
  ['元', yuan],
  ['台湾元', 'TWD'],
  ['人民元', 'CNY'],
  ['yuan', 'CNY'],
  ['RMB', 'CNY'],
  ['ウォン', 'KRW'],
  ['ルピー', 'INR'],
  ['rupees', 'INR'],
];

/** Codes written either side, in any case: "USD 20", "3000 jpy". Plus the shop's and every rated currency's. */
const codes = ['JPY', 'USD', 'EUR', 'GBP', 'THB', 'TWD', 'CNY', 'HKD', 'KRW'];

/** How Intl writes the currency's sign in English (CN¥ or ¥, NT$ or $, ₱); undefined for an unknown code. */
function intlSign(currency: string, currencyDisplay: 'symbol' | 'narrowSymbol'): string | undefined {
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay });
    return format.formatToParts(1).find((part) => part.type === 'currency')?.value;
  } catch {
    return undefined;
  }
}

/** The markers for one shop: which currency each names, and a regex source matching any of them. */
export interface CurrencyMarkers {
  before: Map<string, string>;
  after: Map<string, string>;
  /** Matches an amount; groups: 1 sign before, 2 digits, 3 multiplier, 4 word after. */
  amount: string;
}

const cache = new Map<string, CurrencyMarkers>();

/** Builds (once per shop currency and set of rated currencies) the markers shoppers may write. */
export function currencyMarkers(shop: string, rates: BudgetRates = {}): CurrencyMarkers {
  const known = [...new Set([shop, ...Object.keys(rates)])].map((code) => code.toUpperCase());
  const key = known.join(',');
  const cached = cache.get(key);
  if (cached) return cached;
  const resolve = (entries: [string, Names][]) =>
    new Map(
      entries
        .map(([word, names]): [string, string] => [word.toLowerCase(), typeof names === 'string' ? names : names(shop)])
        .filter(([, code]) => code !== ''),
    );
  const before = resolve(beforeWords);
  const after = resolve(afterWords);
  for (const code of [...codes, ...known]) {
    before.set(code.toLowerCase(), code);
    after.set(code.toLowerCase(), code);
  }
  // The shop's own sign and each rated currency's (₱, ₫, CHF), unless the tables already say what it names.
  for (const code of known) {
    for (const sign of [intlSign(code, 'symbol'), intlSign(code, 'narrowSymbol')]) {
      if (sign && !before.has(sign.toLowerCase())) before.set(sign.toLowerCase(), code);
    }
  }
  const number = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
  const amount =
    String.raw`(?:(${alternation(before.keys())})\s*)?${number}` +
    String.raw`(?:\s*(万|千|k(?![a-z])))?(?:\s*(${alternation(after.keys())}))?`;
  const markers = { before, after, amount };
  cache.set(key, markers);
  return markers;
}

/** Longest first, so "NT$" wins over "$" and 人民元 over 元; Latin words only as whole words. */
function alternation(words: Iterable<string>): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => {
      const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`).replace(/ /g, String.raw`\s+`);
      return `${/^[a-z]/.test(word) ? '(?<![a-z])' : ''}${escaped}${/[a-z]$/.test(word) ? '(?![a-z])' : ''}`;
    })
    .join('|');
}

/**
 * The amount the four groups of `CurrencyMarkers.amount` hold, or undefined when the sign before and
 * the word after name different currencies ("$50 円").
 */
export function writtenAmount(
  markers: CurrencyMarkers,
  sign: string | undefined,
  digits: string,
  multiplier: string | undefined,
  word: string | undefined,
): WrittenAmount | undefined {
  const first = sign === undefined ? undefined : markers.before.get(sign.toLowerCase());
  const second = word === undefined ? undefined : markers.after.get(word.replace(/\s+/g, ' ').toLowerCase());
  if (first !== undefined && second !== undefined && first !== second) return undefined;
  const currency = first ?? second;
  return { digits, ...(multiplier ? { multiplier } : {}), ...(currency ? { currency } : {}) };
}

/** The amount in minor units of `currency` ("1.5" 万 in JPY → 15000); undefined when it has too many decimals. */
export function minorUnits(amount: WrittenAmount, currency: string): number | undefined {
  const shift = amount.multiplier === '万' ? 4 : amount.multiplier ? 3 : 0;
  const [whole = '', fraction = ''] = amount.digits.replace(/,/g, '').split('.');
  const moved = fraction.padEnd(shift, '0');
  const decimal = `${whole}${moved.slice(0, shift)}${moved.length > shift ? `.${moved.slice(shift)}` : ''}`;
  try {
    return parseMoney(decimal, currency).amount;
  } catch {
    return undefined;
  }
}

/**
 * The tightest whole number of the shop's minor units on the right side of a bound stated as
 * `minor` units of `from`, at `rate` shop units per unit of `from` (1 for the shop's own currency):
 * at most x → ⌊x⌋, below x → ⌈x⌉ − 1, at least x → ⌈x⌉, above x → ⌊x⌋ + 1. Exact (no floating
 * point), so in the shop's own currency "under 3000" is 2999 and "up to 3000" is 3000.
 */
export function boundInShopUnits(minor: number, from: string, shop: string, rate: number, bound: Bound): number {
  const { numerator, denominator } = fraction(rate);
  const shift = currencyExponent(shop) - currencyExponent(from);
  const top = BigInt(minor) * numerator * 10n ** BigInt(Math.max(0, shift));
  const bottom = denominator * 10n ** BigInt(Math.max(0, -shift));
  const floor = top / bottom;
  const ceil = top % bottom === 0n ? floor : floor + 1n;
  const value = { max: floor, below: ceil - 1n, min: ceil, above: floor + 1n }[bound];
  return Math.max(0, Number(value));
}

/** A positive finite number as an exact fraction of integers, from its shortest decimal form (0.0067 → 67/10000). */
function fraction(value: number): { numerator: bigint; denominator: bigint } {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`a rate must be a positive number, got ${value}`);
  const [, whole = '0', decimals = '', exponent = '0'] = match;
  const scale = Number(exponent) - decimals.length;
  const digits = BigInt(`${whole}${decimals}`);
  return scale >= 0
    ? { numerator: digits * 10n ** BigInt(scale), denominator: 1n }
    : { numerator: digits, denominator: 10n ** BigInt(-scale) };
}

const kanjiDigits: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const kanjiUnits: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** A number below 10,000 written with kanji and/or digits: 三千, 2千5百, 千, 五百, 1500. */
function belowMan(text: string): number | undefined {
  if (text === '') return 0;
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digits = '';
  for (const char of text) {
    if (/\d/.test(char) || char in kanjiDigits) digits += /\d/.test(char) ? char : String(kanjiDigits[char]);
    else if (char in kanjiUnits) {
      total += (digits === '' ? 1 : Number(digits)) * kanjiUnits[char]!;
      digits = '';
    } else return undefined;
  }
  return total + (digits === '' ? 0 : Number(digits));
}

/**
 * Amounts of yen written in kanji, in Arabic digits (千円 → 1000円, 五千円 → 5000円, 1万5千円 →
 * 15000円, 2千5百円 → 2500円), so the money rules read them as they read 3000円. Only a number
 * right before 円 changes; the rest of the text keeps its offsets' meaning (it is cut out with
 * the amount). A plain 1万円 is left as it is: the rules read 万.
 */
export function arabicYen(text: string): string {
  return text.replace(/([\d〇一二三四五六七八九十百千万]+)(?=\s*円)/gu, (written: string) => {
    if (/^\d+(?:万)?$/.test(written)) return written;
    const [high, low = ''] = written.split('万');
    if (written.split('万').length > 2) return written;
    const man = written.includes('万') ? belowMan(high!) : 0;
    const rest = belowMan(written.includes('万') ? low : high!);
    if (man === undefined || rest === undefined) return written;
    const value = (written.includes('万') && high === '' ? 1 : man) * 10000 + rest;
    return value > 0 ? String(value) : written;
  });
}
