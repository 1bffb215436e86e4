import {
  ConfigError,
  money,
  pickText,
  type LocalizedText,
  type Money,
  type OrderCharge,
  type OrderTax,
  type OrderTaxLine,
  type Product,
} from '../../core/index.js';

/** kaiwa.yaml `tax:` as written (validated by src/config/schema.ts): rates in percent, 10 or 8.875. */
export interface TaxConfig {
  prices: 'inclusive' | 'exclusive';
  classes: Record<string, number>;
  default?: string;
  byTag?: Record<string, string>;
  shipping?: string;
  regions?: Record<string, number | Record<string, number>>;
  defaultRegion?: string;
  name?: string | Record<string, string>;
}

/**
 * Rates as integers of a thousandth of a percent (10 % is 10000, 8.875 % is 8875), so the tax of an
 * amount is integer arithmetic: amount × rate / 100000.
 */
type Rate = number;
const scale = 100_000;

export interface TaxRules {
  prices: 'inclusive' | 'exclusive';
  /** In the order kaiwa.yaml lists them. */
  classes: ReadonlyMap<string, Rate>;
  defaultClass: string;
  /** `[tag, class]` in the order written: a product takes the first whose tag it has. */
  byTag: readonly (readonly [string, string])[];
  shippingClass: string;
  /** `US-CA` or `US` → one rate for every class, or rates for some classes. */
  regions: ReadonlyMap<string, Rate | ReadonlyMap<string, Rate>>;
  defaultRegion?: string;
  name?: LocalizedText;
}

/** Percent as written (10, 7.25, 8.875) → thousandths of a percent, read from its decimal digits (never by multiplying a float). */
export function parseRate(percent: number, where: string): Rate {
  const match = /^(\d{1,2})(?:\.(\d{1,3}))?$/.exec(String(percent));
  if (!match)
    throw new ConfigError(
      `kaiwa.yaml tax.${where}: ${percent} is not a rate in percent from 0 to below 100 with at most three decimals (10, 7.25, 8.875)`,
    );
  return Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
}

/** Reads kaiwa.yaml `tax:` into integer rates; an unknown class is a ConfigError naming its place. */
export function taxRules(config: TaxConfig): TaxRules {
  const classes = new Map(
    Object.entries(config.classes).map(([name, rate]) => [name, parseRate(rate, `classes.${name}`)]),
  );
  const known = (name: string | undefined, where: string): string | undefined => {
    if (name !== undefined && !classes.has(name))
      throw new ConfigError(
        `kaiwa.yaml tax.${where}: "${name}" is not a tax class; the classes are ${[...classes.keys()].join(', ')}`,
      );
    return name;
  };
  const defaultClass = known(config.default, 'default') ?? [...classes.keys()][0];
  if (defaultClass === undefined)
    throw new ConfigError('kaiwa.yaml tax.classes: name at least one class, e.g. { standard: 10 }');
  const byTag = Object.entries(config.byTag ?? {}).map(([tag, name]) => [tag, known(name, `byTag.${tag}`)!] as const);
  const regions = new Map(
    Object.entries(config.regions ?? {}).map(([region, rates]) => [
      region,
      typeof rates === 'number'
        ? parseRate(rates, `regions.${region}`)
        : new Map(
            Object.entries(rates).map(([name, rate]) => [
              known(name, `regions.${region}.${name}`)!,
              parseRate(rate, `regions.${region}.${name}`),
            ]),
          ),
    ]),
  );
  return {
    prices: config.prices,
    classes,
    defaultClass,
    byTag,
    shippingClass: known(config.shipping, 'shipping') ?? defaultClass,
    regions,
    ...(config.defaultRegion ? { defaultRegion: config.defaultRegion } : {}),
    ...(config.name !== undefined ? { name: typeof config.name === 'string' ? { en: config.name } : config.name } : {}),
  };
}

/** A product's tax class: the first `byTag` entry whose tag it has, else the default class. */
export function taxClassOf(rules: TaxRules, product: Pick<Product, 'tags'>): string {
  return rules.byTag.find(([tag]) => product.tags.includes(tag))?.[1] ?? rules.defaultClass;
}

/**
 * Where an order is taxed: the region asked for (`US-CA`, from an address, later), else the shop's
 * `defaultRegion` when the order ships to its country (or names none), else the country; none for a
 * shop whose rates name no region.
 */
