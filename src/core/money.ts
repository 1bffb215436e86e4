/**
 * Money is an integer amount of the currency's minor unit plus its ISO 4217 code.
 * JPY has no minor unit (¥1,200 is `{ amount: 1200, currency: 'JPY' }`), USD has two
 * (`$12.00` is `1200`), KWD three. Never a float: prices come from the catalog.
 */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

const exponentCache = new Map<string, number>();

/** The number of minor-unit digits of an ISO 4217 currency, from ICU (JPY 0, USD 2, KWD 3). */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  let exponent = exponentCache.get(code);
  if (exponent === undefined) {
    if (!/^[A-Z]{3}$/.test(code))
      throw new RangeError(`"${currency}" is not an ISO 4217 currency code (three letters, e.g. JPY)`);
    exponent =
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    exponentCache.set(code, exponent);
  }
  return exponent;
}

/** Builds Money, refusing anything that is not a safe integer of minor units. */
export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`money amount must be an integer number of minor units, got ${amount}`);
  currencyExponent(currency);
  return { amount, currency: currency.toUpperCase() };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`cannot combine ${a.currency} with ${b.currency}`);
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function multiplyMoney(a: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity)) throw new RangeError(`quantity must be an integer, got ${quantity}`);
  return money(a.amount * quantity, a.currency);
}

export function sumMoney(items: readonly Money[], currency: string): Money {
  return items.reduce((total, item) => addMoney(total, item), money(0, currency));
}

export function equalMoney(a: Money, b: Money): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}

/** The amount as a decimal string in major units, without floating point: 1999 USD → "19.99". */
export function toDecimalString(value: Money): string {
  const exponent = currencyExponent(value.currency);
  const negative = value.amount < 0;
  const digits = String(Math.abs(value.amount)).padStart(exponent + 1, '0');
  const major = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return negative ? `-${major}` : major;
}

/** Parses a decimal major-unit string ("19.99", "1,200") into Money; rejects more digits than the currency has. */
export function parseMoney(text: string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const cleaned = text.trim().replace(/[,_\s]/g, '');
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!match) throw new RangeError(`"${text}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new RangeError(`"${text}" has ${fraction.length} decimals but ${currency.toUpperCase()} has ${exponent}`);
  }
  const amount = Number(`${sign}${whole}${fraction.padEnd(exponent, '0')}`);
  return money(amount, currency);
}

/** Formats for a shopper: ¥1,200 in ja, "$19.99" in en. Uses a decimal string, so no float rounding. */
export function formatMoney(value: Money, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: value.currency });
  return format.format(toDecimalString(value) as unknown as number);
}
