import { currencyExponent, type Money } from '../../core/index.js';

/**
 * LINE Pay counts in major units (NT$100 is `100`, ฿123.45 is `123.45`); Kaiwa in minor units.
 * Both directions go through decimal strings, never floats. TWD is whole dollars at LINE Pay.
 */
const wholeOnly = new Set(['TWD']);

/** Minor units → LINE Pay's decimal, as text to be written into the JSON as a number literal. */
export function toLinePayAmount(money: Money): string {
  const exponent = currencyExponent(money.currency);
  const digits = String(Math.abs(money.amount)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent).replace(/0+$/, '');
  if (fraction && wholeOnly.has(money.currency))
    throw new RangeError(
      `LINE Pay takes whole ${money.currency} amounts; ${money.amount} minor units is not a whole amount (price the catalog in whole dollars)`,
    );
  return `${money.amount < 0 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** LINE Pay's decimal (kept as text when parsed) → minor units. */
export function fromLinePayAmount(text: string, currency: string): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`"${text}" is not a LINE Pay amount`);
  const exponent = currencyExponent(currency);
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) throw new RangeError(`${text} ${currency} has more decimals than the currency`);
  const amount = Number(match[2]! + fraction.padEnd(exponent, '0'));
  return match[1] ? -amount : amount;
}

/** JSON with some values written as raw number literals: `{ amount: decimal('123.45') }`. */
const marker = '\u0000decimal:';
export const decimal = (text: string) => `${marker}${text}`;
export function stringifyWithDecimals(value: unknown): string {
  return JSON.stringify(value).replace(
    new RegExp(`"${marker.replace('\u0000', '\\\\u0000')}(-?\\d+(?:\\.\\d+)?)"`, 'g'),
    '$1',
  );
}

/**
 * Parses LINE Pay's answer keeping every id and amount exact: transactionIds exceed 2^53 and
 * amounts may be decimals, so those fields are quoted before JSON.parse sees them.
 */
export function parseExact<T>(text: string): T {
  return JSON.parse(
    text.replace(
      /"(transactionId|refundTransactionId|amount|refundAmount)"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
      '"$1":"$2"',
    ),
  ) as T;
}