export function taxRegion(rules: TaxRules, input: { region?: string; country?: string }): string | undefined {
  if (rules.regions.size === 0 && !rules.defaultRegion) return undefined;
  if (input.region) return input.region;
  const fallback = rules.defaultRegion;
  if (fallback && (!input.country || fallback.split('-')[0] === input.country)) return fallback;
  return input.country;
}

/** A class's rate in a region: the region's own (`US-CA`), else its country's (`US`), else `classes`. */
export function rateOf(rules: TaxRules, taxClass: string, region?: string): Rate {
  for (const key of region ? [region, region.split('-')[0]!] : []) {
    const rates = rules.regions.get(key);
    if (typeof rates === 'number') return rates;
    const rate = rates?.get(taxClass);
    if (rate !== undefined) return rate;
  }
  return rules.classes.get(taxClass) ?? rules.classes.get(rules.defaultClass)!;
}

/** `7.25`: thousandths of a percent as the shopper reads the rate. */
export function ratePercent(rate: Rate): number {
  return Number(`${Math.floor(rate / 1000)}.${String(rate % 1000).padStart(3, '0')}`);
}

/**
 * The tax of `base` (integer minor units) at `rate`, rounded once, in BigInt so no product of
 * amount and rate is ever a float or beyond 2^53:
 * - inclusive: the tax contained in a tax-inclusive sum, floor(base × r / (100 + r)) (切り捨て, the
 *   Japanese qualified invoice's one rounding per rate per invoice);
 * - exclusive: the tax added to a net sum, base × r / 100 rounded half up (to the nearest cent, a
 *   half cent up, as US states ask).
 */
export function taxOf(base: number, rate: Rate, prices: 'inclusive' | 'exclusive'): number {
  if (!Number.isSafeInteger(base) || base < 0) throw new RangeError(`a tax base is whole minor units ≥ 0, got ${base}`);
  const amount = BigInt(base);
  const r = BigInt(rate);
  const big = BigInt(scale);
  const tax = prices === 'inclusive' ? (amount * r) / (big + r) : (amount * r * 2n + big) / (big * 2n);
  return Number(tax);
}

const names: Record<'inclusive' | 'exclusive', LocalizedText> = {
  inclusive: { ja: '消費税', en: 'Tax' },
  exclusive: { ja: '消費税', en: 'Sales tax' },
};

/**
 * An order's tax from its lines (each with its class) and its shipping: one line per rate, the
 * amounts at one rate summed before the one rounding. With exclusive prices each rate above 0 is
 * also a charge (`Sales tax (CA 7.25%)`) the total includes; with inclusive prices there are none.
 */
export function orderTax(
  rules: TaxRules,
  input: {
    lines: readonly { taxClass: string; amount: Money }[];
    shipping?: Money;
    region?: string;
    currency: string;
    locale: string;
  },
): { tax: OrderTax; charges: OrderCharge[] } {
  const taxed = [...input.lines];
  if (input.shipping && input.shipping.amount > 0)
    taxed.push({ taxClass: rules.shippingClass, amount: input.shipping });
  const byRate = new Map<Rate, { classes: string[]; base: number }>();
  for (const line of taxed) {
    if (line.amount.currency !== input.currency)
      throw new RangeError(`cannot tax ${line.amount.currency} in a ${input.currency} order`);
    const rate = rateOf(rules, line.taxClass, input.region);
    const entry = byRate.get(rate) ?? { classes: [], base: 0 };
    if (!entry.classes.includes(line.taxClass)) entry.classes.push(line.taxClass);
    entry.base += line.amount.amount;
    byRate.set(rate, entry);
  }
  const rates = [...byRate.entries()].sort(([a], [b]) => b - a);
  const lines: OrderTaxLine[] = rates.map(([rate, { classes, base }]) => ({
    classes: [...rules.classes.keys()].filter((name) => classes.includes(name)),
    rate: ratePercent(rate),
    base: money(base, input.currency),
    tax: money(taxOf(base, rate, rules.prices), input.currency),
  }));
  const total = money(
    lines.reduce((sum, line) => sum + line.tax.amount, 0),
    input.currency,
  );
  const name = pickText(rules.name ?? names[rules.prices], input.locale, 'en');
  const where = input.region ? `${input.region.split('-').at(-1)} ` : '';
  const charges: OrderCharge[] =
    rules.prices === 'exclusive'
      ? lines
          .filter((line) => line.rate > 0)
          .map((line) => ({ kind: 'tax', label: `${name} (${where}${line.rate}%)`, amount: line.tax, rate: line.rate }))
      : [];
  return { tax: { prices: rules.prices, ...(input.region ? { region: input.region } : {}), lines, total }, charges };
}
