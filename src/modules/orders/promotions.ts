import {
  ConfigError,
  formatMoney,
  parseMoney,
  pickText,
  type Address,
  type CouponRefusal,
  type LocalizedText,
  type Money,
  type OrderCharge,
  type Store,
} from '../../core/index.js';

/** A weekday as kaiwa.yaml writes it (`days: [wed]`), in the shop's time zone. */
export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

/**
 * One entry of kaiwa.yaml `promotions:` as written (validated by src/config/schema.ts): a coupon
 * code, or an automatic offer (`auto: true`, with an `id`) that applies to every cart it fits.
 */
export interface PromotionConfig {
  code?: string;
  id?: string;
  auto?: boolean;
  name?: string | Record<string, string>;
  percent?: number;
  amount?: number | string;
  freeShipping?: boolean;
  minSpend?: number | string;
  from?: string;
  until?: string;
  days?: Weekday[];
  perShopper?: number;
  totalUses?: number;
  firstOrderOnly?: boolean;
}

/** One promotion with its amounts in integer minor units and its window as instants. */
export interface Promotion {
  /** The code in capitals (`SAWA10`), or an automatic offer's id (`wednesday`). */
  key: string;
  auto: boolean;
  name?: LocalizedText;
  /** Whole percent off the goods, 1 to 100. */
  percent?: number;
  /** Minor units off the goods. */
  amount?: number;
  freeShipping: boolean;
  /** The least the goods must come to (minor units, before discounts). */
  minSpend?: number;
  /** Valid from this instant (ms, inclusive)… */
  from?: number;
  /** …until this one (ms, exclusive: `until: 2026-12-31` is valid through the 31st in the shop's time zone). */
  until?: number;
  /** Weekdays (0 is Sunday) in the shop's time zone. */
  days?: ReadonlySet<number>;
  perShopper?: number;
  totalUses?: number;
  firstOrderOnly: boolean;
}

export interface PromotionRules {
  currency: string;
  timeZone: string;
  /** Coupon codes by their form in capitals. */
  codes: ReadonlyMap<string, Promotion>;
  /** Automatic offers, in the order written. */
  auto: readonly Promotion[];
}

/** `2026-12-01` or `2026-12-01T10:00` (also with a space), read in the shop's time zone. */
const localTime = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;

/** The instant a wall-clock time in `timeZone` names (the first, in an autumn's repeated hour). */
export function zonedInstant(text: string, timeZone: string, endOfDay = false): number {
  const match = localTime.exec(text.trim());
  if (!match) throw new ConfigError(`"${text}" is not a date (2026-12-01) or a date and time (2026-12-01T10:00)`);
  const [, y, m, d, hh, mm] = match.map(Number) as number[];
  const dateOnly = match[4] === undefined;
  const local = Date.UTC(y!, m! - 1, d! + (dateOnly && endOfDay ? 1 : 0), dateOnly ? 0 : hh!, dateOnly ? 0 : mm!);
  let instant = local - offsetAt(local, timeZone);
  instant = local - offsetAt(instant, timeZone);
  return instant;
}

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function zoneParts(ms: number, timeZone: string): Record<string, string> {
  let format = partsFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormat.set(timeZone, format);
  }
  return Object.fromEntries(format.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
}

/** How far `timeZone`'s wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = zoneParts(ms, timeZone);
  const wall = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The weekday (0 is Sunday) of an instant in `timeZone`. */
export function weekdayIn(ms: number, timeZone: string): number {
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(zoneParts(ms, timeZone).weekday ?? '');
}

