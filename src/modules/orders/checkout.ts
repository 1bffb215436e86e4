import {
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
import { EmptyCartError, MixedCurrencyError } from './errors.js';
import { shippingCharge, type ShippingRules } from './shipping.js';
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
}

export interface CheckoutInput {
  address: Address;
  lines: readonly CartLine[];
  locale: Locale;
  /** Where the order ships (ISO 3166 alpha-2); the shop's default country until the chat asks for an address. */
  country?: string;
  /** The state or prefecture it ships to (ISO 3166-2, `US-CA`) for tax; the shop's `tax.defaultRegion` until then. */
  region?: string;
}

/** A cart priced as checkout would price it: what the cart shows and the payment link charges. */
export interface OrderQuote {
  lines: OrderLine[];
  subtotal: Money;
  /** Shipping, then the tax lines of tax-exclusive prices. */
  charges: OrderCharge[];
  /** With kaiwa.yaml `tax:`: the breakdown per rate (inclusive prices: the tax the total contains). */
  tax?: OrderTax;
  total: Money;
}

/**
 * Prices a cart from the catalog and the shop's rules without reserving anything: lines, the
 * shipping line, tax, the total. Throws NotInCatalogError, MixedCurrencyError, CannotShipError.
 */
export async function quote(
  tx: Store,
  input: CheckoutInput,
  settings: Pick<CheckoutSettings, 'shipping' | 'tax'>,
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
  const shipping = settings.shipping
    ? shippingCharge(settings.shipping, {
        ...(input.country ? { country: input.country } : {}),
        subtotal,
        items: lines.reduce((sum, line) => sum + line.quantity, 0),
        locale: input.locale,
      })
    : undefined;
  const taxed = settings.tax
    ? orderTax(settings.tax, {
        lines: lines.map((line) => ({
          taxClass: line.taxClass ?? settings.tax!.defaultClass,
          amount: multiplyMoney(line.unitPrice, line.quantity),
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
  const charges = [...(shipping ? [shipping] : []), ...(taxed?.charges ?? [])];
  const total = sumMoney([subtotal, ...charges.map((charge) => charge.amount)], currency);
  return { lines, subtotal, charges, ...(taxed ? { tax: taxed.tax } : {}), total };
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
  const { lines, charges, tax, total } = await quote(tx, input, settings);

  // Every check that needs no stock runs first, so a refused cart never touches stock.
  const short = await reserveAll(tx.catalog, cart);
  if (short) throw new OutOfStockError(short.productId, (await tx.catalog.get(short.productId))?.stock ?? 0);

  const now = settings.clock.now();
  const order: Order = {
    id: settings.newOrderId(),
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
    throw error;
  }
  try {
    const provider = settings.payments(input.address, total.currency);
    const started = performance.now();
    const payment = await provider.createPayment(order, {
      publicUrl: settings.publicUrl,
      locale: input.locale,
      address: input.address,
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
