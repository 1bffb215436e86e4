import { currencyExponent } from '../core/index.js';

/** A checked field value, or why it was refused (a message that says how to fix it). */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(message: string): Checked<T> => ({ ok: false, message });

/** A non-negative whole number: CSV text of digits, or a JSON integer. "1200.5", "1,200" and "abc" are refused. */
export function checkCount(value: unknown, name: string, hint: string): Checked<number> {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return ok(value);
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) {
    const parsed = Number(value.trim());
    if (Number.isSafeInteger(parsed)) return ok(parsed);
  }
  const shown = value === undefined || value === '' ? 'nothing' : JSON.stringify(value);
  return fail(`${name} must be a whole number of at least 0, got ${shown}; ${hint}`);
}

export function checkPrice(value: unknown): Checked<number> {
  return checkCount(
    value,
    'price',
    "write it in the currency's minor units without separators (¥1,200 → 1200, $12.50 → 1250)",
  );
}

/**
 * A CSV price: minor units (`1200`), or for a currency with minor units a decimal amount with at most
 * that many decimals (`49.99`, `49.9` in USD → 4999, 4990). `49.999` in USD and `49.99` in JPY are refused.
 */
export function checkCsvPrice(value: string, currency: string | undefined): Checked<number> {
  const decimal = /^(\d+)\.(\d+)$/.exec(value.trim());
  if (!decimal) return checkPrice(value);
  if (currency === undefined) return fail(`price ${JSON.stringify(value)} needs a valid currency to be read`);
  const exponent = currencyExponent(currency);
  const [, units = '', fraction = ''] = decimal;
  if (exponent === 0)
    return fail(
      `price ${JSON.stringify(value)} has decimals, but ${currency} has no minor unit; write a whole amount (¥1,200 → 1200)`,
    );
  if (fraction.length > exponent)
    return fail(
      `price ${JSON.stringify(value)} has more than ${exponent} decimals for ${currency}; write e.g. ${units}.${fraction.slice(0, exponent)} or the amount in minor units`,
    );
  const amount = Number(`${units}${fraction.padEnd(exponent, '0')}`);
  return Number.isSafeInteger(amount) ? ok(amount) : fail(`price ${JSON.stringify(value)} is too large`);
}

export function checkStock(value: unknown): Checked<number> {
  return checkCount(value, 'stock', 'write the number of units available, e.g. 12');
}

let knownCurrencies: ReadonlySet<string> | undefined;

/** An ISO 4217 code that ICU knows (Intl.supportedValuesOf), normalised to upper case. */
export function checkCurrency(value: unknown): Checked<string> {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  if (!/^[A-Z]{3}$/.test(code) || !knownCurrencies.has(code)) {
    return fail(`currency must be an ISO 4217 code such as JPY or USD, got ${JSON.stringify(value ?? '')}`);
  }
  currencyExponent(code);
  return ok(code);
}

export function checkId(value: unknown): Checked<string> {
  const id = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  return id ? ok(id) : fail('id is empty; every product needs a unique id or SKU');
}

/** An absolute http(s) URL, or nothing. */
export function checkImageUrl(value: unknown): Checked<string | undefined> {
  if (value === undefined || value === null || value === '') return ok(undefined);
  if (typeof value === 'string') {
    try {
      const url = new URL(value.trim());
      if (url.protocol === 'http:' || url.protocol === 'https:') return ok(url.href);
    } catch {
      // falls through to the message below
    }
  }
  return fail(`image_url must be an http(s) URL, got ${JSON.stringify(value)}`);
}

/** Tags lower-cased, trimmed and without duplicates or blanks. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}

/** A yes/no cell: `yes`, `true`, `1` or `no`, `false`, `0`, empty (no); JSON booleans as they are. */
export function checkFlag(value: unknown, name: string): Checked<boolean> {
  if (value === undefined || value === null || value === '' || typeof value === 'boolean') return ok(value === true);
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (['yes', 'true', '1', 'y'].includes(text)) return ok(true);
  if (['no', 'false', '0', 'n', ''].includes(text) && typeof value === 'string') return ok(false);
  return fail(`${name} must be yes or no, got ${JSON.stringify(value)}`);
}

/** A sale's compare-at price must be above the price (it is what the product cost before). */
export function checkCompareAt(compareAt: number | undefined, price: number | undefined): Checked<number | undefined> {
  if (compareAt === undefined || compareAt === 0 || price === undefined) return ok(undefined);
  return compareAt > price
    ? ok(compareAt)
    : fail(
        `compare-at price ${compareAt} must be above the price ${price} (it is the price before a sale); leave it empty otherwise`,
      );
}