/** Reads kaiwa.yaml `promotions:` into minor units and instants; a bad entry is a ConfigError naming its place. */
export function promotionRules(config: readonly PromotionConfig[], currency: string, timeZone: string): PromotionRules {
  const amount = (value: number | string | undefined, where: string): number | undefined => {
    if (value === undefined) return undefined;
    const text = String(value).trim();
    if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
    try {
      return parseMoney(text, currency).amount;
    } catch (error) {
      throw new ConfigError(
        `kaiwa.yaml promotions.${where}: ${error instanceof Error ? error.message : String(error)}; write minor units (500) or a decimal the currency has ("5.00")`,
      );
    }
  };
  const codes = new Map<string, Promotion>();
  const auto: Promotion[] = [];
  config.forEach((entry, index) => {
    const key = entry.auto ? entry.id : entry.code?.toUpperCase();
    if (!key) throw new ConfigError(`kaiwa.yaml promotions.${index}: a code, or auto: true with an id`);
    const at = (field: string) => `${index}.${field}`;
    const minSpend = amount(entry.minSpend, at('minSpend'));
    const off = amount(entry.amount, at('amount'));
    const promotion: Promotion = {
      key,
      auto: entry.auto === true,
      ...(entry.name !== undefined ? { name: typeof entry.name === 'string' ? { en: entry.name } : entry.name } : {}),
      ...(entry.percent !== undefined ? { percent: entry.percent } : {}),
      ...(off !== undefined ? { amount: off } : {}),
      freeShipping: entry.freeShipping === true,
      ...(minSpend !== undefined ? { minSpend } : {}),
      ...(entry.from !== undefined ? { from: zonedInstant(entry.from, timeZone) } : {}),
      ...(entry.until !== undefined ? { until: zonedInstant(entry.until, timeZone, true) } : {}),
      ...(entry.days ? { days: new Set(entry.days.map((day) => weekdays.indexOf(day))) } : {}),
      ...(entry.perShopper !== undefined ? { perShopper: entry.perShopper } : {}),
      ...(entry.totalUses !== undefined ? { totalUses: entry.totalUses } : {}),
      firstOrderOnly: entry.firstOrderOnly === true,
    };
    if (promotion.auto) auto.push(promotion);
    else if (codes.has(key)) throw new ConfigError(`kaiwa.yaml promotions.${index}.code: ${key} is given twice`);
    else codes.set(key, promotion);
  });
  return { currency, timeZone, codes, auto };
}

/**
 * The known coupon code a message names, in capitals: the code alone (`SAWA10`, any case or width),
 * or after a coupon word (`クーポン SAWA10`, `coupon: sawa10`, `/coupon SAWA10`, `promo code SAWA10`).
 * After a coupon word an unknown code is returned too when it looks like one (capitals or digits,
 * `coupon XMAS24`), so the shopper hears that it is unknown; `coupon please` is not a code.
 */
export function couponInText(rules: PromotionRules | undefined, text: string): string | undefined {
  const form = text
    .normalize('NFKC')
    .trim()
    .replace(/[\s。.!！]+$/u, '');
  const alone = form.toUpperCase();
  if (rules?.codes.has(alone)) return alone;
  const match =
    /^(?:\/coupon|coupon(?:\s*code)?|promo(?:tion)?(?:\s*code)?|discount\s*code|クーポン(?:コード)?|割引コード|プロモコード)(?:\s*[:：]\s*|\s+|(?=[A-Za-z0-9]))([A-Za-z0-9_-]{2,32})(?:\s*(?:を使います|を使う|を使いたい|使います|でお願いします|please))?$/iu.exec(
      form,
    );
  const code = match?.[1];
  if (!code) return undefined;
  if (rules?.codes.has(code.toUpperCase())) return code.toUpperCase();
  return /[0-9]/.test(code) || code === code.toUpperCase() ? code.toUpperCase() : undefined;
}

/** What a cart gets from the shop's promotions: the discount lines, free shipping, and the coupon's fate. */
export interface PromotionResult {
  /** One charge per promotion that applies, negative (`kind: 'discount'`); a free-shipping-only coupon's is 0. */
  charges: OrderCharge[];
  /** The goods' discount in minor units (the charges' sum, as a positive number): at most the goods. */
  discount: number;
  freeShipping: boolean;
  /** The code asked for: applied (with its use limit to reserve at checkout), or refused and why. */
  coupon?: { code: string; refused?: CouponRefusal; minSpend?: Money; totalUses?: number; perShopper?: number };
}

const words = {
  coupon: { ja: 'クーポン {code}', en: 'Coupon {code}' },
  discount: { ja: '割引', en: 'Discount' },
  percentOff: { ja: '{percent}%オフ', en: '{percent}% off' },
  amountOff: { ja: '{amount}引き', en: '{amount} off' },
  freeShipping: { ja: '送料無料', en: 'free shipping' },
} satisfies Record<string, LocalizedText>;

const fill = (text: LocalizedText, locale: string, values: Record<string, string>) =>
  pickText(text, locale, 'en').replace(/\{(\w+)\}/g, (_whole, name: string) => values[name] ?? '');

