import {
  allocate,
  CouponError,
  multiplyMoney,
  noteCall,
  NotInCatalogError,
  OutOfStockError,
  variantTitle,
  sumMoney,
  type Address,
  type CartLine,
  type Clock,
  type Locale,
  type Money,
  type Order,
  type OrderCharge,
  type OrderLine,
  type OrderTax,
  type PaymentProvider,
  type PaymentRequest,
  type Product,
  type Store,
} from '../../core/index.js';
import { mergeCartLines } from './cart.js';
import { releaseCoupon } from './coupon-uses.js';
import { applyPromotions, type PromotionResult, type PromotionRules } from './promotions.js';
import { EmptyCartError, MixedCurrencyError } from './errors.js';
import { countriesAtCharge, shippingCharge, type ShippingRules } from './shipping.js';
import { releaseAll, reserveAll } from './stock.js';
import { orderTax, taxClassOf, taxRegion, type TaxRules } from './tax.js';

/** What checkout needs besides the transaction; built once by createOrderService. */
export interface CheckoutSettings {
  payments: (address: Address, currency: string) => PaymentProvider;
  publicUrl: string;
  reservationMs: number;
  clock: Clock;
  newOrderId: () => string;
  /** kaiwa.yaml `shipping:`; without it an order has no shipping line. */
  shipping?: ShippingRules;
  /** kaiwa.yaml `tax:`; without it an order has no tax breakdown and no tax line. */
  tax?: TaxRules;
  /** kaiwa.yaml `promotions:`; without it there are no automatic offers and every code is unknown. */
  promotions?: PromotionRules;
}

export interface CheckoutInput {
  address: Address;
  lines: readonly CartLine[];
  locale: Locale;
  /** Where the order ships (ISO 3166 alpha-2); the shop's default country until the chat asks for an address. */
  country?: string;
  /** The state or prefecture it ships to (ISO 3166-2, `US-CA`) for tax; the shop's `tax.defaultRegion` until then. */
  region?: string;
  /** A coupon code the shopper gave (kaiwa.yaml `promotions`); checkout refuses the order when it does not apply. */
  coupon?: string;
}

/** A cart priced as checkout would price it: what the cart shows and the payment link charges. */
export interface OrderQuote {
  lines: OrderLine[];
  subtotal: Money;
  /** Shipping, discounts (negative), then the tax lines of tax-exclusive prices. */
  charges: OrderCharge[];
  /** With kaiwa.yaml `tax:`: the breakdown per rate (inclusive prices: the tax the total contains). */
  tax?: OrderTax;
  total: Money;
  /** The coupon asked for: applied, or refused and why (the quote is then priced without it). */
  coupon?: PromotionResult['coupon'];
  /** With kaiwa.yaml `shipping:`: the countries this quote's shipping line is the price for (countriesAtCharge). */
  shipsTo?: string[];
}

/**
 * Prices a cart from the catalog and the shop's rules without reserving anything: lines,
 * discounts, the shipping line, tax, the total. Throws NotInCatalogError, MixedCurrencyError,
 * CannotShipError; a coupon that does not apply is reported in `coupon.refused`, not thrown.
 */
export async function quote(
  tx: Store,
  input: CheckoutInput,
  settings: Pick<CheckoutSettings, 'shipping' | 'tax' | 'promotions' | 'clock'>,
): Promise<OrderQuote> {
  const cart = mergeCartLines(input.lines);
  if (cart.length === 0) throw new EmptyCartError();
  const products = await tx.catalog.getMany(cart.map((line) => line.productId));
  const lines = priceLines(cart, products, input.locale, settings.tax);
  const currency = lines[0]!.unitPrice.currency;
  const subtotal = sumMoney(
    lines.map((line) => multiplyMoney(line.unitPrice, line.quantity)),
    currency,
  );
  // Discounts first: free shipping from an amount counts the goods after them, and tax is on what is paid.
  const promoted =
    settings.promotions || input.coupon !== undefined
      ? await applyPromotions(tx, settings.promotions, {
          ...(input.coupon !== undefined ? { code: input.coupon } : {}),
          address: input.address,
          subtotal,
          now: settings.clock.now(),
          locale: input.locale,
        })
      : undefined;
  const discount = promoted?.discount ?? 0;
  const shipped = settings.shipping
    ? shippingCharge(settings.shipping, {
        ...(input.country ? { country: input.country } : {}),
        subtotal: { amount: subtotal.amount - discount, currency },
        items: lines.reduce((sum, line) => sum + line.quantity, 0),
        locale: input.locale,
      })
    : undefined;
  const shipping = shipped && promoted?.freeShipping ? { ...shipped, amount: { amount: 0, currency } } : shipped;
  // Each line's share of the discount (docs/orders.md, Coupons and promotions): the per-rate bases shrink with it.
  const totals = lines.map((line) => multiplyMoney(line.unitPrice, line.quantity).amount);
  const shares = allocate(discount, totals);
  const taxed = settings.tax
    ? orderTax(settings.tax, {
        lines: lines.map((line, index) => ({
          taxClass: line.taxClass ?? settings.tax!.defaultClass,
          amount: { amount: totals[index]! - shares[index]!, currency },
        })),
        ...(shipping ? { shipping: shipping.amount } : {}),
        ...optional(
          'region',
          taxRegion(settings.tax, {
            ...optional('region', input.region),
            ...optional('country', input.country ?? settings.shipping?.defaultCountry),
          }),
        ),
        currency,
        locale: input.locale,
      })
    : undefined;
  const charges = [...(shipping ? [shipping] : []), ...(promoted?.charges ?? []), ...(taxed?.charges ?? [])];
  const total = sumMoney([subtotal, ...charges.map((charge) => charge.amount)], currency);
  const shipsTo =
    settings.shipping && shipping
      ? countriesAtCharge(settings.shipping, {
          charged: shipping.amount,
          subtotal: { amount: subtotal.amount - discount, currency },
          items: lines.reduce((sum, line) => sum + line.quantity, 0),
          ...(promoted?.freeShipping ? { freeShipping: true } : {}),
        })
      : undefined;
  return {
    lines,
    subtotal,
    charges,
    ...(taxed ? { tax: taxed.tax } : {}),
    total,
    ...(promoted?.coupon ? { coupon: promoted.coupon } : {}),
    ...(shipsTo ? { shipsTo } : {}),
  };
}

