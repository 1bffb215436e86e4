import { z } from 'zod';
import { channelNamePattern } from '../core/message.js';
import { currencyExponent } from '../core/money.js';
import { synonymProblems } from '../catalog/text/synonyms.js';
import { didYouMean } from '../flows/suggest.js';

const text = z.union([z.string(), z.record(z.string(), z.string())]);

/** A payment provider's name in kaiwa.yaml: a built-in one (src/payments/registry.ts) or one of your own. */
const providerName = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a provider name such as stripe');
const providers = z
  .union([providerName, z.array(providerName).min(1)])
  .transform((value) => (Array.isArray(value) ? value : [value]));

/** An amount in the shop currency as the catalog writes prices: minor units (500 is ¥500, or $5.00) or a decimal ("5.00"). */
const shippingAmount = z.union([
  z.number().nonnegative(),
  z.string().regex(/^\d+(?:\.\d+)?$/, 'an amount such as 500 or "5.00"'),
]);

/** A tax rate in percent: 10, 7.25, 8.875 (at most three decimals, so it is exact in thousandths of a percent). */
const taxRate = z
  .number({ message: 'a rate in percent, e.g. 10 or 8.875' })
  .min(0, 'a rate in percent from 0 to below 100')
  .lt(100, 'a rate in percent from 0 to below 100')
  .refine((rate) => /^-?\d+(?:\.\d{1,3})?$/.test(String(rate)), 'at most three decimals, e.g. 8.875');
const taxClassName = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a tax class name such as standard or reduced');
/** `US-CA` (ISO 3166-2: a country and its state or prefecture) or a whole country, `US`. */
const taxRegionKey = z
  .string()
  .regex(/^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/, 'a country (US) or a country and state as ISO 3166-2 (US-CA), in capitals');

/** A currency named in kaiwa.yaml: an ISO 4217 code that Intl knows, in capitals. */
const currencyCode = z.string().superRefine((code, context) => {
  const known = Intl.supportedValuesOf('currency');
  if (/^[A-Z]{3}$/.test(code) && known.includes(code)) return;
  context.addIssue({
    code: 'custom',
    message: `not an ISO 4217 currency code in capitals, e.g. USD${didYouMean(code, known)}`,
  });
});

/** A carrier's tracking page: an https URL with `{tracking}` where the number goes. */
const trackingUrlTemplate = z
  .string()
  .regex(/^https:\/\/[^\s/]+\/\S*\{tracking\}\S*$/, 'an https URL with {tracking} where the number goes');
/** A WhatsApp template language code: ja, en_US, pt_BR. */
const whatsappLanguage = z.string().regex(/^[a-z]{2,3}(?:_[A-Z]{2})?$/, 'a template language code such as ja or en_US');

/** A day or a wall-clock time in the shop's time zone (shop.timeZone): 2026-12-01 or 2026-12-01T10:00. */
const shopTime = z
  .string({ message: 'a date (2026-12-01) or a date and time (2026-12-01T10:00), in the shop’s time zone' })
  .regex(
    /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ](?:[01]\d|2[0-3]):[0-5]\d)?$/,
    'a date (2026-12-01) or a date and time (2026-12-01T10:00), in the shop’s time zone',
  );
/** One entry of `promotions:`: a coupon code, or an automatic offer (`auto: true`); checked together in promotionProblems. */
const promotion = z
  .object({
    code: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/, 'a code of 2 to 32 letters, digits, - or _, e.g. SAWA10')
      .optional()
      .describe('what the shopper types or taps, any case (SAWA10)'),
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'an offer id such as wednesday (lower case, digits, dashes)')
      .optional()
      .describe('an automatic offer’s id, kept with the orders it discounts'),
    auto: z.boolean().optional().describe('true: applies to every cart that fits, without a code'),
    name: text.optional().describe('what the discount line says, per language: { ja: 水曜割, en: Wednesday deal }'),
    percent: z
      .number({ message: 'a whole percent from 1 to 100' })
      .int('a whole percent from 1 to 100')
      .min(1, 'a whole percent from 1 to 100')
      .max(100, 'a whole percent from 1 to 100')
      .optional()
      .describe('percent off the goods, rounded down to the minor unit'),
    amount: shippingAmount.optional().describe('an amount off the goods, in the shop currency (500 is ¥500 or $5.00)'),
    freeShipping: z.boolean().optional().describe('the shipping line becomes free'),
    minSpend: shippingAmount.optional().describe('the least the goods must come to, before discounts'),
    from: shopTime.optional().describe('valid from this day or time (shop.timeZone)'),
    until: shopTime.optional().describe('valid until this time, or through this day (shop.timeZone)'),
    days: z
      .array(
        z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], {
          message: 'a weekday: mon, tue, wed, thu, fri, sat or sun',
        }),
      )
      .min(1)
      .optional()
      .describe('an automatic offer’s weekdays in the shop’s time zone, e.g. [wed] or [sat, sun]'),
    perShopper: z.number().int().min(1).optional().describe('uses per conversation'),
    totalUses: z.number().int().min(1).optional().describe('uses in all, counted once per paid order'),
    firstOrderOnly: z.boolean().optional().describe('only for a shopper with no paid order yet'),
  })
  .strict();

