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
  type PaymentProvider,
  type PaymentRequest,
  type Product,
  type Store,
} from '../../core/index.js';
import { mergeCartLines } from './cart.js';
import { EmptyCartError, MixedCurrencyError } from './errors.js';
import { shippingCharge, type ShippingRules } from './shipping.js';
import { releaseAll, reserveAll } from './stock.js';

/** What checkout needs besides the transaction; built once by createOrderService. */
export interface CheckoutSettings {
  payments: (address: Address, currency: string) => PaymentProvider;
  publicUrl: string;
  reservationMs: number;
  clock: Clock;
  newOrderId: () => string;
  /** kaiwa.yaml `shipping:`; without it an order has no shipping line. */
  shipping?: ShippingRules;
}

export interface CheckoutInput {
  address: Address;
  lines: readonly CartLine[];
  locale: Locale;
  /** Where the order ships (ISO 3166 alpha-2); the shop's default country until the chat asks for an address. */
  country?: string;
}

/** A cart priced as checkout would price it: what the cart shows and the payment link charges. */
export interface OrderQuote {
  lines: OrderLine[];
  subtotal: Money;
  charges: OrderCharge[];
  total: Money;
}

/**
 * Prices a cart from the catalog and the shop's rules without reserving anything: lines, the
 * shipping line, the total. Throws NotInCatalogError, MixedCurrencyError, CannotShipError.
 */
export async function quote(
  tx: Store,
  input: CheckoutInput,
  settings: Pick<CheckoutSettings, 'shipping'>,
): Promise<OrderQuote> {
  const cart = mergeCartLines(input.lines);
  if (cart.length === 0) throw new EmptyCartError();
  const lines = priceLines(cart, await tx.catalog.getMany(cart.map((line) => line.productId)), input.locale);
  const currency = lines[0]!.unitPrice.currency;
  const subtotal = sumMoney(
    lines.map((line) => multiplyMoney(line.unitPrice, line.quantity)),
    currency,
  );
  const charges = settings.shipping
    ? [
        shippingCharge(settings.shipping, {
          ...(input.country ? { country: input.country } : {}),
          subtotal,
          items: lines.reduce((sum, line) => sum + line.quantity, 0),
          locale: input.locale,
        }),
      ]
    : [];
  const total = sumMoney([subtotal, ...charges.map((charge) => charge.amount)], currency);
  return { lines, subtotal, charges, total };
}

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
  const { lines, charges, total } = await quote(tx, input, settings);

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

/** Prices merged cart lines from catalog rows; throws NotInCatalogError or MixedCurrencyError. */
function priceLines(cart: readonly CartLine[], products: readonly Product[], locale: Locale): OrderLine[] {
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
    };
  });
  const currencies = [...new Set(lines.map((line) => line.unitPrice.currency))];
  if (currencies.length > 1) throw new MixedCurrencyError(currencies);
  return lines;
}
