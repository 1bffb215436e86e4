import {
  ConfigError,
  parseMoney,
  pickText,
  type LocalizedText,
  type Money,
  type OrderCharge,
} from '../../core/index.js';
import { CannotShipError } from './errors.js';

/** kaiwa.yaml `shipping:` as written: amounts in the shop currency as the catalog writes prices (500 is ¥500 or $5.00; "5.00" is $5.00). */
export interface ShippingConfig {
  zones: {
    id: string;
    name?: string | Record<string, string>;
    countries: string[];
    flat?: number | string;
    perItem?: number | string;
    freeFrom?: number | string;
  }[];
  defaultCountry?: string;
}

/** One zone with its rate in integer minor units of the shop currency. */
export interface ShippingZone {
  id: string;
  name?: LocalizedText;
  countries: readonly string[];
  flat: number;
  perItem: number;
  /** Free when the lines come to at least this much (inclusive: 5,000円以上で送料無料). */
  freeFrom?: number;
}

export interface ShippingRules {
  currency: string;
  zones: readonly ShippingZone[];
  /** The country an order ships to while the chat has not asked for an address. */
  defaultCountry: string;
}

const label: LocalizedText = { ja: '送料', en: 'Shipping' };

/** Reads kaiwa.yaml `shipping:` into minor units; a bad amount or country is a ConfigError naming its place. */
export function shippingRules(config: ShippingConfig, currency: string): ShippingRules {
  // As the catalog reads prices: a whole number is minor units (500 is ¥500, or $5.00), "5.00" is dollars.
  const amount = (value: number | string | undefined, where: string): number => {
    if (value === undefined) return 0;
    const text = String(value).trim();
    if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
    try {
      return parseMoney(text, currency).amount;
    } catch (error) {
      throw new ConfigError(
        `kaiwa.yaml shipping.${where}: ${error instanceof Error ? error.message : String(error)}; write minor units (500) or a decimal the currency has ("5.00")`,
      );
    }
  };
  const seen = new Map<string, string>();
  const zones = config.zones.map((zone, index): ShippingZone => {
    for (const country of zone.countries) {
      const other = seen.get(country);
      if (other) throw new ConfigError(`kaiwa.yaml shipping.zones[${index}]: ${country} is already in zone "${other}"`);
      seen.set(country, zone.id);
    }
    const freeFrom = zone.freeFrom === undefined ? undefined : amount(zone.freeFrom, `zones[${index}].freeFrom`);
    return {
      id: zone.id,
      ...(zone.name !== undefined ? { name: typeof zone.name === 'string' ? { en: zone.name } : zone.name } : {}),
      countries: zone.countries,
      flat: amount(zone.flat, `zones[${index}].flat`),
      perItem: amount(zone.perItem, `zones[${index}].perItem`),
      ...(freeFrom !== undefined ? { freeFrom } : {}),
    };
  });
  const defaultCountry = config.defaultCountry ?? zones[0]?.countries[0];
  if (!defaultCountry || !seen.has(defaultCountry))
    throw new ConfigError(`kaiwa.yaml shipping.defaultCountry: ${defaultCountry ?? '(none)'} is in no zone`);
  return { currency, zones, defaultCountry };
}

/**
 * The shipping line for lines worth `subtotal` holding `items` units, shipped to `country`: the
 * zone's flat rate plus its per-item rate, nothing from `freeFrom` up. Throws CannotShipError for a
 * country no zone lists; the order is then not created.
 */
export function shippingCharge(
  rules: ShippingRules,
  input: { country?: string; subtotal: Money; items: number; locale: string },
): OrderCharge {
  const country = input.country ?? rules.defaultCountry;
  const zone = rules.zones.find((candidate) => candidate.countries.includes(country));
  if (!zone) throw new CannotShipError(country);
  const free = zone.freeFrom !== undefined && input.subtotal.amount >= zone.freeFrom;
  const amount = free ? 0 : zone.flat + zone.perItem * input.items;
  const name = zone.name ? pickText(zone.name, input.locale, 'en') : undefined;
  const text = pickText(label, input.locale, 'en');
  return {
    kind: 'shipping',
    label: name && rules.zones.length > 1 ? `${text} (${name})` : text,
    amount: { amount, currency: rules.currency },
    zone: zone.id,
  };
}

/**
 * The countries an order may be delivered to without changing its total: those whose zone charges
 * what the order's shipping line charges for the same goods (every country of every zone when the
 * shipping is free by a promotion). A provider that collects the address (Stripe Checkout) offers
 * only these, so the address it brings back never calls for another price (docs/orders.md, The
 * delivery address).
 */
export function countriesAtCharge(
  rules: ShippingRules,
  input: { charged: Money; subtotal: Money; items: number; freeShipping?: boolean },
): string[] {
  return rules.zones
    .filter((zone) => {
      if (input.freeShipping) return true;
      const free = zone.freeFrom !== undefined && input.subtotal.amount >= zone.freeFrom;
      return (free ? 0 : zone.flat + zone.perItem * input.items) === input.charged.amount;
    })
    .flatMap((zone) => zone.countries);
}