/** `クーポン SAWA10（10%オフ）`, `Coupon SAWA10 (10% off)`, `水曜割（5%オフ）`: what the discount line says. */
function discountLabel(promotion: Promotion, currency: string, locale: string): string {
  const what = promotion.name
    ? pickText(promotion.name, locale, 'en')
    : promotion.auto
      ? pickText(words.discount, locale, 'en')
      : fill(words.coupon, locale, { code: promotion.key });
  const terms = [
    ...(promotion.percent !== undefined
      ? [fill(words.percentOff, locale, { percent: String(promotion.percent) })]
      : []),
    ...(promotion.amount !== undefined
      ? [fill(words.amountOff, locale, { amount: formatMoney({ amount: promotion.amount, currency }, locale) })]
      : []),
    ...(promotion.freeShipping ? [pickText(words.freeShipping, locale, 'en')] : []),
  ];
  if (terms.length === 0) return what;
  return locale === 'ja' ? `${what}（${terms.join('・')}）` : `${what} (${terms.join(', ')})`;
}

/** The statuses of an order that make its shopper a returning one (firstOrderOnly). */
const placed = new Set(['paid', 'fulfilled', 'refunded']);

/**
 * Why `promotion` does not fit this cart now, or undefined when it does. Windows and weekdays are
 * in the shop's time zone; a code's use limits count uses held by orders not yet expired or
 * cancelled (reserved at checkout, confirmed at payment).
 */
async function refusal(
  tx: Store,
  rules: PromotionRules,
  promotion: Promotion,
  input: { address: Address; subtotal: number; now: Date },
): Promise<CouponRefusal | undefined> {
  const now = input.now.getTime();
  if (promotion.from !== undefined && now < promotion.from) return 'not_yet_valid';
  if (promotion.until !== undefined && now >= promotion.until) return 'expired';
  if (promotion.days && !promotion.days.has(weekdayIn(now, rules.timeZone))) return 'not_yet_valid';
  if (promotion.minSpend !== undefined && input.subtotal < promotion.minSpend) return 'min_spend';
  if (promotion.firstOrderOnly) {
    const orders = await tx.orders.listByConversation(input.address);
    if (orders.some((order) => placed.has(order.status))) return 'first_order_only';
  }
  if (promotion.auto) return undefined;
  const uses = tx.promotions;
  if (promotion.perShopper !== undefined && (await uses.heldBy(promotion.key, input.address)) >= promotion.perShopper)
    return 'already_used';
  if (promotion.totalUses !== undefined && (await uses.held(promotion.key)) >= promotion.totalUses) return 'used_up';
  return undefined;
}

/**
 * The promotions a cart of goods worth `subtotal` gets now: every automatic offer that fits, then
 * the coupon code asked for, if it fits (else the reason it does not, and no discount from it).
 * Each percentage is of the goods before any discount, rounded down to the minor unit; the
 * discounts together never exceed the goods. Decided here from kaiwa.yaml alone, never by a model.
 */
export async function applyPromotions(
  tx: Store,
  rules: PromotionRules | undefined,
  input: { code?: string; address: Address; subtotal: Money; now: Date; locale: string },
): Promise<PromotionResult> {
  const currency = input.subtotal.currency;
  const result: PromotionResult = { charges: [], discount: 0, freeShipping: false };
  const take = (promotion: Promotion) => {
    const wanted =
      (promotion.percent !== undefined ? Math.floor((input.subtotal.amount * promotion.percent) / 100) : 0) +
      (promotion.amount ?? 0);
    const off = Math.min(wanted, input.subtotal.amount - result.discount);
    result.discount += off;
    result.freeShipping ||= promotion.freeShipping;
    result.charges.push({
      kind: 'discount',
      label: discountLabel(promotion, currency, input.locale),
      amount: { amount: off === 0 ? 0 : -off, currency },
      code: promotion.key,
    });
  };
  const facts = { address: input.address, subtotal: input.subtotal.amount, now: input.now };
  for (const offer of rules?.auto ?? []) if (!(await refusal(tx, rules!, offer, facts))) take(offer);
  if (input.code === undefined) return result;
  const code = input.code.normalize('NFKC').trim().toUpperCase();
  const promotion = rules?.codes.get(code);
  const refused = promotion ? await refusal(tx, rules!, promotion, facts) : 'unknown';
  if (refused || !promotion) {
    result.coupon = {
      code,
      refused: refused ?? 'unknown',
      ...(refused === 'min_spend' && promotion?.minSpend !== undefined
        ? { minSpend: { amount: promotion.minSpend, currency } }
        : {}),
    };
    return result;
  }
  take(promotion);
  result.coupon = {
    code,
    ...(promotion.totalUses !== undefined ? { totalUses: promotion.totalUses } : {}),
    ...(promotion.perShopper !== undefined ? { perShopper: promotion.perShopper } : {}),
  };
  return result;
}