/** `{ [key]: value }`, or nothing for an undefined value (exactOptionalPropertyTypes). */
const optional = <K extends string>(key: K, value: string | undefined): { [P in K]?: string } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };

/**
 * Turns a cart into an order awaiting payment: lines priced from the catalog (the cart carries
 * ids and quantities only), stock reserved, payment created. Any failure leaves stock as it was,
 * even for a caller that catches the error and commits the transaction.
 */
export async function checkout(
  tx: Store,
  input: CheckoutInput,
  settings: CheckoutSettings,
): Promise<{ order: Order; payment: PaymentRequest }> {
  const cart = mergeCartLines(input.lines);
  const { lines, charges, tax, total, coupon, shipsTo } = await quote(tx, input, settings);
  if (coupon?.refused) throw new CouponError(coupon.code, coupon.refused, coupon.minSpend);

  // Every check that needs no stock runs first, so a refused cart never touches stock.
  const short = await reserveAll(tx.catalog, cart);
  if (short) throw new OutOfStockError(short.productId, (await tx.catalog.get(short.productId))?.stock ?? 0);

  const now = settings.clock.now();
  const id = settings.newOrderId();
  // The code's use is taken in this transaction, after the stock (the order every checkout locks in):
  // racing checkouts for its last use cannot both get it; the loser is refused with nothing reserved.
  if (coupon) {
    const taken = await tx.promotions.reserve(
      { code: coupon.code, orderId: id, address: input.address, at: now.toISOString() },
      {
        ...(coupon.totalUses !== undefined ? { totalUses: coupon.totalUses } : {}),
        ...(coupon.perShopper !== undefined ? { perShopper: coupon.perShopper } : {}),
      },
    );
    if (taken !== 'reserved') {
      await releaseAll(tx.catalog, cart);
      throw new CouponError(coupon.code, taken);
    }
  }
  const order: Order = {
    id,
    address: input.address,
    locale: input.locale,
    status: 'awaiting_payment',
    lines,
    ...(charges.length > 0 ? { charges } : {}),
    ...(tax ? { tax } : {}),
    total,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + settings.reservationMs).toISOString(),
    updatedAt: now.toISOString(),
  };
  try {
    await tx.orders.create(order, 'checkout');
  } catch (error) {
    await releaseAll(tx.catalog, cart);
    if (coupon) await tx.promotions.release(id, now.toISOString());
    throw error;
  }
  try {
    const provider = settings.payments(input.address, total.currency);
    const started = performance.now();
    const payment = await provider.createPayment(order, {
      publicUrl: settings.publicUrl,
      locale: input.locale,
      address: input.address,
      ...(shipsTo ? { shipping: { countries: shipsTo } } : {}),
    });
    noteCall({
      kind: 'payment',
      name: `${provider.name} createPayment ${order.id}`,
      ms: Math.round(performance.now() - started),
      outcome: payment.kind,
    });
    await tx.orders.setPayment(order.id, {
      provider: provider.name,
      ...(payment.kind === 'link'
        ? { url: payment.url, ...(payment.reference ? { reference: payment.reference } : {}) }
        : {}),
    });
    return { order: (await tx.orders.get(order.id)) ?? order, payment };
  } catch (error) {
    // Cancelled before released: an order left awaiting payment would release the same stock again at expiry.
    await tx.orders.transition(
      order.id,
      ['awaiting_payment'],
      'cancelled',
      'checkout_failed',
      settings.clock.now().toISOString(),
    );
    await releaseAll(tx.catalog, cart);
    await releaseCoupon(tx, order.id, settings.clock.now().toISOString());
    throw error;
  }
}

/** Prices merged cart lines from catalog rows (with their tax class); throws NotInCatalogError or MixedCurrencyError. */
function priceLines(
  cart: readonly CartLine[],
  products: readonly Product[],
  locale: Locale,
  tax: TaxRules | undefined,
): OrderLine[] {
  const byId = new Map(products.map((product) => [product.id, product]));
  const lines = cart.map((line): OrderLine => {
    const product = byId.get(line.productId);
    if (!product) throw new NotInCatalogError(line.productId);
    // The title is frozen in the shopper's language, with the variant's options (`Trail Tee (M / Black)`):
    // the receipt must not change when the catalog does.
    return {
      productId: product.id,
      title: variantTitle(product, locale, locale),
      quantity: line.quantity,
      unitPrice: product.price,
      ...(tax ? { taxClass: taxClassOf(tax, product) } : {}),
    };
  });
  const currencies = [...new Set(lines.map((line) => line.unitPrice.currency))];
  if (currencies.length > 1) throw new MixedCurrencyError(currencies);
  return lines;
}