/** kaiwa.yaml's fields, before the checks that need several of them (shopConfigSchema). */
const shopConfigSchemaBase = z
  .object({
    $schema: z.string().optional(),
    shop: z
      .object({
        name: text,
        currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code in capitals, e.g. JPY'),
        locales: z.array(z.string().min(2)).min(1),
        defaultLocale: z.string().optional(),
        timeZone: z.string().default('Asia/Tokyo'),
      })
      .strict(),
    catalog: z.string().default('catalog.csv'),
    faq: z.string().default('faq.yaml'),
    flows: z.string().default('flows'),
    tests: z.string().default('tests'),
    actions: z
      .string()
      .optional()
      .describe(
        'A TypeScript or JavaScript module exporting custom actions and guards (default: actions.ts or actions.js in the shop folder, if there is one)',
      ),
    session: z
      .object({ idleTimeoutMinutes: z.number().int().positive().default(1440) })
      .strict()
      .default({ idleTimeoutMinutes: 1440 }),
    orders: z
      .object({ reservationMinutes: z.number().int().min(1).max(10_080).default(30) })
      .strict()
      .default({ reservationMinutes: 30 }),
    handoff: z
      .object({
        ownerQuietMinutes: z
          .number()
          .int()
          .min(0)
          .max(10_080)
          .default(30)
          .describe(
            'after the shop answers from the platform app (Page inbox, WhatsApp Business app), minutes without another such answer before the bot takes over again; 0: only the console returns it',
          ),
      })
      .strict()
      .default({ ownerQuietMinutes: 30 }),
    shipping: z
      .object({
        zones: z
          .array(
            z
              .object({
                id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a zone id such as japan'),
                name: text.optional(),
                countries: z
                  .array(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code in capitals, e.g. JP'))
                  .min(1),
                flat: shippingAmount.optional().describe('charged per order'),
                perItem: shippingAmount.optional().describe('charged per unit in the order'),
                freeFrom: shippingAmount.optional().describe('no shipping when the lines come to at least this'),
              })
              .strict(),
          )
          .min(1),
        defaultCountry: z
          .string()
          .regex(/^[A-Z]{2}$/, 'an ISO 3166 country code in capitals, e.g. JP')
          .optional()
          .describe(
            'where an order ships while the chat has not asked for an address (default: the first zone’s first country)',
          ),
      })
      .strict()
      .optional()
      .describe(
        'shipping zones and rates; amounts in the shop currency as catalog prices are written (500 is ¥500 or $5.00; "5.00")',
      ),
    tax: z
      .object({
        prices: z
          .enum(['inclusive', 'exclusive'], {
            message: 'inclusive (prices include tax, as in Japan) or exclusive (tax is added, as in the US)',
          })
          .describe('inclusive: catalog prices include tax; exclusive: tax is added to the total'),
        classes: z
          .record(taxClassName, taxRate)
          .refine((classes) => Object.keys(classes).length > 0, 'name at least one class, e.g. { standard: 10 }')
          .describe('tax class → rate in percent, e.g. { standard: 10, reduced: 8 }'),
        default: taxClassName
          .optional()
          .describe('the class of a product no byTag entry names (default: the first class)'),
        byTag: z
          .record(z.string().regex(/^[^A-Z]+$/, 'a catalog tag, in lower case as the catalog keeps tags'), taxClassName)
          .default({})
          .describe('catalog tag → tax class, e.g. { tea: reduced }; the first entry whose tag a product has wins'),
        shipping: taxClassName.optional().describe('the class shipping is taxed at (default: the default class)'),
        regions: z
          .record(taxRegionKey, z.union([taxRate, z.record(taxClassName, taxRate)]))
          .default({})
          .describe(
            'rates by country or state (US-CA): one rate for every class, or rates for some classes; the country then classes fill the rest',
          ),
        defaultRegion: taxRegionKey
          .optional()
          .describe('where an order is taxed while the chat has not asked for an address, e.g. US-CA'),
        name: text.optional().describe('what the tax is called on receipts and tax lines (default 消費税 / Sales tax)'),
      })
      .strict()
      .optional()
      .describe('tax: prices inclusive or exclusive, rates per class and region (docs/configuration.md, Tax)'),
    retention: z
      .object({
        days: z
          .number()
          .int()
          .min(1)
          .max(3650)
          .optional()
          .describe('delete conversation data older than this many days (orders are kept)'),
      })
      .strict()
      .default({}),
    promotions: z
      .array(promotion, {
        message: 'a list of coupon codes and automatic offers, e.g. [{ code: SAWA10, percent: 10 }]',
      })
      .default([])
      .describe(
        'coupon codes and automatic offers (docs/configuration.md, Promotions); discounts come from here alone, never from a model',
      ),
    budgetRates: z
      .record(
        currencyCode,
        z
          .number({ message: 'a number: what one unit of this currency is worth in the shop currency, e.g. 150' })
          .positive('a positive number: what one unit of this currency is worth in the shop currency'),
      )
      .default({})
      .describe(
        'budgets in other currencies ("under $20" in a JPY shop): code → shop-currency units per unit, e.g. { USD: 150 }',
      ),
    synonyms: z
      .array(
        z
          .array(z.string({ message: 'a word or phrase, e.g. swimsuit' }).trim().min(1, 'an empty word'), {
            message: 'a list of words that mean the same, e.g. [swimsuit, swimwear, bathing suit]',
          })
          .min(2, 'a group of synonyms needs at least two words'),
        { message: 'a list of groups of words, e.g. [[swimsuit, swimwear], [ワンピース, onepiece]]' },
      )
      .superRefine((groups, context) => {
        for (const { path, message } of synonymProblems(groups)) context.addIssue({ code: 'custom', path, message });
      })
      .default([])
      .describe(
        'groups of words that find each other in product search, e.g. [[swimsuit, swimwear, bathing suit], [ワンピース, onepiece]]',
      ),
    categories: z
      .array(
        z
          .object({
            tag: z.string().trim().min(1, 'a catalog tag, e.g. green-tea'),
            label: text.describe('the button, per language: { ja: 緑茶, en: Green tea }'),
          })
          .strict(),
        { message: 'a list of { tag, label }, e.g. [{ tag: green-tea, label: { ja: 緑茶, en: Green tea } }]' },
      )
      .default([])
      .describe(
        'the catalog tags offered as buttons when a request finds nothing ("We don\'t carry …"), in this order, each labelled per language; without it the most common tags are offered as written',
      ),
    carriers: z
      .record(
        z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a carrier id such as mycarrier (lower case, digits, dashes)'),
        z
          .object({
            name: text.describe('as the shopper reads it, per language: { ja: 西濃運輸, en: Seino }'),
            url: z
              .union([trackingUrlTemplate, z.record(z.string(), trackingUrlTemplate)])
              .describe('the public tracking page, {tracking} standing for the number; one per language if need be'),
          })
          .strict(),
      )
      .default({})
      .describe(
        'carriers besides the built-in yamato, sagawa, japanpost, ups, usps, fedex, dhl (kaiwa orders fulfil --carrier); an entry of the same id replaces the built-in one',
      ),
    whatsapp: z
      .object({
        templates: z
          .object({
            shipped: z
              .object({
                name: z
                  .string()
                  .regex(/^[a-z0-9_]{1,512}$/, 'the template name as WhatsApp Manager shows it, e.g. order_shipped'),
                language: z
                  .union([whatsappLanguage, z.record(z.string(), whatsappLanguage)])
                  .describe('the approved language, e.g. ja, or one per shopper language: { ja: ja, en: en_US }'),
                parameters: z
                  .array(z.enum(['order', 'carrier', 'tracking', 'url']))
                  .min(1)
                  .default(['order', 'carrier', 'tracking', 'url'])
                  .describe(
                    "the body's {{1}}, {{2}}… in order: order number, carrier name, tracking number, tracking URL",
                  ),
              })
              .strict()
              .optional()
              .describe('the approved utility template a shipping notice uses outside the 24-hour window'),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({ templates: {} })
      .describe('WhatsApp message templates, for messages outside the 24-hour customer service window'),
    payments: z
      .object({
        default: providers
          .default(['demo'])
          .describe('the first of these whose credentials are set pays, when no rule matches'),
        rules: z
          .array(
            z
              .object({
                channel: z.string().regex(channelNamePattern, 'a channel name such as line').optional(),
                currency: z
                  .string()
                  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code in capitals')
                  .optional(),
                provider: providers,
              })
              .strict(),
          )
          .default([])
          .describe(
            'first match wins: a rule applies when its channel and currency match and one of its providers is configured',
          ),
      })
      .strict()
      .default({ default: ['demo'], rules: [] }),
  })
  .strict();

/** kaiwa.yaml: the source of both the loader's checks and its type. */
export const shopConfigSchema = shopConfigSchemaBase.superRefine((config, context) => {
  // Shipping's rules that need the shop currency or the whole list: reported where they are written.
  const zones = config.shipping?.zones ?? [];
  const exponent = (() => {
    try {
      return currencyExponent(config.shop.currency);
    } catch {
      return undefined;
    }
  })();
  const owner = new Map<string, string>();
  zones.forEach((zone, index) => {
    zone.countries.forEach((country, at) => {
      const other = owner.get(country);
      if (other)
        context.addIssue({
          code: 'custom',
          path: ['shipping', 'zones', index, 'countries', at],
          message: `${country} is already in zone "${other}"`,
        });
      else owner.set(country, zone.id);
    });
    for (const field of ['flat', 'perItem', 'freeFrom'] as const) {
      const decimals = /\.(\d+)$/.exec(String(zone[field] ?? ''))?.[1]?.length ?? 0;
      if (exponent !== undefined && decimals > exponent)
        context.addIssue({
          code: 'custom',
          path: ['shipping', 'zones', index, field],
          message: `${config.shop.currency} has ${exponent} decimals; write minor units (500) or a decimal it has`,
        });
    }
  });
  const fallback = config.shipping?.defaultCountry;
  if (fallback && !owner.has(fallback))
    context.addIssue({
      code: 'custom',
      path: ['shipping', 'defaultCountry'],
      message: `${fallback} is in no shipping zone`,
    });
  if (config.tax) taxProblems(config.tax, fallback ?? zones[0]?.countries[0], context);
  promotionProblems(config, exponent, context);
});

/** Tax classes named anywhere in `tax:` must be among `tax.classes`; the default region must be where orders ship. */
function taxProblems(
  tax: NonNullable<z.infer<typeof shopConfigSchemaBase>['tax']>,
  shipsTo: string | undefined,
  context: z.RefinementCtx,
): void {
  const classes = Object.keys(tax.classes);
  const check = (name: string | undefined, path: (string | number)[]) => {
    if (name === undefined || classes.includes(name)) return;
    context.addIssue({
      code: 'custom',
      path: ['tax', ...path],
      message: `"${name}" is not a tax class; tax.classes has ${classes.join(', ')}${didYouMean(name, classes)}`,
    });
  };
  check(tax.default, ['default']);
  check(tax.shipping, ['shipping']);
  for (const [tag, name] of Object.entries(tax.byTag)) check(name, ['byTag', tag]);
  for (const [region, rates] of Object.entries(tax.regions))
    if (typeof rates === 'object')
      for (const name of Object.keys(rates))
        if (!classes.includes(name))
          context.addIssue({
            code: 'custom',
            path: ['tax', 'regions', region, name],
            message: `"${name}" is not a tax class; tax.classes has ${classes.join(', ')}${didYouMean(name, classes)}`,
          });
  const country = tax.defaultRegion?.split('-')[0];
  if (country && shipsTo && country !== shipsTo)
    context.addIssue({
      code: 'custom',
      path: ['tax', 'defaultRegion'],
      message: `${tax.defaultRegion} is not in ${shipsTo}, where orders ship by default (shipping.defaultCountry)`,
    });
}

/** What `promotions:` entries need of each other and of the shop: reported at the field. */
function promotionProblems(
  config: z.infer<typeof shopConfigSchemaBase>,
  exponent: number | undefined,
  context: z.RefinementCtx,
): void {
  const seen = new Map<string, number>();
  config.promotions.forEach((entry, index) => {
    const problem = (field: string | undefined, message: string) =>
      context.addIssue({ code: 'custom', path: ['promotions', index, ...(field ? [field] : [])], message });
    if (entry.auto) {
      if (entry.code !== undefined) problem('code', 'an automatic offer (auto: true) has no code; give it an id');
      if (entry.id === undefined) problem(undefined, 'an automatic offer (auto: true) needs an id, e.g. id: wednesday');
      for (const field of ['perShopper', 'totalUses'] as const)
        if (entry[field] !== undefined)
          problem(field, 'use limits are for codes; an automatic offer applies to every cart that fits');
    } else {
      if (entry.code === undefined) problem(undefined, 'a code (code: SAWA10), or auto: true with an id');
      if (entry.id !== undefined) problem('id', 'an id is for automatic offers (auto: true); a code is its own id');
      if (entry.days !== undefined) problem('days', 'weekdays are for automatic offers (auto: true)');
    }
    if (entry.percent === undefined && entry.amount === undefined && !entry.freeShipping)
      problem(undefined, 'say what it gives: percent, amount or freeShipping: true');
    if (entry.percent !== undefined && entry.amount !== undefined) problem('amount', 'percent or amount, not both');
    if (entry.freeShipping && !config.shipping) problem('freeShipping', 'the shop has no shipping: to make free');
    for (const field of ['amount', 'minSpend'] as const) {
      const decimals = /\.(\d+)$/.exec(String(entry[field] ?? ''))?.[1]?.length ?? 0;
      if (exponent !== undefined && decimals > exponent)
        problem(field, `${config.shop.currency} has ${exponent} decimals; write minor units (500) or a decimal it has`);
    }
    // A day alone runs from its start (from) or through its end (until).
    const time = (value: string, end: string) => (value.length > 10 ? value.replace(' ', 'T') : `${value}T${end}`);
    if (
      entry.from !== undefined &&
      entry.until !== undefined &&
      time(entry.until, '24:00') <= time(entry.from, '00:00')
    )
      problem('until', `${entry.until} is not after from (${entry.from})`);
    const key = entry.auto ? entry.id && `auto:${entry.id}` : entry.code?.toUpperCase();
    if (key === undefined) return;
    const other = seen.get(key);
    if (other !== undefined)
      problem(entry.auto ? 'id' : 'code', `${entry.auto ? entry.id : entry.code} is already promotions.${other}`);
    else seen.set(key, index);
  });
}

export type ShopConfig = z.infer<typeof shopConfigSchema>;

/**
 * The app's own environment variables (server, database, outbox, LLM, logging), documented in
 * .env.example. Each channel and payment provider reads and validates its own (src/channels/registry.ts,
 * src/payments/registry.ts).
 */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.string().url().optional(),
  ADMIN_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier')
    .optional(),
  PAYMENT_POLL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  DEMO_PAYMENT_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
  // Shopify inventory sync (docs/catalog.md): the secret Shopify signs webhooks with; POST /webhooks/shopify is off without it.
  SHOPIFY_WEBHOOK_SECRET: z.string().optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
    .optional(),
  REDIS_KEY_PREFIX: z.string().default('kaiwa:'),
  SEND_RATE_LIMITS: z
    .enum(['1', 'true', '0', 'false'], { message: 'use 1 or 0' })
    .default('1')
    .transform((value) => value === '1' || value === 'true'),
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  SEND_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(600).default(30),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().optional(),
  OPENAI_EMBEDDING_MODEL: z.string().optional(),
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().min(16).max(8192).optional(),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
  OPENAI_PRICE_INPUT: z.coerce.number().min(0).default(0),
  OPENAI_PRICE_OUTPUT: z.coerce.number().min(0).default(0),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;
